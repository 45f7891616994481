"""Headless Chromium on the built fixture site: pages render, search works, nothing leaves the
host, and axe-core finds no accessibility violations."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import axe_violations

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "",
    "regions index": "regions/",
    "region": "regions/franklin/",
    "state": "regions/ohio/",
    "resource": "resources/franklin-detox/",
    "meeting": "resources/tuesday-night-aa/",
    "category": "categories/detox/",
    "search": "search/",
}


def _off_site(requests: list[str], base: str) -> list[str]:
    host = urlsplit(base).netloc
    return [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
            and urlsplit(u).netloc != host]


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_page_type_renders_without_errors_or_off_site_requests(page, serve_site, name):
    """Each page type loads, shows the crisis bar, logs no script error and asks no other host."""
    page.goto(serve_site + PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    assert page.locator(".rn-crisis a[href='tel:988']").first.is_visible()
    assert page.errors == []
    assert _off_site(page.requests, serve_site) == []


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_axe_reports_no_violations(page, serve_site, name):
    """axe-core (WCAG 2.1 A/AA rules) finds nothing on each page type."""
    page.goto(serve_site + PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []


def test_search_finds_a_resource(page, serve_site):
    """Typing a word from a listing in the search page shows that listing as a result."""
    page.goto(serve_site + "search/")
    page.wait_for_selector(".pagefind-ui__search-input")
    page.fill(".pagefind-ui__search-input", "Scioto")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10_000)
    assert "Scioto" in result.inner_text()
    assert result.get_attribute("href").rstrip("/").endswith("resources/franklin-detox")
    assert _off_site(page.requests, serve_site) == []


def test_search_from_the_home_page_box(page, serve_site):
    """The home page's search box opens the search page with the query already run."""
    page.goto(serve_site)
    page.fill("#rn-q", "Tuesday")
    page.click(".rn-searchbox button")
    page.wait_for_url("**/search/?q=Tuesday")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10_000)
    assert "Tuesday Night" in result.inner_text()


def test_phone_width_has_no_horizontal_scroll(browser, serve_site):
    """At 320 px wide the region page fits without scrolling sideways (the crisis bar may
    scroll inside itself)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    pg = context.new_page()
    pg.goto(serve_site + "regions/franklin/")
    width = pg.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320


def test_no_cookies_are_set(page, serve_site):
    """Browsing several pages leaves no cookie and nothing in storage."""
    for url in ("", "regions/franklin/", "search/"):
        page.goto(serve_site + url)
    assert page.context.cookies() == []
    assert page.evaluate("Object.keys(localStorage).filter(k => !k.startsWith('__'))") == []
