"""The check reads what a visitor reads: every field and every block, nested answers and tables included."""

import json

import pytest

from tests.compliance.conftest import treatment
from tests.factories import treatments as f
from tests.factories.images import ImageFactory
from treatments.compliance import gate
from treatments.compliance.document import read_page

pytestmark = pytest.mark.django_db


def with_body(page, *blocks):
    page.body = json.dumps(list(blocks))
    page.save()
    return type(page).objects.get(pk=page.pk)


def test_text_is_read_from_fields_rich_text_faq_answers_tables_and_costs(au_site):
    page = with_body(
        treatment(au_site, title="Lines", seo_title="Lines and wrinkles"),
        f.rich_text("<p>Plain <b>prose</b> here.</p>"),
        f.faq("Does it hurt?", "<p>Deep in an <i>answer</i>.</p>"),
        f.comparison_table(["Type", "Cell header"], [["Row", "In a table cell"]]),
        f.cost_comparison([f.cost_option("Cream", "70", note="a tube"), f.cost_option("Sessions", "600", sessions=3)]),
    )
    doc = read_page(page)
    texts = {passage.text: passage.where for passage in doc.passages}
    assert texts["Lines and wrinkles"] == "Title tag", "what search engines show is read too"
    assert texts["Plain prose here."] == "Body / 1. Rich text"
    assert "Deep in an answer." in texts and texts["Deep in an answer."].startswith("Body / 2. Question and answer")
    assert "In a table cell" in texts and "Cell header" in texts
    assert doc.fields["risks"].startswith("Bruising")
    assert [price.label for price in doc.prices][:1] == ["300.00"], "the page's own price, with its inclusions"
    assert len(doc.prices) == 3, "and each priced option of the cost comparison"


def test_findings_in_nested_blocks_name_where_they_are(au_site):
    page = with_body(treatment(au_site), f.faq("What do you use?", "<p>We use Dysport.</p>"))
    (finding,) = [x for x in gate.findings_for(page) if x.rule.id == "AU-TGA-POM"]
    assert finding.matched == ["Dysport"]
    assert finding.where == ["Body / 1. Question and answer / Answer / 1. Rich text"]


def test_practitioners_without_registration_number_are_found_wherever_they_are_chosen(au_site):
    unregistered = f.ClinicianFactory(name="Dr No Number", registration_number="")
    page = with_body(treatment(au_site, author=f.ClinicianFactory(name="Dr Listed")), f.pro_tip(unregistered))
    found = [x for x in gate.findings_for(page) if x.rule.id == "AU-AHPRA-REGISTRATION"]
    assert [x.subject for x in found] == ["dr no number"]
    assert found[0].where == ["Body / 1. ProTip / Clinician"]


def test_before_after_pictures_need_a_disclaimer_beside_them(au_site):
    photo = ImageFactory(title="Cheek scar")
    bare = with_body(treatment(au_site, slug="bare"), f.image(photo, caption="Before and after three sessions"))
    told = with_body(
        treatment(au_site, slug="told"),
        f.image(photo, caption="Before and after three sessions"),
        f.rich_text("<p>Results vary from person to person.</p>"),
    )
    plain = with_body(treatment(au_site, slug="plain"), f.image(photo, caption="Our waiting room"))
    rule = "AU-AHPRA-BEFORE-AFTER"
    assert [x.where for x in gate.findings_for(bare) if x.rule.id == rule] == [["Body / 1. Image / Image"]]
    assert not [x for x in gate.findings_for(told) if x.rule.id == rule]
    assert not [x for x in gate.findings_for(plain) if x.rule.id == rule]


def test_gallery_cases_shown_inline_on_a_page_about_injectables_block(au_site):
    page = with_body(treatment(au_site, intro="Wrinkle relaxers soften lines."), f.gallery_link(case_count=3))
    ids = {x.rule.id for x in gate.findings_for(page)}
    assert {"AU-TGA-BEFORE-AFTER-POM", "AU-AHPRA-BEFORE-AFTER", "AU-TGA-POM"} <= ids


def test_missing_risks_recovery_and_price_inclusions_are_findings(au_site):
    page = treatment(au_site, risks="", recovery="", price_includes="")
    found = {(x.rule.id, x.subject) for x in gate.findings_for(page)}
    assert {("AU-AHPRA-RISKS", "risks"), ("AU-AHPRA-RISKS", "recovery"), ("AU-AHPRA-PRICES", "price")} <= found
