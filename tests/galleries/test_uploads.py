"""Bad uploads are refused in the admin with a message (never a 500), and originals are never served."""

import io

import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve
from PIL import Image
from wagtail.images import get_image_model

from tests.galleries.photos import camera_jpeg
from tests.galleries.test_photo_privacy import upload

pytestmark = pytest.mark.django_db


def encoded(fmt, size=(64, 64), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, fmt)
    return buffer.getvalue()


def assert_refused(response, message):
    assert response.status_code == 200, "the form is shown again, not a redirect or a 500"
    errors = " ".join(str(e) for e in response.context["form"].errors.get("file", []))
    assert message in errors, errors
    assert not get_image_model().objects.exists()


def test_non_image_is_refused(admin_client):
    response = upload(admin_client, b"%PDF-1.4 not an image at all", name="scan.jpg")
    assert_refused(response, "Upload a valid image")


@pytest.mark.parametrize(("fmt", "name"), [("GIF", "clip.gif"), ("BMP", "scan.bmp"), ("TIFF", "scan.tiff")])
def test_formats_other_than_jpeg_png_webp_avif_are_refused(admin_client, fmt, name):
    response = upload(admin_client, encoded(fmt), name=name)
    assert_refused(response, "Not a supported image format. Supported formats: JPG, JPEG, PNG, WEBP, AVIF.")


def test_gif_renamed_to_jpg_is_refused(admin_client):
    response = upload(admin_client, encoded("GIF"), name="photo.jpg")
    assert_refused(response, "The extension does not match the file format")


def test_decompression_bomb_is_refused(admin_client):
    # 9000 x 9000 pixels of one colour compresses to a tiny PNG but would need 243 MB to decode.
    bomb = encoded("PNG", size=(9000, 9000), mode="L")
    assert len(bomb) < 1_000_000
    response = upload(admin_client, bomb, name="bomb.png", content_type="image/png")
    assert_refused(response, "This image is 81 megapixels; the limit is 40 megapixels.")


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=10_000)
def test_file_over_the_size_limit_is_refused(admin_client):
    response = upload(admin_client, camera_jpeg(width=900, height=900) + b"\0" * 20_000)
    assert_refused(response, "This file is too big")


def test_truncated_jpeg_is_refused_with_a_message(admin_client):
    data = camera_jpeg(width=600, height=600)
    response = upload(admin_client, data[: len(data) // 2])
    assert_refused(response, "could not be read as an image")


def test_supported_formats_are_accepted(admin_client):
    for fmt, name in [("JPEG", "a.jpg"), ("PNG", "b.png"), ("WEBP", "c.webp"), ("AVIF", "d.avif")]:
        assert upload(admin_client, encoded(fmt), name=name).status_code == 302, fmt
    extensions = sorted(image.file.name.rsplit(".", 1)[1] for image in get_image_model().objects.all())
    assert extensions == ["avif", "jpg", "png", "webp"]


@pytest.mark.urls("tests.galleries.media_urls")
def test_dev_media_route_serves_renditions_but_never_originals():
    stem = "0123456789abcdef0123456789abcdef"
    assert resolve(f"/media/images/{stem}.webp")
    for path in [f"/media/original_images/{stem}.jpg", f"/media/images/../original_images/{stem}.jpg"]:
        with pytest.raises(Resolver404):
            resolve(path)
