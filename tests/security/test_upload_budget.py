"""Uploads have a pixel budget, enforced from the header before anything is decoded, on every path."""

import io
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Collection

from galleries import photo_privacy
from galleries.photo_privacy import PixelBudgetError

pytestmark = pytest.mark.django_db


def png_header_claiming(width, height):
    """A valid-looking PNG of a few hundred bytes whose header claims `width` x `height` pixels: decoding it
    would need width x height bytes; reading its header costs nothing."""

    def chunk(kind, data):
        return struct.pack(">L", len(data)) + kind + data + struct.pack(">L", zlib.crc32(kind + data))

    header = struct.pack(">LLBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = zlib.compress(b"\0" * 4096, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def jpeg(size):
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 90, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def upload(admin_client, data, name):
    return admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Photo",
            "file": SimpleUploadedFile(name, data),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def file_errors(response):
    assert response.status_code == 200, "the form is shown again, not a redirect or a 500"
    return " ".join(str(error) for error in response.context["form"].errors.get("file", []))


def test_a_tiny_file_claiming_billions_of_pixels_is_refused_naming_the_limit(admin_client):
    data = png_header_claiming(60_000, 60_000)
    assert len(data) < 1000
    errors = file_errors(upload(admin_client, data, "small.png"))
    assert "the limit of 40 megapixels" in errors, errors
    assert not get_image_model().objects.exists()


def test_an_image_over_a_configured_budget_is_refused_with_its_size_and_the_limit(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 2_000_000
    errors = file_errors(upload(admin_client, jpeg((2000, 1500)), "photo.jpg"))
    assert "This image is 3 megapixels; the limit is 2 megapixels." in errors, errors
    assert upload(admin_client, jpeg((1600, 1200)), "photo.jpg").status_code == 302


def test_images_saved_in_code_have_the_same_budget(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 2_000_000
    image = get_image_model()(title="Photo", file=ImageFile(ContentFile(jpeg((2000, 1500))), name="photo.jpg"))
    with pytest.raises(PixelBudgetError, match="the limit is 2 megapixels"):
        image.save()
    assert not get_image_model().objects.exists()


def test_large_originals_are_stored_at_the_configured_size(settings):
    settings.GALLERIES_IMAGE_MAX_STORED_EDGE = 200
    image = get_image_model().objects.create(
        title="Photo", file=ImageFile(ContentFile(jpeg((1000, 600))), name="photo.jpg")
    )
    assert (image.width, image.height) == (200, 120)
    with image.open_file() as handle, Image.open(handle) as stored:
        assert stored.size == (200, 120)


# ---------------------------------------------------------------- memory: what a format's decoder needs
def webp_header_claiming(width, height):
    """The 30 bytes of an extended WebP header claiming `width` x `height`, and no picture after them."""
    chunk = b"VP8X" + (10).to_bytes(4, "little") + bytes(4)
    chunk += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + (4 + len(chunk)).to_bytes(4, "little") + b"WEBP" + chunk


def encoded(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def test_a_webp_too_big_for_its_decoder_is_refused_from_its_header_naming_its_size_and_the_limit(admin_client):
    """30 MP is within the site's 40 MP, but WebP's decoder needs 12 bytes a pixel: over the worker's memory."""
    errors = file_errors(upload(admin_client, webp_header_claiming(6000, 5000), "large.webp"))
    assert "This WebP image is 30 megapixels; WebP images can be at most 2" in errors, errors
    assert "megapixels here. Resize it, or save it as JPEG" in errors
    assert not get_image_model().objects.exists()


def test_each_format_is_refused_at_what_its_decoder_needs(admin_client, monkeypatch):
    monkeypatch.setattr(photo_privacy, "DECODE_MEMORY_BUDGET", 13_000_000)  # WebP: 1 MP, JPEG: 2.6 MP
    picture = Image.new("RGB", (1200, 1000), (150, 110, 90))
    errors = file_errors(upload(admin_client, encoded(picture, "WEBP"), "photo.webp"))
    assert "This WebP image is 1.2 megapixels; WebP images can be at most 1 megapixels here." in errors, errors
    assert upload(admin_client, encoded(picture, "JPEG"), "photo.jpg").status_code == 302
    with pytest.raises(PixelBudgetError, match="WebP images can be at most 1 megapixels"):
        get_image_model()(title="Photo", file=ImageFile(ContentFile(encoded(picture, "WEBP")), name="a.webp")).save()


@pytest.mark.parametrize("fmt", ["WEBP", "AVIF"])
def test_webp_and_avif_are_stored_upright_with_their_alpha_and_without_metadata(fmt):
    exif = Image.Exif()
    exif[0x0112] = 6  # shown rotated a quarter turn clockwise
    exif[0x010F] = "PhoneMaker"
    picture = Image.new("RGBA", (300, 200), (200, 120, 80, 128))
    picture.paste((20, 40, 60, 255), (0, 0, 30, 20))  # a dark corner, top left as stored
    data = encoded(picture, fmt, exif=exif.tobytes(), quality=100)
    image = get_image_model().objects.create(title="Photo", file=ImageFile(ContentFile(data), name="photo.img"))
    with image.open_file() as handle, Image.open(handle) as stored:
        assert stored.format == fmt
        assert stored.size == (200, 300)  # upright
        assert not photo_privacy.has_metadata(stored) and not stored.getexif()
        stored = stored.convert("RGBA")
        assert stored.getpixel((100, 150))[3] in range(120, 137)  # the alpha survived
        dark_corner = stored.getpixel((190, 10))  # the top-left corner, turned a quarter clockwise
        assert max(dark_corner[:3]) < 100, dark_corner


def test_a_16_bit_grey_png_is_refused_sooner_than_an_8_bit_one(admin_client, monkeypatch):
    """Scaling 16-bit greys to 8 bits goes through 32-bit copies: 11 bytes a pixel, not 7."""
    monkeypatch.setattr(photo_privacy, "DECODE_MEMORY_BUDGET", 11_000_000)  # 16-bit: 1 MP, 8-bit: 1.5 MP
    grey = Image.linear_gradient("L").resize((1200, 1000))
    wide = grey.convert("I").point(lambda value: value * 257).convert("I;16")
    errors = file_errors(upload(admin_client, encoded(wide, "PNG"), "scan.png"))
    assert "This PNG image is 1.2 megapixels; PNG images can be at most 1 megapixels here." in errors, errors
    assert upload(admin_client, encoded(grey, "PNG"), "scan.png").status_code == 302
