"""Case photos on object storage (django-storages S3, moto in process): short-lived signed URLs of the private bucket
or prefix, given only after the consent check; nothing of a case in the public bucket."""

import datetime
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from django.utils import timezone
from moto import mock_aws

from galleries import storage as galleries_storage
from galleries.photos import photo_url
from tests.factories.galleries import consented_case

pytestmark = pytest.mark.django_db
REGION = "eu-west-1"
PUBLIC, PRIVATE = "clinic-media", "clinic-private"


def forget_private_buckets():
    # Private storages are cached per bucket/prefix/expiry; each test's moto world needs fresh ones.
    cached = getattr(galleries_storage, "_private_bucket", None)
    if cached is not None:
        cached.cache_clear()


@pytest.fixture
def s3(settings, monkeypatch):
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(variable, "testing")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        for bucket in (PUBLIC, PRIVATE):
            client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        settings.AWS_STORAGE_BUCKET_NAME = PUBLIC
        settings.AWS_S3_REGION_NAME = REGION
        settings.AWS_S3_SIGNATURE_VERSION = "s3v4"
        settings.GALLERIES_PRIVATE_BUCKET_NAME = PRIVATE
        settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
        forget_private_buckets()
        yield client
    forget_private_buckets()


def keys(client, bucket):
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_photo_redirects_to_a_signed_url_of_the_private_bucket_that_expires(client, s3):
    case = consented_case("valid")
    response = client.get(photo_url(case.photo_pairs.get().pk, "before", "md", "jpeg"))
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    url = urlsplit(response["Location"])
    assert PRIVATE in url.netloc + url.path and PUBLIC not in url.netloc + url.path
    key = url.path.split(f"/{PRIVATE}/", 1)[-1].lstrip("/")
    assert key.startswith("private/case_photos/")
    query = parse_qs(url.query)
    assert query["X-Amz-Signature"] and query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    # Signed now, valid for 60 s: S3 refuses it after that (moto in process does not enforce the expiry itself).
    signed_at = datetime.datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    assert abs((timezone.now() - signed_at).total_seconds()) < 5
    assert query["X-Amz-Expires"] == ["60"]
    assert key in keys(s3, PRIVATE)

    fetched = requests.get(response["Location"], timeout=5)
    assert fetched.status_code == 200 and fetched.content[:2] == b"\xff\xd8"
    assert fetched.headers["Content-Type"] == "image/jpeg"
    assert fetched.headers["Cache-Control"] == "private, no-cache"


def test_nothing_of_a_case_is_in_the_public_bucket_or_readable_without_a_signature(client, s3):
    case = consented_case("valid")
    pair = case.photo_pairs.get()
    for side in ("before", "after"):
        assert client.get(photo_url(pair.pk, side, "sm", "webp")).status_code == 302
    private_keys = keys(s3, PRIVATE)
    assert sum(key.startswith("private/original_images/") for key in private_keys) == 2
    assert sum(key.startswith("private/case_photos/") for key in private_keys) == 2
    assert not [key for key in keys(s3, PUBLIC) if "original_images" in key or "case_photos" in key]
    for key in private_keys:
        grants = s3.get_object_acl(Bucket=PRIVATE, Key=key)["Grants"]
        assert all("URI" not in grant["Grantee"] for grant in grants), f"{key} is readable by a group"


def test_no_signed_url_unless_consent_holds(client, s3):
    case = consented_case("valid")
    url = photo_url(case.photo_pairs.get().pk, "before", "md", "jpeg")
    assert client.get(url).status_code == 302
    case.consent.expires_on = timezone.localdate()
    case.consent.save()
    response = client.get(url)
    assert response.status_code == 404
    assert "Location" not in response
    assert "X-Amz-Signature" not in response.content.decode()


def test_signed_url_life_is_configurable_and_shared_prefix_works(client, s3, settings):
    settings.GALLERIES_PRIVATE_BUCKET_NAME = ""  # one bucket: private files under its private/ prefix
    settings.GALLERIES_PHOTO_SIGNED_URL_SECONDS = 20
    case = consented_case("valid")
    response = client.get(photo_url(case.photo_pairs.get().pk, "after", "lg", "jpeg"))
    url = urlsplit(response["Location"])
    assert parse_qs(url.query)["X-Amz-Expires"] == ["20"]
    assert f"/{PUBLIC}/private/case_photos/" in url.path or url.path.startswith("/private/case_photos/")
    assert not keys(s3, PRIVATE)
    assert [key for key in keys(s3, PUBLIC) if not key.startswith("private/")] == []


def test_staff_get_a_signed_url_of_an_original_and_the_public_does_not(admin_client, s3):
    from django.test import Client

    image = consented_case("valid").photo_pairs.get().before_image
    assert Client().get(image.file.url).status_code == 404
    response = admin_client.get(image.file.url)
    assert response.status_code == 302
    assert "X-Amz-Signature" in response["Location"] and "private/original_images/" in response["Location"]
