"""Private storage for signed consent forms: a folder outside public media that has no URL."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under GALLERIES_PRIVATE_MEDIA_ROOT; url() refuses, so nothing can link to them publicly."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        default = Path(settings.MEDIA_ROOT).parent / "private_media"
        return str(getattr(settings, "GALLERIES_PRIVATE_MEDIA_ROOT", default))

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Private files have no public URL; staff download them through the admin.")


def private_storage():
    return PrivateFileSystemStorage()
