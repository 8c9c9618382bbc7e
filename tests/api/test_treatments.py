"""Treatments list and detail: lookups, filters, ordering, pagination, sparse fields and 400s for bad input."""

from decimal import Decimal

import pytest

from tests.api.conftest import publish
from tests.factories import treatments as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(treatment_index):
    acne = f.ConditionFactory(name="Acne scars")
    lines = f.ConditionFactory(name="Fine lines")
    pages = {}
    for title, score, low, high, conditions in [
        ("Exosomes", 1, "600", "800", [acne]),
        ("Fraxel", 4, "1490", None, [acne, lines]),
        ("Tretinoin", 5, "70", None, [lines]),
        ("Profhilo", 3, "450", "550", []),
    ]:
        page = f.TreatmentPageFactory(
            parent=treatment_index,
            title=title,
            science_score=score,
            price_from=Decimal(low),
            price_to=Decimal(high) if high else None,
        )
        page.conditions.set(conditions)
        pages[title] = publish(page)
    return pages


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


def test_lists_treatments_by_title_with_count(api, catalogue):
    response = api.get("/api/v1/treatments/")
    assert titles(response) == ["Exosomes", "Fraxel", "Profhilo", "Tretinoin"]
    assert response.json()["count"] == 4


def test_detail_by_id_slug_and_path_are_the_same_article(api, catalogue):
    page = catalogue["Fraxel"]
    by_id = api.get(f"/api/v1/treatments/{page.pk}/").json()
    by_slug = api.get("/api/v1/treatments/fraxel/").json()
    by_path = api.get("/api/v1/treatments/find/", {"path": "/treatments/fraxel/"}).json()
    assert by_id["title"] == "Fraxel"
    assert by_id == by_slug == by_path
    assert by_id["url"] == "http://testserver/treatments/fraxel/"
    assert by_id["api_url"] == f"http://testserver/api/v1/treatments/{page.pk}/"


def test_detail_carries_summary_card_prices_and_credits(api, article):
    data = api.get(f"/api/v1/treatments/{article.pk}/").json()
    assert data["summary_card"]["science_score"] == 3
    assert data["summary_card"]["science_score_label"] == "Science score: 3 out of 5"
    assert data["prices"] == {
        "price_from": "600.00",
        "price_to": "800.00",
        "currency": "USD",
        "is_range": True,
        "typical_sessions": 3,
        "includes": "",
    }
    assert data["author"]["name"] == "Dr Ada Example"
    assert data["author"]["photo"]["renditions"]
    assert data["last_reviewed"] == "2024-05-01"
    assert [c["slug"] for c in data["conditions"]] == ["acne-scars", "fine-lines"]
    related = data["related_treatments"][0]
    assert related["title"] == "Exosomes PRP"
    assert related["api_url"].endswith(f"/api/v1/treatments/{related['id']}/")


def test_blocks_come_typed_with_computed_values(api, article):
    body = {block["type"]: block["value"] for block in api.get(f"/api/v1/treatments/{article.pk}/").json()["body"]}
    assert len(body) == 11
    assert body["cost_comparison"]["options"][1]["total_from"] == "1800"
    assert body["cost_comparison"]["options"][1]["total_to"] == "2400"
    assert body["faq"]["anchor_id"] == "is-it-worth-it-0"
    assert body["comparison_table"]["header"] == ["", "Exosomes", "PRP"]
    assert body["comparison_table"]["rows"][0]["cells"] == ["Type", "Vial", "Blood"]
    assert body["pro_tip"]["clinician"]["name"]
    assert body["product"]["product"]["shop_id"] == body["rich_text"]["nodes"][-1]["product"]["shop_id"]
    assert body["image"]["image"]["alt"] == "A description"
    formats = {rendition["format"] for rendition in body["image"]["image"]["renditions"]}
    assert formats == {"webp", "jpeg"}
    assert body["gallery_link"]["cases"] == []


