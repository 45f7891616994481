"""Reading with no signal, in headless Chromium on the site built from the shipped project and
served over HTTP at its site_url path (service workers need a real origin): visited pages reload
offline, a saved region opens offline, other pages show the offline page with the crisis lines,
a new build replaces the caches, and the site works with service workers blocked."""

from __future__ import annotations

import json
import os
import re
from urllib.parse import quote

import pytest

from generator import offline
from tests.conftest import EPOCH, axe_violations, build, copy_shipped_project, served

pytestmark = pytest.mark.browser

COUNTY = "philadelphia"
SAVE = "[data-rn-offline-save]"


def new_page(browser, width: int = 390, scheme: str = "light", **options):
    """A fresh context (its own service worker and caches) and a page recording script errors."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, **options)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return context, page


def wait_until(page, script: str, arg=None, seconds: float = 30) -> None:
    """Poll a script (a function) until it returns true (wait_for_function's string form is
    refused by the site's Content-Security-Policy, which forbids eval)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(script, arg):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {script}")


def controlled(page, url: str) -> None:
    """Open ``url`` and wait until the service worker controls the page."""
    page.goto(url)
    wait_until(page, "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)")


def cache_names(page) -> list[str]:
    return page.evaluate("caches.keys()")


def region_manifest(site: str, region: str, prefix: str = "") -> dict:
    with open(os.path.join(site, prefix + "offline", "regions", f"{region}.json"), encoding="utf-8") as handle:
        return json.load(handle)


def save_region(page, base: str, region: str) -> str:
    """Press the region page's save button (``base`` may end in a language's folder) and wait
    for the saved state; returns its label."""
    controlled(page, f"{base}regions/{region}/")
    button = page.locator(SAVE)
    button.wait_for(state="visible", timeout=15_000)
    label = button.inner_text()
    button.click()
    page.locator("[data-rn-offline-remove]").wait_for(state="visible", timeout=60_000)
    return label


def test_visited_page_reloads_offline(browser, serve_shipped):
    """A page opened while online (through the worker) reloads with the network off."""
    context, page = new_page(browser)
    try:
        controlled(page, serve_shipped + "about/")
        page.goto(serve_shipped + "regions/ohio/")
        assert page.locator("h1").first.inner_text() == "Ohio"
        context.set_offline(True)
        page.reload()
        assert page.locator("h1").first.inner_text() == "Ohio"
        assert "offline/" not in page.url
        assert not page.errors
    finally:
        context.close()


def test_saved_region_opens_offline(browser, serve_shipped, shipped_site):
    """The save button names the download's size; once saved, the region's page, sheet and
    listings open offline, near-me by ZIP and search work, and the button offers removal."""
    manifest = region_manifest(shipped_site, COUNTY)
    context, page = new_page(browser)
    try:
        label = save_region(page, serve_shipped, COUNTY)
        assert re.fullmatch(r"Save this region for offline \(\d+ KB\)", label), label
        assert f"({round(manifest['bytes'] / 1000)} KB)" in label
        assert "Saved on this device" in page.locator("[data-rn-offline-status]").inner_text()
        listing = next(f.url for f in offline.read_region(shipped_site, "", COUNTY)[1] if f.url.startswith("resources/"))
        context.set_offline(True)
        for url in (f"regions/{COUNTY}/", f"sheets/{COUNTY}/", listing):
            page.goto(serve_shipped + url)
            assert "offline/" not in page.url, url
            assert page.locator("h1").first.inner_text().strip(), url
        name = page.locator("h1").first.inner_text().strip()  # the listing's, opened last
        # Near me by ZIP code: the region's ZIP table was saved with it.
        page.goto(serve_shipped + f"regions/{COUNTY}/")
        page.fill("#rn-f-near", "19125")
        page.locator("#rn-f-place", has_text="19125").wait_for(timeout=10_000)
        miles = [t for t in page.locator("#rn-results .rn-dist").all_inner_texts() if t]
        assert miles and all(re.fullmatch(r"[\d.,]+ mi", m) for m in miles), miles
        page.goto(serve_shipped + f"sheets/{COUNTY}/?cat=detox")  # the region page's link keeps filters
        assert "offline/" not in page.url
        # The search bundle travels with the region: its listings are found offline.
        page.goto(serve_shipped + "search/?q=" + quote(name))
        results = page.locator(".pagefind-ui__result-link")
        results.first.wait_for(timeout=15_000)
        assert name in results.all_inner_texts()
        # ... under its name, linked to its own page (its region's document holds it).
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())
                 if results.nth(i).inner_text() == name]
        assert hrefs and all(h.endswith("/" + listing) for h in hrefs), hrefs
        assert not page.errors
    finally:
        context.close()


