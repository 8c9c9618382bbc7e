"""Cases embedded in the treatments API (gallery link blocks) never outlive their consent in a cached response."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django.utils.http import http_date

from galleries.consent import withdraw_consent
from tests.factories import treatments as f
from tests.factories.galleries import consented_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(gallery, treatment):
    treatment.body = [f.gallery_link(case_count=2)]
    treatment.save_revision().publish()
    return treatment


def embedded_case_ids(client, page):
    response = client.get(f"/api/v1/treatments/{page.pk}/")
    assert response.status_code == 200
    return [case["id"] for case in response.json()["body"][0]["value"]["cases"]]


def test_withdrawal_empties_the_cached_treatment_response_at_once(client, article):
    case = consented_case(treatments=[article])
    assert embedded_case_ids(client, article) == [case.pk]  # now in the response cache
    withdraw_consent(case.consent)
    assert embedded_case_ids(client, article) == []


def test_withdrawal_defeats_if_modified_since(client, article):
    case = consented_case(treatments=[article])
    first = client.get(f"/api/v1/treatments/{article.pk}/")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):  # HTTP dates count whole seconds
        withdraw_consent(case.consent)
    again = client.get(f"/api/v1/treatments/{article.pk}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200, "a client holding the case must be told its copy changed"
    assert again.json()["body"][0]["value"]["cases"] == []


def test_expiry_takes_effect_at_midnight_in_the_cached_response_too(client, article):
    case = consented_case(treatments=[article])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    case.consent.expires_on = tomorrow
    case.consent.save()
    first = client.get(f"/api/v1/treatments/{article.pk}/")
    assert [item["id"] for item in first.json()["body"][0]["value"]["cases"]] == [case.pk]
    midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(0, 5)))
    with time_machine.travel(midnight, tick=False):
        assert embedded_case_ids(client, article) == []
        again = client.get(f"/api/v1/treatments/{article.pk}/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert again.status_code == 200
        assert again["Last-Modified"] == http_date(midnight.replace(minute=0).timestamp())


def test_embedded_cases_are_cached_per_origin_until_a_case_changes(article, settings, django_assert_num_queries):
    from django.test import RequestFactory
    from wagtail import hooks

    settings.ALLOWED_HOSTS = ["*"]
    case = consented_case(treatments=[article])
    (embed,) = hooks.get_hooks("treatments_gallery_cases_api")

    def cases(host):
        return embed(article, 2, {"request": RequestFactory().get("/", HTTP_HOST=host)})

    first = cases("clinic.example")
    with django_assert_num_queries(1):  # the change log's head (outside a request it is read on every call)
        assert cases("clinic.example") == first
    other = cases("app.example")
    assert "http://app.example/" in str(other) and "clinic.example" not in str(other)
    case.title = "Retitled case"
    case.save()
    assert cases("clinic.example")[0]["title"] == "Retitled case"
    clinician = f.ClinicianFactory(name="Dr Before")
    case.clinician = clinician
    case.save()
    assert cases("clinic.example")[0]["clinician"]["name"] == "Dr Before"
    clinician.name = "Dr After"
    clinician.save()
    assert cases("clinic.example")[0]["clinician"]["name"] == "Dr After"
