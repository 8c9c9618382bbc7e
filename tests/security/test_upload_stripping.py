"""Every way a file becomes an image or a document stores it clean: one hostile JPEG per path, every stored byte read.

The hostile JPEG (tests/security/hostile_images.py) carries a GPS position, a camera serial, Make/Model/Artist,
an IPTC by-line and caption, an XMP creator and description, a JPEG comment and an EXIF thumbnail, and is named
like a patient's photo. After each path, every file under MEDIA_ROOT (and the private media folder) is read:
no metadata string, no EXIF block and no part of the name may be found.
"""

import os
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from tests.security.hostile_images import PATIENT_FILE_NAME, assert_nothing_stored_leaks, hostile_jpeg, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    """A media folder per test, so every file read is one this test stored."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GALLERIES_PRIVATE_MEDIA_ROOT = tmp_path / "private"


def hostile_upload(name=PATIENT_FILE_NAME):
    return SimpleUploadedFile(name, hostile_jpeg(), content_type="image/jpeg")


def root_collection():
    return Collection.get_first_root_node().pk


def post_multiple(admin_client, title):
    data = {"files[]": hostile_upload(), "collection": root_collection()}
    if title is not None:
        data["title"] = title
    return admin_client.post(reverse("wagtailimages:add_multiple"), data).json()


def test_single_upload(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Cheek", "file": hostile_upload(), "collection": root_collection()}
    )
    assert response.status_code == 302
    assert get_image_model().objects.count() == 1
    assert_nothing_stored_leaks()


def test_multiple_upload(admin_client):
    assert post_multiple(admin_client, "Cheek")["success"] is True
    assert "image_id" in post_multiple(admin_client, "Cheek 2")
    assert_nothing_stored_leaks()


def test_multiple_upload_kept_as_a_temporary_upload_is_stripped_and_renamed_at_once(admin_client):
    # An empty title fails the form: Wagtail keeps the file as an UploadedFile for the editor to complete.
    answer = post_multiple(admin_client, "")
    assert "uploaded_file_id" in answer, answer
    upload = UploadedFile.objects.get()
    assert upload.file.name.startswith("wagtail_uploads/")
    files = assert_nothing_stored_leaks()
    assert [path.parent.name for path in files] == ["wagtail_uploads"]


def test_completing_a_temporary_upload_stores_a_clean_original(admin_client):
    upload_id = post_multiple(admin_client, "")["uploaded_file_id"]
    prefix = f"uploaded-image-{upload_id}"
    answer = admin_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[upload_id]),
        {f"{prefix}-title": "Cheek", f"{prefix}-collection": root_collection(), f"{prefix}-description": ""},
    ).json()
    assert answer["success"] is True, answer
    image = get_image_model().objects.get()
    assert not UploadedFile.objects.exists()
    assert (image.width, image.height) == (96, 64)
    assert image.file_size == image.file.size
    files = assert_nothing_stored_leaks()
    assert {path.parent.name for path in files} <= {"original_images", "images"}


def test_abandoned_temporary_uploads_are_deleted_after_the_configured_age(admin_client, settings):
    settings.GALLERIES_ABANDONED_UPLOAD_HOURS = 2
    post_multiple(admin_client, "")
    post_multiple(admin_client, "")
    old, recent = UploadedFile.objects.order_by("pk")
    three_hours_ago = time.time() - 3 * 3600
    os.utime(old.file.path, (three_hours_ago, three_hours_ago))
    orphan = old.file.storage.save("wagtail_uploads/left-behind.jpg", ContentFile(b"x"))
    os.utime(old.file.storage.path(orphan), (three_hours_ago, three_hours_ago))

    call_command("purge_abandoned_uploads")

    assert list(UploadedFile.objects.all()) == [recent]
    assert [path.name for path in stored_files()] == [os.path.basename(recent.file.name)]


def test_replacing_the_file_on_the_edit_screen(admin_client):
    image = get_image_model().objects.create(
        title="Cheek", file=ImageFile(ContentFile(hostile_jpeg(width=40, height=40)), name="first.jpg")
    )
    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "Cheek", "file": hostile_upload(), "collection": root_collection()},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    image.refresh_from_db()
    assert (image.width, image.height) == (96, 64)
    assert_nothing_stored_leaks()


def test_chooser_upload(admin_client):
    response = admin_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Cheek",
            "image-chooser-upload-file": hostile_upload(),
            "image-chooser-upload-collection": root_collection(),
        },
    )
    assert response.status_code == 200
    assert get_image_model().objects.count() == 1
    assert_nothing_stored_leaks()


def test_image_saved_in_code():
    image = get_image_model()(title="Cheek", file=ImageFile(ContentFile(hostile_jpeg()), name=PATIENT_FILE_NAME))
    image.save()
    assert image.file_size == image.file.size
    assert_nothing_stored_leaks()


def test_file_saved_directly_on_the_field_in_code():
    image = get_image_model().objects.create(
        title="Cheek", file=ImageFile(ContentFile(hostile_jpeg(width=20, height=20)), name="a.jpg")
    )
    image.file.save(PATIENT_FILE_NAME, ContentFile(hostile_jpeg()))
    image.refresh_from_db()
    assert (image.width, image.height) == (96, 64)
    assert_nothing_stored_leaks()


def test_renditions_of_a_clean_original_are_clean():
    image = get_image_model().objects.create(title="Cheek", file=ImageFile(ContentFile(hostile_jpeg()), name="x.jpg"))
    image.get_renditions("width-40", "fill-30x30|format-webp", "width-50|format-png", "max-60x60|format-avif")
    assert len(assert_nothing_stored_leaks()) >= 5


def test_documents_are_stored_under_a_random_name(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Consent notes",
            "file": SimpleUploadedFile("jane-doe-before-consent.pdf", b"%PDF-1.4 minimal", "application/pdf"),
            "collection": root_collection(),
        },
    )
    assert response.status_code == 302
    document = get_document_model().objects.get()
    assert document.file.name.startswith("documents/") and document.file.name.endswith(".pdf")
    assert all("jane" not in str(path).lower() and "doe" not in str(path).lower() for path in stored_files())


def test_documents_kept_as_temporary_uploads_are_renamed_at_once(admin_client):
    answer = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile("jane-doe-before-notes.txt", b"notes", "text/plain"),
            "title": "",
            "collection": root_collection(),
        },
    ).json()
    assert "uploaded_file_id" in answer, answer
    upload = UploadedFile.objects.get()
    assert upload.for_content_type == ContentType.objects.get_for_model(get_document_model())
    assert upload.file.name.endswith(".txt")
    assert all("jane" not in str(path).lower() and "doe" not in str(path).lower() for path in stored_files())
