"""With a shared Redis cache (several app servers), a withdrawal invalidates every server's cached embeds."""

import os

import pytest
from django.core.cache import caches

from clinic_site.cache_config import redis_caches
from galleries.consent import withdraw_consent
from tests.factories.galleries import consented_case
from tests.galleries.test_withdrawal import embed_html

pytestmark = [pytest.mark.django_db, pytest.mark.redis]
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")


@pytest.fixture
def redis_cache(settings):
    if not REDIS_TEST_URL:
        pytest.skip("Set REDIS_TEST_URL (e.g. redis://127.0.0.1:6379/14) to run the Redis tests.")
    settings.CACHES = redis_caches(REDIS_TEST_URL, "galleries-test")
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def test_withdrawal_invalidates_embeds_cached_in_redis(redis_cache, gallery, treatment):
    case = consented_case("valid", treatments=[treatment])
    marker = f'id="case-{case.pk}"'
    assert marker in embed_html(treatment)
    assert any(key.startswith("galleries:embed:") for key in redis_cache.keys("galleries:*"))
    withdraw_consent(case.consent)
    assert marker not in embed_html(treatment)
