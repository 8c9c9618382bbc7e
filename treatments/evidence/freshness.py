"""Keeps pages, API documents and due dates in step when a reference or the evidence settings change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..api import documents
from ..content_versions import bump_treatments_api
from . import reviews
from .models import EvidenceSettings, Reference


@receiver(post_save, sender=Reference)
@receiver(post_delete, sender=Reference)
def on_reference_change(sender, instance, **kwargs):
    """Every page citing it shows it in its reference list, its JSON-LD and its API document."""
    bump_treatments_api()
    documents.outdate([f"reference:{instance.pk}"])


@receiver(post_save, sender=EvidenceSettings)
def on_settings_change(sender, instance, raw=False, **kwargs):
    """A new default interval moves the due date of every page using it; new wording shows on every page."""
    if raw:
        return
    reviews.recompute_for_site(instance.site)
    bump_treatments_api()
    documents.outdate_all()
