"""Webhooks from the change log: signed, retried until the receiver answers, sent once, and only as subscribed."""

import json
import re
from pathlib import Path

import pytest
from django.utils import timezone

from galleries.models import ConsentRecord
from tests.factories.galleries import consented_case
from tests.factories.treatments import ProductFactory
from tests.webhooks.receiver import Receiver
from treatments.webhooks import signing
from treatments.webhooks.models import WebhookDelivery, WebhookSubscriber
from treatments.webhooks.sending import send_delivery

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parents[2] / "README.md"


def readme_verifier():
    """The verification snippet the README gives receivers, run as written."""
    section = README.read_text().split("\n### Verifying a webhook\n", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace = {}
    exec(code, namespace)  # noqa: S102 - our own README's example
    return namespace["verify_clinic_webhook"]


def subscribe(url, events, name="Patient app", **fields):
    return WebhookSubscriber.objects.create(name=name, url=url, events=list(events), **fields)


def test_a_receiver_failing_twice_gets_the_delivery_on_the_third_attempt(django_capture_on_commit_callbacks):
    with Receiver([500, 500, 200]) as receiver:
        subscriber = subscribe(receiver.url, ["product.changed"])
        with django_capture_on_commit_callbacks(execute=True):
            product = ProductFactory()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 200)
    assert delivery.delivered_at is not None and delivery.last_error == ""
    log = list(delivery.attempt_log.values_list("number", "status_code"))
    assert log == [(1, 500), (2, 500), (3, 200)]
    assert "500" in delivery.attempt_log.first().error

    assert len(receiver.requests) == 3
    verify = readme_verifier()
    for request in receiver.requests:
        headers, body = request["headers"], request["body"]
        assert headers["X-Clinic-Event"] == "product.changed"
        assert headers["X-Clinic-Delivery"] == str(delivery.pk)
        signing.verify(subscriber.secret, body, headers["X-Clinic-Signature"])
        assert verify(subscriber.secret, body, headers["X-Clinic-Signature"]) is True
        assert verify("another secret", body, headers["X-Clinic-Signature"]) is False
    sent = json.loads(receiver.requests[0]["body"])
    assert set(sent) == {"event", "id", "occurred_at", "resource"}
    assert sent["id"] == delivery.pk
    assert sent["resource"] == {
        "type": "product",
        "id": product.pk,
        "api_url": f"http://localhost/api/v1/products/{product.pk}/",
    }


def test_the_readme_snippet_refuses_an_old_timestamp_and_a_changed_body():
    verify = readme_verifier()
    body = b'{"event":"case.withdrawn"}'
    old = signing.header("s3cret", body, timestamp=timezone.now().timestamp() - 301)
    assert verify("s3cret", body, old) is False
    fresh = signing.header("s3cret", body)
    assert verify("s3cret", body, fresh) is True
    assert verify("s3cret", body + b" ", fresh) is False
    with pytest.raises(signing.BadSignature, match="five minutes"):
        signing.verify("s3cret", body, old)


def test_consent_withdrawal_sends_case_withdrawn_only_to_who_asked(receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = consented_case("valid")  # before anyone subscribed: never announced
    app = subscribe(receiver.url, ["case.withdrawn"])
    subscribe(receiver.url, ["product.changed", "case.changed"], name="Shop")
    subscribe(receiver.url, ["case.withdrawn"], name="Old scheduler", active=False)

    consent = ConsentRecord.objects.get(case=case)
    consent.withdrawn_on = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        consent.save()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.subscriber, delivery.event, delivery.status) == (app, "case.withdrawn", "delivered")
    assert len(receiver.requests) == 1
    sent = json.loads(receiver.requests[0]["body"])
    assert sent["event"] == "case.withdrawn"
    assert sent["resource"]["type"] == "case" and sent["resource"]["id"] == case.pk
    assert sent["resource"]["api_url"].endswith(f"/api/v1/cases/{case.pk}/")
    assert case.title not in receiver.requests[0]["body"].decode()  # names and links only, nothing about the patient


