"""Every accepted image renders every rendition the site and the API use, whatever its Pillow mode and format.

Property-based (hypothesis): an image in any mode (1, L, LA, P, P with transparency, RGB, RGBA, CMYK, I, I;16,
F) is encoded in every accepted format that can hold it, plus hand-built 16-bit PNGs (grey, grey+alpha, RGB,
RGBA) and CMYK JPEGs. Whatever is accepted is stored in a web mode and renders every rendition in use; a public
page whose hero image is a 16-bit PNG answers 200, as does one whose original was stored before modes were
normalised.
"""

import io
import random
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from wagtail.images import get_image_model

from galleries.photo_privacy import WEB_MODES, web_mode
from galleries.photos import all_specs
from tests.factories import treatments as f
from treatments.api.images import specs_for
from treatments.structured_data import PRODUCT_IMAGE_SPEC, SOCIAL_IMAGE_SPEC

pytestmark = pytest.mark.django_db

MODES = ["1", "L", "LA", "P", "P+transparency", "RGB", "RGBA", "CMYK", "I", "I;16", "F"]
FORMATS = ["JPEG", "PNG", "WEBP", "AVIF"]
# Templates' renditions (treatment page hero and image block `picture`s, cards, product and ProTip photos),
# structured data, and the admin's listing and focal-point previews; the API's and the gallery's come from code.
TEMPLATE_SPECS = [
    *(f"width-{width}|format-{fmt}" for width in (480, 800, 960, 1200, 1440) for fmt in ("webp", "jpeg")),
    "fill-480x270",
    "fill-96x96",
    SOCIAL_IMAGE_SPEC,
    PRODUCT_IMAGE_SPEC,
    "max-165x165",
    "max-800x600",
]
RENDITION_FORMATS = {"jpeg": "JPEG", "webp": "WEBP", "png": "PNG", "avif": "AVIF"}


def specs_in_use(image):
    return sorted({*TEMPLATE_SPECS, *specs_for(image), *all_specs()})


def in_mode(mode, size, seed):
    """Noise in `mode`: every channel and the alpha vary, so conversions have something to get wrong."""
    width, height = size
    rng = random.Random(seed)
    if mode == "I;16":
        return Image.frombytes("I;16", size, rng.randbytes(width * height * 2))
    base = Image.frombytes("RGBA", size, rng.randbytes(width * height * 4))
    if mode == "P+transparency":
        image = base.convert("RGB").convert("P")
        image.info["transparency"] = image.getpixel((0, 0))
        return image
    if mode == "I":
        return base.convert("L").point(lambda value: value * 257).convert("I")
    return base.convert(mode)


def png16(size, colour_type, seed):
    """A 16-bit PNG written by hand (Pillow writes 16 bits only for greys): 0 grey, 2 RGB, 4 grey+alpha, 6 RGBA."""
    width, height = size
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    rng = random.Random(seed)
    rows = b"".join(b"\0" + rng.randbytes(width * channels * 2) for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">L", len(data)) + kind + data + struct.pack(">L", zlib.crc32(kind + data))

    header = struct.pack(">LLBBBBB", width, height, 16, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def encoded(image, fmt):
    """The file a camera or an editing app would write, or None when Pillow cannot write this mode as `fmt`."""
    buffer = io.BytesIO()
    try:
        image.save(buffer, fmt)
    except (OSError, ValueError, KeyError):
        return None
    return buffer.getvalue()


sizes = st.tuples(st.integers(1, 40), st.integers(1, 40))
seeds = st.integers(0, 2**16)
pillow_files = st.builds(
    lambda mode, fmt, size, seed: (f"{mode} as {fmt}", encoded(in_mode(mode, size, seed), fmt)),
    st.sampled_from(MODES),
    st.sampled_from(FORMATS),
    sizes,
    seeds,
)
sixteen_bit_pngs = st.builds(
    lambda colour_type, size, seed: (f"16-bit PNG colour type {colour_type}", png16(size, colour_type, seed)),
    st.sampled_from([0, 2, 4, 6]),
    sizes,
    seeds,
)


def store(data, name="photo"):
    return get_image_model().objects.create(title=name, file=ImageFile(ContentFile(data), name=f"{name}.img"))


def assert_renders_everything(image):
    # One at a time, as the pages and the gallery ask for them (the watermark reads site settings, which a
    # batch would read from worker threads on the test's SQLite connection).
    for spec in specs_in_use(image):
        rendition = image.get_rendition(spec)
        assert rendition.width > 0 and rendition.height > 0, spec
        with rendition.file.open("rb") as handle, Image.open(handle) as made:
            made.load()
            wanted = spec.partition("format-")[2].partition("|")[0]
            if wanted:
                assert made.format == RENDITION_FORMATS[wanted], spec


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.one_of(pillow_files, sixteen_bit_pngs))
def test_every_accepted_image_is_stored_in_a_web_mode_and_renders_every_rendition_in_use(source):
    label, data = source
    if data is None:
        return  # Pillow cannot write this mode in this format: no such file can be uploaded
    image = store(data, name=label.replace(" ", "-").replace(";", ""))
    with image.open_file() as handle, Image.open(handle) as stored:
        assert stored.mode in WEB_MODES, label
    assert_renders_everything(image)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([*MODES, "PA", "La", "RGBa", "I;16B", "YCbCr", "LAB", "HSV"]), sizes, seeds)
def test_every_pillow_mode_becomes_one_every_format_can_write(mode, size, seed):
    image = in_mode(mode, size, seed) if mode in MODES else Image.new(mode, size)
    converted, _icc = web_mode(image)
    assert converted.mode in WEB_MODES
    assert converted.size == size
    for fmt in FORMATS:
        if fmt == "JPEG" and converted.mode == "RGBA":
            continue  # JPEG originals never decode with alpha; their renditions get a background
        assert encoded(converted, fmt), (mode, fmt)


def test_sixteen_bit_grey_keeps_its_tones_rather_than_clipping_to_white():
    grey = Image.new("I;16", (4, 4), 32768)
    converted, _icc = web_mode(grey)
    assert converted.getpixel((0, 0)) == 128


def test_cmyk_jpeg_renders_every_rendition_in_use():
    image = store(encoded(in_mode("CMYK", (30, 20), 7), "JPEG"), name="cmyk")
    assert image.width == 30
    assert_renders_everything(image)


def hero_page(treatment_index, image):
    page = f.TreatmentPageFactory(parent=treatment_index, hero_image=image)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_sixteen_bit_png_hero_image_never_breaks_the_public_page(client, treatment_index):
    grey16 = encoded(Image.frombytes("I;16", (64, 48), random.Random(3).randbytes(64 * 48 * 2)), "PNG")
    page = hero_page(treatment_index, store(grey16, name="grey16"))
    response = client.get(page.url)
    assert response.status_code == 200
    assert b"<picture" in response.content
    assert client.get(f"/api/v1/treatments/{page.pk}/").status_code == 200


def test_an_original_stored_before_modes_were_normalised_still_renders(client, treatment_index):
    image = store(encoded(Image.new("RGB", (64, 48), (90, 90, 90)), "PNG"), name="legacy")
    # Put a 16-bit original back in place, as images stored before this change are.
    grey16 = encoded(Image.frombytes("I;16", (64, 48), random.Random(4).randbytes(64 * 48 * 2)), "PNG")
    image.file.storage.delete(image.file.name)
    image.file.storage.save(image.file.name, ContentFile(grey16))
    image.renditions.all().delete()
    page = hero_page(treatment_index, image)
    assert client.get(page.url).status_code == 200
    assert_renders_everything(image)
