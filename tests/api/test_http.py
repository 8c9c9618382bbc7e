"""HTTP behaviour: validators and 304s, CDN-friendly caching, invalidation on publish/unpublish/delete, throttling."""

import os
import random
import time

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from clinic_site.cache_config import redis_caches
from tests.api.conftest import publish
from tests.factories import treatments as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(treatment_index):
    return publish(f.TreatmentPageFactory(parent=treatment_index, title="Exosomes"))


def detail_url(page):
    return f"/api/v1/treatments/{page.pk}/"


@pytest.mark.parametrize("url", ["detail", "list"])
def test_responses_carry_etag_last_modified_and_cache_control(api, page, url):
    response = api.get(detail_url(page) if url == "detail" else "/api/v1/treatments/")
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "public" in response["Cache-Control"]
    assert "s-maxage=" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["detail", "list"])
def test_conditional_get_with_the_etag_gets_304(api, page, url):
    url = detail_url(page) if url == "detail" else "/api/v1/treatments/"
    etag = api.get(url)["ETag"]
    response = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert api.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_conditional_get_with_last_modified_gets_304(api, page):
    last_modified = api.get(detail_url(page))["Last-Modified"]
    assert api.get(detail_url(page), HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert api.get(detail_url(page), HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200


def test_repeated_requests_are_served_from_the_cache_with_one_read_of_the_change_log(api, page):
    api.get(detail_url(page))
    with CaptureQueriesContext(connection) as captured:
        response = api.get(detail_url(page))
    assert response.status_code == 200
    (query,) = [query["sql"] for query in captured]
    assert "treatments_changeloghead" in query


def test_publishing_a_change_invalidates_the_cached_response(api, page):
    before = api.get(detail_url(page))
    page.title = "Exosomes, revised"
    publish(page)
    after = api.get(detail_url(page))
    assert after.json()["title"] == "Exosomes, revised"
    assert after["ETag"] != before["ETag"]
    assert api.get(detail_url(page), HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
    assert [item["title"] for item in api.get("/api/v1/treatments/").json()["results"]] == ["Exosomes, revised"]


def test_unpublishing_invalidates_detail_and_list(api, page):
    api.get(detail_url(page))
    api.get("/api/v1/treatments/")
    page.unpublish()
    assert api.get(detail_url(page)).status_code == 404
    assert api.get("/api/v1/treatments/").json()["count"] == 0


def test_deleting_invalidates_detail_and_list(api, page):
    api.get(detail_url(page))
    api.get("/api/v1/treatments/")
    page.delete()
    assert api.get(detail_url(page)).status_code == 404
    assert api.get("/api/v1/treatments/").json()["count"] == 0


def test_saving_a_draft_changes_nothing_served(api, page):
    before = api.get(detail_url(page)).json()
    page.title = "Unreviewed new title"
    page.save_revision()
    assert api.get(detail_url(page)).json() == before


def test_changing_an_embedded_product_invalidates_the_cache(api, treatment_index):
    item = f.ProductFactory(name="Serum A")
    page = f.TreatmentPageFactory(parent=treatment_index)
    page.body = [f.product(item)]
    publish(page)
    assert api.get(detail_url(page)).json()["body"][0]["value"]["product"]["name"] == "Serum A"
    item.is_active = False
    item.save()
    assert api.get(detail_url(page)).json()["body"][0]["value"]["product"] is None


def test_error_responses_share_one_shape(api, page):
    shapes = {
        400: api.get("/api/v1/treatments/", {"limit": "-5"}),
        403: api.get("/api/v1/preview/", {"token": "tampered"}),
        404: api.get("/api/v1/treatments/999999/"),
    }
    for status, response in shapes.items():
        assert response.status_code == status
        error = response.json()["error"]
        assert error["status"] == status
        assert error["code"]
        assert error["message"]


def test_a_response_built_while_a_change_lands_is_not_cached_as_current(api, page, monkeypatch):
    from django.core.cache import cache
    from django.test import RequestFactory

    from treatments import change_log
    from treatments.api import caching, documents

    served_text = documents.served_text

    def change_lands_meanwhile(page, request):
        text = served_text(page, request)
        change_log.record("test.published_meanwhile", {"treatment": {page.pk}})  # e.g. an editor publishes
        return text

    monkeypatch.setattr(documents, "served_text", change_lands_meanwhile)
    assert api.get(detail_url(page)).status_code == 200
    assert cache.get(caching.response_key(RequestFactory().get(detail_url(page)))) is None


# ---------------------------------------------------------------- throttling on the real Redis
def redis_url_or_skip():
    url = os.environ.get("REDIS_TEST_URL")
    if not url:
        pytest.skip("REDIS_TEST_URL is not set: the throttling test needs a real Redis (make test sets it).")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"Redis at {url} does not answer ({error}).")
    return url


@pytest.mark.redis
def test_anonymous_clients_are_throttled_on_redis(api, page):
    import redis

    url = redis_url_or_skip()
    ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    with override_settings(CACHES=redis_caches(url, "clinic-api-throttle-test"), TREATMENTS_API_ANON_RATE="3/min"):
        statuses = [api.get(detail_url(page), REMOTE_ADDR=ip).status_code for _ in range(4)]
        throttled = api.get(detail_url(page), REMOTE_ADDR=ip)
        keys = redis.Redis.from_url(url).keys(f"clinic-api-throttle-test:*throttle_treatments_api_anon_{ip}")
        from django.core.cache import cache

        cache.delete_many([key.decode().split(":", 2)[2] for key in keys])
    assert statuses == [200, 200, 200, 429]
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    error = throttled.json()["error"]
    assert error["status"] == 429
    assert error["code"] == "throttled"
    assert keys, "the throttle history should live in Redis"


def test_throttle_rate_comes_from_settings(api, page):
    with override_settings(TREATMENTS_API_ANON_RATE="2/min"):
        statuses = [api.get(detail_url(page), REMOTE_ADDR="10.9.9.9").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_if_modified_since_sees_changes_to_embedded_records(api, treatment_index):
    item = f.ProductFactory(name="Serum A")
    page = f.TreatmentPageFactory(parent=treatment_index)
    page.body = [f.product(item)]
    publish(page)
    last_modified = api.get(detail_url(page))["Last-Modified"]
    time.sleep(1.1)  # HTTP dates count whole seconds; ETags catch changes within one second
    item.name = "Serum B"
    item.save()
    response = api.get(detail_url(page), HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200
    assert response.json()["body"][0]["value"]["product"]["name"] == "Serum B"
