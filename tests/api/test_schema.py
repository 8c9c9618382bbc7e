"""The OpenAPI schema is valid, derived from block definitions, and real responses conform to it."""

import pytest
from openapi_spec_validator import validate
from wagtail import blocks

from tests.api.conftest import demo_article, publish
from tests.api.schema_tools import errors_against
from tests.factories import treatments as f
from treatments.blocks import TreatmentBodyBlock

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def named_blocks(block, seen=None):
    """Every StructBlock and StreamBlock class inside a block definition, with the stream children."""
    seen = {} if seen is None else seen
    if isinstance(block, blocks.StreamBlock):
        seen[type(block).__name__.removesuffix("Block")] = block
        for child in block.child_blocks.values():
            named_blocks(child, seen)
    elif isinstance(block, blocks.ListBlock):
        named_blocks(block.child_block, seen)
    elif isinstance(block, blocks.StructBlock) and type(block).__module__.startswith("treatments"):
        seen[type(block).__name__] = block
        for child in block.child_blocks.values():
            named_blocks(child, seen)
    return seen


def test_schema_is_a_valid_openapi_document(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.0")


def test_schema_covers_only_the_v1_api(schema):
    assert schema["paths"]
    assert all(path.startswith("/api/v1/") for path in schema["paths"])


def test_every_operation_documents_its_errors_in_the_one_error_shape(schema):
    """A generated client gets typed errors: 400 and 429 everywhere, 404 wherever something is looked up."""
    error = {"$ref": "#/components/schemas/Error"}
    assert set(schema["components"]["schemas"]["ErrorDetail"]["required"]) == {"status", "code", "message"}
    for path, operations in schema["paths"].items():
        responses = operations["get"]["responses"]
        statuses = {"400", "429"} | ({"404"} if "{" in path or path.endswith("/find/") else set())
        for status in statuses:
            assert responses[status]["content"]["application/json"]["schema"] == error, (path, status)
    assert "403" in schema["paths"]["/api/v1/preview/"]["get"]["responses"]


def test_parameters_document_the_bounds_they_enforce(schema):
    def parameter(path, name):
        return next(p["schema"] for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name)

    assert parameter("/api/v1/treatments/", "limit") == {"type": "integer", "minimum": 1, "maximum": 100}
    assert parameter("/api/v1/products/", "offset") == {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
    assert parameter("/api/v1/treatments/", "ordering")["enum"]
    assert parameter("/api/v1/treatments/", "updated_since")["format"] == "date-time"
    assert parameter("/api/v1/cases/", "page_size") == {"type": "integer", "minimum": 1, "maximum": 100}
    find = schema["paths"]["/api/v1/treatments/find/"]["get"]["parameters"]
    assert [p["required"] for p in find if p["name"] == "path"] == [True]


def test_every_block_type_is_a_named_component(schema):
    components = schema["components"]["schemas"]
    missing = [
        name
        for name in named_blocks(TreatmentBodyBlock())
        if name not in components and name + "Item" not in components
    ]
    assert missing == []
    for name in ["FAQBlock", "CostOptionBlock", "ComparisonTableBlock", "ProTipBlock", "GalleryLinkBlock"]:
        assert components[name]["type"] == "object"


def test_body_is_an_array_of_a_union_discriminated_on_type(schema):
    components = schema["components"]["schemas"]
    body = components["TreatmentDetail"]["properties"]["body"]
    assert body["type"] == "array"
    union = components[body["items"]["$ref"].rsplit("/", 1)[1]]
    assert union["discriminator"]["propertyName"] == "type"
    assert set(union["discriminator"]["mapping"]) == set(TreatmentBodyBlock().child_blocks)
    assert len(union["oneOf"]) == len(TreatmentBodyBlock().child_blocks)
    faq = components["TreatmentBodyFaqItem"]
    assert faq["properties"]["type"]["enum"] == ["faq"]
    assert faq["properties"]["value"] == {"$ref": "#/components/schemas/FAQBlock"}


def test_computed_values_are_part_of_their_block_component(schema):
    components = schema["components"]["schemas"]
    assert {"total_from", "total_to", "is_range"} <= set(components["CostOptionBlock"]["properties"])
    assert "anchor_id" in components["FAQBlock"]["properties"]
    assert {"gallery_url", "cases"} <= set(components["GalleryLinkBlock"]["properties"])
    assert components["ProTipBlock"]["properties"]["clinician"]["allOf"] == [{"$ref": "#/components/schemas/Clinician"}]


def test_a_new_block_gets_its_component_without_a_hand_written_schema(schema):
    from drf_spectacular.openapi import AutoSchema
    from drf_spectacular.plumbing import ComponentRegistry

    from treatments.api.schema import BlockSchemaBuilder

    class DosageBlock(blocks.StructBlock):
        """A dose and how often to take it."""

        amount = blocks.DecimalBlock()
        times_a_day = blocks.IntegerBlock()
        notes = blocks.ListBlock(blocks.CharBlock())

    auto_schema = AutoSchema()
    auto_schema.registry = ComponentRegistry()
    ref = BlockSchemaBuilder(auto_schema, "response").schema(DosageBlock())
    assert ref == {"$ref": "#/components/schemas/DosageBlock"}
    component = auto_schema.registry.build({})["schemas"]["DosageBlock"]
    assert component["properties"]["times_a_day"] == {"type": "integer"}
    assert component["properties"]["notes"] == {"type": "array", "items": {"type": "string"}}


def test_real_detail_responses_validate_against_the_schema(schema, api, treatment_index):
    pages = [
        demo_article(treatment_index, title="Exosomes"),
        demo_article(treatment_index, title="Profhilo", copies=2),
        publish(f.TreatmentPageFactory(parent=treatment_index, title="Bare", price_from=None, price_to=None)),
    ]
    for page in pages:
        response = api.get(f"/api/v1/treatments/{page.pk}/")
        assert response.status_code == 200
        assert errors_against(schema, "TreatmentDetail", response.json()) == []


def test_a_response_that_breaks_the_schema_is_caught(schema, api, article):
    data = api.get(f"/api/v1/treatments/{article.pk}/").json()
    data["body"][0]["value"]["nodes"][0]["level"] = "two"
    assert errors_against(schema, "TreatmentDetail", data) != []


def test_list_and_snippet_responses_validate_against_the_schema(schema, api, article):
    cases = {
        "/api/v1/treatments/": "PaginatedTreatmentList",
        "/api/v1/treatments/?fields=title,hero_image": "PaginatedTreatmentList",
        "/api/v1/conditions/": "PaginatedConditionList",
        "/api/v1/products/": "PaginatedProductList",
        "/api/v1/clinicians/": "PaginatedClinicianList",
        "/api/v1/sync/": "SyncBatch",
    }
    for url, component in cases.items():
        response = api.get(url)
        assert response.status_code == 200, url
        assert response.json().get("results", response.json().get("changes")), url
        assert errors_against(schema, component, response.json()) == [], url


def test_docs_page_serves_swagger_ui_from_this_site(api):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()


def test_every_page_of_the_demo_content_validates(schema, api):
    """Runs against the project's own demo content (`load_demo`) once that command is part of the project."""
    from django.core.management import call_command, get_commands

    from treatments.models import TreatmentPage

    if "load_demo" not in get_commands():
        pytest.skip("No load_demo command in this checkout; demo-like pages are validated above.")
    call_command("load_demo", verbosity=0)
    pages = TreatmentPage.objects.live().public()
    assert pages.exists()
    for page in pages:
        response = api.get(f"/api/v1/treatments/{page.pk}/")
        assert response.status_code == 200, page.title
        assert errors_against(schema, "TreatmentDetail", response.json()) == [], page.title


def test_wagtail_v2_gets_the_same_block_json_from_the_block_definitions(api, article):
    ours = api.get(f"/api/v1/treatments/{article.pk}/").json()["body"]
    theirs = api.get(f"/api/wagtail-v2/pages/{article.pk}/").json()["body"]
    assert theirs == ours


def test_wagtail_v2_shows_images_as_v1_does_never_the_original(api, article):
    theirs = api.get(f"/api/wagtail-v2/pages/{article.pk}/").json()["hero_image"]
    ours = api.get(f"/api/v1/treatments/{article.pk}/").json()["hero_image"]
    assert theirs == ours and theirs["renditions"]
    assert "original_images" not in str(theirs)


def test_wagtail_v2_is_mounted_only_when_asked_for(settings):
    import importlib

    import clinic_site.api

    def mounted():
        return any(
            str(pattern.pattern) == "api/wagtail-v2/" for pattern in importlib.reload(clinic_site.api).urlpatterns
        )

    try:
        settings.TREATMENTS_API_WAGTAIL_V2 = False
        assert not mounted(), "off by default: it exists only for the benchmark"
        settings.TREATMENTS_API_WAGTAIL_V2 = True
        assert mounted()
    finally:
        importlib.reload(clinic_site.api)
