"""The comparison slider in a real browser (Debian's chromium): keyboard operable, labelled, and optional."""

import shutil

import pytest

from tests.factories.galleries import consented_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    # Set for these tests only: a process-wide setting would leak into every later subprocess.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM:
        pytest.skip("chromium is not installed (make browser-deps)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(java_script_enabled=True)
        yield context.new_page(), browser
        browser.close()


def test_slider_is_labelled_and_moves_with_the_keyboard(live_server, browser_page, gallery):
    page, _browser = browser_page
    consented_case()
    page.goto(live_server.url + gallery.url)
    slider = page.get_by_label("Compare: slide right to show more of the before photo", exact=False)
    assert slider.input_value() == "50"
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowLeft")
    assert slider.input_value() == "54"
    assert slider.get_attribute("aria-valuetext") == "54% before, 46% after"
    position = page.evaluate(
        "getComputedStyle(document.querySelector('[data-compare]')).getPropertyValue('--compare-position')"
    )
    assert position.strip() == "54%"
    page.keyboard.press("End")
    assert slider.input_value() == "100"


def test_without_javascript_photos_stay_side_by_side_with_no_slider(live_server, browser_page, gallery):
    _page, browser = browser_page
    consented_case()
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + gallery.url)
    assert page.locator("input[type=range]").count() == 0
    before, after = page.locator(".compare__frame img").all()
    assert before.get_attribute("alt") == "Before treatment, front view"
    box_before, box_after = before.bounding_box(), after.bounding_box()
    assert box_after["x"] > box_before["x"] + box_before["width"] - 1, "after sits to the right of before"
