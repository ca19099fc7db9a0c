"""Headless Chromium (Debian's, not a Playwright download) driven through Playwright."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread, which Django would
# otherwise take for an async context and refuse database access from the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: Chromium is missing at {CHROMIUM}")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: run `make install` (apt package chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def axe_page(browser):
    """A page that axe-core can be injected into: its context bypasses the CSP."""
    context = browser.new_context(locale="en-GB", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def wcag_violations():
    """Runs axe-core's WCAG 2.2 AA rules on a page; returns each violation with where it is."""

    def run(page) -> list[str]:
        # A link's click returns once the next document is committed, before it is parsed:
        # injecting then finds no <head> ("reading 'appendChild'" of null). Wait for the page.
        page.wait_for_load_state("load")
        page.add_script_tag(path=AXE)
        results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
        return [
            f"{violation['id']}: {node['target']}" for violation in results["violations"] for node in violation["nodes"]
        ]

    return run
