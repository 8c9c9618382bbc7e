"""`manage.py strip_image_metadata`: re-encode stored originals that still carry EXIF/XMP/IPTC metadata.

Uploads are stripped as they arrive (galleries.photo_privacy); this cleans images stored before that,
under new random names, and drops their renditions so none keeps the old data. Safe to run again.
"""

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from PIL import Image as PILImage
from wagtail.images import get_image_model

from galleries.photo_privacy import UnsupportedImageError, has_metadata, strip_metadata


def original_has_metadata(image):
    with image.open_file() as handle, PILImage.open(handle) as probe:
        return has_metadata(probe)


class Command(BaseCommand):
    help = "Strip metadata from stored original images that still have it, and drop their renditions."

    def handle(self, *args, **options):
        cleaned = 0
        for image in get_image_model().objects.iterator():
            try:
                if not original_has_metadata(image):
                    continue
                old_name = image.file.name
                with image.open_file() as handle:
                    data, extension, (width, height) = strip_metadata(handle)
                image.file.save(f"upload.{extension}", ContentFile(data), save=False)  # a new random name
                image.width, image.height, image.file_size = width, height, len(data)
                image._set_file_hash()
                image.save()
                image.file.storage.delete(old_name)
                for rendition in image.renditions.all():
                    rendition.file.delete(save=False)
                    rendition.purge_from_cache()
                    rendition.delete()
                cleaned += 1
            except (OSError, UnsupportedImageError) as exc:
                self.stderr.write(f"Image {image.pk} ({image.file.name}): could not be cleaned: {exc}")
        self.stdout.write(f"Stripped metadata from {cleaned} original image(s).")
