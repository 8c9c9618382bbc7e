"""Media on object storage, against moto's S3 server on loopback: public renditions stripped and randomly named in
the public bucket, originals, consent forms and case photos only in the private bucket, case photos served by
short-lived signed URLs while consent holds, and deleted from the bucket when it is withdrawn."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Collection

from galleries.photos import photo_url
from tests.factories.galleries import consented_case
from tests.galleries.photos import GPS_IFD, assert_no_metadata, camera_jpeg
from tests.storage.conftest import PRIVATE, PUBLIC, keys

pytestmark = pytest.mark.django_db
UPLOAD_NAME = "jane-doe-cheek-2024.jpg"


def object_bytes(client, bucket, key):
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()


def assert_no_gps(data):
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif().get_ifd(GPS_IFD), "GPS position still in the file"
    assert_no_metadata(data)


def anonymous_status(s3, bucket, key):
    """What someone with the object's address but no signature gets."""
    return requests.get(f"{s3.meta.endpoint_url}/{bucket}/{key}", timeout=5).status_code


def upload_through_admin(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Cheek",
            "file": SimpleUploadedFile(UPLOAD_NAME, camera_jpeg(), content_type="image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content[:500]
    return get_image_model().objects.get()


def test_an_admin_upload_is_public_only_as_a_stripped_randomly_named_rendition(admin_client, s3):
    image = upload_through_admin(admin_client)
    # The original: in the private bucket under its prefix, stripped too, never in the public bucket.
    assert image.file.name.startswith("original_images/")
    assert keys(s3, PRIVATE) == [f"private/{image.file.name}"]
    assert_no_gps(object_bytes(s3, PRIVATE, f"private/{image.file.name}"))
    assert "X-Amz-Signature" not in image.file.url and PRIVATE not in image.file.url  # the staff-only view
    assert anonymous_status(s3, PRIVATE, f"private/{image.file.name}") == 403

    rendition = image.get_rendition("width-120|format-jpeg")
    renditions = set(image.renditions.values_list("file", flat=True))
    public_keys = set(keys(s3, PUBLIC))
    assert public_keys == renditions and rendition.file.name in public_keys  # renditions only, no original
    for key in public_keys:
        assert key.startswith("images/")
        stem = key.removeprefix("images/").split(".")[0]
        assert len(stem) == 32 and int(stem, 16) >= 0, key  # 32 random hex digits, nothing from the upload's name
        assert_no_gps(object_bytes(s3, PUBLIC, key))

    # A plain public URL of the public bucket (a page or app copy can keep it), readable without credentials.
    url = urlsplit(rendition.url)
    assert f"{url.scheme}://{url.netloc}" == s3.meta.endpoint_url and url.path == f"/{PUBLIC}/{rendition.file.name}"
    assert "X-Amz-Signature" not in rendition.url
    fetched = requests.get(rendition.url, timeout=5)
    assert fetched.status_code == 200
    assert_no_gps(fetched.content)
    assert Image.open(io.BytesIO(fetched.content)).width == 120


def test_a_signed_consent_form_goes_to_the_private_bucket_only(admin_client, s3, settings):
    consent = consented_case("valid").consent
    consent.signed_form.save("jane-doe-consent.pdf", ContentFile(b"%PDF-1.4 signed by the patient"))
    key = f"private/{consent.signed_form.name}"
    assert consent.signed_form.name.startswith("consent_forms/") and "jane" not in key
    assert key in keys(s3, PRIVATE)
    assert not keys(s3, PUBLIC)
    assert not list(settings.GALLERIES_PRIVATE_MEDIA_ROOT.rglob("*.pdf")), "the form was written to the local disk"
    grants = s3.get_object_acl(Bucket=PRIVATE, Key=key)["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants), "the form is readable by a group"

    response = admin_client.get(reverse("galleries_consent_form", args=[consent.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 signed by the patient"
    assert Client().get(reverse("galleries_consent_form", args=[consent.pk])).status_code in (302, 403)


def case_image_names(case):
    rendition_model = get_image_model().get_rendition_model()
    images = [image for pair in case.photo_pairs.all() for image in (pair.before_image, pair.after_image)]
    renditions = rendition_model.objects.filter(image__in=images)
    return {image.file.name for image in images}, set(renditions.values_list("file", flat=True))


def test_a_case_photo_is_a_short_lived_signed_url_until_consent_is_withdrawn(admin_client, client, s3, settings):
    settings.GALLERIES_PHOTO_SIGNED_URL_SECONDS = 45
    case = consented_case("valid")
    pair = case.photo_pairs.get()
    urls = [photo_url(pair.pk, side, "md", "jpeg") for side in ("before", "after")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Cache-Control"] == "private, no-store"
        location = urlsplit(response["Location"])
        assert location.path.startswith(f"/{PRIVATE}/private/case_photos/")
        query = parse_qs(location.query)
        assert query["X-Amz-Expires"] == ["45"] and query["X-Amz-Signature"]
        fetched = requests.get(response["Location"], timeout=5)
        assert fetched.status_code == 200 and fetched.headers["Content-Type"] == "image/jpeg"
        assert_no_gps(fetched.content)
        assert anonymous_status(s3, PRIVATE, location.path.removeprefix(f"/{PRIVATE}/")) == 403

    originals, renditions = case_image_names(case)
    private_keys = set(keys(s3, PRIVATE))
    assert {f"private/{name}" for name in originals | renditions} <= private_keys
    assert len([key for key in private_keys if key.startswith("private/case_photos/")]) == 2
    assert_public_bucket_holds_nothing_of(s3, originals | renditions)

    consent = case.consent
    withdrawn = admin_client.post(reverse("galleries_consent_withdraw", args=[consent.pk]))
    assert withdrawn.status_code == 302
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404 and "Location" not in response
    assert not keys(s3, PRIVATE, prefix="private/case_photos/"), "withdrawn renditions are still in the bucket"
    assert_public_bucket_holds_nothing_of(s3, originals | renditions)


def assert_public_bucket_holds_nothing_of(s3, names):
    public_keys = keys(s3, PUBLIC)
    assert not [key for key in public_keys if key.startswith(("case_photos/", "original_images/", "private/"))]
    assert not set(public_keys) & set(names)


def test_an_admin_document_upload_is_a_plain_public_url_under_a_random_name(admin_client, s3):
    from wagtail.documents import get_document_model

    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Aftercare",
            "file": SimpleUploadedFile("jane-doe-aftercare.pdf", b"%PDF-1.4 aftercare", content_type="application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content[:500]
    document = get_document_model().objects.get()
    assert keys(s3, PUBLIC) == [document.file.name]
    assert document.file.name.startswith("documents/") and "jane" not in document.file.name
    assert "X-Amz-Signature" not in document.file.url
    assert requests.get(document.file.url, timeout=5).content == b"%PDF-1.4 aftercare"


def test_one_shared_bucket_keeps_private_files_unreadable_under_the_documented_policy(admin_client, s3, settings):
    settings.GALLERIES_PRIVATE_BUCKET_NAME = ""  # originals go to the public bucket's private/ prefix
    image = upload_through_admin(admin_client)
    key = f"private/{image.file.name}"
    assert key in keys(s3, PUBLIC) and not keys(s3, PRIVATE)
    assert anonymous_status(s3, PUBLIC, key) == 403
    rendition = image.get_rendition("width-120|format-jpeg")
    assert anonymous_status(s3, PUBLIC, rendition.file.name) == 200
