"""The cases API: mobile-app consent only, gallery filters, 400 naming bad parameters, flat query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator

from tests.factories.galleries import consented_case

pytestmark = pytest.mark.django_db


def test_case_json_carries_typed_facts_and_consent_checked_photo_urls(client, treatment):
    case = consented_case(channels=("mobile_app",), treatments=[treatment], pairs=2)
    (item,) = client.get("/api/v1/cases/").json()["results"]
    assert item["id"] == case.pk
    assert item["treatments"] == [{"id": treatment.pk, "slug": "microneedling", "title": "Microneedling"}]
    assert item["disclaimer"] == "Individual results vary."
    assert (item["body_area"], item["skin_type"], item["age_band"]) == ("face", "III", "35-44")
    pair = item["photo_pairs"][0]
    assert pair["view_label"] == "front"
    before = pair["before"]
    assert before["alt"] == "Before treatment, front view"
    assert (before["width"], before["height"]) == (640, 400)
    formats = {(r["width"], r["format"]) for r in before["renditions"]}
    # sm is 480 wide; md and lg are capped at the 640 px original, never upscaled.
    assert formats == {(480, "jpeg"), (480, "webp"), (640, "jpeg"), (640, "webp")}
    url = before["renditions"][0]["url"]
    assert url.startswith("http://testserver/case-photos/mobile_app/")
    assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_filters_match_the_gallery_page(client, treatment):
    face = consented_case(treatments=[treatment], body_area="face", skin_type="II")
    consented_case(body_area="hands", skin_type="II")
    response = client.get("/api/v1/cases/", {"treatment": "microneedling", "skin_type": "II"})
    assert [item["id"] for item in response.json()["results"]] == [face.pk]


def test_bad_parameters_get_a_400_naming_them(client):
    response = client.get("/api/v1/cases/", {"skin_type": "IX", "area": "elbow", "treatment": "nope"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["parameter"] in {"skin_type", "area", "treatment"}
    assert all(f"'{name}':" in error["message"] for name in ("skin_type", "area", "treatment"))


def test_unknown_case_is_a_404(client):
    assert client.get("/api/v1/cases/999/").status_code == 404


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/api/v1/cases/", "/api/v1/cases/?treatment=microneedling"])
def test_list_queries_do_not_grow_with_cases_or_photos(client, treatment, url):
    consented_case(treatments=[treatment], pairs=1)
    few = count_queries(client, url)
    for _ in range(8):
        consented_case(treatments=[treatment], pairs=3)
    assert count_queries(client, url) == few


def test_schema_names_the_case_components_and_a_photo_is_the_one_image_component():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    assert {"BeforeAfterCase", "PhotoPair", "Image"} <= set(components)
    assert not {"CaseImage", "CaseRendition"} & set(components)
    pair = components["PhotoPair"]["properties"]
    assert pair["before"]["allOf"] == [{"$ref": "#/components/schemas/Image"}]


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"bogus": "1"}, "bogus"),
        ({"page_size": "abc"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"page": "-2"}, "page"),
        ({"skin_type": "XII"}, "skin_type"),
    ],
)
def test_unknown_or_malformed_parameters_get_a_400_naming_them(client, params, bad):
    """The same error shape as the treatments API, so an app handles both with one code path."""
    response = client.get("/api/v1/cases/", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["parameter"] == bad
    assert bad in error["message"]


def test_detail_refuses_list_parameters(client):
    case = consented_case()
    response = client.get(f"/api/v1/cases/{case.pk}/", {"skin_type": "II"})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "status": 400,
        "code": "unknown_parameter",
        "message": "Unknown parameter 'skin_type'.",
        "parameter": "skin_type",
        "allowed": "format",
    }


def test_a_page_past_the_end_is_a_404_in_the_shared_shape(client):
    consented_case()
    response = client.get("/api/v1/cases/", {"page": "7"})
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "There is no page 7: That page contains no results."


def test_cases_api_schema_is_valid_openapi():
    from django.urls import include, path
    from openapi_spec_validator import validate

    generator = SchemaGenerator(patterns=[path("api/v1/", include("galleries.api.urls"))])
    schema = generator.get_schema(request=None, public=True)
    validate(schema)
    parameters = {p["name"] for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert {"treatment", "condition", "area", "age_band", "skin_type", "page", "page_size"} <= parameters


def test_cases_page_with_limit_and_offset_like_every_list(client):
    cases = [consented_case(channels=("mobile_app",)) for _ in range(3)]
    page = client.get("/api/v1/cases/", {"limit": "1", "offset": "1"})
    assert page.status_code == 200
    data = page.json()
    assert data["count"] == 3
    assert [item["id"] for item in data["results"]] == [cases[1].pk]
    assert data["next"].endswith("?limit=1&offset=2")
    assert data["previous"].endswith("?limit=1")
    assert "Deprecation" not in page


def test_page_and_page_size_still_work_as_deprecated_aliases(client):
    cases = [consented_case(channels=("mobile_app",)) for _ in range(3)]
    by_offset = client.get("/api/v1/cases/", {"limit": "1", "offset": "1"}).json()["results"]
    aliased = client.get("/api/v1/cases/", {"page": "2", "page_size": "1"})
    assert aliased.status_code == 200
    assert aliased.json()["results"] == by_offset
    assert aliased.json()["count"] == len(cases)
    assert aliased["Deprecation"].startswith("@")
    both = client.get("/api/v1/cases/", {"page": "2", "limit": "1"})
    assert both.status_code == 400
    assert both.json()["error"]["parameter"] == "page"


def test_schema_marks_the_page_aliases_deprecated():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert parameters["page"]["deprecated"] is True
    assert parameters["page_size"]["deprecated"] is True
    assert "deprecated" not in parameters["limit"] and "deprecated" not in parameters["offset"]
    assert "Deprecation" in schema["paths"]["/api/v1/cases/"]["get"]["responses"]["200"]["headers"]


def test_a_case_photo_is_the_one_image_component(client, treatment):
    from tests.api.schema_tools import errors_against

    consented_case(channels=("mobile_app",), treatments=[treatment])
    schema = SchemaGenerator().get_schema(request=None, public=True)
    before = client.get("/api/v1/cases/").json()["results"][0]["photo_pairs"][0]["before"]
    assert errors_against(schema, "Image", before) == []
    assert before["title"] == before["alt"] == "Before treatment, front view", "never the file's own title"
    assert (before["decorative"], before["focal_point"]) == (False, None)
    assert all("/case-photos/mobile_app/" in rendition["url"] for rendition in before["renditions"])
