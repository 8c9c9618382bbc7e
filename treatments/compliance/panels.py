"""The editor's Advertising rules panel: findings with the words they matched and the fix, updated as one types."""

from django import forms
from django.urls import reverse
from wagtail.admin.panels import Panel

from . import gate


def check_url(page, parent=None):
    """Where the panel posts the form to re-check it: the page's own URL, or the create view's for a new page."""
    if page.pk:
        return reverse("treatments_advertising_check", args=[page.pk])
    if parent is None:
        return ""
    meta = type(page)._meta
    return reverse("treatments_advertising_check_new", args=[meta.app_label, meta.model_name, parent.pk])


class AdvertisingRulesPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "treatments/compliance/panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            parent = getattr(self.form, "parent_page", None)
            site = gate.site_of(page) if page.pk else (parent.get_site() if parent else None)
            packs = gate.packs_for_page(page, site) if site else []
            context.update(
                findings=gate.findings_for(page, site, packs=packs) if packs else [],
                packs=packs,
                check_url=check_url(page, parent),
                findings_url=reverse("treatments_advertising_findings", args=[page.pk]) if page.pk else "",
            )
            return context

        @property
        def media(self):
            return forms.Media(js=["treatments/compliance/advertising-rules-panel.js"])
