"""Finding 6: a page is not live anywhere from the second its `expire_at` passes, with no `publish_scheduled` run.

Every route is visited once before the expiry (warming every cache on the way) and again after it, with the
clock moved by time-machine: the HTML page, the index, the home page, search, the sitemap, the API list, detail
(by id, slug and path), sync, related-treatment links (HTML and API), the gallery's treatment filter and the
cases API filter.
"""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from tests.api.conftest import publish
from tests.factories import treatments as f
from tests.factories.galleries import GalleryPageFactory
from treatments import expiry
from treatments.change_log.models import ContentChange
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

SLUG = "laser-resurfacing"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def pages(home_and_index):
    """An expiring treatment, a lasting one that links to it, and a gallery page; the expiry is an hour away."""
    home, index = home_and_index
    expires = (timezone.now() + datetime.timedelta(hours=1)).replace(microsecond=0)
    expiring = f.TreatmentPageFactory(parent=index, title="Laser resurfacing", slug=SLUG, expire_at=expires)
    expiring.body = [f.faq("Does laser resurfacing hurt?", "<p>A little, for a day.</p>")]
    publish(expiring)
    lasting = f.TreatmentPageFactory(parent=index, title="Chemical peel", slug="chemical-peel")
    lasting.save_revision()
    lasting.related_treatments.create(treatment=expiring)
    publish(lasting)
    gallery = GalleryPageFactory(parent=home)
    return {"expiring": TreatmentPage.objects.get(pk=expiring.pk), "lasting": lasting, "gallery": gallery}


def visible_everywhere(client, api, pages):
    """Where the expiring page shows, route by route: {route: True/False}."""
    page, lasting = pages["expiring"], pages["lasting"]
    listed = api.get("/api/v1/treatments/").json()["results"]
    snapshot = api.get("/api/v1/sync/").json()
    lasting_json = api.get(f"/api/v1/treatments/{lasting.pk}/").json()
    return {
        "page": client.get(f"/treatments/{SLUG}/").status_code == 200,
        "index": f"/treatments/{SLUG}/" in client.get("/treatments/").content.decode(),
        "home": f"/treatments/{SLUG}/" in client.get("/").content.decode(),
        "search": f"/treatments/{SLUG}/" in client.get("/search/", {"q": "laser resurfacing"}).content.decode(),
        "sitemap": f"/treatments/{SLUG}/" in client.get("/sitemap.xml").content.decode(),
        "related_html": f"/treatments/{SLUG}/" in client.get("/treatments/chemical-peel/").content.decode(),
        "gallery_filter": f'value="{SLUG}"' in client.get(pages["gallery"].url).content.decode(),
        "cases_filter": api.get("/api/v1/cases/", {"treatment": SLUG}).status_code == 200,
        "api_list": any(item["id"] == page.pk for item in listed),
        "api_detail": api.get(f"/api/v1/treatments/{page.pk}/").status_code == 200,
        "api_slug": api.get(f"/api/v1/treatments/{SLUG}/").status_code == 200,
        "api_path": api.get("/api/v1/treatments/find/", {"path": f"/treatments/{SLUG}/"}).status_code == 200,
        "api_sync": any(item["id"] == page.pk for item in snapshot["changes"]["treatments"]),
        "api_related": f"/treatments/{SLUG}/" in str(lasting_json),
    }


def test_an_expired_page_is_gone_from_every_route_without_publish_scheduled(client, api, pages):
    expires = pages["expiring"].expire_at
    before = visible_everywhere(client, api, pages)
    assert all(before.values()), before  # every route shows it (and has cached what it could)
    with time_machine.travel(expires - datetime.timedelta(seconds=1), tick=False):
        assert all(visible_everywhere(client, api, pages).values())
    with time_machine.travel(expires, tick=False):
        after = visible_everywhere(client, api, pages)
    assert not any(after.values()), {route: shown for route, shown in after.items() if shown}
    assert TreatmentPage.objects.get(pk=pages["expiring"].pk).live, "nobody unpublished it: expiry did this alone"


def test_sync_reports_the_expired_page_as_removed(api, pages):
    page = pages["expiring"]
    start = api.get("/api/v1/sync/").json()
    with time_machine.travel(page.expire_at + datetime.timedelta(minutes=5), tick=False):
        by_cursor = api.get("/api/v1/sync/", {"since": start["cursor"]}).json()
        again = api.get("/api/v1/sync/", {"since": start["cursor"]}).json()
    assert [stone["id"] for stone in by_cursor["tombstones"]] == [page.pk]
    assert again == by_cursor, "the removal is written once"
    expired = ContentChange.objects.filter(cause="page.expired", resource_type="treatment", resource_id=page.pk)
    assert list(expired.values_list("changed_at", flat=True)) == [page.expire_at]


def test_cached_api_responses_and_client_caches_do_not_outlive_the_expiry(api, pages):
    page = pages["expiring"]
    first = api.get("/api/v1/treatments/")
    max_age = int(first["Cache-Control"].split("max-age=")[1].split(",")[0])
    shared = int(first["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    left = (page.expire_at - timezone.now()).total_seconds()
    assert max_age <= left
    assert shared <= left
    with time_machine.travel(page.expire_at - datetime.timedelta(seconds=30), tick=False):
        close = api.get("/api/v1/treatments/")
        assert "s-maxage=30," in close["Cache-Control"] or "s-maxage=29," in close["Cache-Control"]
    with time_machine.travel(page.expire_at, tick=False):
        later = api.get("/api/v1/treatments/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert later.status_code == 200, "a client's copy from before the expiry is not current"
        assert page.pk not in [item["id"] for item in later.json()["results"]]
        revalidated = api.get("/api/v1/treatments/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert revalidated.status_code == 200


def test_a_queryset_built_before_the_expiry_still_expires_on_time(pages):
    page = pages["expiring"]
    built_early = TreatmentPage.objects.live()  # e.g. a form's choices, made when the code was imported
    assert page in list(built_early.all())
    with time_machine.travel(page.expire_at, tick=False):
        assert page not in list(built_early.all())
        assert not expiry.is_live(page)
        assert TreatmentPage.objects.not_live().filter(pk=page.pk).exists()


def test_publish_scheduled_afterwards_changes_nothing_visible(client, api, pages):
    page = pages["expiring"]
    with time_machine.travel(page.expire_at + datetime.timedelta(seconds=1), tick=False):
        api.get("/api/v1/sync/")
        call_command("publish_scheduled")
        assert not TreatmentPage.objects.get(pk=page.pk).live
        assert not any(visible_everywhere(client, api, pages).values())


def test_a_page_that_never_expires_is_untouched(client, api, pages):
    lasting = pages["lasting"]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3650), tick=False):
        assert client.get("/treatments/chemical-peel/").status_code == 200
        assert api.get(f"/api/v1/treatments/{lasting.pk}/").status_code == 200
