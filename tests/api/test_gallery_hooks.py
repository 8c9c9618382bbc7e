"""A gallery app fills a gallery link's `gallery_url` and `cases`, JSON and schema alike, through hooks."""

import pytest
from rest_framework import serializers
from wagtail import hooks

from tests.api.conftest import publish
from tests.api.schema_tools import errors_against
from tests.factories import treatments as f

pytestmark = pytest.mark.django_db


class CaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    caption = serializers.CharField()

    class Meta:
        ref_name = "GalleryCase"


def cases_for(treatment, count, context):
    return [{"id": number, "caption": f"{treatment.title} case {number}"} for number in range(count)]


@pytest.fixture
def linked(treatment_index):
    page = f.TreatmentPageFactory(parent=treatment_index, title="Exosomes")
    page.body = [f.gallery_link(case_count=2)]
    return publish(page)


def test_without_a_gallery_or_cases_the_block_has_no_url_and_no_cases(api, linked):
    value = api.get(f"/api/v1/treatments/{linked.pk}/").json()["body"][0]["value"]
    assert value["cases"] == []
    assert value["gallery_url"] == ""


def test_gallery_hooks_fill_url_cases_and_schema(api, linked):
    with (
        # order=-1: ahead of the installed galleries app's own hooks, which would otherwise answer first.
        hooks.register_temporarily("treatments_gallery_url", lambda page: f"/results/?treatment={page.pk}", order=-1),
        hooks.register_temporarily("treatments_gallery_cases_api", cases_for, order=-1),
        hooks.register_temporarily("treatments_gallery_case_serializer", lambda: CaseSerializer, order=-1),
    ):
        data = api.get(f"/api/v1/treatments/{linked.pk}/").json()
        schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    value = data["body"][0]["value"]
    assert value["gallery_url"] == f"http://testserver/results/?treatment={linked.pk}"
    assert value["cases"] == [{"id": 0, "caption": "Exosomes case 0"}, {"id": 1, "caption": "Exosomes case 1"}]
    cases_schema = schema["components"]["schemas"]["GalleryLinkBlock"]["properties"]["cases"]
    assert cases_schema == {"type": "array", "items": {"$ref": "#/components/schemas/GalleryCase"}}
    assert errors_against(schema, "TreatmentDetail", data) == []
    data["body"][0]["value"]["cases"][0]["id"] = "not a number"
    assert errors_against(schema, "TreatmentDetail", data) != []
