"""Every public page type has zero axe-core violations at WCAG 2.1 AA, and works from the keyboard."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, describe_violations, screenshot, wait_until_in_viewport
from tests.factories import treatments as f
from tests.factories.galleries import GalleryPageFactory, consented_case
from tests.factories.images import ImageFactory
from tests.site.clinic_theme import brand_the_clinic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def site(live_server):
    """A home page, the treatment index and one treatment using every block kind."""
    home, index = f.site_tree()
    clinician = f.ClinicianFactory(name="Dr Ana Reyes")
    item = f.ProductFactory(name="Recovery serum", shop_id=9833)
    other = f.TreatmentPageFactory(parent=index, title="Fractional laser", slug="fractional-laser")
    condition = f.ConditionFactory(name="Acne scars")
    page = f.TreatmentPageFactory(
        parent=index,
        title="Exosome therapy",
        slug="exosomes",
        hero_image=ImageFactory(description="Serum drops on skin"),
        author=clinician,
        reviewed_by=clinician,
        last_reviewed="2024-05-02",
    )
    page.conditions.add(condition)
    other.conditions.add(condition)
    page.body = [
        f.rich_text('<p>Intro with [show_products product="9833"]</p>'),
        f.faq("Do they work?", "<p>Evidence is early.</p><ul><li>Small trials</li></ul>"),
        f.comparison_table(["Feature", "Exosomes", "PRP"], [["Source", "Lab", "Your blood"]]),
        f.cream_or_sessions(),
        f.budget_alternatives([f.alternative("Sun damage", other, price_from="1490", verdict="Better results")]),
        f.definition_list([("PLLA", "Builds volume slowly.")]),
        f.pro_tip(clinician),
        f.product(item),
        f.gallery_link(),
        f.callout(),
        f.image(ImageFactory(), alt="Vials of serum"),
        f.faq("How long do results last?", "<p>About six months.</p>", anchor="how-long"),
    ]
    page.save_revision().publish()
    GalleryPageFactory(parent=home)
    consented_case(treatments=[page], pairs=2)
    brand_the_clinic(home)  # the home page and /book/ as a clinic ships them: logo, colours, typeface
    return {"url": live_server.url, "treatment": page, "index": index}


PAGES = {
    "home": "/",
    "booking-form": "/book/",
    "treatment-index": "/treatments/",
    "treatment-index-filtered": "/treatments/?condition=acne-scars",
    "treatment": "/treatments/exosomes/",
    "gallery": "/results/",
    "search-empty": "/search/",
    "search-results": "/search/?q=exosome",
    "search-no-results": "/search/?q=zebra",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_21_aa_violations(browser_page, site, name):
    response = browser_page.goto(site["url"] + PAGES[name])
    assert response.status == 200
    screenshot(browser_page, f"axe-{name}")
    violations = axe_violations(browser_page)
    assert not violations, f"axe-core found WCAG 2.1 AA violations on {PAGES[name]}:\n" + describe_violations(
        violations
    )


def test_skip_link_is_first_visible_on_focus_and_moves_to_main(browser_page, site):
    browser_page.goto(site["url"] + "/treatments/exosomes/")
    browser_page.keyboard.press("Tab")
    skip = browser_page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    browser_page.keyboard.press("Enter")
    expect(browser_page.locator("main")).to_be_focused()


def test_focus_is_visible_on_links(browser_page, site):
    browser_page.goto(site["url"] + "/treatments/exosomes/")
    browser_page.keyboard.press("Tab")
    browser_page.keyboard.press("Tab")
    outline = browser_page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline[0] != "none" and outline[1] != "0px", outline


def test_table_of_contents_link_jumps_to_its_question(browser_page, site):
    # Headless Chromium's smooth scrolling stalls when the machine is busy; a visitor who prefers reduced
    # motion gets the instant jump, which is what this checks.
    browser_page.emulate_media(reduced_motion="reduce")
    browser_page.goto(site["url"] + "/treatments/exosomes/")
    toc = browser_page.get_by_role("navigation", name="On this page")
    toc.get_by_role("link", name="How long do results last?").focus()
    browser_page.keyboard.press("Enter")
    expect(browser_page).to_have_url(site["url"] + "/treatments/exosomes/#how-long")
    wait_until_in_viewport(browser_page, "#how-long")
    screenshot(browser_page, "toc-jump", full_page=False)
    expect(browser_page.locator("#how-long")).to_be_in_viewport()


@pytest.mark.django_db
def test_axe_harness_reports_what_it_is_meant_to_catch(browser_page):
    """Guards the zero-violation tests against passing vacuously: a known-bad page must fail."""
    browser_page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main>')
    rules = {violation["id"] for violation in axe_violations(browser_page)}
    assert {"image-alt", "label"} <= rules
    assert "image-alt" in describe_violations(axe_violations(browser_page))
