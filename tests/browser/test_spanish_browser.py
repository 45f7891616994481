"""The shipped site's Spanish pages in headless Chromium: axe-core finds no WCAG 2.1 A/AA
violation on them at 390 px and desktop width; the switch in the header lands on the same page in
the other language; the filters speak Spanish; the Spanish search page finds Spanish pages; and
no page asks for a file that is not there (the theme's script and hreflang links included)."""

from __future__ import annotations

import os

import pytest

from tests.conftest import axe_violations
from tests.browser.test_shipped import open_page

pytestmark = pytest.mark.browser

PAGES = {
    "home": "es/",
    "region": "es/regions/cuyahoga-county/",
    "resource": "es/resources/clark-fulton-na-en-espanol/",
    "category": "es/categories/detox/",
    "find": "es/find/",
    "meetings": "es/meetings/",
    "list": "es/list/",
    "sheet": "es/sheets/cuyahoga-county/",
    "search": "es/search/?q=desintoxicaci%C3%B3n",
    "data health": "es/data-health/",
}
SHOTS = os.environ.get("NAVIGATOR_SHOTS", "")  # a folder: screenshots at 390 px go there


@pytest.mark.parametrize("name", list(PAGES))
def test_spanish_pages_pass_axe(browser, serve_shipped, name):
    """Each Spanish page type passes axe-core at 390 px and 1280 px, with no script error and
    no request for a missing file."""
    page = open_page(browser, serve_shipped + PAGES[name], 390)
    found = {390: axe_violations(page)}
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"es-{name.replace(' ', '-')}-390.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 844})
    page.wait_for_timeout(50)
    found[1280] = axe_violations(page)
    errors, missing = page.errors, page.missing
    page.context.close()
    assert (found, errors, missing) == ({390: [], 1280: []}, [], [])


def test_the_switch_lands_on_the_same_page(browser, serve_shipped):
    """From an English region page to the Spanish one and back, through the header's switch."""
    page = open_page(browser, serve_shipped + "regions/cuyahoga-county/", 390)
    page.locator(".rn-lang__link").click()
    page.wait_for_load_state("networkidle")
    assert page.url == serve_shipped + "es/regions/cuyahoga-county/"
    assert page.locator("html").get_attribute("lang") == "es"
    page.locator(".rn-lang__link").click()
    page.wait_for_load_state("networkidle")
    assert page.url == serve_shipped + "regions/cuyahoga-county/"
    page.context.close()


def test_spanish_filters_and_counts(browser, serve_shipped):
    """The find page's script speaks Spanish: the count of results and the quick choices."""
    page = open_page(browser, serve_shipped + "es/find/", 1280)
    count = page.locator("#rn-f-count").inner_text()
    page.context.close()
    assert count.startswith("Se muestran "), count


def test_spanish_search_finds_spanish_pages(browser, serve_shipped):
    """A Spanish word finds the Spanish pages, which lead to /es/."""
    page = open_page(browser, serve_shipped + "es/search/?q=desintoxicaci%C3%B3n", 1280)
    links = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.href)")
    page.context.close()
    assert links and all("/es/" in link for link in links), links


def test_spanish_near_me_reads_the_shared_place_names(browser, serve_shipped):
    """A ZIP code on the Spanish region page finds the place through the default language's
    place lookups (written once) and says so in Spanish."""
    page = open_page(browser, serve_shipped + "es/regions/cuyahoga-county/", 1280)
    page.fill("#rn-f-near", "44109")
    page.locator("#rn-f-place", has_text="44109").wait_for()
    text, missing = page.locator("#rn-f-place").inner_text(), page.missing
    page.context.close()
    assert text.startswith("Cerca de ") and missing == [], (text, missing)
