"""Redis down or unreachable: the site and the API keep answering, uncached, and an invalidation made meanwhile is
not lost, so nothing cached before the outage is served as current after it."""

import os

import pytest
from django.core.management import call_command

from clinic_site.cache_config import redis_caches
from galleries.consent import withdraw_consent
from galleries.models import BeforeAfterCase
from tests.api.conftest import publish
from tests.factories import treatments as f
from treatments import content_versions
from treatments.api.caching import VERSION_KEY
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = "redis://127.0.0.1:1/0"  # connection refused at once


@pytest.fixture
def retry_at_once(monkeypatch):
    monkeypatch.setattr(content_versions, "RETRY_SECONDS", 0)


def test_every_public_route_answers_while_redis_is_unreachable(client, settings):
    call_command("load_demo", verbosity=0)
    settings.CACHES = redis_caches(NOBODY_LISTENS, "outage")
    page = TreatmentPage.objects.live().public().first()
    routes = ["/", page.url, "/treatments/", "/results/", "/search/?q=scars", "/sitemap.xml"]
    routes += ["/api/v1/treatments/", f"/api/v1/treatments/{page.pk}/", "/api/v1/cases/", "/api/v1/sync/"]
    assert {route: client.get(route).status_code for route in routes} == dict.fromkeys(routes, 200)


def test_a_withdrawal_during_an_outage_is_saved_and_its_invalidation_kept(client, settings):
    call_command("load_demo", verbosity=0)
    settings.CACHES = redis_caches(NOBODY_LISTENS, "outage")
    case = BeforeAfterCase.objects.visible_on("website").first()
    withdraw_consent(case.consent)
    case.consent.refresh_from_db()
    assert case.consent.withdrawn_on is not None
    assert set(content_versions.unwritten_bumps()) >= {VERSION_KEY}


def redis_or_skip():
    url = os.environ.get("REDIS_TEST_URL")
    if not url:
        pytest.skip("REDIS_TEST_URL is not set: this test needs a real Redis (make test sets it).")
    return url


@pytest.mark.redis
def test_a_bump_lost_in_an_outage_is_written_before_the_cache_is_trusted_again(
    client, settings, treatment_index, retry_at_once
):
    settings.CACHES = redis_caches(redis_or_skip(), "outage-test")
    from django.core.cache import caches

    caches["default"].clear()
    page = publish(f.TreatmentPageFactory(parent=treatment_index, title="Exosomes"))
    url = f"/api/v1/treatments/{page.pk}/"
    assert client.get(url).json()["title"] == "Exosomes"  # now cached in Redis under the current version

    # Redis stays reachable for reads but the bump cannot be written: a partition, or Redis restarting.
    settings.CACHES = {
        **redis_caches(redis_or_skip(), "outage-test"),
        "versions": redis_caches(NOBODY_LISTENS, "x")["versions"],
    }
    page.title = "Exosome therapy"
    publish(page)
    assert content_versions.unwritten_bumps(), "the bump failed and is kept"
    assert client.get(url).json()["title"] == "Exosome therapy", "nothing cached is read while a bump is unwritten"

    settings.CACHES = redis_caches(redis_or_skip(), "outage-test")  # Redis answers again
    assert client.get(url).json()["title"] == "Exosome therapy", "the old cached copy is never served"
    assert content_versions.unwritten_bumps() == {}
    caches["default"].clear()
