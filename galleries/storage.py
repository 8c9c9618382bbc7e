"""Private storage: signed consent forms, every image original and every case-photo rendition, outside public media.

Image originals and renditions are stored through ``MediaStorage`` (the image model's ``file`` field and
``WAGTAILIMAGES_RENDITION_STORAGE``), which places each file by its name:

- ``original_images/…`` (every original, patient photo or not: no page or app is ever given one) and
  ``case_photos/…`` (every rendition of a case photo) go to the private storage: a folder outside
  ``MEDIA_ROOT`` (``GALLERIES_PRIVATE_MEDIA_ROOT``), or, when media is on object storage
  (``AWS_STORAGE_BUCKET_NAME``), a private bucket or prefix;
- everything else (``images/…``, renditions of other images) goes to the default, public storage.

A private file's ``url()`` is never the file itself: it is the staff-only ``galleries:private_image`` view
(admin thumbnails need one). The public reaches case photos only through ``views.case_photo``, which checks
consent first; both answer through ``private_file_response``: the file itself, an ``X-Accel-Redirect`` /
``X-Sendfile`` header for the web server (``GALLERIES_PHOTO_SENDFILE``), or a short-lived signed URL of the
private bucket (``GALLERIES_PHOTO_SIGNED_URL_SECONDS``).
"""

import functools
import posixpath
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.deconstruct import deconstructible

from .conf import galleries_settings

ORIGINALS_PREFIX = "original_images/"
CASE_RENDITIONS_PREFIX = "case_photos/"
PRIVATE_IMAGE_PREFIXES = (ORIGINALS_PREFIX, CASE_RENDITIONS_PREFIX)
SENDFILE_BACKENDS = ("", "nginx", "apache")


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under GALLERIES_PRIVATE_MEDIA_ROOT; url() refuses, so nothing can link to them publicly."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(galleries_settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Private files have no public URL; staff download them through the admin.")


def private_storage():
    """The storage of signed consent forms (``ConsentRecord.signed_form``): see ``PrivateStorage``."""
    return PrivateStorage()


def on_object_storage():
    return bool(getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""))


def signed_url_seconds():
    return int(galleries_settings.PHOTO_SIGNED_URL_SECONDS)


@functools.lru_cache(maxsize=4)
def _private_bucket(bucket_name, location, seconds):
    from storages.backends.s3 import S3Storage

    # Never a custom (CDN) domain: its URLs are not signed. Objects are written private whatever AWS_DEFAULT_ACL is.
    return S3Storage(
        bucket_name=bucket_name,
        location=location,
        default_acl="private",
        querystring_auth=True,
        querystring_expire=seconds,
        custom_domain=None,
        file_overwrite=False,
    )


def private_image_storage():
    """Where private files live now: the private bucket/prefix on object storage, else the private folder."""
    if not on_object_storage():
        return PrivateFileSystemStorage()
    bucket = galleries_settings.PRIVATE_BUCKET_NAME or settings.AWS_STORAGE_BUCKET_NAME
    location = galleries_settings.PRIVATE_LOCATION
    return _private_bucket(bucket, location, signed_url_seconds())


def is_private_name(name):
    return str(name).startswith(PRIVATE_IMAGE_PREFIXES)


class DelegatingStorage(Storage):
    """Hands every call to the storage ``backend(name)`` picks, looked up on every call, so a settings change
    (tests, STORAGES, AWS_STORAGE_BUCKET_NAME) takes effect without a restart."""

    def backend(self, name):
        raise NotImplementedError

    def generate_filename(self, filename):
        return self.backend(filename).generate_filename(filename)

    def get_available_name(self, name, max_length=None):
        return self.backend(name).get_available_name(name, max_length=max_length)

    def save(self, name, content, max_length=None):
        return self.backend(name).save(name, content, max_length=max_length)

    def _open(self, name, mode="rb"):
        return self.backend(name).open(name, mode)

    def delete(self, name):
        self.backend(name).delete(name)

    def exists(self, name):
        return self.backend(name).exists(name)

    def size(self, name):
        return self.backend(name).size(name)

    def path(self, name):
        return self.backend(name).path(name)

    def listdir(self, path):
        return self.backend(path).listdir(path)

    def get_modified_time(self, name):
        return self.backend(name).get_modified_time(name)

    def get_created_time(self, name):
        return self.backend(name).get_created_time(name)

    def get_accessed_time(self, name):
        return self.backend(name).get_accessed_time(name)


@deconstructible(path="galleries.storage.PrivateStorage")
class PrivateStorage(DelegatingStorage):
    """Signed consent forms: the private folder, or the private bucket/prefix when media is on object storage.

    Never a URL: staff download a form through the permission-checked admin view."""

    def backend(self, name):
        return private_image_storage()

    def url(self, name):
        raise ValueError("Private files have no public URL; staff download them through the admin.")


