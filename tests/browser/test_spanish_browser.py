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
    # A click does not wait for the page it opens: wait for that address (it times out if the
    # switch leads anywhere else).
    page.locator(".rn-lang__link").click()
    page.wait_for_url(serve_shipped + "es/regions/cuyahoga-county/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.locator(".rn-lang__link").click()
    page.wait_for_url(serve_shipped + "regions/cuyahoga-county/")
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


def _not_found(browser, url: str, scripts: bool = True):
    """The 404 page answered for ``url``, at 390 px; returns the page."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=scripts)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    response = page.goto(url)
    assert response.status == 404
    return page


def _visible(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("els => els.filter(e => e.offsetParent).map(e => e.textContent.trim())")


def test_missing_spanish_address_shows_the_404_page_in_spanish(browser, serve_shipped):
    """GitHub Pages answers a missing /es/ address with /404.html: it shows itself in Spanish
    (<html lang>, title, heading, crisis bar, a link to the Spanish home) and nothing in
    English, and axe-core finds nothing; a missing English address gets English."""
    page = _not_found(browser, serve_shipped + "es/no-existe/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.title().startswith("Página no encontrada")
    assert _visible(page, "h1") == ["Página no encontrada"]
    assert _visible(page, ".rn-crisis__title") == ["¿En crisis? Ayuda ahora:"]
    assert page.locator("section[lang=es] a", has_text="Inicio").get_attribute("href") == "/recovery-navigator/es/"
    assert page.locator("section[lang=en]").is_hidden()
    assert page.locator("a[href^='tel:988']:visible").count() == 1
    assert axe_violations(page) == [] and page.errors == []
    page.context.close()
    page = _not_found(browser, serve_shipped + "no-such-page/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert _visible(page, "h1") == ["Page not found"] and page.title().startswith("Page not found")
    assert page.locator("section[lang=es]").is_hidden()
    assert axe_violations(page) == [] and page.errors == []
    page.context.close()


def test_404_page_without_scripts_offers_both_languages(browser, serve_shipped):
    """Without scripts the page shows both languages' parts, each marked with its lang, and the
    first links to the Spanish one; the crisis lines dial in both."""
    page = _not_found(browser, serve_shipped + "es/no-existe/", scripts=False)
    assert _visible(page, "h1") == ["Page not found", "Página no encontrada"]
    assert [page.locator(f"section[lang={c}] a[href^='tel:988']").count() for c in ("en", "es")] == [1, 1]
    page.get_by_role("link", name="Español: Página no encontrada").click()
    assert page.url.endswith("#rn-404-title-es")
    ids = page.locator("[id]").evaluate_all("els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)), ids
    page.context.close()


def test_spanish_short_link_resolves_from_the_404_page(browser, serve_shipped, shipped_site):
    """A Spanish short link (/es/r/<code>/) ends on the Spanish listing; an unknown Spanish
    code is reported in Spanish."""
    from tests.browser.test_national_scale import LISTING, short_code

    code = short_code(shipped_site, LISTING)
    page = _not_found(browser, serve_shipped + "no-such-page/")
    page.goto(f"{serve_shipped}es/r/{code}/")
    page.wait_for_url(serve_shipped + "es/" + LISTING, timeout=10_000)
    assert page.locator("html").get_attribute("lang") == "es"
    page.goto(serve_shipped + "es/r/zzzzzzzz/")
    status = page.locator("#rn-short-es")
    status.wait_for()
    for _ in range(100):
        if not status.inner_text().startswith("Abriendo"):
            break
        page.wait_for_timeout(100)
    assert status.inner_text().startswith("Ningún anuncio"), status.inner_text()
    page.context.close()


def test_hreflang_links_ask_for_no_sitemap(browser, serve_shipped):
    """A page with hreflang links and the meetings feed link (rel's one token: alternate) loads
    without asking for any sitemap.xml, and so does the page the language switch opens."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(serve_shipped + "regions/cuyahoga-county/")
    page.wait_for_load_state("networkidle")
    rels = page.locator("link[hreflang]").evaluate_all("els => els.map(e => [...e.relList])")
    assert rels and all(r == ["alternate"] for r in rels), rels
    feed = page.locator("link[type='application/json']").evaluate("e => [...e.relList]")
    assert feed == ["alternate"]  # the Meeting Guide feed link, the same word
    page.locator(".rn-lang__link").click()
    page.wait_for_url(serve_shipped + "es/regions/cuyahoga-county/")
    page.wait_for_load_state("networkidle")
    assert page.locator("link[hreflang]").count() == len(rels)
    context.close()
    assert [u for u in asked if "sitemap" in u] == [] and len(asked) > 5
