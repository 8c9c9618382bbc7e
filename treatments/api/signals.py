"""Keeps the API's caches, sync feed and image renditions in step with publishing.

- publish / unpublish / delete / privacy change of a treatment → a TreatmentChange (sync feed, tombstones);
- any change that can alter a response (pages, snippets, images, privacy) → every cached response goes stale;
- an image saved or a page published → the API's renditions are made now, never during an API request;
- a treatment published → its stored detail document is built (documents.py); anything a stored document shows
  saved or deleted → the documents showing it are marked stale, in the same transaction.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..conf import treatments_settings
from ..content_versions import bump_treatments_api
from ..image_privacy import is_private
from ..models import TreatmentChange, TreatmentPage
from ..snippets import Clinician, Condition, Product
from . import documents
from .context import ApiContext, product_url_key
from .images import generate_renditions, is_api_spec


def _pregenerate():
    return treatments_settings.API_PREGENERATE_RENDITIONS


def record(page_ids, action):
    TreatmentChange.objects.bulk_create([TreatmentChange(page_id=pk, action=action) for pk in page_ids])


def treatments_under(page):
    return list(TreatmentPage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


@receiver(page_published)
def on_publish(sender, instance, **kwargs):
    bump_treatments_api()
    # Its own documents and those linking to it; a new slug, which moves every URL below it, is caught on save.
    documents.outdate_page(instance.pk)
    if isinstance(instance, TreatmentPage):
        record([instance.pk], TreatmentChange.UPSERT)
        if _pregenerate():
            make_page_renditions(instance)
        documents.publish_document(instance)


@receiver(page_unpublished)
def on_unpublish(sender, instance, **kwargs):
    bump_treatments_api()
    documents.outdate_all()  # its children go too, and every link to them
    if isinstance(instance, TreatmentPage):
        record([instance.pk], TreatmentChange.DELETE)


@receiver(post_delete, sender=TreatmentPage)
def on_treatment_delete(sender, instance, **kwargs):
    bump_treatments_api()
    record([instance.pk], TreatmentChange.DELETE)


@receiver(post_delete, sender=Page)
@receiver(post_page_move)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def on_structure_change(sender, **kwargs):
    """Pages gone, moved or served elsewhere: any link or URL in any document may have changed."""
    bump_treatments_api()
    documents.outdate_all()


@receiver(pre_save)
def remember_url_path(sender, instance, raw=False, update_fields=None, **kwargs):
    """A page saved with a new slug moves the URL of every page below it (Wagtail rewrites theirs without
    signals), so its URL path before the save is kept for `outdate_moved_urls`."""
    if raw or not isinstance(instance, Page) or not instance.pk:
        return
    if update_fields is not None and not {"slug", "url_path"} & set(update_fields):
        return  # e.g. save_revision() touching only revision fields
    instance._url_path_before_save = Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True).first()


@receiver(post_save)
def outdate_moved_urls(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_url_path_before_save", None)
    if before is not None and isinstance(instance, Page) and before != instance.url_path:
        bump_treatments_api()
        documents.outdate_all()


@receiver(post_save, sender=Product)
@receiver(post_delete, sender=Product)
def on_product_change(sender, instance, **kwargs):
    bump_treatments_api()
    documents.outdate([f"product:{instance.pk}", f"shop_id:{instance.shop_id}", product_url_key(instance.buy_url)])


@receiver(post_save, sender=Clinician)
@receiver(post_delete, sender=Clinician)
@receiver(post_save, sender=Condition)
@receiver(post_delete, sender=Condition)
def on_snippet_change(sender, instance, **kwargs):
    bump_treatments_api()
    documents.outdate([f"{instance._meta.model_name}:{instance.pk}"])


@receiver(post_save, sender=PageViewRestriction)
def on_restriction_saved(sender, instance, **kwargs):
    """A page made private takes its treatments out of every offline copy."""
    bump_treatments_api()
    documents.outdate_all()
    record(treatments_under(instance.page), TreatmentChange.DELETE)


@receiver(post_delete, sender=PageViewRestriction)
def on_restriction_deleted(sender, instance, **kwargs):
    bump_treatments_api()
    documents.outdate_all()
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        record(treatments_under(page), TreatmentChange.UPSERT)


def on_image_saved(sender, instance, raw=False, **kwargs):
    bump_treatments_api()
    documents.outdate([f"image:{instance.pk}"])
    if not raw and _pregenerate() and not is_private(instance):
        generate_renditions([instance])


def on_image_deleted(sender, instance, **kwargs):
    bump_treatments_api()
    documents.outdate([f"image:{instance.pk}"])


def on_rendition_change(sender, instance, raw=False, **kwargs):
    """A rendition made or deleted (e.g. a case photo's, on withdrawal) changes the URLs a document lists."""
    if not raw and is_api_spec(instance.filter_spec):
        documents.outdate([f"image:{instance.image_id}"])


def on_document_change(sender, instance, **kwargs):
    bump_treatments_api()
    documents.outdate([f"document:{instance.pk}"])


def make_page_renditions(page):
    """Every image the page's API response shows: hero, body, clinician photos, product images."""
    ctx = ApiContext(page=page)
    ctx.add_image(page.hero_image_id)
    for clinician in (page.author, page.reviewed_by):
        ctx.add_clinician(clinician)
    ctx.add_stream(page.body.stream_block, page.body)
    ctx.load()
    generate_renditions(ctx.images.values())


def connect_image_signals():
    """Image, rendition and document models are swappable, so their receivers are connected once the app
    registry is ready."""
    model = get_image_model()
    post_save.connect(on_image_saved, sender=model, dispatch_uid="treatments_api_image_saved")
    post_delete.connect(on_image_deleted, sender=model, dispatch_uid="treatments_api_image_deleted")
    rendition = model.get_rendition_model()
    post_save.connect(on_rendition_change, sender=rendition, dispatch_uid="treatments_api_rendition_saved")
    post_delete.connect(on_rendition_change, sender=rendition, dispatch_uid="treatments_api_rendition_deleted")
    document = get_document_model()
    post_save.connect(on_document_change, sender=document, dispatch_uid="treatments_api_document_saved")
    post_delete.connect(on_document_change, sender=document, dispatch_uid="treatments_api_document_deleted")
