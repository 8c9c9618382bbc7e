"""Keep derived copies honest: changes to cases, consent, photos, clinicians, conditions or pages invalidate caches."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from treatments.snippets import Clinician, Condition

from .consent import bump_content_version, delete_case_renditions, delete_renditions
from .models import BeforeAfterCase, ConsentRecord, PhotoPair
from .photos import all_specs
from .storage import CASE_RENDITIONS_PREFIX


@receiver(post_delete, sender=ConsentRecord)
def consent_deleted(sender, instance, **kwargs):
    """No consent record means no consent: the case's stored photos go too, like a withdrawal."""
    case = BeforeAfterCase.objects.filter(pk=instance.case_id).first()
    if case is not None:
        delete_case_renditions(case)
    bump_content_version()


@receiver(post_delete, sender=BeforeAfterCase)
@receiver(post_delete, sender=PhotoPair)
@receiver(post_save, sender=Clinician)
@receiver(post_delete, sender=Clinician)
@receiver(post_save, sender=Condition)
@receiver(post_delete, sender=Condition)
def case_content_changed(sender, **kwargs):
    """Case cards show their photos, clinician and conditions: cached embeds go stale when any of them change."""
    bump_content_version()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_changed(sender, instance, **kwargs):
    # Case cards name their treatments, and gallery links carry the gallery's URL: an unpublished treatment or a
    # moved gallery must drop out of cached embeds too.
    bump_content_version()


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
    bump_content_version()
    for image in get_image_model().objects.filter(pk__in=image_ids, is_case_photo=False):
        image.is_case_photo = True
        image.save(update_fields=["is_case_photo"])  # saved, not updated: caches and API documents follow


def is_case_photo(image):
    """Answers treatments' `treatments_image_is_private` hook from the image's own mark: no query, so a page or
    API response can ask it of every image it shows."""
    return bool(getattr(image, "is_case_photo", False))
