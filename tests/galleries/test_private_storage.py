"""Case photos in private storage: nothing of a case under MEDIA_ROOT, served only after the consent check."""

import datetime
import importlib
import io
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command
from django.urls import get_resolver
from django.utils import timezone
from wagtail.images import get_image_model

from clinic_site import urls as site_urls
from galleries.photos import photo_url
from galleries.urls import public_media_urlpatterns
from tests.factories.galleries import PhotoPairFactory, consented_case
from tests.factories.images import ImageFactory

pytestmark = pytest.mark.django_db
SIZES_AND_FORMATS = [("sm", "jpeg"), ("md", "webp"), ("lg", "jpeg")]
# The site's URLs as DEBUG=True mounts them: the public media route first (test settings run with DEBUG off).
urlpatterns = public_media_urlpatterns() + site_urls.urlpatterns


def files_under(root):
    return {path.name: path for path in Path(root).rglob("*") if path.is_file()}


def case_images(case):
    pair = case.photo_pairs.get()
    return [pair.before_image, pair.after_image]


def stored_names(case):
    """Every stored file of the case's photos: originals and renditions."""
    images = case_images(case)
    renditions = get_image_model().get_rendition_model().objects.filter(image__in=images)
    return {image.file.name for image in images} | set(renditions.values_list("file", flat=True))


def warm(client, case):
    pair = case.photo_pairs.get()
    for side in ("before", "after"):
        for size, fmt in SIZES_AND_FORMATS:
            response = client.get(photo_url(pair.pk, side, size, fmt))
            assert response.status_code == 200
            b"".join(response.streaming_content)


def test_after_consent_expires_no_file_of_the_case_remains_under_media_root(client):
    today = timezone.localdate()
    case = consented_case("valid")
    case.consent.expires_on = today + datetime.timedelta(days=1)
    case.consent.save()
    warm(client, case)
    names = stored_names(case)
    assert len(names) == 2 + 2 * len(SIZES_AND_FORMATS)
    photo = photo_url(case.photo_pairs.get().pk, "before", "md", "webp")

    # The expiry date passes and nobody acts: the view refuses at once, the daily purge removes the copies.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert client.get(photo).status_code == 404
        call_command("purge_case_renditions", stdout=io.StringIO())
        assert client.get(photo).status_code == 404

    public = files_under(settings.MEDIA_ROOT)
    assert not {Path(name).name for name in names} & set(public), "a file of the case is under MEDIA_ROOT"
    assert not get_image_model().get_rendition_model().objects.filter(image__in=case_images(case)).exists()
    private = files_under(settings.GALLERIES_PRIVATE_MEDIA_ROOT)
    assert {Path(image.file.name).name for image in case_images(case)} <= set(private), "originals stay, privately"
    assert not any(name.startswith("case_photos/") for name in stored_names(case))


def test_case_photo_files_live_outside_media_root_while_shown(client):
    case = consented_case("valid")
    warm(client, case)
    public, private = files_under(settings.MEDIA_ROOT), files_under(settings.GALLERIES_PRIVATE_MEDIA_ROOT)
    for name in stored_names(case):
        assert Path(name).name not in public
        assert Path(name).name in private
        assert name.startswith(("original_images/", "case_photos/"))


@pytest.mark.urls(__name__)
def test_the_public_media_route_cannot_reach_a_case_photo(client):
    case = consented_case("valid")
    warm(client, case)
    for name in stored_names(case):
        stem = Path(name).name
        for url in (f"/media/images/{stem}", f"/media/{name}", f"/media/images/../{name}"):
            assert client.get(url).status_code == 404, url
    # The route does serve a public rendition: it is this route, not a broken one, that refuses case photos.
    public = ImageFactory().get_rendition("width-100|format-jpeg")
    assert client.get(f"/media/{public.file.name}").status_code == 200


def test_no_url_pattern_serves_images_around_the_consent_check():
    """Wagtail's dynamic image serve view is not mounted; the only static route is the public renditions folder."""
    from django.views.static import serve
    from wagtail.images.views.serve import ServeView

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern

    for urlconf in ("clinic_site.urls", __name__):
        for pattern in walk(get_resolver(urlconf).url_patterns):
            assert getattr(pattern.callback, "view_class", None) is not ServeView
            if pattern.callback is serve:
                assert Path(pattern.default_args["document_root"]) == Path(settings.MEDIA_ROOT) / "images"


