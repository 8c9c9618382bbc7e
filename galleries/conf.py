"""The galleries plugin's settings: one table of names, defaults and meanings, read as `galleries_settings.NAME`
(`GALLERIES_NAME` in Django's settings; see treatments.conf for how they are read and the deprecated old names)."""

from pathlib import Path

from django.conf import settings

from treatments.conf import AppSettings, Setting


def _private_media_root():
    return Path(settings.MEDIA_ROOT).parent / "private_media"


GALLERIES = {
    "PRIVATE_MEDIA_ROOT": Setting(
        _private_media_root,
        "Folder for signed consent forms and private photos; nothing serves it. "
        "Default: private_media beside MEDIA_ROOT.",
    ),
    "PRIVATE_BUCKET_NAME": Setting("", "Bucket of private files on object storage; empty: AWS_STORAGE_BUCKET_NAME."),
    "PRIVATE_LOCATION": Setting("private", "Key prefix of private files on object storage."),
    "PHOTO_SIGNED_URL_SECONDS": Setting(60, "Seconds a signed URL of a case photo on object storage stays valid."),
    "PHOTO_SENDFILE": Setting("", '"nginx" (X-Accel-Redirect), "apache" (X-Sendfile), or "" to stream from Django.'),
    "PHOTO_SENDFILE_PREFIX": Setting("/protected-media/", "Internal location nginx serves private files from."),
    "PHOTO_CACHE_SECONDS": Setting(
        0, "Seconds browsers may reuse a case photo; 0 revalidates (withdrawal is immediate)."
    ),
    "ABANDONED_UPLOAD_HOURS": Setting(24, "Hours before uploads an editor never completed are deleted."),
    "IMAGE_MAX_STORED_EDGE": Setting(
        3000, "Longest edge in pixels of a stored original upload; 0 keeps full size.", "IMAGES_MAX_STORED_EDGE"
    ),
}

galleries_settings = AppSettings("GALLERIES_", GALLERIES)
