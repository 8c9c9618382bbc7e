"""Keeps the API's caches, sync feed and image renditions in step with publishing.

- publish / unpublish / delete / privacy change of a treatment → a TreatmentChange (sync feed, tombstones);
- any change that can alter a response (pages, snippets, images, privacy) → every cached response goes stale;
- an image saved or a page published → the API's renditions are made now, never during an API request.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..models import TreatmentChange, TreatmentPage
from ..snippets import Clinician, Condition, Product
from .caching import bump_content_version
from .images import generate_renditions


def _pregenerate():
    return getattr(settings, "API_PREGENERATE_RENDITIONS", True)


def record(page_ids, action):
    TreatmentChange.objects.bulk_create([TreatmentChange(page_id=pk, action=action) for pk in page_ids])


def treatments_under(page):
    return list(TreatmentPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


@receiver(page_published)
def on_publish(sender, instance, **kwargs):
    bump_content_version()
    if isinstance(instance, TreatmentPage):
        record([instance.pk], TreatmentChange.UPSERT)
        if _pregenerate():
            make_page_renditions(instance)


@receiver(page_unpublished)
def on_unpublish(sender, instance, **kwargs):
    bump_content_version()
    if isinstance(instance, TreatmentPage):
        record([instance.pk], TreatmentChange.DELETE)


@receiver(post_delete, sender=TreatmentPage)
def on_treatment_delete(sender, instance, **kwargs):
    bump_content_version()
    record([instance.pk], TreatmentChange.DELETE)


@receiver(post_delete, sender=Page)
@receiver(post_page_move)
@receiver(post_save, sender=Product)
@receiver(post_delete, sender=Product)
@receiver(post_save, sender=Clinician)
@receiver(post_delete, sender=Clinician)
@receiver(post_save, sender=Condition)
@receiver(post_delete, sender=Condition)
def on_content_change(sender, **kwargs):
    bump_content_version()


@receiver(post_save, sender=PageViewRestriction)
def on_restriction_saved(sender, instance, **kwargs):
    """A page made private takes its treatments out of every offline copy."""
    bump_content_version()
    record(treatments_under(instance.page), TreatmentChange.DELETE)


@receiver(post_delete, sender=PageViewRestriction)
def on_restriction_deleted(sender, instance, **kwargs):
    bump_content_version()
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        record(treatments_under(page), TreatmentChange.UPSERT)


PRIVATE_IMAGE_HOOK = "treatments_image_is_private"  # fn(image) -> bool; e.g. galleries for patient photos


def is_private(image):
    """Patient photos and other private images get no renditions at upload: a rendition is a new file, and
    a new file must not appear before the app that guards the photo has said it may be shown."""
    return any(check(image) for check in hooks.get_hooks(PRIVATE_IMAGE_HOOK))


def on_image_saved(sender, instance, raw=False, **kwargs):
    bump_content_version()
    if not raw and _pregenerate() and not is_private(instance):
        generate_renditions([instance])


def on_image_deleted(sender, **kwargs):
    bump_content_version()


def make_page_renditions(page):
    """Every image the page's API response shows: hero, body, clinician photos, product images."""
    from .context import ApiContext
    from .serializers import BodyField

    ctx = ApiContext(page=page)
    ctx.add_image(page.hero_image_id)
    for clinician in (page.author, page.reviewed_by):
        ctx.add_clinician(clinician)
    ctx.add_stream(BodyField.block, page.body)
    ctx.load()
    generate_renditions(ctx.images.values())


def connect_image_signals():
    """The image model is swappable, so its receivers are connected once the app registry is ready."""
    model = get_image_model()
    post_save.connect(on_image_saved, sender=model, dispatch_uid="treatments_api_image_saved")
    post_delete.connect(on_image_deleted, sender=model, dispatch_uid="treatments_api_image_deleted")