def test_a_photo_joining_a_case_loses_its_public_renditions(client):
    image = ImageFactory()
    # Made for another use before the photo was chosen for a case, with the very spec the gallery uses.
    early = image.get_rendition("width-800|format-jpeg")
    assert early.file.name.startswith("images/")
    case = consented_case("valid")
    PhotoPairFactory(case=case, before_image=image)
    assert Path(early.file.name).name not in files_under(settings.MEDIA_ROOT)
    pair = case.photo_pairs.get(before_image=image)
    assert client.get(photo_url(pair.pk, "before", "md", "jpeg")).status_code == 200
    (rendition,) = get_image_model().get_rendition_model().objects.filter(image=image)
    assert rendition.file.name.startswith("case_photos/")


def test_a_public_copy_found_by_the_view_is_replaced_by_a_private_one(client):
    case = consented_case("valid")
    pair = case.photo_pairs.get()
    # As a copy made in a race with the photo joining its case would be: the case spec, in public media.
    legacy = pair.before_image.get_rendition("width-480|format-jpeg")
    rendition_model = get_image_model().get_rendition_model()
    public_name = "images/" + Path(legacy.file.name).name
    storages["default"].save(public_name, legacy.file.open("rb"))
    rendition_model.objects.filter(pk=legacy.pk).update(file=public_name)
    legacy.purge_from_cache()
    assert client.get(photo_url(pair.pk, "before", "sm", "jpeg")).status_code == 200
    assert not storages["default"].exists(public_name)
    assert rendition_model.objects.get(image=pair.before_image).file.name.startswith("case_photos/")


def test_purge_also_removes_public_copies_of_photos_still_shown(client):
    case = consented_case("valid")
    pair = case.photo_pairs.get()
    rendition_model = get_image_model().get_rendition_model()
    stray = rendition_model.objects.create(
        image=pair.before_image,
        filter_spec="width-480|format-jpeg",
        file=storages["default"].save("images/stray.jpg", io.BytesIO(b"x")),
        width=1,
        height=1,
    )
    call_command("purge_case_renditions", stdout=io.StringIO())
    assert not storages["default"].exists(stray.file.name)
    assert not rendition_model.objects.filter(pk=stray.pk).exists()


# ---------------------------------------------------------------- staff-only URLs of private files


def test_private_files_have_staff_only_urls(admin_client, django_user_model):
    from django.test import Client

    client = Client()  # admin_client is the `client` fixture, signed in
    case = consented_case("valid")
    image = case_images(case)[0]
    thumbnail = image.get_rendition("max-165x165")
    for url in (image.file.url, thumbnail.url):
        assert url.startswith("/private-images/")
        assert not url.startswith(settings.MEDIA_URL)
        assert client.get(url).status_code == 404, "anonymous"
        response = admin_client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-cache"
    stranger = django_user_model.objects.create_user("stranger", password="pw")
    client.force_login(stranger)
    assert client.get(image.file.url).status_code == 404, "signed in but no image permission"
    assert admin_client.get("/private-images/consent_forms/x.pdf").status_code == 404
    assert admin_client.get("/private-images/original_images/../consent_forms/x.pdf").status_code == 404


def test_image_admin_lists_case_photos_with_private_thumbnails(admin_client):
    case = consented_case("valid")
    html = admin_client.get("/admin/images/").content.decode()
    assert "/private-images/case_photos/" in html
    edit = admin_client.get(f"/admin/images/{case_images(case)[0].pk}/").content.decode()
    assert "/private-images/" in edit


# ---------------------------------------------------------------- X-Accel-Redirect and X-Sendfile


