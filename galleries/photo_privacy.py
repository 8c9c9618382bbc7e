"""Photo privacy for every image upload: metadata stripped, random file names, a pixel budget, web-safe modes.

Clinic photos are patient data. Cameras and phones write GPS positions, serial numbers and timestamps
into EXIF/XMP/IPTC, and editors upload files named after patients. So, for every image on the site:

- the stored original is re-encoded from its pixels with the EXIF orientation applied, keeping only the
  ICC colour profile: no EXIF, XMP, IPTC, comments, text chunks or thumbnails. This happens in the image
  field's file (``PrivacyImageFieldFile.save``), the one place every path goes through before a byte is
  stored: the admin's single and multiple upload, completing a multiple upload, replacing the file on the
  edit screen, ``Image(file=...).save()`` and ``image.file.save()`` in code;
- temporary uploads (Wagtail's ``UploadedFile``, kept when a multiple upload's other fields fail) are
  stripped and renamed as they are saved; documents are stored under a random name;
- stored originals are in a mode every encoder and rendition accepts (L, RGB or RGBA, 8 bits), at most
  ``GALLERIES_IMAGE_MAX_STORED_EDGE`` pixels on their long edge (JPEGs are decoded at a reduced scale to get there);
- an image over the pixel budget (``WAGTAILIMAGES_MAX_IMAGE_PIXELS``) is refused from its header, before
  anything is decoded, and so is one whose decoder would need more memory than a worker has for it
  (``DECODE_MEMORY_BUDGET``: a WebP decodes at 12 bytes a pixel, a JPEG at a fraction of one);
- an upload is decoded once, and the full-size picture is let go as soon as the stored copy is made;
- renditions come from that clean original, and a guard re-strips any rendition that still carries
  metadata (images stored before this module existed);
- stored names are random (``original_images/<32 hex>.jpg``, ``images/<32 hex>.webp``), never derived
  from the uploaded name.

The site's concrete image and rendition models use ``PrivacyImageMixin`` and ``PrivacyRenditionMixin``.
"""

import hashlib
import io
import logging
import math
import os
import uuid
import warnings

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import models
from PIL import Image as PILImage
from PIL import ImageCms, ImageDraw
from wagtail.images.image_operations import FilterOperation
from wagtail.images.models import SourceImageIOError, WagtailImageField, WagtailImageFieldFile
from wagtail.images.models import get_upload_to as wagtail_get_upload_to

from .conf import galleries_settings

logger = logging.getLogger(__name__)

# Pillow format name -> stored file extension. The only formats accepted anywhere.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif", "MPO": "jpg"}
# MPO is a JPEG with extra pictures after it (phones' depth and gain maps): stored as its first picture.
JPEG_FORMATS = ("JPEG", "MPO")
# EXIF orientation -> the transpose that shows the picture upright.
UPRIGHT = {
    2: PILImage.Transpose.FLIP_LEFT_RIGHT,
    3: PILImage.Transpose.ROTATE_180,
    4: PILImage.Transpose.FLIP_TOP_BOTTOM,
    5: PILImage.Transpose.TRANSPOSE,
    6: PILImage.Transpose.ROTATE_270,
    7: PILImage.Transpose.TRANSVERSE,
    8: PILImage.Transpose.ROTATE_90,
}
# Image.info keys that carry metadata; JPEG APP1 (EXIF/XMP), APP13 (IPTC) and COM markers are checked too.
METADATA_INFO_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "photoshop", "iptc", "comment")
PRIVATE_JPEG_MARKERS = ("APP1", "APP13", "COM")
ORIENTATION_TAG = 0x0112
# Modes every encoder (JPEG, PNG, WebP, AVIF) and every rendition filter accepts: what originals are stored in.
WEB_MODES = ("L", "RGB", "RGBA")
GREY_MODES = ("1", "L", "LA", "La", "I", "F", "I;16", "I;16B", "I;16L", "I;16N")
ALPHA_MODES = ("LA", "La", "PA", "RGBA", "RGBa")
DEFAULT_PIXEL_BUDGET = 40_000_000
# An upload may cost a worker at most 512 MB at its peak (issue 10). About 160 MB of it is the worker itself
# (Django, Wagtail, the request); the rest is what decoding may take.
DECODE_MEMORY_BUDGET = 350 * 1024 * 1024
# Peak bytes per pixel of decoding an upload at full size, with what it is stored as, measured with Pillow 13
# (bench/image_uploads.py): WebP's decoder holds two RGBA canvases while it hands over a third; AVIF holds its
# YUV planes beside the RGB picture; PNG decodes straight into the picture (4 bytes a pixel, 8 for 16 bits).
# A JPEG is decoded at the stored size (draft mode): its cost is counted at that size.
DECODE_BYTES_PER_PIXEL = {"JPEG": 5, "MPO": 5, "PNG": 7, "WEBP": 13, "AVIF": 9}
# 16-bit greys (and floats) are scaled to 8 bits through 32-bit copies of the picture.
WIDE_GREY_BYTES_PER_PIXEL = 11
FORMAT_NAMES = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "AVIF": "AVIF"}