def test_saved_state_holds_its_counties(browser, serve_shipped, shipped_site):
    """Saving a state stores what its counties' manifests list as well as its own (a state's
    manifest lists only the rest): offline, a county's page and a listing in it open, and the
    offline page names the state with the size its button gave."""
    state, county = "pennsylvania", COUNTY
    manifest = region_manifest(shipped_site, state)
    assert county in manifest["parts"]
    listing = next(f[0] for f in region_manifest(shipped_site, county)["files"] if f[0].startswith("resources/"))
    assert listing not in {f[0] for f in manifest["files"]}
    context, page = new_page(browser)
    try:
        label = save_region(page, serve_shipped, state)
        assert f"({manifest['bytes'] / 1e6:.1f} MB)" in label
        stored = page.evaluate("""(name) => caches.open(name).then(c => c.keys()).then(k => k.length)""",
                               f"rn-{manifest['version']}-region-{state}")
        assert stored == len(offline.read_region(shipped_site, "", state)[1]) + 1  # and its manifest
        context.set_offline(True)
        for url in (f"regions/{state}/", f"regions/{county}/", f"sheets/{county}/", listing):
            page.goto(serve_shipped + url)
            assert "offline/" not in page.url, url
            assert page.locator("h1").first.inner_text().strip(), url
        assert not page.errors
    finally:
        context.close()


def test_unsaved_page_shows_offline_page(browser, serve_shipped):
    """Offline, a page never opened gives the offline page: crisis lines as tel: and sms:
    links, the regions saved here and the reader's list."""
    context, page = new_page(browser)
    try:
        save_region(page, serve_shipped, COUNTY)
        page.evaluate("localStorage.setItem('rn-list', JSON.stringify({ids: ['lifeline-988'], note: '', steps: []}))")
        context.set_offline(True)
        page.goto(serve_shipped + "regions/ohio/?cat=detox")
        assert "/offline/?from=" in page.url
        assert page.locator("h1").first.inner_text() == "You are offline"
        body = page.locator("#rn-offline-page")
        assert body.locator("a[href^='tel:988']").count() >= 1
        assert page.locator("#rn-crisis a[href^='sms:']").count() >= 1  # the crisis bar's text lines
        saved = page.locator("#rn-offline-regions a")
        saved.first.wait_for()
        assert saved.first.inner_text().startswith("Philadelphia")
        assert page.locator("#rn-offline-list").inner_text() == "1 listings on your list"
        retry = page.locator("#rn-offline-retry")
        assert retry.get_attribute("href").endswith("regions/ohio/?cat=detox")
        page.goto(serve_shipped + "list/")  # the list page and its listing, kept while online
        page.locator(".rn-list__item h2 a").first.wait_for(timeout=10_000)
        assert not page.errors
    finally:
        context.close()


