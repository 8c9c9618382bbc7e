"""Stored case-photo renditions: watermarking by site setting, and purging those of cases nobody may see."""

import datetime
import io

import pytest
from django.core.management import call_command
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Site

from galleries.models import GallerySettings
from galleries.photos import photo_url
from tests.factories.galleries import consented_case

pytestmark = pytest.mark.django_db


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_watermark_setting_marks_public_case_photos(client, home_and_index):
    pair = consented_case().photo_pairs.get()
    url = photo_url(pair.pk, "before", "sm", "jpeg")
    plain = Image.open(io.BytesIO(fetch(client, url))).convert("RGB")
    settings = GallerySettings.for_site(Site.objects.get(is_default_site=True))
    settings.watermark_enabled, settings.watermark_text = True, "Example Clinic"
    settings.save()
    marked = Image.open(io.BytesIO(fetch(client, url))).convert("RGB")
    specs = set(get_image_model().get_rendition_model().objects.values_list("filter_spec", flat=True))
    assert "width-480|format-jpeg|watermark" in specs
    # The bottom-right corner now holds white text on the plain background.
    corner = (plain.width - 60, plain.height - 30, plain.width, plain.height)
    assert max(marked.crop(corner).get_flattened_data()) > max(plain.crop(corner).get_flattened_data())


def test_changing_the_watermark_drops_watermarked_renditions(client, home_and_index):
    pair = consented_case().photo_pairs.get()
    settings = GallerySettings.for_site(Site.objects.get(is_default_site=True))
    settings.watermark_enabled, settings.watermark_text = True, "Old Name"
    settings.save()
    fetch(client, photo_url(pair.pk, "after", "sm", "webp"))
    settings.watermark_text = "New Name"
    settings.save()
    assert not get_image_model().get_rendition_model().objects.filter(filter_spec__contains="watermark").exists()


def test_purge_command_deletes_renditions_of_expired_cases_only(client):
    shown = consented_case("valid")
    expiring = consented_case("valid")
    for case in (shown, expiring):
        fetch(client, photo_url(case.photo_pairs.get().pk, "before", "sm", "jpeg"))
    expiring.consent.expires_on = expiring.consent.given_on + datetime.timedelta(days=1)
    expiring.consent.save()
    out = io.StringIO()
    call_command("purge_case_renditions", stdout=out)
    assert "Deleted 1 rendition(s)" in out.getvalue()
    remaining = get_image_model().get_rendition_model().objects.values_list("image_id", flat=True)
    assert list(remaining) == [shown.photo_pairs.get().before_image_id]


def test_strip_image_metadata_cleans_originals_stored_before_photo_privacy():
    from tests.factories.images import ImageFactory
    from tests.galleries.photos import assert_no_metadata, camera_jpeg

    image = ImageFactory()
    clean_name = image.file.name
    image.get_rendition("width-50")
    # An original stored before this app existed: the camera file sits in storage as it was uploaded.
    storage = image.file.storage
    storage.delete(clean_name)
    storage.save(clean_name, io.BytesIO(camera_jpeg(orientation=6)))
    out = io.StringIO()
    call_command("strip_image_metadata", stdout=out)
    call_command("strip_image_metadata", stdout=out)
    assert "Stripped metadata from 1 original image(s)." in out.getvalue()
    assert "Stripped metadata from 0 original image(s)." in out.getvalue()
    image.refresh_from_db()
    assert image.file.name != clean_name and not storage.exists(clean_name)
    with storage.open(image.file.name) as handle:
        assert_no_metadata(handle.read())
    assert (image.width, image.height) == (200, 300)
    assert not image.renditions.exists()


def test_a_photo_that_joins_a_case_keeps_no_renditions_made_for_other_uses():
    from tests.factories.images import ImageFactory

    photo = ImageFactory()  # uploaded on its own: the API makes its renditions at once
    renditions = get_image_model().get_rendition_model().objects
    assert renditions.filter(image=photo).exists()
    case = consented_case("valid")
    pair = case.photo_pairs.get()
    pair.before_image = photo
    pair.save()
    assert not renditions.filter(image=photo).exists()
    photo.save()  # saved again as a case photo: nothing is made for it outside the consent-checked view
    assert not renditions.filter(image=photo).exists()


def test_photo_requests_never_create_gallery_settings(client, home_and_index):
    """Photos load in parallel: if each request inserted the site's settings row on first use, they would race
    (two inserts, one unique-constraint error). A site nobody configured is served with no watermark."""
    pair = consented_case().photo_pairs.get()
    GallerySettings.objects.all().delete()
    image = Image.open(io.BytesIO(fetch(client, photo_url(pair.pk, "before", "sm", "jpeg"))))
    assert image.width == 480
    assert not GallerySettings.objects.exists()
    specs = set(get_image_model().get_rendition_model().objects.values_list("filter_spec", flat=True))
    assert "width-480|format-jpeg" in specs