def test_nginx_sendfile_answers_with_x_accel_redirect_and_no_body(client, settings):
    settings.GALLERIES_PHOTO_SENDFILE = "nginx"
    case = consented_case("valid")
    response = client.get(photo_url(case.photo_pairs.get().pk, "before", "md", "jpeg"))
    assert response.status_code == 200
    assert response.content == b""
    assert "X-Sendfile" not in response
    location = response["X-Accel-Redirect"]
    assert location.startswith("/protected-media/case_photos/") and location.endswith(".jpg")
    assert (Path(settings.GALLERIES_PRIVATE_MEDIA_ROOT) / location.removeprefix("/protected-media/")).is_file()
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-cache"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_apache_sendfile_answers_with_x_sendfile_and_no_body(client, settings):
    settings.GALLERIES_PHOTO_SENDFILE = "apache"
    case = consented_case("valid")
    response = client.get(photo_url(case.photo_pairs.get().pk, "after", "sm", "webp"))
    assert response.status_code == 200
    assert response.content == b""
    assert "X-Accel-Redirect" not in response
    path = Path(response["X-Sendfile"])
    assert path.is_absolute() and path.is_file()
    assert path.is_relative_to(Path(settings.GALLERIES_PRIVATE_MEDIA_ROOT).resolve())
    assert response["Content-Type"] == "image/webp"


@pytest.mark.parametrize("backend", ["nginx", "apache"])
def test_sendfile_sends_no_header_when_consent_does_not_hold(client, settings, backend):
    settings.GALLERIES_PHOTO_SENDFILE = backend
    case = consented_case("expired")
    response = client.get(photo_url(case.photo_pairs.get().pk, "before", "md", "jpeg"))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response and "X-Sendfile" not in response


def test_an_unknown_sendfile_setting_is_named_by_the_check(settings):
    from galleries.storage import check_private_media

    assert check_private_media(None) == []
    settings.GALLERIES_PHOTO_SENDFILE = "lighttpd"
    (error,) = check_private_media(None)
    assert "GALLERIES_PHOTO_SENDFILE" in error.msg and "nginx" in error.msg


def test_the_check_refuses_private_media_inside_public_media(settings):
    from galleries.storage import check_private_media

    settings.GALLERIES_PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "private"
    (error,) = check_private_media(None)
    assert error.id == "galleries.E003" and "inside MEDIA_ROOT" in error.msg
    settings.AWS_STORAGE_BUCKET_NAME, settings.GALLERIES_PRIVATE_BUCKET_NAME = "clinic-media", ""
    settings.GALLERIES_PRIVATE_LOCATION = ""
    (error,) = check_private_media(None)
    assert error.id == "galleries.E002" and "GALLERIES_PRIVATE_LOCATION" in error.msg


# ---------------------------------------------------------------- migration of existing files


def test_migration_moves_existing_originals_and_drops_public_case_renditions():
    migration = importlib.import_module("clinic_site.migrations.0003_private_image_files")
    case = consented_case("valid")
    image = case_images(case)[0]
    # As stored before this migration: the original in public media, a case rendition in images/.
    name = image.file.name
    with image.file.open("rb") as handle:
        storages["default"].save(name, handle)
    image.file.storage.backend(name).delete(name)
    old = (
        get_image_model()
        .get_rendition_model()
        .objects.create(
            image=image,
            filter_spec="width-480|format-jpeg",
            file=storages["default"].save("images/old-case-copy.jpg", io.BytesIO(b"x")),
            width=1,
            height=1,
        )
    )
    migration.forwards(apps, None)
    assert not storages["default"].exists(name)
    assert (Path(settings.GALLERIES_PRIVATE_MEDIA_ROOT) / name).is_file()
    assert not storages["default"].exists(old.file.name)
    assert not get_image_model().get_rendition_model().objects.filter(pk=old.pk).exists()
    migration.forwards(apps, None)  # a second run changes nothing
    assert (Path(settings.GALLERIES_PRIVATE_MEDIA_ROOT) / name).is_file()


def test_the_clinic_logo_in_structured_data_is_a_public_rendition(home_and_index):
    """Originals have no public URL any more: the JSON-LD logo is a rendition a web server serves from media."""
    from treatments.site_settings import ClinicDetails
    from treatments.structured_data import medical_clinic

    details = ClinicDetails(name="Example Clinic", logo=ImageFactory())
    logo = medical_clinic(details, root_url="https://clinic.example")["logo"]
    assert logo.startswith(f"https://clinic.example{settings.MEDIA_URL}images/")
    assert Path(logo).name in files_under(settings.MEDIA_ROOT)
