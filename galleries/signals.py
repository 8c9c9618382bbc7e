"""Keep derived copies honest: deleting consent or a case, or (un)publishing a page, invalidates caches."""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .consent import bump_content_version, delete_case_renditions, delete_renditions
from .models import BeforeAfterCase, ConsentRecord, PhotoPair
from .photos import all_specs


@receiver(post_delete, sender=ConsentRecord)
def consent_deleted(sender, instance, **kwargs):
    """No consent record means no consent: the case's stored photos go too, like a withdrawal."""
    case = BeforeAfterCase.objects.filter(pk=instance.case_id).first()
    if case is not None:
        delete_case_renditions(case)
    bump_content_version()


@receiver(post_delete, sender=BeforeAfterCase)
def case_deleted(sender, instance, **kwargs):
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
    upload). From now on only the consent-checked photo view may make and serve copies, so the others go."""
    if raw:
        return
    from wagtail.images import get_image_model

    renditions = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(image_id__in=[instance.before_image_id, instance.after_image_id])
    )
    delete_renditions(renditions.exclude(filter_spec__in=all_specs()))


def is_case_photo(image):
    """Answers the treatments API's `treatments_image_is_private` hook: case photos get no renditions at upload."""
    return image.pk is not None and PhotoPair.objects.filter(Q(before_image=image) | Q(after_image=image)).exists()
