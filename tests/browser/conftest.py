"""Browser fixtures: Debian's chromium driven by Playwright against pytest-django's live server.

Every test here skips, saying why, when /usr/bin/chromium is missing (`make browser-deps` installs it).
Playwright's own browser downloads are never used.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HAVE_CHROMIUM = Path(CHROMIUM).exists() or bool(shutil.which("chromium"))
SKIP_REASON = (
    f"Debian's chromium is not installed at {CHROMIUM}: run `make browser-deps` "
    "(apt-get install chromium) to run the browser tests"
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(autouse=True)
def _require_chromium():
    if not HAVE_CHROMIUM:
        pytest.skip(SKIP_REASON)


@pytest.fixture
def chromium():
    """A browser per test. Playwright's sync API must not outlive the test: kept running across tests, it leaves
    Django on a connection without pytest-django's `serialized_rollback` snapshot, and later transactional
    tests start from an empty database."""
    if not HAVE_CHROMIUM:
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the ORM calls the tests make between
    # browser steps are still ordinary synchronous code, so Django's async-safety guard must stand aside,
    # but only while the browser runs (a leaked variable fails `check --deploy` in other tests).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def screenshot(page, name, full_page=True):
    """Save a PNG under test-artifacts/ (git-ignored; CI keeps them) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def wait_until_in_viewport(page, selector, timeout=10_000):
    """Wait until the element's box lies inside the viewport (smooth scrolling takes a moment)."""
    page.wait_for_function(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
        }""",
        arg=selector,
        timeout=timeout,
        polling=100,
    )


def axe_violations(page, tags=WCAG_21_AA):
    """Run axe-core in the page at the given WCAG levels and return its violations."""
    # Evaluated through the DevTools protocol, not added as an inline <script>, which the site's CSP refuses.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        tags,
    )
    return result["violations"]


def describe_violations(violations):
    """One readable paragraph per violated rule: id, impact, help, and the offending elements."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:10]:
            lines.append(f"    {json.dumps(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"        {node['html'][:200]}")
    return "\n".join(lines)
