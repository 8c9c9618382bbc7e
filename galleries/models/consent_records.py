"""A patient's signed consent record for a case: the channels it covers, its dates and the private signed form."""

import os
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ..consent import CHANNELS
from ..storage import private_storage
from .cases import BeforeAfterCase


def consent_form_upload_to(instance, filename):
    return os.path.join("consent_forms", uuid.uuid4().hex + os.path.splitext(filename)[1].lower()[:6])


class ConsentRecord(models.Model):
    """A patient's signed consent for their case's photos: channels, dates and the private signed form."""

    case = models.OneToOneField(BeforeAfterCase, on_delete=models.CASCADE, related_name="consent")
    given_on = models.DateField(default=timezone.localdate, help_text="The date the patient signed.")
    covers_website = models.BooleanField("website", default=False)
    covers_mobile_app = models.BooleanField("mobile app", default=False)
    covers_social_media = models.BooleanField("social media", default=False)
    expires_on = models.DateField(
        null=True, blank=True, help_text="Photos stop showing on this date. Leave empty if consent does not expire."
    )
    withdrawn_on = models.DateField(
        null=True, blank=True, help_text="Set by the 'Withdraw consent' action; photos stop showing at once."
    )
    signed_form = models.FileField(
        storage=private_storage,
        upload_to=consent_form_upload_to,
        blank=True,
        help_text="A scan of the signed form. Stored privately, never public; staff with permission can download it.",
    )
    notes = models.TextField(blank=True, max_length=1000, help_text="Internal only.")

    class Meta:
        verbose_name = "consent record"
        permissions = [("download_consent_form", "Can download signed consent forms")]

    def __str__(self):
        return f"Consent for {self.case}"

    def clean(self):
        super().clean()
        errors = {}
        if self.expires_on and self.given_on and self.expires_on <= self.given_on:
            errors["expires_on"] = "Expiry must be after the date consent was given."
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            errors["withdrawn_on"] = "Consent cannot be withdrawn before it was given."
        if errors:
            raise ValidationError(errors)

    @property
    def channels(self):
        return [label for key, label in CHANNELS.items() if getattr(self, f"covers_{key}")]

    @property
    def status(self):
        today = timezone.localdate()
        if self.withdrawn_on:
            return "withdrawn"
        if self.expires_on and self.expires_on <= today:
            return "expired"
        if self.given_on > today:
            return "not yet valid"
        return "valid"
