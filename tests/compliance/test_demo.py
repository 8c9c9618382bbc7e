"""The demo clinic follows the AU rules: one page carries a waived finding; lint_content lists the demo's findings."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry, Site

from treatments.compliance.models import AdvertisingRules, AdvertisingWaiver
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_site_follows_the_australian_rules_with_one_recorded_waiver(demo, client):
    assert AdvertisingRules.for_site(Site.objects.get(is_default_site=True)).jurisdictions == ["AU"]
    (waiver,) = AdvertisingWaiver.objects.filter(page__slug="fractional-laser")
    page = TreatmentPage.objects.get(pk=waiver.page_id)
    assert page.live and not page.has_unpublished_changes
    assert (waiver.rule_id, waiver.subject, waiver.waived_by_name) == ("AU-TGA-POM", "tretinoin", "Dr Maya Ellison")
    assert waiver.revision == page.live_revision
    assert PageLogEntry.objects.filter(page=page, action="treatments.advertising_rules.waive").count() == 1
    html = client.get(page.url).content.decode()
    assert "Stop tretinoin a week before" in html and waiver.reason not in html


def test_lint_content_json_lists_the_demos_findings_and_exits_non_zero_once_one_blocks(demo):
    out = io.StringIO()
    call_command("lint_content", "--format", "json", stdout=out)  # every block is waived: exit 0
    report = json.loads(out.getvalue())
    assert not findings_of(report)["exosomes", "AU-TGA-POM", "tretinoin"]["blocks"]
    AdvertisingWaiver.objects.filter(page__slug="exosomes", subject="tretinoin").delete()
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("lint_content", "--format", "json", stdout=out)
    assert raised.value.returncode == 1
    report = json.loads(out.getvalue())
    findings = findings_of(report)
    assert findings["fractional-laser", "AU-TGA-POM", "tretinoin"]["waiver"]["by"] == "Dr Maya Ellison"
    assert not findings["fractional-laser", "AU-TGA-POM", "tretinoin"]["blocks"]
    assert findings["exosomes", "AU-TGA-POM", "tretinoin"]["blocks"]
    assert report["blocking"] == 1


def findings_of(report):
    return {
        (page["url"].rstrip("/").rsplit("/", 1)[-1], finding["rule"], finding["subject"]): finding
        for page in report["sites"][0]["pages"]
        for finding in page["findings"]
    }


def test_loading_the_demo_again_changes_nothing(demo):
    revisions = {page.pk: page.latest_revision_id for page in TreatmentPage.objects.all()}
    call_command("load_demo", stdout=io.StringIO())
    assert {page.pk: page.latest_revision_id for page in TreatmentPage.objects.all()} == revisions
    assert AdvertisingWaiver.objects.filter(page__slug="fractional-laser").count() == 1
