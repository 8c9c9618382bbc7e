"""Keeps due dates and every page's wording in step when the evidence settings change (references are logged
like any snippet, by treatments/change_log/receivers.py)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from ..change_log import record
from . import reviews
from .models import EvidenceSettings


@receiver(post_save, sender=EvidenceSettings)
def on_settings_change(sender, instance, raw=False, **kwargs):
    """A new default interval moves the due date of every page using it; new wording shows on every page."""
    if raw:
        return
    from ..api.querysets import public_treatments

    reviews.recompute_for_site(instance.site)
    record("evidence.settings_changed", {"treatment": set(public_treatments().values_list("pk", flat=True))})
