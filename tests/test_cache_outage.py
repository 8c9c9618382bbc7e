"""Redis down or unreachable: the site and the API keep answering, uncached, and a change made meanwhile is logged
in the database, so nothing cached before the outage is served as current after it."""

import os

import pytest
from django.core.management import call_command

from clinic_site.cache_config import redis_caches
from galleries.consent import withdraw_consent
from galleries.models import BeforeAfterCase
from tests.api.conftest import publish
from tests.factories import treatments as f
from treatments.change_log.models import ContentChange
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = "redis://127.0.0.1:1/0"  # connection refused at once


def test_every_public_route_answers_while_redis_is_unreachable(client, settings):
    call_command("load_demo", verbosity=0)
    settings.CACHES = redis_caches(NOBODY_LISTENS, "outage")
    page = TreatmentPage.objects.live().public().first()
    routes = ["/", page.url, "/treatments/", "/results/", "/search/?q=scars", "/sitemap.xml"]
    routes += ["/api/v1/treatments/", f"/api/v1/treatments/{page.pk}/", "/api/v1/cases/", "/api/v1/sync/"]
    assert {route: client.get(route).status_code for route in routes} == dict.fromkeys(routes, 200)


def test_a_withdrawal_during_an_outage_is_saved_and_logged(client, settings):
    call_command("load_demo", verbosity=0)
    settings.CACHES = redis_caches(NOBODY_LISTENS, "outage")
    case = BeforeAfterCase.objects.visible_on("website").first()
    withdraw_consent(case.consent)
    case.consent.refresh_from_db()
    assert case.consent.withdrawn_on is not None
    assert ContentChange.objects.filter(cause="consent.withdrawn", resource_type="case", resource_id=case.pk).exists()
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 404


def redis_or_skip():
    url = os.environ.get("REDIS_TEST_URL")
    if not url:
        pytest.skip("REDIS_TEST_URL is not set: this test needs a real Redis (make test sets it).")
    return url


@pytest.mark.redis
def test_a_change_made_while_redis_is_unreachable_is_never_hidden_by_what_it_cached_before(
    client, settings, treatment_index
):
    settings.CACHES = redis_caches(redis_or_skip(), "outage-test")
    from django.core.cache import caches

    caches["default"].clear()
    page = publish(f.TreatmentPageFactory(parent=treatment_index, title="Exosomes"))
    url = f"/api/v1/treatments/{page.pk}/"
    assert client.get(url).json()["title"] == "Exosomes"  # now cached in Redis under the log's current head

    settings.CACHES = redis_caches(NOBODY_LISTENS, "outage-test")  # a partition, or Redis restarting
    page.title = "Exosome therapy"
    publish(page)
    assert client.get(url).json()["title"] == "Exosome therapy", "served uncached while Redis is away"

    settings.CACHES = redis_caches(redis_or_skip(), "outage-test")  # Redis answers again, old copy and all
    assert client.get(url).json()["title"] == "Exosome therapy", "the copy cached before the change is never read"
    caches["default"].clear()
