"""What the advertising-rules check stores: the packs each site follows, waivers (the audit trail), pack hashes."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from . import rules


class AdvertisingRulesForm(WagtailAdminModelForm):
    """Jurisdictions as checkboxes, one per rule pack found, stored as a list of codes."""

    jurisdictions = forms.MultipleChoiceField(
        choices=rules.pack_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Pages of this site are checked against the rules of every jurisdiction ticked here.",
    )


@register_setting(icon="warning")
class AdvertisingRules(BaseSiteSetting):
    """The rule packs a site follows: where the clinic advertises decides which advertising law applies."""

    jurisdictions = models.JSONField(default=list, blank=True)

    base_form_class = AdvertisingRulesForm
    panels = [
        HelpPanel(
            content="A page that breaks a blocking rule cannot go live until it is fixed or a clinician waives the "
            "finding with a written reason. Warnings are shown to editors but do not stop publishing."
        ),
        FieldPanel("jurisdictions"),
    ]

    class Meta:
        verbose_name = "advertising rules"
        verbose_name_plural = "advertising rules"

    def packs(self):
        return rules.packs_for(self.jurisdictions or [])


class AdvertisingWaiver(models.Model):
    """A clinician's written decision that one finding on one page may stand: never edited, never shown publicly.

    It covers the rule and the wording it matched (its `subject`): the same wording elsewhere on the page stays
    waived; a new wording (another product name) is a new finding.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="advertising_waivers")
    rule_id = models.CharField(max_length=60)
    subject = models.CharField(max_length=200, help_text="The wording or missing item the rule found.")
    reason = models.TextField()
    waived_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    waived_by_name = models.CharField(max_length=200, help_text="Kept when the user account is later removed.")
    waived_at = models.DateTimeField(default=timezone.now)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The revision the clinician looked at when waiving.",
    )

    class Meta:
        ordering = ["-waived_at", "-pk"]
        indexes = [models.Index(fields=["page", "rule_id", "subject"])]
        verbose_name = "advertising-rules waiver"

    def __str__(self):
        return f"{self.rule_id} ({self.subject}) waived by {self.waived_by_name} on {self.waived_at:%Y-%m-%d}"


class RulePackState(models.Model):
    """A pack's content hash and the findings it gave on live pages when `lint_content` last ran, so a changed pack
    is noticed and the pages it newly affects are listed."""

    code = models.CharField(max_length=10, unique=True)
    content_hash = models.CharField(max_length=64)
    findings = models.JSONField(default=dict, help_text='{"<page id>": [[rule id, subject], ...]}')
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "rule pack state"

    def __str__(self):
        return f"{self.code} rule pack {self.content_hash[:12]}"