def test_a_rolled_back_change_sends_nothing(receiver, django_capture_on_commit_callbacks):
    subscribe(receiver.url, ["product.changed"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ProductFactory()
    assert callbacks  # the deliveries wait for the commit, which never comes here
    assert not WebhookDelivery.objects.exists() and not receiver.requests


def test_a_delivered_delivery_is_not_sent_twice_until_sent_again(
    receiver, admin_client, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, ["product.changed"])
    with django_capture_on_commit_callbacks(execute=True):
        ProductFactory()
    delivery = WebhookDelivery.objects.get()
    assert send_delivery.enqueue(delivery.pk, 1).return_value == "skipped"  # a task run twice sends once
    assert len(receiver.requests) == 1

    page = admin_client.get(f"/admin/webhooks/deliveries/inspect/{delivery.pk}/").content.decode()
    assert "Attempt log" in page and "Send again" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/webhooks/deliveries/{delivery.pk}/send-again/", follow=True)
    assert "queued to be sent again" in response.content.decode()
    assert len(receiver.requests) == 2
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert delivery.attempt_log.count() == 2


def test_after_the_last_attempt_the_delivery_is_failed_with_its_error(settings, django_capture_on_commit_callbacks):
    settings.TREATMENTS_WEBHOOK_RETRY_DELAYS = (0,)
    with Receiver([503]) as receiver:
        subscribe(receiver.url, ["product.changed"])
        with django_capture_on_commit_callbacks(execute=True):
            ProductFactory()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 2, 503)
    assert "503" in delivery.last_error
    assert len(receiver.requests) == 2


def test_a_receiver_too_slow_to_answer_counts_as_a_failed_attempt(settings, django_capture_on_commit_callbacks):
    settings.TREATMENTS_WEBHOOK_RETRY_DELAYS = ()
    settings.TREATMENTS_WEBHOOK_TIMEOUT_SECONDS = 0.3
    with Receiver([200], delay=1.0) as receiver:
        subscribe(receiver.url, ["product.changed"])
        with django_capture_on_commit_callbacks(execute=True):
            ProductFactory()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.last_error == "No answer within 0.3 seconds."


def test_publishing_then_unpublishing_a_treatment(receiver, treatment_index, django_capture_on_commit_callbacks):
    from tests.factories.treatments import TreatmentPageFactory

    with django_capture_on_commit_callbacks(execute=True):
        treatment = TreatmentPageFactory(parent=treatment_index, title="Microneedling", slug="microneedling")
    subscribe(receiver.url, ["treatment.published", "treatment.removed"])

    with django_capture_on_commit_callbacks(execute=True):
        treatment.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        treatment.unpublish()

    sent = [json.loads(request["body"]) for request in receiver.requests]
    assert [(item["event"], item["resource"]["id"]) for item in sent] == [
        ("treatment.published", treatment.pk),
        ("treatment.removed", treatment.pk),
    ]
    assert sent[0]["resource"]["api_url"] == f"http://localhost/api/v1/treatments/{treatment.pk}/"


def test_a_treatment_linking_to_the_published_one_hears_it_changed(treatment_index):
    """The log names the page published and every treatment linking to it with one cause, page.published."""
    import datetime

    from tests.factories.treatments import TreatmentPageFactory
    from treatments.change_log import record, rows_after
    from treatments.webhooks.events import events_for

    linking = TreatmentPageFactory(parent=treatment_index, title="PRP", slug="prp")
    type(linking).objects.filter(pk=linking.pk).update(last_published_at=timezone.now() - datetime.timedelta(days=3))
    published = TreatmentPageFactory(parent=treatment_index, title="Exosomes", slug="exosomes")
    published.save_revision().publish()
    hidden = TreatmentPageFactory(parent=treatment_index, title="Old peel", slug="old-peel")
    hidden.unpublish()
    record("page.published", {"treatment": {linking.pk, published.pk, hidden.pk}})

    rows = [row for row in rows_after(0) if row["cause"] == "page.published" and row["resource_type"]]
    events = dict(zip([row["resource_id"] for row in rows][-3:], events_for(rows)[-3:], strict=True))
    assert events == {
        linking.pk: "treatment.changed",
        published.pk: "treatment.published",
        hidden.pk: "treatment.removed",
    }