def test_offline_page_and_save_button_accessible(browser, serve_shipped):
    """axe-core finds nothing on the offline page and on a region page showing the save
    button, light and dark; both fit a 320 px screen."""
    for scheme in ("light", "dark"):
        context, page = new_page(browser, width=320, scheme=scheme)
        try:
            controlled(page, serve_shipped + f"regions/{COUNTY}/")
            page.locator(SAVE).wait_for(state="visible", timeout=15_000)
            box = page.locator(SAVE).bounding_box()
            assert box["height"] >= 24 and box["width"] >= 24
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            assert axe_violations(page) == [], scheme
            page.locator(SAVE).focus()
            page.keyboard.press("Enter")
            page.locator("[data-rn-offline-remove]").wait_for(state="visible", timeout=60_000)
            assert axe_violations(page) == [], scheme
            context.set_offline(True)
            page.goto(serve_shipped + "regions/ohio/")
            page.locator("#rn-offline-regions a").first.wait_for()
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            assert axe_violations(page) == [], scheme
            assert not page.errors
        finally:
            context.close()


def test_service_workers_blocked(browser, serve_shipped):
    """With service workers blocked the pages work as before and offer no save button."""
    context, page = new_page(browser, service_workers="block")
    try:
        for url in ("", f"regions/{COUNTY}/", "offline/", "list/"):
            page.goto(serve_shipped + url)
            page.wait_for_load_state("networkidle")
            assert page.locator("h1").first.inner_text().strip()
        page.goto(serve_shipped + f"regions/{COUNTY}/")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-rn-offline]").is_hidden()
        assert not page.errors
    finally:
        context.close()


def test_new_build_replaces_caches(browser, tmp_path):
    """A rebuilt site (one page changed) installs a new worker whose caches replace the old
    ones: old caches deleted, the saved region saved again, the new page served offline."""
    project = copy_shipped_project(str(tmp_path / "project"))
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project) == 0
    site = os.path.join(project, "site")
    with open(os.path.join(site, "offline", "manifest.json"), encoding="utf-8") as handle:
        old = json.load(handle)["version"]
    with served(site) as base:
        context, page = new_page(browser)
        try:
            save_region(page, base, COUNTY)
            assert any(name.startswith(f"rn-{old}-region-") for name in cache_names(page))
            about = os.path.join(project, "content", "about.md")
            with open(about, "a", encoding="utf-8") as handle:
                handle.write("\nThis line came with the second build.\n")
            assert build(project) == 0
            with open(os.path.join(site, "offline", "manifest.json"), encoding="utf-8") as handle:
                new = json.load(handle)["version"]
            assert new != old
            page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
            wait_until(page, "v => caches.keys().then(n => n.some(x => x.startsWith('rn-' + v + '-region-')) && "
                             "!n.some(x => !x.startsWith('rn-' + v + '-')))", new, seconds=60)
            context.set_offline(True)
            page.goto(base + f"regions/{COUNTY}/")
            assert "offline/" not in page.url
            page.goto(base + "about/")  # never opened: not kept
            assert "/offline/" in page.url
            context.set_offline(False)
            page.goto(base + "about/")
            context.set_offline(True)
            page.reload()
            assert "This line came with the second build." in page.content()
            assert not page.errors
        finally:
            context.close()


# ------------------------------------------------------------ the same in Spanish
def test_spanish_visited_page_reloads_offline(browser, serve_shipped):
    """A Spanish page opened while online reloads with the network off, in Spanish."""
    context, page = new_page(browser)
    try:
        controlled(page, serve_shipped + "es/about/")
        page.goto(serve_shipped + "es/regions/ohio/")
        context.set_offline(True)
        page.reload()
        assert "offline/" not in page.url
        assert page.locator("h1").first.inner_text() == "Ohio"
        assert page.locator("html").get_attribute("lang") == "es"
        assert not page.errors
    finally:
        context.close()


