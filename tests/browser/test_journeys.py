"""The core promise, in a real browser: an editor authors, a clinician approves, a visitor reads, an app gets it.

Everything the editor and the clinician do happens in the Wagtail admin UI. Made through the ORM: the users,
the clinician and product snippets the editor picks, and the gallery case the visitor slides through.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import admin
from tests.browser.conftest import screenshot, wait_until_in_viewport
from tests.factories import treatments as f
from tests.factories.galleries import GalleryPageFactory, consented_case
from treatments.models import TreatmentPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def clinic(live_server):
    home, index = f.site_tree()
    reviewer = f.ClinicianFactory(name="Dr Ana Reyes")
    f.ProductFactory(name="Recovery serum", shop_id=9833, is_active=True)
    admin.make_editor("edna")
    admin.make_clinician_reviewer("dr_reyes")
    return {"home": home, "index": index, "reviewer": reviewer, "url": live_server.url}


def author_treatment(page, clinic):
    """What an editor does in the admin to write a treatment article and send it to medical review."""
    page.goto(f"{clinic['url']}/admin/pages/add/treatments/treatmentpage/{clinic['index'].pk}/")
    admin.field(page, "Title").fill("Exosome therapy")
    admin.field(page, "Intro").fill("Lab-made vesicles said to help skin repair itself.")
    admin.field(page, "Best used").fill("Topically after microneedling")
    admin.field(page, "Caution").fill("Evidence is early")
    admin.field(page, "Best for").fill("An add-on to proven treatments")
    admin.field(page, "Mode of action").fill("Cell-to-cell signalling")
    admin.field(page, "Comments").fill("Promising, not proven.")
    admin.field(page, "Science score").fill("2")

    page.get_by_role("tab", name="Body").click()
    admin.insert_block(page, "Question and answer")
    faq = admin.block(page, 0)
    page.locator("#body-0-value-question").fill("How long do results last?")
    page.locator("#body-0-value-anchor").fill("how-long")
    admin.add_block_with(page, faq.locator("[data-contentpath='answer'] button.c-sf-add-button").first, "Rich text")
    admin.type_rich_text(page, faq, "About six months for most people.", "body-0-value-answer-0-value")

    admin.insert_block(page, "Comparison table")
    table = admin.block(page, 1)
    page.locator("#body-1-value-caption").fill("Exosomes and PRP compared")
    admin.fill_list(table, "header", ["Feature", "Exosomes", "PRP"], "body-1-value-header")
    admin.fill_list(table, "cells", ["Applied", "On the skin", "Injected"], "body-1-value-rows-0-value-cells")

    admin.insert_block(page, "ProTip")
    tip = admin.block(page, 2)
    tip.get_by_role("button", name="Choose").first.click()
    page.get_by_role("link", name="Dr Ana Reyes").click()
    page.locator("#body-2-value-title").fill("Ana's ProTip on exosomes")
    admin.type_rich_text(page, tip, "Book them with microneedling, not instead of it.", "body-2-value-body")

    admin.insert_block(page, "Rich text")
    admin.type_rich_text(page, admin.block(page, 3), 'Our pick: [show_products product="9833"]', "body-3-value")
    screenshot(page, "admin-editor-body", full_page=False)

    page.get_by_role("tab", name="Promote").click()
    admin.field(page, "Slug").fill("exosome-therapy")
    admin.save_draft(page)
    expect(page.locator(".messages")).to_contain_text("Exosome therapy")
    admin.footer_action(page, "Submit to Medical review")
    assert "has been submitted for moderation" in page.locator(".messages").inner_text(), admin.form_errors(page)


def approve_treatment(page, clinic, treatment):
    """What the reviewing clinician does: open the page under review and approve it."""
    page.goto(f"{clinic['url']}/admin/pages/{treatment.pk}/edit/")
    screenshot(page, "admin-clinician-review", full_page=False)
    admin.footer_action(page, "Approve and Publish")
    assert "has been updated" in page.locator(".messages").inner_text(), admin.form_errors(page)


def read_treatment(page, clinic, url):
    """What a visitor does: read the page, then jump to a question from the table of contents."""
    page.goto(f"{clinic['url']}{url}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exosome therapy")
    expect(page.locator("table caption")).to_have_text("Exosomes and PRP compared")
    expect(page.locator("aside, .pro-tip, .block-pro-tip").first).to_contain_text("microneedling")
    expect(page.get_by_text("Recovery serum").first).to_be_visible()
    assert "[show_products" not in page.content()
    screenshot(page, "treatment-page")
    toc = page.get_by_role("navigation", name="On this page")
    toc.get_by_role("link", name="How long do results last?").click()
    expect(page).to_have_url(re.compile(r"#how-long$"))
    wait_until_in_viewport(page, "#how-long")
    expect(page.locator("#how-long")).to_be_in_viewport()


def use_gallery_slider_by_keyboard(page, clinic, gallery_url):
    """What a visitor does in the results gallery: move the before/after slider with the arrow keys."""
    page.goto(f"{clinic['url']}{gallery_url}")
    slider = page.get_by_role("slider").first
    slider.focus()
    expect(slider).to_be_focused()
    start = int(slider.input_value())
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert int(slider.input_value()) == start + 3
    page.keyboard.press("Home")
    assert slider.input_value() == "0"
    screenshot(page, "gallery-slider", full_page=False)


def fetch_from_api(page, clinic):
    """What a mobile app does: fetch the treatment by slug and find it with search=, through the browser's HTTP."""
    detail = page.request.get(f"{clinic['url']}/api/v1/treatments/exosome-therapy/")
    assert detail.status == 200, detail.text()
    data = detail.json()
    assert data["title"] == "Exosome therapy"
    assert [block["type"] for block in data["body"]] == ["faq", "comparison_table", "pro_tip", "rich_text"]
    found = page.request.get(f"{clinic['url']}/api/v1/treatments/?search=exosome")
    assert found.status == 200, found.text()
    assert "Exosome therapy" in found.text()


def test_editor_writes_clinician_approves_visitor_reads(browser_page, chromium, clinic):
    admin.sign_in(browser_page, clinic["url"], "edna")
    author_treatment(browser_page, clinic)
    treatment = TreatmentPage.objects.get(title="Exosome therapy")
    assert not treatment.live, "a page under medical review must not be live yet"
    assert treatment.current_workflow_state.status == "in_progress"
    revision = treatment.latest_revision.as_object()
    assert [block.block_type for block in revision.body] == ["faq", "comparison_table", "pro_tip", "rich_text"]
    assert revision.best_used == "Topically after microneedling"
    assert revision.science_score == 2

    anonymous = chromium.new_page()
    assert anonymous.goto(f"{clinic['url']}/treatments/exosome-therapy/").status == 404
    assert anonymous.request.get(f"{clinic['url']}/api/v1/treatments/exosome-therapy/").status == 404
    anonymous.close()

    clinician_page = chromium.new_context().new_page()
    admin.sign_in(clinician_page, clinic["url"], "dr_reyes")
    approve_treatment(clinician_page, clinic, treatment)
    treatment.refresh_from_db()
    assert treatment.live
    clinician_page.context.close()

    visitor = chromium.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce").new_page()
    read_treatment(visitor, clinic, treatment.url)
    # The gallery's cases come from the ORM: photo upload and consent recording are the galleries journey.
    gallery = GalleryPageFactory(parent=clinic["home"])
    consented_case(treatments=[treatment])
    use_gallery_slider_by_keyboard(visitor, clinic, gallery.url)
    fetch_from_api(visitor, clinic)
    visitor.context.close()
