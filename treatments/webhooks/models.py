"""Webhook subscribers, their deliveries (one per event per subscriber) and the log of every attempt to send one."""

import secrets

from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

from .events import EVENTS

HTTP_ONLY = "Enter a URL starting with http:// or https://, e.g. https://app.example/webhooks."


def new_secret():
    """The shared secret a subscriber checks signatures with: 32 random bytes, as hex."""
    return secrets.token_hex(32)


class WebhookSubscriber(models.Model):
    """An app, a social scheduler or a partner site told of changes: where to send, which events, and the secret
    each request is signed with."""

    name = models.CharField(max_length=100, help_text="Who receives these, e.g. “Patient app” or “Social scheduler”.")
    url = models.URLField(
        "URL",
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"], message=HTTP_ONLY)],
        help_text="Where each event is POSTed as JSON.",
    )
    events = models.JSONField(default=list, help_text="The events sent to this URL.")
    secret = models.CharField(
        max_length=64, default=new_secret, editable=False, help_text="Each request is signed with it."
    )
    active = models.BooleanField(default=True, help_text="Untick to stop sending without losing the settings.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "webhook subscriber"

    def __str__(self):
        return self.name

    def events_display(self):
        labels = dict(EVENTS)
        return ", ".join(event for event in self.events if event in labels) or "none"


class WebhookDelivery(models.Model):
    """One event for one subscriber: its JSON, whether it arrived, and when it is tried next."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
    STATUSES = [(PENDING, "Pending"), (DELIVERED, "Delivered"), (FAILED, "Failed")]

    subscriber = models.ForeignKey(WebhookSubscriber, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0, help_text="Attempts since it was made or last sent again.")
    last_error = models.TextField(blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.event} to {self.subscriber} ({self.get_status_display().lower()})"


class WebhookAttempt(models.Model):
    """One POST of a delivery: when, what came back (status code or error) and how long it took."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = "webhook attempt"

    def __str__(self):
        outcome = self.status_code or self.error or "no answer"
        return f"attempt {self.number} at {self.sent_at:%Y-%m-%d %H:%M:%S}: {outcome}"


class WebhookCursor(models.Model):
    """The last change-log row turned into deliveries (one row), so each row is sent once, by whichever process
    commits next."""

    last_entry = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "webhook cursor"

    def __str__(self):
        return f"webhooks sent up to change {self.last_entry}"