UNREADABLE_MESSAGE = (
    "This file could not be read as an image. Upload a JPEG, PNG, WebP or AVIF photo exported again from "
    "your camera or editing app."
)
BUDGET_MESSAGE = "This image is %(size)s megapixels; the limit is %(max)s megapixels. Resize it and upload it again."
BUDGET_UNKNOWN_MESSAGE = (
    "This image has far more pixels than the limit of %(max)s megapixels. Resize it and upload it again."
)
FORMAT_BUDGET_MESSAGE = (
    "This %(format)s image is %(size)s megapixels; %(format)s images can be at most %(max)s megapixels here. "
    "Resize it, or save it as JPEG, and upload it again."
)


class UnsupportedImageError(ValueError):
    """The file is not a complete, decodable image in one of the allowed formats."""


class PixelBudgetError(UnsupportedImageError):
    """The image has more pixels than the site accepts; found from its header, before decoding."""


def random_stem():
    return uuid.uuid4().hex


def pixel_budget():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None) or DEFAULT_PIXEL_BUDGET


def stored_edge():
    """Longest edge of a stored original, in pixels; 0 keeps uploads at their full size."""
    return galleries_settings.IMAGE_MAX_STORED_EDGE


def _megapixels(pixels, floor=False):
    """Megapixels with one decimal; `floor` for a limit, so that an image of the size named is accepted."""
    value = math.floor(pixels / 100_000) / 10 if floor else pixels / 1_000_000
    return f"{value:.1f}".removesuffix(".0")


def has_metadata(pil_image):
    """True when an opened image still carries EXIF, XMP, IPTC, comments or PNG text."""
    if any(pil_image.info.get(key) for key in METADATA_INFO_KEYS):
        return True
    if getattr(pil_image, "text", None):
        return True
    markers = {marker for marker, _ in getattr(pil_image, "applist", [])}
    return bool(markers & set(PRIVATE_JPEG_MARKERS))


def open_within_budget(fileobj):
    """Open an image from its header only, refusing other formats and images over the pixel or memory budget."""
    fileobj.seek(0)
    head = fileobj.read(30)
    fileobj.seek(0)
    if webp_size := webp_canvas_size(head):
        # Opening a WebP already allocates its decoder's two canvases (8 bytes a pixel): refuse first.
        refuse_over_budget("WEBP", webp_size)
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb limit (89 MP) is above the budget: the budget below is what decides.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            image = PILImage.open(fileobj)
    except PILImage.DecompressionBombError as exc:
        raise PixelBudgetError(BUDGET_UNKNOWN_MESSAGE % {"max": _megapixels(pixel_budget())}) from exc
    except Exception as exc:
        raise UnsupportedImageError(UNREADABLE_MESSAGE) from exc
    if image.format not in ALLOWED_FORMATS:
        raise UnsupportedImageError(UNREADABLE_MESSAGE)
    refuse_over_budget(image.format, image.size, image.mode)
    return image