def test_rich_text_has_no_internal_markup_and_a_node_tree(api, article):
    body = api.get(f"/api/v1/treatments/{article.pk}/").json()["body"]
    text = body[0]["value"]
    assert "linktype" not in text["html"]
    assert "<embed" not in text["html"]
    assert "show_products" not in text["html"]
    assert [node["type"] for node in text["nodes"]] == ["heading", "paragraph", "list", "paragraph", "product"]
    links = [node for node in text["nodes"][1]["children"] if node["type"] == "link"]
    assert links[0]["target"]["kind"] == "page"
    assert links[0]["target"]["api_url"].endswith(f"/api/v1/treatments/{links[0]['target']['id']}/")
    assert links[1]["target"] == {"kind": "external", "id": None, "url": "https://example.org/study", "api_url": None}
    marks = {(node["text"], node["bold"], node["italic"]) for node in text["nodes"][1]["children"] if "text" in node}
    assert ("bold", True, False) in marks
    assert ("italic", False, True) in marks


def test_links_to_a_product_page_are_product_links(api, treatment_index):
    item = f.ProductFactory(buy_url="https://shop.example.com/only-this")
    page = f.TreatmentPageFactory(parent=treatment_index)
    page.body = [f.rich_text('<p><a href="https://shop.example.com/only-this">Buy it</a></p>')]
    publish(page)
    node = api.get(f"/api/v1/treatments/{page.pk}/").json()["body"][0]["value"]["nodes"][0]["children"][0]
    assert node["target"]["kind"] == "product"
    assert node["target"]["id"] == item.pk


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"condition": "acne-scars"}, ["Exosomes", "Fraxel"]),
        ({"condition": "acne-scars,fine-lines"}, ["Exosomes", "Fraxel", "Tretinoin"]),
        ({"min_science_score": "4"}, ["Fraxel", "Tretinoin"]),
        ({"price_max": "500"}, ["Profhilo", "Tretinoin"]),
        ({"price_min": "700"}, ["Exosomes", "Fraxel"]),
        ({"ordering": "-science_score"}, ["Tretinoin", "Fraxel", "Profhilo", "Exosomes"]),
        ({"ordering": "price_from"}, ["Tretinoin", "Profhilo", "Exosomes", "Fraxel"]),
    ],
)
def test_filters_and_ordering(api, catalogue, query, expected):
    assert titles(api.get("/api/v1/treatments/", query)) == expected


def test_updated_since_keeps_recent_publications(api, catalogue):
    page = catalogue["Tretinoin"]
    moment = page.last_published_at.isoformat()
    assert "Tretinoin" in titles(api.get("/api/v1/treatments/", {"updated_since": moment}))
    assert titles(api.get("/api/v1/treatments/", {"updated_since": "2999-01-01"})) == []


def test_pagination_gives_count_and_links(api, catalogue):
    first = api.get("/api/v1/treatments/", {"limit": 3}).json()
    assert first["count"] == 4
    assert len(first["results"]) == 3
    assert first["previous"] is None
    second = api.get(first["next"]).json()
    assert [item["title"] for item in second["results"]] == ["Tretinoin"]
    assert second["next"] is None
    assert api.get(second["previous"]).json()["results"] == first["results"]


