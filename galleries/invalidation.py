"""Case photos stay private: a photo that joins a case loses every copy made for other uses, and is marked so every
other route leaves it out. (What changed, for caches and offline copies, is logged by galleries/changes.py.)"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .consent import delete_renditions
from .models import PhotoPair
from .photos import all_specs
from .storage import CASE_RENDITIONS_PREFIX


@receiver(post_save, sender=PhotoPair)
def photo_became_a_case_photo(sender, instance, raw=False, **kwargs):
    """A photo uploaded before it joined a case may have renditions made for other uses (the API makes some at
    upload). From now on only the consent-checked photo view may make and serve copies, in private storage
    (galleries.storage), so the others go, and the image is marked so every other route leaves it out. The mark
    stays if the pair is later deleted: it is still a patient's photo."""
    if raw:
        return
    from wagtail.images import get_image_model

    image_ids = [instance.before_image_id, instance.after_image_id]
    renditions = get_image_model().get_rendition_model().objects.filter(image_id__in=image_ids)
    # Any copy in public media goes too, whatever its spec: the photo's copies are private from now on.
    delete_renditions(renditions.exclude(filter_spec__in=all_specs(), file__startswith=CASE_RENDITIONS_PREFIX))
    for image in get_image_model().objects.filter(pk__in=image_ids, is_case_photo=False):
        image.is_case_photo = True
        image.save(update_fields=["is_case_photo"])  # saved, not updated: caches and API documents follow


def is_case_photo(image):
    """Answers treatments' `treatments_image_is_private` hook from the image's own mark: no query, so a page or
    API response can ask it of every image it shows."""
    return bool(getattr(image, "is_case_photo", False))