def refuse_over_budget(fmt, size, mode=""):
    """PixelBudgetError, naming the image's size and the limit, when it has more pixels than the site accepts or
    than its format can be decoded in within DECODE_MEMORY_BUDGET."""
    pixels, budget = size[0] * size[1], pixel_budget()
    if pixels > budget:
        raise PixelBudgetError(BUDGET_MESSAGE % {"size": _megapixels(pixels), "max": _megapixels(budget)})
    fits = decodable_pixels(fmt, size, mode)
    if pixels > fits:
        names = {"format": FORMAT_NAMES[fmt], "size": _megapixels(pixels), "max": _megapixels(fits, floor=True)}
        raise PixelBudgetError(FORMAT_BUDGET_MESSAGE % names)


def webp_canvas_size(head):
    """(width, height) from the first 30 bytes of a WebP file (lossy, lossless or extended); None otherwise."""
    if len(head) < 30 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return None
    chunk = head[12:16]
    if chunk == b"VP8X":
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    if chunk == b"VP8L" and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        return int.from_bytes(head[26:28], "little") & 0x3FFF, int.from_bytes(head[28:30], "little") & 0x3FFF
    return None


def _draft_scale(size):
    """How much smaller libjpeg decodes a JPEG of `size` for the stored size (1, 2, 4 or 8)."""
    limit = stored_edge()
    scale = 1
    while limit and scale < 8 and max(size) / (scale * 2) >= limit:
        scale *= 2
    return scale


def decodable_pixels(fmt, size, mode=""):
    """The most pixels an image of this format (and, for a JPEG, this size; for a PNG, this mode) may have for
    its decoding to fit in DECODE_MEMORY_BUDGET."""
    per_pixel = WIDE_GREY_BYTES_PER_PIXEL if mode.startswith(("I", "F")) else DECODE_BYTES_PER_PIXEL[fmt]
    if fmt in JPEG_FORMATS:
        per_pixel /= _draft_scale(size) ** 2
    return int(DECODE_MEMORY_BUDGET / per_pixel)


def check_pixel_budget(fileobj):
    """Raise PixelBudgetError (or UnsupportedImageError) from the header alone; leaves the file at its start."""
    try:
        open_within_budget(fileobj)
    finally:
        fileobj.seek(0)


def decode(fileobj):
    """Fully decode an upload's first frame, refusing bombs, truncated files and other formats; returns the
    image and its size in the header.

    A JPEG bigger than the stored size is decoded at a reduced scale (libjpeg's DCT scaling, Pillow's draft
    mode): a quarter of the memory and time for each halving, never smaller than what is stored."""
    image = open_within_budget(fileobj)
    header_size = image.size
    limit = stored_edge()
    if image.format in JPEG_FORMATS and limit and max(image.size) > limit:
        ratio = limit / max(image.size)
        image.draft(image.mode, (math.ceil(image.width * ratio), math.ceil(image.height * ratio)))
    try:
        if image.format in ("WEBP", "AVIF") and hasattr(image, "_decoder"):
            return _load_dropping_decoder(image), header_size
        image.load()
    except Exception as exc:  # truncated or corrupt data: each decoder raises its own error
        raise UnsupportedImageError(UNREADABLE_MESSAGE) from exc
    return image, header_size


def _load_dropping_decoder(image):
    """The first frame of a WebP or AVIF, decoded with less memory than `load()`.

    Pillow's WebP and AVIF decoders hand over the frame as bytes and keep their own buffers (WebP: two
    canvas-sized RGBA buffers, AVIF: the YUV planes) for as long as the image lives, and `load()` copies those
    bytes into the picture while all of it is held: 16 bytes a pixel for a WebP, 640 MB at 40 MP. Taking the
    frame and dropping the decoder before the picture is made frees the decoder's buffers first (WebP: 12 bytes
    a pixel at the peak; 4 once decoded)."""
    if image.format == "WEBP":
        frame, rawmode = image._decoder.get_next()[0], image.rawmode
    else:
        frame, rawmode = image._decoder.get_frame(0)[0], image.mode
    del image._decoder  # not image.close(): that would close the upload's own file
    if rawmode in ("RGBA", "L"):  # the picture shares the frame's bytes (copied before anything writes to it)
        decoded = PILImage.frombuffer(rawmode, image.size, frame, "raw", rawmode, 0, 1)
    else:
        decoded = PILImage.frombytes(image.mode, image.size, frame, "raw", rawmode)
    decoded.info, decoded.format = dict(image.info), image.format
    return decoded


