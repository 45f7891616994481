"""The shipped site in Spanish: every kind of generated page exists under /es/ in Spanish, with
no English interface text left (the English messages of the catalogue are looked for), the
language switch and hreflang links lead to pages that exist, listings' own translations are
used, the navigation is the Spanish one, and search has a Spanish index."""

from __future__ import annotations

import json
import os
import posixpath
import re
import sys
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)
from tools import messages  # noqa: E402

SITE_URL = "https://example.org/recovery-navigator/"  # the shipped mkdocs.yml's
# One page of each kind the generator makes, and the hand-written ones it supplies or fills.
PAGES = {
    "home": "index.html",
    "region tree": "regions/index.html",
    "region": "regions/cuyahoga-county/index.html",
    "resource": "resources/clark-fulton-na-en-espanol/index.html",
    "category": "categories/detox/index.html",
    "find": "find/index.html",
    "meetings": "meetings/index.html",
    "list": "list/index.html",
    "sheet": "sheets/cuyahoga-county/index.html",
    "search": "search/index.html",
    "data health": "data-health/index.html",
    "not found": "404.html",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Page(HTMLParser):
    """Text shown to a reader (and read out: labels, titles, placeholders), each with the
    language of its element; links and alternates."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str]] = []
        self.links: list[dict] = []
        self.html_lang = ""

    def lang(self) -> str:
        return next((lang for _tag, lang in reversed(self.stack) if lang), "")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang", "")
        if tag == "link" or tag == "a":
            self.links.append({"tag": tag, **a})
        if tag not in VOID:
            self.stack.append((tag, a.get("lang")))
        for key in ("aria-label", "title", "placeholder", "alt"):
            if a.get(key):
                self.texts.append((a[key].strip(), a.get("lang") or self.lang()))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip() and not any(tag in ("script", "style") for tag, _l in self.stack):
            self.texts.append((data.strip(), self.lang()))


def parse(site: str, path: str) -> Page:
    page = Page()
    with open(os.path.join(site, path), encoding="utf-8") as handle:
        page.feed(handle.read())
    return page


@pytest.fixture(scope="module")
def english_messages() -> list[tuple[str, re.Pattern]]:
    """The catalogue's English messages that Spanish changes, as patterns matching a whole text
    (a placeholder matches any value)."""
    spanish = messages.read(messages.po_path("es"), "es")
    out = []
    for message in messages.extract():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        found = spanish.get(ids[0]).string
        translated = found if isinstance(found, tuple) else (found,)
        for english in ids:
            if english in translated:
                continue  # the same in both (Medicaid, TTY, 24/7)
            parts = re.split(r"%\(\w+\)\w|\{\w+\}", english)
            out.append((english, re.compile(".+?".join(re.escape(p) for p in parts))))
    return out


@pytest.mark.parametrize("kind", PAGES)
def test_every_kind_of_page_is_in_spanish(shipped_site, kind):
    """/es/ has the page, in Spanish (lang="es"), and the English one stays English."""
    spanish = parse(shipped_site, "es/" + PAGES[kind])
    assert spanish.html_lang == "es"
    assert parse(shipped_site, PAGES[kind]).html_lang == "en"


@pytest.mark.parametrize("kind", PAGES)
def test_no_english_interface_text_on_spanish_pages(shipped_site, kind, english_messages):
    """No text of a Spanish page is one of the catalogue's English messages, except where it
    is marked as English (a listing's own words without a translation)."""
    page = parse(shipped_site, "es/" + PAGES[kind])
    left = sorted({english for text, lang in page.texts if lang in ("", "es")
                   for english, pattern in english_messages if pattern.fullmatch(text.strip(" ·:—|"))})
    assert left == []


def test_the_scan_finds_english(shipped_site, english_messages):
    """The same scan on the English page finds the English messages (it can fail)."""
    page = parse(shipped_site, PAGES["find"])
    found = {english for text, _lang in page.texts for english, pattern in english_messages
             if pattern.fullmatch(text.strip(" ·:—|"))}
    assert {"Filter these listings", "Kind of help", "Any kind"} <= found


def _target(site: str, page_path: str, href: str) -> str:
    """The file a link leads to, inside the site."""
    if href.startswith(SITE_URL):
        path = href[len(SITE_URL):]
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), urlsplit(href).path))
        path = "" if path == "." else path + ("/" if href.endswith("/") else "")
    return os.path.join(site, path, "index.html") if path.endswith("/") or path == "" else os.path.join(site, path)


