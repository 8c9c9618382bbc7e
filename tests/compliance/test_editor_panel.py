"""The editor's Advertising rules tab: findings with the words matched and the fix, re-checked from the form."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html, streamfield

from tests.compliance.conftest import treatment
from tests.treatments.page_forms import edit_form_data

pytestmark = pytest.mark.django_db


def test_the_tab_lists_findings_with_matched_words_and_fix_and_loads_its_script(client, au_site, editor):
    page = treatment(au_site, slug="frown-lines", intro="Ask us about Xeomin.")
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    panel = soup.select_one("[data-advertising-rules]")
    assert panel["data-check-url"] == reverse("treatments_advertising_check", args=[page.pk])
    finding = panel.select_one('[data-rule="AU-TGA-POM"]')
    assert finding.select_one("mark").get_text() == "Xeomin"
    assert "Blocks publishing" in finding.get_text() and "Describe the service instead" in finding.get_text()
    scripts = [tag.get("src", "") for tag in soup.select("script")]
    assert any(src.endswith("treatments/compliance/advertising-rules-panel.js") for src in scripts)
    assert not [
        tag
        for tag in soup.select('script:not([src]):not([type="application/json"])')
        if "advertising" in tag.get_text()
    ], "no inline JS"


def test_the_live_check_reads_the_form_as_typed_without_saving(client, au_site, editor):
    page = treatment(au_site, slug="frown-lines")
    client.force_login(editor)
    data = edit_form_data(client, page, body_html="<p>Only 3 spots left this week!</p>", intro="Dysport, today only.")
    response = client.post(reverse("treatments_advertising_check", args=[page.pk]), data)
    result = response.json()
    assert result["is_valid"] and result["blocking"] == 3, "one finding per wording"
    found = {(x["rule"], tuple(x["matched"])) for x in result["findings"]}
    assert {("AU-TGA-POM", ("Dysport",)), ("AU-AHPRA-PRESSURE", ("today only",))} <= found
    assert ("AU-AHPRA-PRESSURE", ("Only 3 spots left",)) in found
    assert 'data-rule="AU-TGA-POM"' in result["html"]
    assert page.get_latest_revision_as_object().intro != "Dysport, today only.", "checking saves nothing"


def test_the_live_check_answers_invalid_forms_plainly_and_refuses_strangers(client, au_site, editor):
    page = treatment(au_site, slug="frown-lines")
    client.force_login(editor)
    data = edit_form_data(client, page, science_score="9")
    assert client.post(reverse("treatments_advertising_check", args=[page.pk]), data).json() == {
        "is_valid": False,
        "html": "",
    }
    client.logout()
    response = client.post(reverse("treatments_advertising_check", args=[page.pk]), data)
    assert response.status_code == 302 and "login" in response.url


def test_a_new_page_is_checked_through_the_create_views_url(client, au_site, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:add", args=["treatments", "treatmentpage", au_site.pk])).content
    panel = BeautifulSoup(html, "html.parser").select_one("[data-advertising-rules]")
    url = reverse("treatments_advertising_check_new", args=["treatments", "treatmentpage", au_site.pk])
    assert panel["data-check-url"] == url
    assert client.post(url, {"title": "New"}).status_code == 400, "a partial form is a clear 400, not a 500"
    form = querydict_from_html(html.decode(), form_id="page-edit-form")
    data = {key: form.getlist(key) for key in form}
    data.update(nested_form_data({"body": streamfield([]), "comments": inline_formset([])}))
    data.update(title="New", slug="new", intro="Ask about Botox.")
    result = client.post(url, data).json()
    assert result["is_valid"] and [x["matched"] for x in result["findings"] if x["rule"] == "AU-TGA-POM"] == [["Botox"]]
