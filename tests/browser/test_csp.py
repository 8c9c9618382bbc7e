"""Every public page type, the API docs and an editor's journey in the admin run with no CSP violation.

A violation is what the browser refuses under the page's Content-Security-Policy: it fires a
`securitypolicyviolation` event in the frame (caught by a listener every frame gets before its own scripts) and
logs "Refused to ..." to the console. Either one fails the test, naming the page and what was refused. Chromium's
complaints about the Permissions-Policy header itself (an unknown feature name) fail it too.
"""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.browser import admin
from tests.browser.test_journeys import author_treatment
from tests.factories import treatments as f
from tests.factories.galleries import GalleryPageFactory, consented_case
from tests.factories.images import ImageFactory
from tests.site.clinic_theme import brand_the_clinic
from treatments.models import TreatmentPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Runs in every frame before the frame's own scripts. The binding (Playwright's, outside the page's policy) keeps
# violations of pages since navigated away from; the array lets a check read the current ones without a race.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    const violation = {
        page: document.location.href,
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: event.sourceFile + ":" + event.lineNumber,
        sample: event.sample,
        disposition: event.disposition,
    };
    window.__cspViolations.push(violation);
    window.__cspViolation(violation);
});
"""
CONSOLE_COMPLAINTS = re.compile(r"Refused to|Content[- ]Security[- ]Policy|Permissions-Policy", re.IGNORECASE)


class ViolationWatch:
    """Collects CSP violations and policy complaints from every page and frame of a browser context."""

    def __init__(self, context):
        self.found = []
        context.expose_binding("__cspViolation", lambda source, violation: self.found.append(violation))
        context.add_init_script(LISTEN_FOR_VIOLATIONS)
        context.on("console", self._console)

    def _console(self, message):
        if CONSOLE_COMPLAINTS.search(message.text):
            self.found.append({"page": message.page.url if message.page else "", "console": message.text})

    def assert_none(self, page, where):
        # The load event comes after every parser-inserted script, refused ones included; their violation
        # events are queued tasks, run by the time a timer queued after them fires.
        page.wait_for_load_state("load")
        page.wait_for_load_state("networkidle")
        page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 100))")
        for frame in page.frames:
            try:
                current = frame.evaluate("() => window.__cspViolations || []")
            except PlaywrightError:  # a frame the browser refused to load (chrome-error://) has no page of ours
                continue
            self.found.extend(violation for violation in current if violation not in self.found)
        assert not self.found, f"CSP violations during {where}:\n" + "\n".join(map(str, self.found))


@pytest.fixture
def watched(chromium):
    """A fresh browser context whose violations are collected, and the watch itself."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    watch = ViolationWatch(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page, watch
    context.close()


@pytest.fixture
def site(live_server):
    """A home page, the treatment index, a treatment with every block kind, and a gallery with a consented case."""
    home, index = f.site_tree()
    clinician = f.ClinicianFactory(name="Dr Ana Reyes")
    item = f.ProductFactory(name="Recovery serum", shop_id=9833)
    other = f.TreatmentPageFactory(parent=index, title="Fractional laser", slug="fractional-laser")
    page = f.TreatmentPageFactory(
        parent=index,
        title="Exosome therapy",
        slug="exosomes",
        hero_image=ImageFactory(description="Serum drops on skin"),
        author=clinician,
        reviewed_by=clinician,
        last_reviewed="2024-05-02",
    )
    page.body = [
        f.rich_text('<p>Intro with [show_products product="9833"]</p>'),
        f.faq("Do they work?", "<p>Evidence is early.</p>"),
        f.comparison_table(["Feature", "Exosomes", "PRP"], [["Source", "Lab", "Your blood"]]),
        f.cream_or_sessions(),
        f.budget_alternatives([f.alternative("Sun damage", other, price_from="1490", verdict="Better results")]),
        f.definition_list([("PLLA", "Builds volume slowly.")]),
        f.pro_tip(clinician),
        f.product(item),
        f.gallery_link(),
        f.callout(),
        f.image(ImageFactory(), alt="Vials of serum"),
    ]
    page.save_revision().publish()
    gallery = GalleryPageFactory(parent=home)
    consented_case(treatments=[page], pairs=2)
    brand_the_clinic(home)  # the home page and /book/ as a clinic ships them: logo, colours, typeface
    return {"url": live_server.url, "gallery": gallery}


PUBLIC_PAGES = {
    "home": "/",
    "booking form": "/book/",
    "treatment index": "/treatments/",
    "treatment index filtered": "/treatments/?condition=nothing",
    "treatment page": "/treatments/exosomes/",
    "gallery": "/results/",
    "search": "/search/?q=exosome",
    "page not found": "/no-such-page/",
}


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_runs_without_csp_violations(watched, site, name):
    page, watch = watched
    response = page.goto(site["url"] + PUBLIC_PAGES[name], wait_until="networkidle")
    assert "script-src 'self'" in response.headers.get("content-security-policy", ""), "no strict policy sent"
    page.mouse.wheel(0, 5000)  # lazy images below the fold load too
    page.wait_for_load_state("networkidle")
    watch.assert_none(page, f"loading {name} ({PUBLIC_PAGES[name]})")
    if name == "gallery":
        slider = page.get_by_role("slider").first
        slider.focus()
        page.keyboard.press("ArrowRight")  # the slider script runs and restyles the photos
        expect(slider).to_have_value("51")
    watch.assert_none(page, f"{name} ({PUBLIC_PAGES[name]})")


def test_api_docs_render_swagger_ui_without_csp_violations(watched, site):
    page, watch = watched
    response = page.goto(site["url"] + "/api/v1/docs/", wait_until="networkidle")
    assert "content-security-policy" in response.headers
    watch.assert_none(page, "loading the API docs (/api/v1/docs/)")
    expect(page.locator(".opblock").first).to_be_visible()  # operations listed: the schema loaded and rendered
    page.locator(".opblock-summary").first.click()  # an operation opens, with its parameters and models
    expect(page.locator(".opblock-body").first).to_be_visible()
    watch.assert_none(page, "the API docs (/api/v1/docs/)")


def test_editor_journey_runs_under_the_admin_policy(watched, live_server):
    """Sign in, write a treatment with StreamField blocks and a chooser, save, submit, and open the preview."""
    page, watch = watched
    home, index = f.site_tree()
    f.ClinicianFactory(name="Dr Ana Reyes")
    f.ProductFactory(name="Recovery serum", shop_id=9833, is_active=True)
    admin.make_editor("edna")
    admin.make_clinician_reviewer("dr_reyes")
    clinic = {"home": home, "index": index, "url": live_server.url}

    admin.sign_in(page, live_server.url, "edna")
    author_treatment(page, clinic)
    treatment = TreatmentPage.objects.get(title="Exosome therapy")
    assert treatment.latest_revision.as_object().body[0].block_type == "faq"

    page.goto(f"{live_server.url}/admin/pages/{treatment.pk}/edit/", wait_until="networkidle")
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe#w-preview-iframe, [data-w-preview-target='iframe']").first
    expect(preview.get_by_role("heading", level=1)).to_have_text("Exosome therapy")
    page.wait_for_load_state("networkidle")
    watch.assert_none(page, "the editor's journey in the admin")
