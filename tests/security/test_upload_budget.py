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
