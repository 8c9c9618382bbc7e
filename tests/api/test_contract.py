"""The API contract typed clients rely on: documented 304s and headers, unambiguous paths, required list fields,
discriminable `type`s, one money format, and serializers whose fields are the JSON they answer with."""

import re

import pytest

from tests.api.conftest import publish
from tests.api.schema_tools import errors_against
from tests.factories import treatments as f
from treatments.api.money import MONEY

pytestmark = pytest.mark.django_db

CONDITIONAL = [
    "/api/v1/treatments/",
    "/api/v1/treatments/{id}/",
    "/api/v1/treatments/by-slug/{slug}/",
    "/api/v1/treatments/find/",
    "/api/v1/conditions/",
    "/api/v1/conditions/{id}/",
    "/api/v1/products/",
    "/api/v1/products/{id}/",
    "/api/v1/clinicians/",
    "/api/v1/clinicians/{id}/",
]


@pytest.fixture
def schema(api):
    return api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def component(schema, ref):
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def test_operations_answering_conditional_gets_document_304_and_their_headers(schema):
    for path in CONDITIONAL:
        responses = schema["paths"][path]["get"]["responses"]
        assert "304" in responses, path
        assert "content" not in responses["304"], path
        for status in ("200", "304"):
            assert {"ETag", "Last-Modified", "Cache-Control"} <= set(responses[status].get("headers", {})), path
    for path, operations in schema["paths"].items():
        assert "Retry-After" in operations["get"]["responses"]["429"].get("headers", {}), path


def test_every_documented_304_is_answered(api, treatment_index):
    condition = f.ConditionFactory(name="Rosacea")
    page = f.TreatmentPageFactory(parent=treatment_index, title="Laser toning", slug="laser-toning")
    page.conditions.add(condition)
    publish(page)
    product, clinician = f.ProductFactory(), f.ClinicianFactory()
    urls = [
        "/api/v1/treatments/",
        f"/api/v1/treatments/{page.pk}/",
        "/api/v1/treatments/by-slug/laser-toning/",
        "/api/v1/treatments/find/?path=/treatments/laser-toning/",
        "/api/v1/conditions/",
        f"/api/v1/conditions/{condition.pk}/",
        "/api/v1/products/",
        f"/api/v1/products/{product.pk}/",
        "/api/v1/clinicians/",
        f"/api/v1/clinicians/{clinician.pk}/",
    ]
    for url in urls:
        first = api.get(url)
        assert first.status_code == 200, url
        again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again["ETag"] == first["ETag"] and again["Last-Modified"] and again["Cache-Control"], url


def test_every_page_has_one_documented_path_and_a_numeric_slug_is_reachable(api, schema, treatment_index):
    assert "/api/v1/treatments/{slug}/" not in schema["paths"], "the same template as /{id}/, which OpenAPI forbids"
    assert "/api/v1/treatments/by-slug/{slug}/" in schema["paths"]
    numeric = publish(f.TreatmentPageFactory(parent=treatment_index, title="Year of skin", slug="2024"))
    worded = publish(f.TreatmentPageFactory(parent=treatment_index, title="Exosomes", slug="exosomes"))
    assert api.get("/api/v1/treatments/by-slug/2024/").json()["id"] == numeric.pk
    assert api.get("/api/v1/treatments/by-slug/exosomes/").json()["id"] == worded.pk
    assert api.get("/api/v1/treatments/exosomes/").json()["id"] == worded.pk, "the old slug URL still answers"
    assert api.get("/api/v1/treatments/by-slug/nothing-here/").status_code == 404


def test_list_items_carry_their_required_fields_unless_fields_is_given(schema):
    page = schema["components"]["schemas"]["PaginatedTreatmentList"]
    variants = [component(schema, ref) for ref in page["properties"]["results"]["items"]["anyOf"]]
    fewest_required_first = sorted(variants, key=lambda variant: len(variant.get("required", [])))
    (subset_required, subset), (full_required, full) = [
        (sorted(variant.get("required", [])), sorted(variant["properties"])) for variant in fewest_required_first
    ]
    assert subset_required == ["id"] and subset == full
    assert full_required == full, "without fields= every summary field is there"


def test_constant_types_are_one_value_enums(schema):
    components = schema["components"]["schemas"]
    for name in ("TreatmentSummary", "TreatmentSummaryFields", "TreatmentDetail"):
        assert components[name]["properties"]["type"]["enum"] == ["treatment"], name
        assert components[name]["properties"]["type"]["type"] == "string", name
    tombstone_type = components["Tombstone"]["properties"]["type"]
    tombstone_type = (
        components[tombstone_type["$ref"].rpartition("/")[2]] if "$ref" in tombstone_type else tombstone_type
    )
    assert tombstone_type["enum"] == ["treatment", "product", "clinician", "condition", "case"]


def money_schemas(node, where=""):
    """(where, schema) of every decimal string in a schema document."""
    if isinstance(node, dict):
        if node.get("format") == "decimal":
            yield where, node
        for key, value in node.items():
            yield from money_schemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for number, item in enumerate(node):
            yield from money_schemas(item, f"{where}/{number}")


def test_money_has_one_format_and_one_pattern(api, schema, treatment_index):
    components = schema["components"]["schemas"]
    resources = [
        components["TreatmentSummary"]["properties"]["price_from"],
        components["Prices"]["properties"]["price_to"],
        components["Product"]["properties"]["price"],
    ]
    assert all(money["pattern"] == MONEY["pattern"] for money in resources)
    unpatterned = [where for where, money in money_schemas(components) if money.get("pattern") != MONEY["pattern"]]
    assert not unpatterned, f"money without the one pattern (cost totals included): {unpatterned}"
    publish(f.TreatmentPageFactory(parent=treatment_index, price_from="600", price_to="1250.50"))
    item = api.get("/api/v1/treatments/").json()["results"][0]
    assert (item["price_from"], item["price_to"]) == ("600.00", "1250.50")
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in (item["price_from"], item["price_to"]))


def test_serializers_declare_exactly_the_json_they_answer_with(api, article):
    from treatments.api.serializers import (
        ClinicianSerializer,
        ConditionSerializer,
        ProductSerializer,
        TreatmentDetailSerializer,
        TreatmentSummarySerializer,
    )

    answers = {
        TreatmentDetailSerializer: api.get(f"/api/v1/treatments/{article.pk}/").json(),
        TreatmentSummarySerializer: api.get("/api/v1/treatments/").json()["results"][0],
        ConditionSerializer: api.get("/api/v1/conditions/").json()["results"][0],
        ProductSerializer: api.get("/api/v1/products/").json()["results"][0],
        ClinicianSerializer: api.get("/api/v1/clinicians/").json()["results"][0],
    }
    for serializer, data in answers.items():
        assert list(data) == list(serializer().fields), serializer.__name__


def test_fields_subset_validates_as_the_subset_component(api, schema, treatment_index):
    publish(f.TreatmentPageFactory(parent=treatment_index, title="Exosomes"))
    item = api.get("/api/v1/treatments/", {"fields": "title"}).json()["results"][0]
    assert set(item) == {"id", "title"}
    assert errors_against(schema, "TreatmentSummaryFields", item) == []
    assert errors_against(schema, "TreatmentSummary", item) != []