def open_checked(fileobj):
    """The decoded image (see decode)."""
    return decode(fileobj)[0]


def _to_srgb(image, icc):
    """CMYK to RGB through its embedded profile when there is one (plain conversion otherwise)."""
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return image.convert("RGB")


def _to_eight_bit_grey(image):
    """16-bit and 32-bit greys (and floats) scaled into 0-255; a plain convert would clip them to white."""
    if image.mode.startswith("I;16"):
        image = image.convert("I")
    _low, high = image.getextrema()
    # Floats from 0 to 1; 16-bit values (in a 32-bit image); or values already from 0 to 255.
    scale = 255.0 if image.mode == "F" and high <= 1.0 else (1 / 256 if high > 255 else 1.0)
    return image.point(lambda value: value * scale).convert("L")


def web_mode(image):
    """The image in L, RGB or RGBA (8 bits), and the ICC profile that still describes it (or None)."""
    icc = image.info.get("icc_profile")
    if image.mode in ("La", "RGBa"):  # premultiplied alpha converts only to its straight form
        image = image.convert(image.mode.upper())
    mode = image.mode
    transparent = mode in ALPHA_MODES or "transparency" in image.info
    if mode in WEB_MODES and not (transparent and mode != "RGBA"):
        return image, icc
    if mode == "CMYK":
        return _to_srgb(image, icc), None
    if mode == "F" or mode.startswith("I"):
        return _to_eight_bit_grey(image), icc
    if transparent:
        converted = image.convert("RGBA")
    elif mode == "1":
        converted = image.convert("L")
    else:
        converted = image.convert("RGB")
    # A grey profile does not describe RGB pixels; a palette image's profile does.
    keep_icc = not (mode in GREY_MODES and converted.mode != "L")
    return converted, icc if keep_icc else None


def _save_kwargs(fmt, icc, lossless, keep_quality):
    kwargs = {"icc_profile": icc} if icc else {}
    if fmt == "JPEG":
        # "keep" re-uses the source's quantisation tables: near lossless when the pixels are the decoded ones.
        kwargs.update({"quality": "keep", "subsampling": "keep"} if keep_quality else {"quality": 90})
        kwargs["exif"] = b""
    elif fmt == "WEBP":
        kwargs.update({"lossless": True} if lossless else {"quality": 90})
    elif fmt == "AVIF":
        # Speed 8 of 10: a quarter of the default's time for the same size (a 6 MP original: 0.6 s, not 2.6 s).
        kwargs.update({"quality": 90, "speed": 8})
    return kwargs


