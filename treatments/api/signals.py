"""Keeps the API's renditions and stored detail documents ready ahead of requests.

- an image saved or a page published → the API's renditions are made now, never during an API request;
- a treatment published → its stored detail document is built (documents.py).

What changed, and what must go stale because of it, is the change log's job (treatments/change_log/): it
outdates stored documents in the change's own transaction, before these receivers build the new one.
"""

from django.db.models.signals import post_save
from wagtail.images import get_image_model
from wagtail.signals import page_published

from ..conf import treatments_settings
from ..image_privacy import is_private
from ..models import TreatmentPage
from . import documents
from .context import ApiContext
from .images import generate_renditions


def _pregenerate():
    return treatments_settings.API_PREGENERATE_RENDITIONS


def on_publish(sender, instance, **kwargs):
    if isinstance(instance, TreatmentPage):
        if _pregenerate():
            make_page_renditions(instance)
        documents.publish_document(instance)


def on_image_saved(sender, instance, raw=False, **kwargs):
    if not raw and _pregenerate() and not is_private(instance):
        generate_renditions([instance])


def make_page_renditions(page):
    """Every image the page's API response shows: hero, body, clinician photos, product images."""
    ctx = ApiContext(page=page)
    ctx.add_image(page.hero_image_id)
    for clinician in (page.author, page.reviewed_by):
        ctx.add_clinician(clinician)
    ctx.add_stream(page.body.stream_block, page.body)
    ctx.load()
    generate_renditions(ctx.images.values())


def connect():
    """Connected after the change log's receivers (treatments/apps.py), so a publish outdates, then builds."""
    page_published.connect(on_publish, dispatch_uid="treatments_api_publish")
    post_save.connect(on_image_saved, sender=get_image_model(), dispatch_uid="treatments_api_image_saved")