def test_fields_gives_sparse_items(api, catalogue):
    items = api.get("/api/v1/treatments/", {"fields": "title,science_score"}).json()["results"]
    assert items[0] == {"id": catalogue["Exosomes"].pk, "title": "Exosomes", "science_score": 1}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"bogus": "1"}, "bogus"),
        ({"min_science_score": "abc"}, "min_science_score"),
        ({"min_science_score": "9"}, "min_science_score"),
        ({"limit": "-5"}, "limit"),
        ({"limit": "1000"}, "limit"),
        ({"offset": "x"}, "offset"),
        ({"offset": "9124407695394551438931656704"}, "offset"),  # past what the database can take: was a 500
        ({"price_max": "cheap"}, "price_max"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"updated_since": "9999-12-31T23:59:59-23:59"}, "updated_since"),  # past the last date in UTC: was a 500
        ({"updated_since": "2026-02-30"}, "updated_since"),
        ({"ordering": "popularity"}, "ordering"),
        ({"fields": "title,secret"}, "fields"),
        ({"condition": "no-such-condition"}, "condition"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(api, catalogue, query, parameter):
    response = api.get("/api/v1/treatments/", query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["parameter"] == parameter
    assert error["allowed"]
    assert parameter in error["message"]


@pytest.mark.parametrize("endpoint", ["conditions", "clinicians", "products"])
def test_snippet_lists_refuse_an_offset_past_what_the_database_can_take(api, catalogue, endpoint):
    response = api.get(f"/api/v1/{endpoint}/", {"offset": str(2**80)})
    assert response.status_code == 400
    assert response.json()["error"]["allowed"] == "a whole number from 0 to 2147483647"


def test_updated_since_takes_any_offset_python_reads(api, catalogue):
    """PostgreSQL refuses offsets beyond ±15:59 in a literal; the API compares in UTC, so it never sees one."""
    response = api.get("/api/v1/treatments/", {"updated_since": "2000-06-18T13:53:54-23:44"})
    assert response.status_code == 200
    assert response.json()["count"] == len(catalogue)


def test_unknown_parameter_lists_the_allowed_ones(api, catalogue):
    error = api.get("/api/v1/treatments/", {"bogus": "1"}).json()["error"]
    assert error["code"] == "unknown_parameter"
    assert "min_science_score" in error["allowed"]


def test_unknown_treatment_and_unknown_route_get_json_404(api, catalogue):
    for url in ["/api/v1/treatments/999999/", "/api/v1/treatments/no-such-slug/", "/api/v1/nothing-here/"]:
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["status"] == 404


def test_search_ranks_title_and_summary_above_body(api, treatment_index):
    in_body = f.TreatmentPageFactory(parent=treatment_index, title="Chemical peel", intro="Acid on the skin.")
    in_body.body = [f.rich_text("<p>Some clinics pair peels with microneedling.</p>")]
    publish(in_body)
    publish(f.TreatmentPageFactory(parent=treatment_index, title="Microneedling", intro="Tiny needles."))
    publish(f.TreatmentPageFactory(parent=treatment_index, title="Exosomes", intro="Applied after microneedling."))
    publish(f.TreatmentPageFactory(parent=treatment_index, title="Botox", intro="Relaxes muscles."))
    found = titles(api.get("/api/v1/treatments/", {"search": "microneedling"}))
    assert found == ["Microneedling", "Exosomes", "Chemical peel"]


def test_snippet_endpoints(api, article):
    inactive = f.ProductFactory(is_active=False)
    products = api.get("/api/v1/products/").json()
    assert products["count"] >= 1
    assert inactive.pk not in [item["id"] for item in products["results"]]
    assert api.get(f"/api/v1/products/{inactive.pk}/").status_code == 404
    clinicians = api.get("/api/v1/clinicians/").json()["results"]
    assert any(item["photo"] and item["photo"]["renditions"] for item in clinicians)
    conditions = api.get("/api/v1/conditions/").json()["results"]
    assert {item["slug"] for item in conditions} == {"acne-scars", "fine-lines"}


def test_find_without_a_path_gets_a_400_naming_it(api, catalogue):
    error = api.get("/api/v1/treatments/find/").json()["error"]
    assert error["parameter"] == "path"
    assert error["status"] == 400


def test_writing_is_refused_with_the_json_error_shape(api, catalogue):
    response = api.post("/api/v1/treatments/", {})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_images_carry_focal_point_and_renditions_by_width(api, treatment_index):
    from tests.factories.images import ImageFactory

    photo = ImageFactory(focal_point_x=300, focal_point_y=120, focal_point_width=80, focal_point_height=60)
    page = publish(f.TreatmentPageFactory(parent=treatment_index, hero_image=photo))
    hero = api.get(f"/api/v1/treatments/{page.pk}/").json()["hero_image"]
    assert hero["focal_point"] == {"x": 300, "y": 120, "width": 80, "height": 60}
    assert (hero["width"], hero["height"]) == (640, 400)
    assert sorted((r["width"], r["format"]) for r in hero["renditions"]) == [
        (320, "jpeg"),
        (320, "webp"),
        (640, "jpeg"),
        (640, "webp"),
    ]
    assert all(r["url"].startswith("http://testserver/media/") for r in hero["renditions"])


def test_broken_rich_text_links_keep_their_text_and_never_fail(api, treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index)
    page.body = [
        f.rich_text(
            '<p><a linktype="page" id="abc">odd id</a>, <a linktype="page" id="999999">gone</a>, '
            '<a linktype="document" id="">no id</a>, <a>no href</a> &amp; <embed embedtype="image" id="1"/>end</p>'
        )
    ]
    publish(page)
    value = api.get(f"/api/v1/treatments/{page.pk}/").json()["body"][0]["value"]
    assert value["html"] == "<p>odd id, gone, no id, no href &amp; end</p>"
    assert [node["type"] for node in value["nodes"][0]["children"]] == ["text"]
