"""Keep derived copies honest: deleting consent or a case, or (un)publishing a page, invalidates caches."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .consent import bump_content_version, delete_case_renditions
from .models import BeforeAfterCase, ConsentRecord


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