def test_spanish_saved_region_opens_offline(browser, serve_shipped, shipped_site):
    """On a Spanish region page the save button speaks Spanish and names the Spanish
    download's size; once saved, the Spanish region page, sheet and listings open offline,
    near-me by ZIP code and the Spanish search find its listings."""
    manifest = region_manifest(shipped_site, COUNTY, "es/")
    context, page = new_page(browser)
    try:
        label = save_region(page, serve_shipped + "es/", COUNTY)
        assert re.fullmatch(r"Guardar esta región para usarla sin conexión \(\d+ KB\)", label), label
        assert f"({round(manifest['bytes'] / 1000)} KB)" in label
        assert "Guardada en este dispositivo" in page.locator("[data-rn-offline-status]").inner_text()
        assert f"rn-{manifest['version']}-region-es/{COUNTY}" in cache_names(page)
        listing = next(f.url for f in offline.read_region(shipped_site, "es/", COUNTY)[1] if f.url.startswith("es/resources/"))
        context.set_offline(True)
        for url in (f"es/regions/{COUNTY}/", f"es/sheets/{COUNTY}/", listing):
            page.goto(serve_shipped + url)
            assert "offline/" not in page.url, url
            assert page.locator("html").get_attribute("lang") == "es", url
            assert page.locator("h1").first.inner_text().strip(), url
        name = page.locator("h1").first.inner_text().strip()
        page.goto(serve_shipped + f"es/regions/{COUNTY}/")
        page.fill("#rn-f-near", "19125")
        page.locator("#rn-f-place", has_text="19125").wait_for(timeout=10_000)
        miles = [t for t in page.locator("#rn-results .rn-dist").all_inner_texts() if t]
        assert miles and all(re.fullmatch(r"[\d.,]+\s?mi", m) for m in miles), miles
        page.goto(serve_shipped + "es/search/?q=" + quote(name))
        results = page.locator(".pagefind-ui__result-link")
        results.first.wait_for(timeout=15_000)
        assert name in results.all_inner_texts()
        assert not page.errors
    finally:
        context.close()


def test_spanish_unsaved_page_shows_spanish_offline_page(browser, serve_shipped):
    """Offline, a Spanish page never opened gives the Spanish offline page (kept on the first
    Spanish visit, no English page needed): crisis lines as tel: links, the saved region and
    the reader's list, in Spanish; axe-core finds nothing on it, light and dark."""
    for scheme in ("light", "dark"):
        context, page = new_page(browser, width=320, scheme=scheme)
        try:
            save_region(page, serve_shipped + "es/", COUNTY)
            page.evaluate("localStorage.setItem('rn-list', JSON.stringify({ids: ['lifeline-988'], note: '', steps: []}))")
            assert any(n.endswith("-shell-es") for n in cache_names(page))
            context.set_offline(True)
            page.goto(serve_shipped + "es/regions/ohio/?cat=detox")
            assert "/es/offline/?from=" in page.url
            assert page.locator("html").get_attribute("lang") == "es"
            assert page.locator("h1").first.inner_text() == "Está sin conexión"
            assert page.locator("#rn-offline-page a[href^='tel:988']").count() >= 1
            saved = page.locator("#rn-offline-regions a")
            saved.first.wait_for()
            assert saved.first.inner_text().startswith("Philadelphia")
            assert "/es/regions/" in saved.first.get_attribute("href")
            assert page.locator("#rn-offline-list").inner_text() == "1 anuncios en su lista"
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            assert axe_violations(page) == [], scheme
            page.goto(serve_shipped + "es/guides/")  # the Spanish guides were kept
            assert "offline/" not in page.url and page.locator("html").get_attribute("lang") == "es"
            assert not page.errors
        finally:
            context.close()


def test_one_language_keeps_one_shell(browser, serve_shipped):
    """A reader who opens only English pages keeps the English shell alone; opening a Spanish
    page adds the Spanish one, so the first visit downloads one language's guides."""
    context, page = new_page(browser)
    try:
        controlled(page, serve_shipped + "about/")
        names = cache_names(page)
        assert any(n.endswith("-shell-en") for n in names) and not any(n.endswith("-shell-es") for n in names)
        page.goto(serve_shipped + "es/about/")
        wait_until(page, "() => caches.keys().then(n => n.some(x => x.endsWith('-shell-es')))")
        assert not page.errors
    finally:
        context.close()
