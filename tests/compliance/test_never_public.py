"""Findings and waivers never reach visitors or apps; risks and recovery do, on the page, in the API and schema."""

import pytest

from tests.compliance.conftest import treatment
from treatments.compliance.models import AdvertisingWaiver

pytestmark = pytest.mark.django_db

REASON = "Kept because the clinic states plainly it does not offer this product."


@pytest.fixture
def waived_page(au_site, clinician):
    page = treatment(au_site, slug="frown-lines", intro="Why we stopped offering Botox.", risks="Bruising; headache.")
    AdvertisingWaiver.objects.create(
        page=page, rule_id="AU-TGA-POM", subject="botox", reason=REASON, waived_by=clinician, waived_by_name="Maya"
    )
    page.get_latest_revision().publish()
    return page


def test_the_page_shows_risks_and_recovery_but_no_finding_or_waiver(client, waived_page):
    html = client.get("/treatments/frown-lines/").content.decode()
    assert "Risks and recovery" in html and "Bruising; headache." in html and "go back to work" in html
    for secret in (REASON, "AU-TGA-POM", "waived", "Advertising rules", "advertising-rules"):
        assert secret not in html


def test_the_api_carries_safety_but_no_finding_or_waiver(client, waived_page):
    listing = client.get("/api/v1/treatments/").content.decode()
    detail = client.get(f"/api/v1/treatments/{waived_page.pk}/")
    assert detail.status_code == 200
    data = detail.json()
    assert data["safety"] == {"risks": "Bruising; headache.", "recovery": "Most people go back to work next day."}
    assert data["prices"]["includes"] == "Includes the consultation."
    for body in (listing, detail.content.decode()):
        for secret in (REASON, "AU-TGA-POM", "waiver", "finding"):
            assert secret not in body


def test_the_schema_documents_safety(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    text = schema.content.decode()
    assert '"Safety"' in text and "Downtime and recovery" in text
    assert "waiver" not in text.lower()


def test_json_ld_carries_recovery_as_followup(client, waived_page):
    html = client.get("/treatments/frown-lines/").content.decode()
    assert '"followup": "Most people go back to work next day."' in html