@pytest.mark.parametrize("path", [p for p in PAGES.values() if p != "404.html"]
                         + ["guides/boundaries/index.html"])
@pytest.mark.parametrize("language", ["", "es/"])
def test_switch_and_hreflang_lead_to_existing_pages(shipped_site, path, language):
    """The switch names the other language and leads to the same page there (or, for a page not
    written in it yet, to its home); hreflang links name both languages and x-default when the
    page is in both."""
    if not os.path.isfile(os.path.join(shipped_site, language + path)):
        pytest.skip(f"{language + path}: the page is not written in this language yet")
    page = parse(shipped_site, language + path)
    switch = [a for a in page.links if a["tag"] == "a" and "rn-lang__link" in a.get("class", "")]
    assert [a["hreflang"] for a in switch] == (["en"] if language else ["es"])
    for link in switch:
        assert os.path.isfile(_target(shipped_site, language + path, link["href"])), link["href"]
    alternates = {a["hreflang"]: a["href"] for a in page.links
                  if a["tag"] == "link" and "alternate" in a.get("rel", "").split() and "hreflang" in a}
    in_both = os.path.isfile(os.path.join(shipped_site, path)) and os.path.isfile(
        os.path.join(shipped_site, "es/" + path))
    # Only versions that exist are announced: a page in one language has none.
    assert set(alternates) == ({"en", "es", "x-default"} if in_both else set())
    assert alternates.get("x-default") == alternates.get("en")
    for href in alternates.values():
        assert href.startswith(SITE_URL) and os.path.isfile(_target(shipped_site, "", href)), href


def test_switch_lands_on_the_same_catalog_page(shipped_site):
    """A catalog page's switch leads to the same page in the other language, both ways."""
    region = "regions/cuyahoga-county/index.html"
    to_spanish = next(a["href"] for a in parse(shipped_site, region).links if a.get("hreflang") == "es"
                      and a["tag"] == "a")
    to_english = next(a["href"] for a in parse(shipped_site, "es/" + region).links if a.get("hreflang") == "en"
                      and a["tag"] == "a")
    assert (to_spanish, to_english) == ("../../es/regions/cuyahoga-county/", "../../../regions/cuyahoga-county/")


def test_a_page_not_yet_in_spanish_switches_to_the_spanish_home(shipped_site):
    """Without content/es/<page>, the switch leads to the Spanish home page."""
    if os.path.isfile(os.path.join(ROOT, "content", "es", "colours.md")):
        pytest.skip("every page has its Spanish counterpart")
    link = next(a for a in parse(shipped_site, "colours/index.html").links if a.get("hreflang") == "es"
                and a["tag"] == "a")
    assert link["href"] == "../es/"


def test_listing_translations_are_used_and_the_rest_is_marked(shipped_site):
    """A listing with a Spanish name shows it; one without shows its name marked lang="en"."""
    clinic = parse(shipped_site, "es/resources/lorain-avenue-medication-recovery/index.html")
    assert ("Centro de Recuperación con Medicamentos de Lorain Avenue", "es") in clinic.texts
    meeting = parse(shipped_site, "es/resources/clark-fulton-na-en-espanol/index.html")
    assert ("Clark-Fulton NA en Español", "en") in meeting.texts  # no Spanish name written
    assert any("Los recién llegados" in text for text, lang in meeting.texts if lang == "es")
    english = parse(shipped_site, "resources/lorain-avenue-medication-recovery/index.html")
    assert ("Lorain Avenue Medication Recovery", "en") in english.texts


