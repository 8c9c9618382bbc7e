"""The clinic theme in a real browser: the typeface loads from the site's own files, the brand colours apply, and
the themed home page has no axe-core, CSP or console complaint and no sideways scrolling at 390 px or 1280 px."""

import pytest

from tests.browser.conftest import axe_violations, chromium, describe_violations  # noqa: F401  (fixture)
from tests.factories import treatments as f
from tests.factories.galleries import GalleryPageFactory, consented_case
from tests.factories.images import ImageFactory
from tests.site.clinic_theme import brand_the_clinic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def clinic_site(live_server):
    home, index = f.site_tree()
    home.promise = "Straight answers first, treatments second."
    home.save_revision().publish()
    condition = f.ConditionFactory(name="Acne scars")
    for title in ("Microneedling", "Fractional laser", "Chemical peel"):
        page = f.TreatmentPageFactory(parent=index, title=title, hero_image=ImageFactory())
        page.conditions.add(condition)
        page.save_revision().publish()
    f.ClinicianFactory(name="Dr Ana Reyes", photo=ImageFactory())
    GalleryPageFactory(parent=home)
    consented_case(pairs=1)
    brand_the_clinic(home)
    return live_server.url


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_the_themed_home_page_loads_its_font_and_colours_with_nothing_refused(chromium, clinic_site, width, height):  # noqa: F811
    from tests.browser.test_csp import ViolationWatch

    context = chromium.new_context(viewport={"width": width, "height": height})
    watch, errors, fonts = ViolationWatch(context), [], []
    tab = context.new_page()
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("response", lambda response: fonts.append(response.url) if response.url.endswith(".woff2") else None)
    tab.goto(clinic_site + "/", wait_until="networkidle")
    tab.evaluate("document.fonts.ready")

    assert tab.evaluate("document.fonts.check('16px Inter')"), "the clinic's typeface did not load"
    assert fonts and all(url.startswith(clinic_site + "/static/clinic_site/fonts/inter/") for url in fonts)
    assert tab.evaluate("getComputedStyle(document.body).fontFamily").startswith("Inter")
    header = tab.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert header == "rgb(18, 54, 100)"  # #123664: the primary colour #1a4d8f, darkened for the header
    booking = tab.get_by_role("main").get_by_role("link", name="Book a consultation").first
    assert booking.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(163, 58, 37)"  # the accent
    assert tab.get_by_role("link", name="Harbour Skin Clinic").locator("img").is_visible()  # the logo, by its alt

    violations = axe_violations(tab)
    assert not violations, "axe-core on the themed home page:\n" + describe_violations(violations)
    assert tab.evaluate("document.documentElement.scrollWidth") <= width, f"the home page overflows at {width} px"
    watch.assert_none(tab, f"the themed home page at {width} px")
    assert not errors
    context.close()
