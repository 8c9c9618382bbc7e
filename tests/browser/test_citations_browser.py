"""In a real browser: an editor selects words, cites a reference through the chooser, and the page numbers it."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser import admin
from tests.factories import treatments as f
from treatments.evidence.models import Reference
from treatments.models import TreatmentPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_editor_cites_a_reference_and_the_page_shows_it_numbered(live_server, browser_page):
    page = browser_page
    _home, index = f.site_tree()
    trial = Reference.objects.create(title="Exosomes after CO2 laser: a split-face trial", authors="Kwon HH", year=2020)
    treatment = f.TreatmentPageFactory(parent=index, title="Exosomes", slug="exosomes")
    treatment.body = [f.rich_text("<p>One small trial showed a change.</p>")]
    treatment.save_revision().publish()
    User.objects.create_superuser("boss", "boss@clinic.example", admin.PASSWORD)

    admin.sign_in(page, live_server.url, "boss")
    page.goto(f"{live_server.url}/admin/pages/{treatment.pk}/edit/")
    page.get_by_role("tab", name="Body").click()
    editor = page.locator("#body-0-value").locator("xpath=..").locator("[contenteditable=true]").first
    editor.click()
    page.keyboard.press("Home")
    for _ in range(len("One small trial")):
        page.keyboard.press("Shift+ArrowRight")
    page.get_by_role("button", name="Cite a reference").first.click()
    page.get_by_role("link", name=trial.title, exact=False).first.click()
    expect(editor.locator(".citation-entity")).to_have_text("One small trial")
    page.wait_for_function("() => (document.getElementById('body-0-value')?.value || '').includes('REFERENCE')")
    admin.save_draft(page)

    draft = TreatmentPage.objects.get(pk=treatment.pk).get_latest_revision_as_object()
    assert f'<a linktype="reference" id="{trial.pk}">One small trial</a>' in draft.body[0].value.source
    draft.save_revision().publish()
    page.goto(f"{live_server.url}{treatment.url}")
    expect(page.locator(".treatment__body sup.citation a")).to_have_attribute("href", "#reference-1")
    expect(page.locator("#reference-1")).to_contain_text(trial.title)
