"""The site as `make site` builds it (shipped mkdocs.yml, catalog and guides), in headless
Chromium: axe-core finds no WCAG 2.1 A/AA violation on any page type, light and dark, at 320 px,
390 px and desktop width; the crisis bar is on every page; every region's sheet fits 320 px on
screen and printed at that width, in English and Spanish."""

from __future__ import annotations

import os

import pytest

from tests.conftest import axe_violations
from tests.print.conftest import GUIDES

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1280)
SCHEMES = ("light", "dark")

PAGES = {
    "home": "",
    "regions index": "regions/",
    "state": "regions/ohio/",
    "county": "regions/franklin-county/",
    "resource": "resources/olde-towne-east-withdrawal-center/",
    "meeting": "resources/short-north-noon-aa/",
    "category": "categories/detox/",
    "find": "find/",
    "meetings": "meetings/",
    "search": "search/?q=detox",
    "list": "list/",
    "region sheet": "sheets/philadelphia/",
    "short link": None,  # the first short code the build wrote (they are derived from ids)
    "guides index": "guides/",
    **{f"guide {name}": f"guides/{name}/" for name in GUIDES},
    "coordinators": "coordinators/",
    "data health": "data-health/",
    "data": "data/",
    "about": "about/",
    "using the site": "using-the-site/",
    "colours": "colours/",
    "404": "no-such-page/",  # answered with 404.html, as GitHub Pages does
    "offline": "offline/",  # what the service worker shows for a page not kept (test_offline.py)
}


def page_url(base: str, site: str, name: str) -> str:
    path = PAGES[name]
    if path is None:
        path = "r/" + sorted(os.listdir(os.path.join(site, "r")))[0] + "/"
    return base + path


def open_page(browser, url: str, width: int, scheme: str = "light"):
    """The page loaded (search results drawn) at ``width``; it records script errors in
    ``page.errors`` and addresses answered 400 or worse in ``page.missing``."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.errors = []
    page.missing = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("response", lambda r: page.missing.append(r.url) if r.status >= 400 else None)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if "search/?q=" in url:
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    return page


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_nothing_on_the_shipped_site(browser, serve_shipped, shipped_site, name, scheme):
    """Every page type of the shipped site passes axe-core at 320 px, 390 px and desktop width."""
    page = open_page(browser, page_url(serve_shipped, shipped_site, name), WIDTHS[0], scheme)
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_timeout(50)
        found[width] = axe_violations(page)
    page.context.close()
    assert found == {w: [] for w in WIDTHS}


# What sticks out past the right edge, for the failure message: each element wider than the page.
OVERFLOWING = """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 320.5)
    .map(e => e.tagName.toLowerCase() + (e.classList.length ? '.' + [...e.classList].join('.') : ''))"""


@pytest.mark.parametrize("media", ["screen", "print"])
@pytest.mark.parametrize("language", ["", "es/"], ids=["en", "es"])
def test_every_region_sheet_fits_320_px(browser, serve_shipped, shipped_site, language, media):
    """Each region's sheet is no wider than a 320 px screen, on screen and in print media."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.emulate_media(media=media)
    wide = {}
    for region in sorted(os.listdir(os.path.join(shipped_site, language, "sheets"))):
        page.goto(f"{serve_shipped}{language}sheets/{region}/")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[region] = (width, page.evaluate(OVERFLOWING)[:4])
    context.close()
    assert wide == {}
