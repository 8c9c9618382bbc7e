"""Photo privacy for every image upload: metadata stripped, random file names, strict upload checks.

Clinic photos are patient data. Cameras and phones write GPS positions, serial numbers and timestamps
into EXIF/XMP/IPTC, and editors upload files named after patients. So, for every image on the site:

- the stored original is re-encoded from its pixels with the EXIF orientation applied, keeping only the
  ICC colour profile (and PNG transparency): no EXIF, XMP, IPTC, comments, text chunks or thumbnails;
- renditions come from that clean original, and a guard re-strips any rendition that still carries
  metadata (images stored before this module existed);
- stored names are random (``original_images/<32 hex>.jpg``, ``images/<32 hex>.webp``), never derived
  from the uploaded name;
- uploads that are not fully decodable JPEG/PNG/WebP/AVIF files within the size and pixel limits are
  refused by the admin form with a message.

The site's concrete image and rendition models use ``PrivacyImageMixin`` and ``PrivacyRenditionMixin``.
"""

import io
import os
import uuid
import warnings

from django.core.files.base import ContentFile, File
from django.db import models
from PIL import Image as PILImage
from PIL import ImageDraw, ImageOps
from wagtail.images.image_operations import FilterOperation

# Pillow format name -> stored file extension. The only formats accepted anywhere.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
# Image.info keys that carry pixels' meaning rather than private data: kept when re-encoding.
KEPT_INFO_KEYS = ("icc_profile", "transparency")
# Image.info keys that carry metadata; JPEG APP1 (EXIF/XMP), APP13 (IPTC) and COM markers are checked too.
METADATA_INFO_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "photoshop", "iptc", "comment")
PRIVATE_JPEG_MARKERS = ("APP1", "APP13", "COM")
ORIENTATION_TAG = 0x0112

UNREADABLE_MESSAGE = (
    "This file could not be read as an image. Upload a JPEG, PNG, WebP or AVIF photo exported again from "
    "your camera or editing app."
)
BOMB_MESSAGE = (
    "This image has too many pixels to process safely. Resize it to under %(max)s megapixels and upload it again."
)


class UnsupportedImageError(ValueError):
    """The file is not a complete, decodable image in one of the allowed formats."""


def random_stem():
    return uuid.uuid4().hex


def has_metadata(pil_image):
    """True when an opened image still carries EXIF, XMP, IPTC, comments or PNG text."""
    if any(pil_image.info.get(key) for key in METADATA_INFO_KEYS):
        return True
    if getattr(pil_image, "text", None):
        return True
    markers = {marker for marker, _ in getattr(pil_image, "applist", [])}
    return bool(markers & set(PRIVATE_JPEG_MARKERS))


def open_checked(fileobj):
    """Open and fully decode an upload, refusing bombs, truncated files and disallowed formats."""
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image = PILImage.open(fileobj)
            image.load()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        raise UnsupportedImageError(BOMB_MESSAGE % {"max": PILImage.MAX_IMAGE_PIXELS // 1_000_000}) from exc
    except Exception as exc:
        raise UnsupportedImageError(UNREADABLE_MESSAGE) from exc
    if image.format not in ALLOWED_FORMATS:
        raise UnsupportedImageError(UNREADABLE_MESSAGE)
    return image


def _save_kwargs(image, fmt, keep_quality):
    kwargs = {key: image.info[key] for key in KEPT_INFO_KEYS if image.info.get(key) is not None}
    if fmt == "JPEG":
        # "keep" re-uses the source's quantisation tables: near lossless when no rotation was needed.
        kwargs.update({"quality": "keep", "subsampling": "keep"} if keep_quality else {"quality": 92})
        kwargs["exif"] = b""
    elif fmt == "WEBP":
        kwargs.update({"lossless": True} if image.info.get("lossless") else {"quality": 90})
    elif fmt == "AVIF":
        kwargs["quality"] = 90
    return kwargs


def strip_metadata(fileobj):
    """Re-encode an image with its orientation applied and no metadata; returns (bytes, extension, size)."""
    image = open_checked(fileobj)
    fmt = image.format
    rotated = image.getexif().get(ORIENTATION_TAG, 1) not in (None, 1)
    if rotated:
        image = ImageOps.exif_transpose(image)
    if fmt == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    kwargs = _save_kwargs(image, fmt, keep_quality=not rotated)
    # Pillow copies some keys (e.g. JPEG comments) from .info when saving: leave only what is kept.
    image.info = {key: image.info[key] for key in KEPT_INFO_KEYS if key in image.info}
    output = io.BytesIO()
    image.save(output, format=fmt, **kwargs)
    return output.getvalue(), ALLOWED_FORMATS[fmt], image.size


def clean_rendition_file(rendition_file):
    """Return the rendition file unchanged when clean, else a re-encoded copy without metadata."""
    rendition_file.seek(0)
    data = rendition_file.read()
    with PILImage.open(io.BytesIO(data)) as probe:
        dirty = has_metadata(probe)
    if not dirty:
        return File(io.BytesIO(data), name=rendition_file.name)
    stripped, _ext, _size = strip_metadata(io.BytesIO(data))
    return File(io.BytesIO(stripped), name=rendition_file.name)


class PrivacyImageMixin(models.Model):
    """For the site's image model: random stored names, a metadata-free original on every upload, and a mark on
    patient photos, read without a query wherever an image is about to be shown."""

    is_case_photo = models.BooleanField(
        default=False,
        editable=False,
        help_text="A patient photo from a before/after case: shown only by the gallery, where consent is checked.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._file_is_new_upload():
            self.sanitise_upload()
        if self.pk and not self.is_case_photo:
            # The mark is never taken off, least of all by an instance loaded before the photo joined a case.
            self.is_case_photo = type(self).objects.filter(pk=self.pk, is_case_photo=True).exists()
        return super().save(*args, **kwargs)

    def get_upload_to(self, filename):
        extension = os.path.splitext(filename)[1].lower() or ".jpg"
        return os.path.join("original_images", random_stem() + extension)

    def _file_is_new_upload(self):
        return bool(self.file) and not getattr(self.file, "_committed", True)

    def sanitise_upload(self):
        """Replace the pending upload with a stripped copy; sets size, hash and dimensions to match."""
        with self.open_file() as source:
            data, extension, (width, height) = strip_metadata(source)
        self.file = ContentFile(data, name=f"upload.{extension}")
        self.width, self.height = width, height
        self.file_size = len(data)
        self._set_file_hash()
        self.file.seek(0)

    def generate_rendition_file(self, filter, *, source=None):
        return clean_rendition_file(super().generate_rendition_file(filter, source=source))


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
