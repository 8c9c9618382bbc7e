"""Only live, public treatments are served: drafts, unpublished and private pages are absent from every route."""

import pytest
from wagtail.models import PageViewRestriction

from tests.api.conftest import publish
from tests.factories import treatments as f

pytestmark = pytest.mark.django_db


def draft(index):
    page = f.TreatmentPageFactory(parent=index, title="Secret draft", live=False, intro="A hidden novelty.")
    page.save_revision()
    return page


def unpublished(index):
    page = publish(f.TreatmentPageFactory(parent=index, title="Withdrawn", intro="A hidden novelty."))
    page.unpublish()
    return page


def private(index):
    page = publish(f.TreatmentPageFactory(parent=index, title="Members only", intro="A hidden novelty."))
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    return page


HIDDEN = {"draft": draft, "unpublished": unpublished, "private": private}


@pytest.fixture(params=list(HIDDEN))
def hidden(request, treatment_index):
    publish(f.TreatmentPageFactory(parent=treatment_index, title="Visible", intro="A hidden novelty? No, public."))
    return HIDDEN[request.param](treatment_index)


def test_hidden_pages_have_no_detail(api, hidden):
    assert api.get(f"/api/v1/treatments/{hidden.pk}/").status_code == 404
    assert api.get(f"/api/v1/treatments/{hidden.slug}/").status_code == 404
    assert api.get("/api/v1/treatments/find/", {"path": f"/treatments/{hidden.slug}/"}).status_code == 404


def test_hidden_pages_are_not_listed(api, hidden):
    ids = [item["id"] for item in api.get("/api/v1/treatments/").json()["results"]]
    assert ids
    assert hidden.pk not in ids


def test_hidden_pages_are_not_found_by_search(api, hidden):
    results = api.get("/api/v1/treatments/", {"search": "novelty"}).json()["results"]
    assert [item["title"] for item in results] == ["Visible"]


def test_hidden_pages_are_not_synced(api, hidden):
    snapshot = api.get("/api/v1/sync/").json()
    assert hidden.pk not in [item["id"] for item in snapshot["changes"]["treatments"]]
    hidden.title = "Changed while hidden"
    hidden.save_revision()  # a draft change, or a change to a hidden page, shows in no copy
    delta = api.get("/api/v1/sync/", {"since": snapshot["cursor"]}).json()
    assert hidden.pk not in [item["id"] for item in delta["changes"]["treatments"]]


def test_links_and_related_treatments_to_hidden_pages_are_dropped(api, hidden, treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Linking")
    page.body = [
        f.rich_text(f'<p>See <a linktype="page" id="{hidden.pk}">the hidden one</a>.</p>'),
        f.budget_alternatives(
            [
                {
                    "concern": "Lines",
                    "treatment_page": hidden.pk,
                    "treatment_name": "",
                    "price_from": None,
                    "price_to": None,
                    "verdict": "Maybe",
                }
            ]
        ),
    ]
    page.related_treatments.create(treatment=hidden)
    publish(page)
    data = api.get(f"/api/v1/treatments/{page.pk}/").json()
    text = data["body"][0]["value"]
    assert [node["type"] for node in text["nodes"][0]["children"]] == ["text"]
    assert text["html"] == "<p>See the hidden one.</p>"
    alternative = data["body"][1]["value"]["alternatives"][0]
    assert alternative["treatment_page"] is None
    assert alternative["treatment_title"] == ""
    assert data["related_treatments"] == []


def test_inactive_products_are_null_and_vanish_from_text(api, treatment_index):
    item = f.ProductFactory(is_active=False, shop_id=9833)
    page = f.TreatmentPageFactory(parent=treatment_index)
    page.body = [f.rich_text('<p>Try [show_products product="9833"]</p>'), f.product(item)]
    publish(page)
    body = api.get(f"/api/v1/treatments/{page.pk}/").json()["body"]
    assert [node["type"] for node in body[0]["value"]["nodes"]] == ["paragraph"]
    assert "9833" not in body[0]["value"]["html"]
    assert body[1]["value"]["product"] is None
