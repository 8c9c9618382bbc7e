"""At 1280x800 and 390x844 a treatment page shows its title, intro and the summary card (science score, price range)
without scrolling: the hero image must not push them down; and nothing overflows sideways on a phone."""

import pytest
from wagtail.models import Site

from tests.browser.conftest import screenshot
from tests.factories import treatments as f
from tests.factories.galleries import GalleryPageFactory
from tests.factories.images import ImageFactory
from treatments.site_settings import ClinicDetails

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def treatment_url(live_server):
    home, index = f.site_tree()
    GalleryPageFactory(parent=home)
    ClinicDetails.objects.create(
        site=Site.objects.get(is_default_site=True), name="Harbourside Skin", booking_url="/book/"
    )
    clinician = f.ClinicianFactory(name="Dr Ana Reyes")
    f.TreatmentPageFactory(
        parent=index,
        title="Fractional laser resurfacing",
        slug="fractional-laser",
        intro="Tiny columns of laser light renew the skin's surface and soften acne scars over a course of sessions.",
        hero_image=ImageFactory(description="A laser handpiece over a cheek", width=1600, height=900),
        author=clinician,
        reviewed_by=clinician,
        last_reviewed="2026-05-02",
    )
    return live_server.url + "/treatments/fractional-laser/"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_summary_card_with_score_and_price_is_above_the_fold(chromium, treatment_url, viewport):
    context = chromium.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    try:
        page.goto(treatment_url)
        screenshot(page, f"above-the-fold-{viewport}", full_page=False)
        boxes = page.evaluate(
            """() => Object.fromEntries(['h1', '.lead', '.summary-card', '.science-score'].map(
                (selector) => [selector, document.querySelector(selector).getBoundingClientRect().bottom]))"""
        )
        for selector, bottom in boxes.items():
            assert bottom <= VIEWPORTS[viewport]["height"], f"{selector} ends at {bottom}px, below the fold"
        assert "Price" in page.locator(".summary-card").inner_text()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than the {viewport} viewport"
    finally:
        context.close()
