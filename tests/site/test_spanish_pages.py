"""The Spanish hand-written pages (content/es/) against their English originals: each page exists
with the same front matter keys, the same placeholders, admonitions, tables and HTML blocks, the
in-page anchors the English page links to, and links that lead somewhere in the shipped site."""

from __future__ import annotations

import os
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from mkdocs.utils.meta import get_data

from tests.conftest import ROOT

CONTENT = os.path.join(ROOT, "content")
# The hand-written pages a Spanish reader meets. Left in English on purpose: coordinators.md,
# data-health.md and colours.md (coordinators' working pages). The guides have their own test
# (test_spanish_guides.py).
PAGES = ("index", "about", "regions", "search", "using-the-site", "data")

# Addresses under /es/ that the generator makes per language (docs/translating.md), not a file in
# content/es/: a link to one is fine when the English page of the same path is in the site.
GENERATED = {
    "es/find/": "Find help now, a catalog page made in each language",
    "es/meetings/": "the meetings page, a catalog page made in each language",
}
# The Spanish guides are required guide by guide by test_spanish_guides.py; a link to one is
# fine when its English guide exists.
GUIDES = "es/guides/"

_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)(?:\s+[\w-]+)?\s*\}\}")
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s+(\w+)", re.M)
_ATTR_LIST = re.compile(r"\{\s*((?:[.#][\w-]+\s*)+)\}")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", re.M)
_HTML_TAG = re.compile(r"<([a-z][a-z0-9]*)\b([^>]*)>")
_KEPT_ATTRS = re.compile(r"\b(class|id|markdown|data-[\w-]+)(?:=\"([^\"]*)\")?")


def read(*parts: str) -> tuple[str, dict]:
    with open(os.path.join(*parts), encoding="utf-8") as handle:
        return get_data(handle.read())


def english(name: str) -> tuple[str, dict]:
    return read(CONTENT, name + ".md")


def spanish(name: str) -> tuple[str, dict]:
    path = os.path.join(CONTENT, "es", name + ".md")
    assert os.path.exists(path), f"content/es/{name}.md is missing"
    return read(path)


def html_blocks(markdown: str) -> Counter:
    """Raw HTML tags with the attributes that carry behaviour (class, id, markdown, data-*);
    words a reader sees (aria-label, title) and addresses are the translation's own."""
    found = Counter()
    for tag, attrs in _HTML_TAG.findall(markdown):
        kept = sorted(f"{k}={v}" for k, v in _KEPT_ATTRS.findall(attrs))
        found[(tag, tuple(kept))] += 1
    return found


def structure(markdown: str) -> dict:
    return {
        "placeholders": Counter(_PLACEHOLDER.findall(markdown)),
        "admonitions": Counter(kind for _mark, kind in _ADMONITION.findall(markdown)),
        "attribute lists": Counter(" ".join(a.split()) for a in _ATTR_LIST.findall(markdown)
                                   if not a.strip().startswith("#")),
        "tables": len(_TABLE_RULE.findall(markdown)),
        "html": html_blocks(markdown),
    }


@pytest.mark.parametrize("name", PAGES)
def test_spanish_page_has_the_english_front_matter_keys(name):
    """Each Spanish page has the English page's front matter keys, and the same hide list."""
    _en_text, en = english(name)
    _es_text, es = spanish(name)
    assert sorted(es) == sorted(en)
    assert es.get("hide") == en.get("hide")
    assert all(str(es[key]).strip() for key in ("title", "description") if key in en)


@pytest.mark.parametrize("name", PAGES)
def test_spanish_page_keeps_placeholders_admonitions_tables_and_html_blocks(name):
    """Placeholders, admonition kinds, attribute lists, tables and HTML blocks are the same."""
    en = structure(english(name)[0])
    es = structure(spanish(name)[0])
    for part, value in en.items():
        assert es[part] == value, part


class _Article(HTMLParser):
    """Links and ids inside the page's article (the hand-written part, placeholders filled)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if values.get("id"):
            self.ids.add(values["id"])
        if "headerlink" in (values.get("class") or "").split():
            return  # a heading's own permalink: its id follows the heading's words
        for key in ("href", "src"):
            if values.get(key):
                self.links.append(values[key])

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1


def article(site: str, url: str) -> _Article:
    parser = _Article()
    with open(os.path.join(site, url, "index.html"), encoding="utf-8") as handle:
        parser.feed(handle.read())
    assert parser.links or parser.ids, f"{url}: no article found"
    return parser


def page_url(name: str, prefix: str = "") -> str:
    return prefix + ("" if name == "index" else name + "/")


def in_site(site: str, path: str) -> bool:
    target = os.path.join(site, path)
    return os.path.isfile(target) or os.path.isfile(os.path.join(target, "index.html"))


def where_it_leads(site: str, path: str) -> str | None:
    """None when ``path`` (site-relative) is in the site or is a page the generator makes per
    language whose English page is there; otherwise what is wrong."""
    if in_site(site, path):
        return None
    if path in GENERATED:
        english_path = path[len("es/"):]
        return None if in_site(site, english_path) else f"{path}: not even {english_path} exists"
    if path.startswith(GUIDES):
        name = path[len(GUIDES):].strip("/") or "index"
        if os.path.exists(os.path.join(CONTENT, "guides", name + ".md")):
            return None
    return f"{path}: not in the site"


@pytest.mark.parametrize("name", PAGES)
def test_every_relative_link_of_a_spanish_page_leads_somewhere(shipped_site, name):
    """Every relative link in a built Spanish page opens a file of the shipped site, a catalog
    page made per language, or a Spanish guide; every in-page anchor exists."""
    url = page_url(name, "es/")
    found = article(shipped_site, url)
    broken = []
    for link in found.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            continue  # https:, tel:, mailto: are checked by the link checker, not here
        if not parts.path:
            if parts.fragment and parts.fragment not in found.ids:
                broken.append(f"#{parts.fragment}: no such id on the page")
            continue
        resolved = urlsplit(urljoin("/" + url, parts.path)).path.lstrip("/")
        problem = where_it_leads(shipped_site, resolved)
        if problem:
            broken.append(f"{link} -> {problem}")
    assert broken == []


@pytest.mark.parametrize("name", PAGES)
def test_spanish_page_keeps_the_anchors_the_english_page_links_to(shipped_site, name):
    """An in-page link of the English page (the home page's crisis button) finds the same id
    on the Spanish page, so both buttons land on the crisis lines."""
    en = article(shipped_site, page_url(name))
    es = article(shipped_site, page_url(name, "es/"))
    anchors = {link[1:] for link in en.links if link.startswith("#") and len(link) > 1}
    assert {a for a in anchors if a in en.ids} <= es.ids


def test_spanish_open_data_links_reach_the_one_set_of_data_files(shipped_site):
    """The data files are made once for every language: the Spanish page links to /data/, to as
    many of them as the English page does."""
    found = article(shipped_site, "es/data/")
    data = [link for link in found.links if "data/" in link and not urlsplit(link).scheme]
    english = [link for link in article(shipped_site, "data/").links
               if "data/" in link and not urlsplit(link).scheme]
    assert data and len(data) == len(english)
    for link in data:
        assert urljoin("/es/data/", link).startswith("/data/"), link
