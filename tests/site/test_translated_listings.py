"""The shipped project with `other_language_listings: translated` (a national catalog's choice):
Spanish listing pages only for listings with Spanish text of their own, and every Spanish page,
short link, calendar, search document and saved region leading to the English page of the
others, with nothing linking to a page that is not there."""

from __future__ import annotations

import os
import re

import yaml

from generator import offline
from tests.conftest import ROOT
from tests.site.test_build import broken_links

SITE_URL = "https://example.org/recovery-navigator/"  # the shipped mkdocs.yml's
SITE_PATH = "/recovery-navigator/"


def catalog_entries() -> list[dict]:
    """Every listing of the shipped catalog (resources.yaml and catalog/)."""
    found = []
    paths = [os.path.join(ROOT, "resources.yaml")] + sorted(
        os.path.join(ROOT, "catalog", name) for name in os.listdir(os.path.join(ROOT, "catalog")))
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        found += data.get("resources") or []
    return found


def translated_ids() -> set[str]:
    return {r["id"] for r in catalog_entries() if (r.get("translations") or {}).get("es")}


def read(site: str, path: str) -> str:
    with open(os.path.join(site, path), encoding="utf-8") as handle:
        return handle.read()


def test_spanish_pages_only_for_translated_listings(translated_site):
    """es/resources/ holds exactly the listings with Spanish text; resources/ holds them all."""
    spanish = set(os.listdir(os.path.join(translated_site, "es", "resources")))
    assert spanish == translated_ids() and len(spanish) >= 3
    english = set(os.listdir(os.path.join(translated_site, "resources")))
    assert english == {r["id"] for r in catalog_entries()}


def test_every_internal_link_resolves(translated_site):
    """No page (Spanish region pages, sheets, finders, short links, the switch) links a Spanish
    listing page that was not made."""
    assert broken_links(translated_site, SITE_PATH) == []


def test_spanish_region_links_english_page_of_untranslated_listing(translated_site):
    """The Spanish county page links an untranslated listing's English page, a translated one's
    Spanish page."""
    html = read(translated_site, "es/regions/cuyahoga-county/index.html")
    assert 'href="../../resources/clark-fulton-na-en-espanol/"' in html
    untranslated = [r["id"] for r in catalog_entries() if r["id"] not in translated_ids()]
    linked = set(re.findall(r'href="../../../resources/([a-z0-9-]+)/"', html))
    assert linked and linked <= set(untranslated)


def test_english_page_alone_has_no_spanish_alternate(translated_site):
    """An untranslated listing's page names no Spanish version: no hreflang links, and the
    switch leads to its county's Spanish page; a translated listing's page keeps both."""
    alone = read(translated_site, "resources/arch-street-family-recovery-circle/index.html")
    assert "rel=\"alternate \" hreflang" not in alone
    assert '<a class="rn-lang__link" href="../../es/regions/philadelphia/" hreflang="es" lang="es">' in alone
    # The page's own address is only in its canonical link (the switch's marker took the region's).
    assert alone.count("arch-street-family-recovery-circle/") == 1
    assert f'<link rel="canonical" href="{SITE_URL}resources/arch-street-family-recovery-circle/">' in alone
    both = read(translated_site, "resources/clark-fulton-na-en-espanol/index.html")
    assert (f'<link rel="alternate " hreflang="es" href="{SITE_URL}es/resources/clark-fulton-na-en-espanol/">'
            in both)
    assert 'href="../../es/resources/clark-fulton-na-en-espanol/"' in both


def lookup_text(site: str, folder: str) -> str:
    """Every short-link lookup page in ``folder`` (r/ or es/r/), joined."""
    shards = os.path.join(site, folder)
    return "".join(read(site, os.path.join(folder, name)) for name in os.listdir(shards) if name != "index.html")


def test_spanish_lookup_pages_hold_only_spanish_pages(translated_site):
    """The Spanish lookup pages hold the codes of listings with a Spanish page only; an
    untranslated listing's code is in the English ones, where the 404 page looks next."""
    spanish, english = lookup_text(translated_site, "es/r"), lookup_text(translated_site, "r")
    assert 'href="../resources/clark-fulton-na-en-espanol/"' in spanish
    assert "arch-street-family-recovery-circle" not in spanish
    assert 'href="../resources/arch-street-family-recovery-circle/"' in english
    # Without scripts, the Spanish list of lookup pages leads to the English one.
    assert 'href="../../r/">todos los enlaces cortos</a>' in read(translated_site, "es/r/index.html")
    assert "todos los enlaces cortos" not in read(translated_site, "r/index.html")


def test_spanish_calendar_links_each_meeting_page_that_exists(translated_site):
    """A Spanish calendar event's URL is the listing's Spanish page when it has one, else its
    English page: whole addresses, no folder twice."""
    urls = set()
    for folder, _dirs, files in os.walk(os.path.join(translated_site, "es", "regions")):
        for name in files:
            if name == "meetings.ics":
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    # Lines fold at 75 octets (RFC 5545): unfold before reading.
                    text = handle.read().replace("\n ", "")  # (read with \r\n as \n)
                urls |= set(re.findall(r"^URL:(\S+)", text, re.M))
    assert f"{SITE_URL}es/resources/clark-fulton-na-en-espanol/" in urls
    assert any(u.startswith(SITE_URL + "resources/") for u in urls)
    for url in urls:
        path = url[len(SITE_URL):]
        assert os.path.exists(os.path.join(translated_site, path, "index.html")), url


def test_saved_spanish_region_holds_english_pages_of_untranslated(translated_site):
    """Saving a county in Spanish keeps the English pages its Spanish page links."""
    files = {f.url for f in offline.read_region(translated_site, "es/", "cuyahoga-county")[1]}
    assert "es/resources/clark-fulton-na-en-espanol/" in files
    html = read(translated_site, "es/regions/cuyahoga-county/index.html")
    for listing in set(re.findall(r'href="../../../(resources/[a-z0-9-]+/)"', html)):
        assert listing in files, listing


def test_sitemap_names_only_pages_that_exist(translated_site):
    """The sitemap lists no Spanish listing page that was not made."""
    locs = re.findall(r"<loc>([^<]+)</loc>", read(translated_site, "sitemap.xml"))
    assert locs
    for loc in locs:
        path = loc[len(SITE_URL):]
        assert os.path.exists(os.path.join(translated_site, path, "index.html")) \
            or os.path.exists(os.path.join(translated_site, path)), loc


def test_every_alternate_names_a_page_that_exists(translated_site):
    """hreflang links (absolute, so the link check passes them by) lead to pages that exist."""
    found = 0
    for folder, _dirs, files in os.walk(translated_site):
        if "index.html" not in files:
            continue
        html = read(translated_site, os.path.join(folder, "index.html"))
        for url in re.findall(r'<link rel="alternate " hreflang="[^"]+" href="([^"]+)">', html):
            found += 1
            assert url.startswith(SITE_URL), url
            assert os.path.exists(os.path.join(translated_site, url[len(SITE_URL):], "index.html")), \
                f"{os.path.relpath(folder, translated_site)} -> {url}"
    assert found > 100