@deconstructible(path="galleries.storage.MediaStorage")
class MediaStorage(DelegatingStorage):
    """Stores each image file in the public or the private storage by its name (see the module docstring)."""

    def backend(self, name):
        return private_image_storage() if is_private_name(name) else storages["default"]

    def url(self, name):
        if is_private_name(name):
            # Admin thumbnails and the image editor need a URL: a staff-only view, never the file's own address.
            return reverse("galleries:private_image", kwargs={"name": name})
        return storages["default"].url(name)


def media_storage():
    """The storage of image originals and renditions (the image model's `file`, WAGTAILIMAGES_RENDITION_STORAGE)."""
    return MediaStorage()


def move_image_files(names, *, to_private=True):
    """Move the named files between the public and the private storage (existing data, and its reverse); returns
    how many moved. A name already in its place, or missing from both, is left alone."""
    public, private = storages["default"], private_image_storage()
    source, target = (public, private) if to_private else (private, public)
    moved = 0
    for name in names:
        if not name or target.exists(name) or not source.exists(name):
            continue
        with source.open(name, "rb") as handle:
            stored = target.save(name, handle)
        if stored != name:
            raise SuspiciousFileOperation(f"{name} was stored as {stored}; expected the same name.")
        source.delete(name)
        moved += 1
    return moved


def sendfile_backend():
    backend = galleries_settings.PHOTO_SENDFILE or ""
    if backend not in SENDFILE_BACKENDS:
        raise ImproperlyConfigured(
            f"GALLERIES_PHOTO_SENDFILE is {backend!r}; expected one of: nginx, apache, or empty to stream the file."
        )
    return backend


def check_private_media(app_configs, **kwargs):
    """System check: private files must not end up where public media is served, and a misspelt
    GALLERIES_PHOTO_SENDFILE is named at start-up, not at the first photo request."""
    errors = []
    try:
        sendfile_backend()
    except ImproperlyConfigured as exc:
        errors.append(checks.Error(str(exc), id="galleries.E001"))
    if on_object_storage():
        shared = galleries_settings.PRIVATE_BUCKET_NAME in ("", settings.AWS_STORAGE_BUCKET_NAME)
        if shared and not galleries_settings.PRIVATE_LOCATION.strip("/"):
            errors.append(
                checks.Error(
                    "Private image files would share the public media bucket's root. Set "
                    "GALLERIES_PRIVATE_BUCKET_NAME to a private bucket or GALLERIES_PRIVATE_LOCATION to a prefix.",
                    id="galleries.E002",
                )
            )
        return errors
    private_root = Path(PrivateFileSystemStorage().location)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if private_root == media_root or private_root.is_relative_to(media_root):
        errors.append(
            checks.Error(
                f"PRIVATE_MEDIA_ROOT ({private_root}) is inside MEDIA_ROOT ({media_root}), which web servers serve: "
                "case photos and consent forms would be public. Move it outside.",
                id="galleries.E003",
            )
        )
    return errors


def private_file_response(name, content_type, cache_control):
    """Answer with one private file, once the caller has decided the request may see it.

    Object storage: a redirect to a signed URL of the private bucket that expires in
    GALLERIES_PHOTO_SIGNED_URL_SECONDS. Otherwise, by GALLERIES_PHOTO_SENDFILE: "nginx" answers with an empty body
    and X-Accel-Redirect to GALLERIES_PHOTO_SENDFILE_PREFIX + name (an `internal` location), "apache" with
    X-Sendfile and the file's absolute path (mod_xsendfile), "" streams the file from Django.
    Raises OSError when the file is missing."""
    storage = private_image_storage()
    if on_object_storage():
        if not storage.exists(name):
            raise FileNotFoundError(name)
        # The response headers S3 sends with the file: the signed URL must not be cached beyond its life either.
        parameters = {"ResponseContentType": content_type, "ResponseCacheControl": cache_control}
        response = HttpResponseRedirect(storage.url(name, parameters=parameters, expire=signed_url_seconds()))
        response["Cache-Control"] = "private, no-store"
        return response
    backend = sendfile_backend()
    if backend:
        path = storage.path(name)
        if not Path(path).is_file():
            raise FileNotFoundError(name)
        response = HttpResponse(content_type=content_type)
        if backend == "nginx":
            prefix = galleries_settings.PHOTO_SENDFILE_PREFIX
            response["X-Accel-Redirect"] = posixpath.join(prefix, name)
        else:
            response["X-Sendfile"] = path
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
