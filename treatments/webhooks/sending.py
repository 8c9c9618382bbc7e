"""Turning change-log rows into webhook deliveries, and the task that sends each one, signed, with retries.

The change log tells its listeners of every write inside the writing transaction; webhooks wait for the commit
(a rolled-back change is never announced), then read the rows after their cursor, so each row becomes deliveries
once, whichever process commits next. Each delivery is sent by the `send_delivery` task on the worker: a 2xx
answer marks it delivered; anything else (another status, a refused connection, no answer within the timeout)
is logged and tried again after the next delay, until the attempts run out and it is marked failed.
"""

import json
import time
import urllib.error
import urllib.request
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_tasks import task

from ..change_log import rows_after
from ..change_log.models import ContentChange
from ..conf import treatments_settings
from . import signing
from .events import RESOURCE_TYPES, events_for
from .models import WebhookAttempt, WebhookCursor, WebhookDelivery, WebhookSubscriber

BATCH = 500  # change-log rows read at a time


# ---------------------------------------------------------------- deliveries from the change log
def on_change(touched, everything):
    """A change-log listener: once this transaction commits, its rows (and any before them) become deliveries.
    No query inside the change's transaction; a second write in it costs two queries after the commit. Robust: a
    failure here is logged, never the answer to the request whose change has already committed (the next commit
    picks the rows up, from the cursor)."""
    transaction.on_commit(make_deliveries, robust=True)


def locked_cursor():
    """The cursor row (made by the migration at the end of the log), locked until the transaction ends: an
    UPDATE, so SQLite takes its write lock here too and two processes never turn the same rows into deliveries."""
    if not WebhookCursor.objects.filter(pk=1).update(last_entry=F("last_entry")):
        try:
            with transaction.atomic():  # the row was deleted by hand: start again from the end of the log
                WebhookCursor.objects.create(pk=1, last_entry=last_entry())
        except IntegrityError:  # another process made it first
            WebhookCursor.objects.filter(pk=1).update(last_entry=F("last_entry"))
    return WebhookCursor.objects.get(pk=1)


def last_entry():
    return ContentChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def make_deliveries():
    """Deliveries for every row after the cursor, one per event and resource for each subscriber who chose the
    event; each is queued for the worker once they are committed. Returns the deliveries made."""
    subscribers = [s for s in WebhookSubscriber.objects.filter(active=True) if s.events]
    if not subscribers:  # nobody to tell (two queries): skip to the end of the log
        latest = ContentChange.objects.order_by("-pk").values("pk")[:1]
        WebhookCursor.objects.filter(pk=1).update(last_entry=Coalesce(Subquery(latest), F("last_entry")))
        return []
    made = []
    with transaction.atomic():
        entry, base = locked_cursor().last_entry, site_root()
        while rows := rows_after(entry, kinds=RESOURCE_TYPES, limit=BATCH):
            made += WebhookDelivery.objects.bulk_create(deliveries_for(rows, subscribers, base))
            entry = rows[-1]["pk"]
        WebhookCursor.objects.filter(pk=1).update(last_entry=entry)
        for delivery in made:
            transaction.on_commit(partial(enqueue, delivery.pk, 1), robust=True)
    return made


def deliveries_for(rows, subscribers, base):
    """Unsaved deliveries for these rows: one per (event, resource) however many rows say it, per subscriber."""
    seen, deliveries = set(), []
    for row, event in zip(rows, events_for(rows), strict=True):
        key = (event, row["resource_type"], row["resource_id"])
        if event is None or key in seen:
            continue
        seen.add(key)
        for subscriber in subscribers:
            if event in subscriber.events:
                deliveries.append(
                    WebhookDelivery(subscriber=subscriber, event=event, payload=payload(event, row, base))
                )
    return deliveries


def payload(event, row, base):
    """What is sent, without its delivery id (added once the row has one): names and links, no patient data."""
    kind, pk = row["resource_type"], row["resource_id"]
    return {
        "event": event,
        "occurred_at": row["changed_at"].isoformat(),
        "resource": {"type": kind, "id": pk, "api_url": base + api_path(kind, pk)},
    }


def api_path(kind, pk):
    """The resource's detail route: the treatments API's, or another app's under /api/v1/ (the cases API)."""
    for name in (f"treatments_api:{kind}-detail", f"{kind}-detail"):
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            continue
    return reverse("treatments_api:sync")


