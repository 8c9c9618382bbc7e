"""Delta sync: snapshot, changes since a cursor or a time, tombstones for unpublished, deleted and private pages."""

import pytest
from wagtail.models import PageViewRestriction

from tests.api.conftest import publish
from tests.factories import treatments as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(treatment_index):
    return (
        publish(f.TreatmentPageFactory(parent=treatment_index, title="Exosomes")),
        publish(f.TreatmentPageFactory(parent=treatment_index, title="Fraxel")),
    )


def sync(api, **params):
    response = api.get("/api/v1/sync/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_first_sync_is_a_full_snapshot_with_a_cursor(api, two):
    data = sync(api)
    assert data["full"] is True
    assert [item["title"] for item in data["changes"]] == ["Exosomes", "Fraxel"]
    assert data["tombstones"] == []
    assert data["cursor"].startswith("c")


def test_nothing_new_since_the_cursor_means_empty_answer(api, two):
    cursor = sync(api)["cursor"]
    data = sync(api, since=cursor)
    assert data == {"cursor": cursor, "has_more": False, "full": False, "changes": [], "tombstones": []}


def test_a_republished_page_comes_back_as_a_change(api, two):
    cursor = sync(api)["cursor"]
    exosomes, _fraxel = two
    exosomes.title = "Exosomes, 2026 update"
    publish(exosomes)
    data = sync(api, since=cursor)
    assert [item["title"] for item in data["changes"]] == ["Exosomes, 2026 update"]
    assert data["cursor"] != cursor


@pytest.mark.parametrize("how", ["unpublish", "delete", "make_private"])
def test_removed_pages_become_tombstones(api, two, how):
    cursor = sync(api)["cursor"]
    exosomes, _fraxel = two
    pk = exosomes.pk
    if how == "unpublish":
        exosomes.unpublish()
    elif how == "delete":
        exosomes.delete()
    else:
        PageViewRestriction.objects.create(page=exosomes, restriction_type=PageViewRestriction.LOGIN)
    data = sync(api, since=cursor)
    assert data["changes"] == []
    assert [(t["type"], t["id"]) for t in data["tombstones"]] == [("treatment", pk)]
    assert sync(api, since=data["cursor"])["tombstones"] == []


def test_lifting_a_privacy_restriction_brings_the_page_back(api, two):
    exosomes, _fraxel = two
    restriction = PageViewRestriction.objects.create(page=exosomes, restriction_type=PageViewRestriction.LOGIN)
    cursor = sync(api)["cursor"]
    restriction.delete()
    assert [item["id"] for item in sync(api, since=cursor)["changes"]] == [exosomes.pk]


def test_following_cursors_in_small_batches_replays_everything(api, treatment_index):
    cursor = sync(api)["cursor"]
    pages = [publish(f.TreatmentPageFactory(parent=treatment_index, title=f"T{n}")) for n in range(5)]
    pages[0].unpublish()
    seen, gone = {}, set()
    while True:
        data = sync(api, since=cursor, limit=2)
        for item in data["changes"]:
            seen[item["id"]] = item
            gone.discard(item["id"])
        for tombstone in data["tombstones"]:
            seen.pop(tombstone["id"], None)
            gone.add(tombstone["id"])
        cursor = data["cursor"]
        if not data["has_more"]:
            break
    assert set(seen) == {page.pk for page in pages[1:]}
    assert gone == {pages[0].pk}


def test_since_accepts_a_timestamp(api, two):
    data = sync(api, since="2000-01-01T00:00:00Z")
    assert {item["id"] for item in data["changes"]} == {page.pk for page in two}
    assert sync(api, since="2999-01-01")["changes"] == []


@pytest.mark.parametrize("since", ["tomorrow", "c-1", "cx", "c99999999999999999999999", "0001-01-01T00:00:00+23:59"])
def test_malformed_since_gets_a_400(api, since):
    response = api.get("/api/v1/sync/", {"since": since})
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "since"