def _fitted(size, limit):
    scale = limit / max(size)
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def strip_metadata(fileobj, fit=True):
    """Re-encode an image upright, in a web mode, without metadata and (with `fit`) within the stored size.

    Returns (bytes, extension, (width, height))."""
    image, header_size = decode(fileobj)
    fmt = "JPEG" if image.format in JPEG_FORMATS else image.format
    lossless, source_mode = bool(image.info.get("lossless")), image.mode
    orientation = image.getexif().get(ORIENTATION_TAG) or 1
    untouched = image
    image, icc = web_mode(image)
    limit = stored_edge()
    if fit and limit and max(image.size) > limit:
        image = image.resize(_fitted(image.size, limit), PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    if orientation in UPRIGHT:
        image = image.transpose(UPRIGHT[orientation])
    keep_quality = fmt == "JPEG" and image is untouched and image.size == header_size and image.mode == source_mode
    del untouched  # the last reference: a full-size picture is freed before the encoder allocates its buffers
    # Pillow copies some keys (e.g. JPEG comments) from .info when saving: the encoder sees none of them.
    image.info = {}
    output = io.BytesIO()
    image.save(output, format=fmt, **_save_kwargs(fmt, icc, lossless, keep_quality))
    return output.getvalue(), ALLOWED_FORMATS[fmt], image.size


def stripped(content):
    """(bytes, extension, size) of an upload's clean copy: made once per upload, kept on the upload object."""
    cached = getattr(content, "privacy_stripped", None)
    if cached is None:
        cached = strip_metadata(content)
        content.privacy_stripped = cached
    return cached


def clean_content(data, extension, size):
    """A file of already-stripped bytes, marked so that saving it does not strip it again."""
    content = ContentFile(data, name=f"{random_stem()}.{extension}")
    content.privacy_stripped = (data, extension, size)
    return content


def clean_rendition_file(rendition_file):
    """Return the rendition file unchanged when clean, else a re-encoded copy without metadata."""
    rendition_file.seek(0)
    data = rendition_file.read()
    with PILImage.open(io.BytesIO(data)) as probe:
        dirty = has_metadata(probe)
    if not dirty:
        return File(io.BytesIO(data), name=rendition_file.name)
    clean, _ext, _size = strip_metadata(io.BytesIO(data), fit=False)
    return File(io.BytesIO(clean), name=rendition_file.name)


class PrivacyImageFieldFile(WagtailImageFieldFile):
    """An image file that is stripped, normalised and renamed at random before its bytes reach storage.

    FieldFile.save is where Django writes every new file of the field: a model save with a pending upload,
    and direct calls such as Wagtail's "complete a multiple upload" view. Size, hash and dimensions are set
    from what is stored."""

    def save(self, name, content, save=True):
        data, extension, (width, height) = stripped(content)
        super().save(f"{random_stem()}.{extension}", clean_content(data, extension, (width, height)), save=False)
        instance = self.instance
        instance.width, instance.height = width, height
        instance.file_size = len(data)
        instance.file_hash = hashlib.sha1(data).hexdigest()  # noqa: S324 - Wagtail's own duplicate-finding hash
        if save:
            instance.save()


class PrivacyImageField(WagtailImageField):
    """Wagtail's image field whose files are stripped on save. The column is Wagtail's: migrations see Wagtail's
    field, so changing how files are saved needs no schema change."""

    attr_class = PrivacyImageFieldFile

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "wagtail.images.models.WagtailImageField", args, kwargs


FILE_METADATA_FIELDS = ("file", "width", "height", "file_size", "file_hash")


class PrivacyImageMixin(models.Model):
    """For the site's image model: every stored original is clean (see PrivacyImageFieldFile), renditions of
    any stored original render, and patient photos carry a mark read without a query wherever an image is
    about to be shown."""

    file = PrivacyImageField(
        verbose_name="file", upload_to=wagtail_get_upload_to, width_field="width", height_field="height"
    )
    is_case_photo = models.BooleanField(
        default=False,
        editable=False,
        help_text="A patient photo from a before/after case: shown only by the gallery, where consent is checked.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self._file_is_new_upload() and (update_fields is None or "file" in update_fields):
            # Stored now, through the field file, so size, hash and dimensions below describe the clean file
            # whatever order Django saves the fields in.
            self.file.save(self.file.name, self.file.file, save=False)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *FILE_METADATA_FIELDS}
        if self.pk and not self.is_case_photo:
            # The mark is never taken off, least of all by an instance loaded before the photo joined a case.
            self.is_case_photo = type(self).objects.filter(pk=self.pk, is_case_photo=True).exists()
        return super().save(*args, **kwargs)

    def get_upload_to(self, filename):
        extension = os.path.splitext(filename)[1].lower() or ".jpg"
        return os.path.join("original_images", random_stem() + extension)

    def _file_is_new_upload(self):
        return bool(self.file) and not getattr(self.file, "_committed", True)

    def create_renditions(self, *filters):
        # One at a time: Wagtail's batch decodes the original in three threads at once, tripling an upload's
        # peak memory for no gain on a worker's one core. Their change-log records are written as one.
        from treatments.change_log import batched  # here: this module loads with the image model, before the log's

        with batched():
            return {filter: self.create_rendition(filter) for filter in filters}

    def generate_rendition_file(self, filter, *, source=None):
        try:
            rendition_file = super().generate_rendition_file(filter, source=source)
        except SourceImageIOError:
            raise
        except Exception:  # e.g. "cannot write mode I;16 as JPEG" from an original stored earlier
            logger.warning("Image %s: rendering %s from a web-mode copy of its original", self.pk, filter.spec)
            rendition_file = self._rendition_from_web_copy(filter)
        return clean_rendition_file(rendition_file)

    def _rendition_from_web_copy(self, filter):
        """A rendition made from the original converted to a web mode; a missing rendition (Wagtail's
        "not found" image, never a 500) when even that fails."""
        try:
            with self.open_file() as handle:
                data, _ext, _size = strip_metadata(handle, fit=False)
            return super().generate_rendition_file(filter, source=File(io.BytesIO(data), name=self.file.name))
        except SourceImageIOError:
            raise
        except Exception as exc:  # whatever the decoder says, the page shows a missing image
            raise SourceImageIOError(f"Image {self.pk} cannot be rendered as {filter.spec}: {exc}") from exc


def _is_for_images(upload):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.images import get_image_model

    return upload.for_content_type_id == ContentType.objects.get_for_model(get_image_model()).pk


def _random_name_like(name):
    extension = os.path.splitext(name or "")[1].lower()
    return random_stem() + (extension if extension[1:].isalnum() and len(extension) <= 9 else "")


def clean_temporary_upload(sender, instance, raw=False, **kwargs):
    """pre_save of Wagtail's UploadedFile: an image is stripped and renamed, any other file renamed, before
    the file is written (it lands in wagtail_uploads/ until the editor completes or abandons it)."""
    upload = instance.file
    if raw or not upload or getattr(upload, "_committed", True):
        return
    if _is_for_images(instance):
        instance.file = clean_content(*stripped(upload.file))
    else:
        upload.name = _random_name_like(upload.name)


def rename_document_upload(sender, instance, raw=False, **kwargs):
    """pre_save of the document model: a new file is stored under a random name, never the uploaded one."""
    upload = instance.file
    if not raw and upload and not getattr(upload, "_committed", True):
        upload.name = _random_name_like(upload.name)


def connect_upload_receivers():
    from django.db.models.signals import pre_save
    from wagtail.documents import get_document_model
    from wagtail.models import UploadedFile

    pre_save.connect(clean_temporary_upload, sender=UploadedFile, dispatch_uid="galleries_clean_temporary_upload")
    pre_save.connect(rename_document_upload, sender=get_document_model(), dispatch_uid="galleries_rename_document")


def check_image_model(app_configs, **kwargs):
    """System check: the image model's file field is the stripping one (a redefined field would skip it)."""
    from django.core import checks
    from wagtail.images import get_image_model

    field = get_image_model()._meta.get_field("file")
    if issubclass(field.attr_class, PrivacyImageFieldFile):
        return []
    return [
        checks.Error(
            "The image model's file field does not strip metadata from uploads.",
            hint="Define it as galleries.photo_privacy.PrivacyImageField (PrivacyImageMixin does).",
            obj=get_image_model(),
            id="galleries.E001",
        )
    ]


class PrivacyRenditionMixin:
    """For the site's rendition model: public file names are random, never the original's."""

    def get_upload_to(self, filename):
        extension = os.path.splitext(filename)[1].lower()
        folder = "case_photos" if self.image.is_case_photo else "images"  # case photos: private (galleries.storage)
        return os.path.join(folder, random_stem() + extension)


class WatermarkOperation(FilterOperation):
    """`watermark` filter: the site's watermark text in the bottom-right corner of a rendition."""

    def construct(self):
        pass

    def run(self, willow, image, env):
        from .site_settings import watermark_text

        text = watermark_text()
        if not text:
            return willow
        pil = willow.get_pillow_image().convert("RGB")
        draw = ImageDraw.Draw(pil)
        left, top, right, bottom = draw.textbbox((0, 0), text)
        margin = max(8, pil.width // 60)
        position = (pil.width - (right - left) - margin, pil.height - (bottom - top) - margin)
        draw.text((position[0] + 1, position[1] + 1), text, fill=(0, 0, 0))
        draw.text(position, text, fill=(255, 255, 255))
        from willow.plugins.pillow import PillowImage

        return PillowImage(pil)