def test_spanish_meeting_types_times_and_nav(shipped_site):
    """Meeting types are the spec's Spanish names, times use the 24-hour clock, and the
    navigation is the Spanish one."""
    with open(os.path.join(shipped_site, "es/resources/clark-fulton-na-en-espanol/index.html"),
              encoding="utf-8") as handle:
        html = handle.read()
    assert "Principiantes" in html and "Newcomer" not in html
    assert "19:00" in html and "7:00 PM" not in html
    with open(os.path.join(shipped_site, "es/index.html"), encoding="utf-8") as handle:
        home = handle.read()
    assert "Buscar ayuda" in home and ">Find help<" not in home


def test_search_has_a_spanish_index(shipped_site):
    """Pagefind made an index per language with about as many documents as the English one (one
    per region and per hand-written page; a few hand-written pages have no Spanish version)."""
    with open(os.path.join(shipped_site, "pagefind", "pagefind-entry.json"), encoding="utf-8") as handle:
        entry = json.load(handle)
    assert set(entry["languages"]) == {"en", "es"}
    english, spanish = (entry["languages"][code]["page_count"] for code in ("en", "es"))
    assert 30 < spanish <= english and spanish >= 0.9 * english


@pytest.mark.parametrize("path", ["regions/cuyahoga-county/index.html", "find/index.html",
                                  "meetings/index.html", "search/index.html"])
def test_spanish_pages_read_the_place_names_written_once(shipped_site, path):
    """Place lookups are language-neutral: Spanish pages point at the default language's
    files, which exist, and no copy is written under es/."""
    with open(os.path.join(shipped_site, "es", path), encoding="utf-8") as handle:
        places = re.search(r'data-places="([^"]+)"', handle.read()).group(1)
    target = posixpath.normpath(posixpath.join(posixpath.dirname("es/" + path), places))
    assert not target.startswith("es/") and os.path.isfile(os.path.join(shipped_site, target)), target
    assert not any(name == "places.json" for _d, _s, names in os.walk(os.path.join(shipped_site, "es"))
                   for name in names)


def test_the_not_found_pages_switch_to_the_other_home(shipped_site):
    """The 404 page holds a part per language, its own first (GitHub Pages serves /404.html for
    missing /es/ addresses too); each part offers the other language's home (addresses from
    site_url's path, as the page's own links); no hreflang versions are announced."""
    english, spanish = parse(shipped_site, "404.html"), parse(shipped_site, "es/404.html")
    switch = {p: [(a["hreflang"], a["href"]) for a in page.links if "rn-lang__link" in a.get("class", "")]
              for p, page in (("en", english), ("es", spanish))}
    assert switch == {"en": [("es", "/recovery-navigator/es/"), ("en", "/recovery-navigator/")],
                      "es": [("en", "/recovery-navigator/"), ("es", "/recovery-navigator/es/")]}
    assert not any("hreflang" in a and a["tag"] == "link" for a in english.links + spanish.links)


def test_spanish_short_links(shipped_site, english_messages):
    """A Spanish short link's lookup page is a Spanish page leading to the Spanish listing, with
    the crisis lines' Spanish names where the catalog has them."""
    lookup = sorted(n for n in os.listdir(os.path.join(shipped_site, "es", "r")) if n.endswith(".html")
                    and n != "index.html")[0]
    path = f"es/r/{lookup}"
    page = parse(shipped_site, path)
    assert page.html_lang == "es"
    target = next(a["href"] for a in page.links if a["tag"] == "a" and a.get("id", "").startswith("c-"))
    assert os.path.isfile(_target(shipped_site, path, target)) and "/resources/" in target
    assert _target(shipped_site, path, target).startswith(os.path.join(shipped_site, "es", ""))
    assert ("988 Línea de Prevención del Suicidio y Crisis 988", "es") in page.texts
    left = {english for text, lang in page.texts if lang == "es"
            for english, pattern in english_messages if pattern.fullmatch(text.strip(" ·:—|"))}
    assert left == set()