def site_root():
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")


# ---------------------------------------------------------------- sending
def retry_delays():
    return [int(seconds) for seconds in treatments_settings.WEBHOOK_RETRY_DELAYS]


def max_attempts():
    return len(retry_delays()) + 1


def enqueue(delivery_id, attempt, run_after=None):
    """Queue attempt number `attempt` of a delivery. A backend that cannot wait (the immediate one tests use)
    sends a retry at once."""
    chosen = send_delivery
    if run_after is not None and chosen.get_backend().supports_defer:
        chosen = chosen.using(run_after=run_after)
    return chosen.enqueue(delivery_id, attempt)


@task()
def send_delivery(delivery_id, attempt):
    """The worker's task: attempt `attempt` of a delivery. Idempotent: an attempt already made, or a delivery
    already delivered or failed, is not sent (again) unless someone chooses "Send again"."""
    return attempt_delivery(delivery_id, attempt)


def attempt_delivery(delivery_id, attempt):
    # Claimed by one conditional update, so a task queued twice sends once.
    pending = WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.PENDING, attempts=attempt - 1)
    if not pending.update(attempts=attempt, next_attempt_at=None):
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("subscriber").get(pk=delivery_id)
    if not delivery.subscriber.active:
        status_code, error, duration = None, "The subscriber is switched off: nothing was sent.", 0
    else:
        status_code, error, duration = post(delivery)
    return record_attempt(delivery, attempt, status_code, error, duration)


def body_of(delivery):
    """The exact bytes sent and signed: the payload with the delivery's id, compact, keys sorted."""
    return json.dumps({**delivery.payload, "id": delivery.pk}, separators=(",", ":"), sort_keys=True).encode()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer other than 2xx: following it would resend the body somewhere not chosen."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def post(delivery):
    """POST the delivery; (status code or None, error text, milliseconds taken)."""
    body = body_of(delivery)
    if not delivery.subscriber.url.lower().startswith(("http://", "https://")):  # the form's check, kept here too
        return None, "The subscriber's URL does not start with http:// or https://.", 0
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        delivery.subscriber.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "ClinicCMS-Webhooks/1",
            "X-Clinic-Event": delivery.event,
            "X-Clinic-Delivery": str(delivery.pk),
            "X-Clinic-Signature": signing.header(delivery.subscriber.secret, body),
        },
    )
    timeout = float(treatments_settings.WEBHOOK_TIMEOUT_SECONDS)
    started = time.monotonic()
    try:
        with OPENER.open(request, timeout=timeout) as response:
            status_code, error = response.status, ""
    except urllib.error.HTTPError as answer:
        status_code, error = answer.code, f"The receiver answered {answer.code} {answer.reason}."
    except TimeoutError:
        status_code, error = None, f"No answer within {timeout:g} seconds."
    except (urllib.error.URLError, OSError) as problem:
        reason = getattr(problem, "reason", problem)
        if isinstance(reason, TimeoutError):
            status_code, error = None, f"No answer within {timeout:g} seconds."
        else:
            status_code, error = None, f"Could not connect: {reason}."
    return status_code, error, int((time.monotonic() - started) * 1000)


def record_attempt(delivery, attempt, status_code, error, duration):
    """Log the attempt; mark the delivery delivered, or failed after the last attempt, or queue the next one."""
    now = timezone.now()
    delivered = status_code is not None and 200 <= status_code < 300
    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery, number=attempt, sent_at=now, status_code=status_code, error=error, duration_ms=duration
        )
        delivery.last_status_code, delivery.last_error = status_code, "" if delivered else error
        if delivered:
            delivery.status, delivery.delivered_at = WebhookDelivery.DELIVERED, now
        elif attempt >= max_attempts() or not delivery.subscriber.active:
            delivery.status = WebhookDelivery.FAILED
        else:
            delivery.next_attempt_at = now + timedelta(seconds=retry_delays()[attempt - 1])
            transaction.on_commit(partial(enqueue, delivery.pk, attempt + 1, delivery.next_attempt_at), robust=True)
        delivery.save(update_fields=["status", "delivered_at", "next_attempt_at", "last_status_code", "last_error"])
    return delivery.status


def send_again(delivery):
    """The admin's "Send again": a fresh round of attempts (the log keeps the earlier ones), whatever its status."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )
        transaction.on_commit(partial(enqueue, delivery.pk, 1), robust=True)
