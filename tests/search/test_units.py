"""The search documents (generator/search.py): what each listing and region is found by, that
catalog text stays text, and that each document is named after its page."""

from __future__ import annotations

import datetime
import os

import pytest

from generator import pipeline, search
from generator.errors import CatalogError

from tests.conftest import FIXTURE_SITE


@pytest.fixture(scope="module")
def run():
    return pipeline.prepare(os.path.join(FIXTURE_SITE, "resources.yaml"), cache_dir=None,
                            today=datetime.date(2026, 11, 21))


def lines_of(run, rid):
    return search.resource_lines(run.directory.by_id[rid], run.directory.regions, run.renderer.i18n)


def test_listing_document_has_kind_place_language_payment_and_regions(run):
    """A service's document names its kind, address, languages, payment, phone and regions."""
    assert lines_of(run, "franklin-detox") == [
        "Detox / withdrawal management",
        "100 Broad St, Columbus, OH 43215",
        "Medically supervised detox. Medicaid accepted. <script>alert(1)</script> "
        "[site](data:text/html,x) pixel",
        "Mon–Fri 8:00\u202fAM–5:00\u202fPM",
        "Languages: English, Spanish",
        "Payment: Medicaid, Sliding scale",
        "Walk-ins welcome",
        "(614) 555-0101 Intake",
        "https://detox.example.org/",
        "Franklin County, Ohio",
    ]


def test_meeting_document_has_program_times_and_types(run):
    """A meeting's document names its program, how to attend, its times and its types."""
    lines = lines_of(run, "tuesday-night-aa")
    assert lines[0] == "Mutual-support meeting · Alcoholics Anonymous (AA) · In person and online"
    # Babel puts a narrow no-break space before AM and PM, as on the pages.
    assert "Tuesday 7:30\u202fPM–8:30\u202fPM; Saturday 11:30\u202fPM–12:30\u202fAM" in lines
    assert "Open, Newcomer, Women" in lines


def test_stale_listing_says_so_in_its_excerpt(run):
    """A listing not verified for too long carries the same warning as its page."""
    assert lines_of(run, "franklin-crisis")[0] == "Crisis line · Needs re-checking"


def test_places_add_the_larger_regions_once(run):
    """A county listing is found by its state too; a listing in two states names both."""
    d = run.directory
    assert [n.id for n in search.places(d.by_id["franklin-detox"], d.regions)] == ["franklin", "ohio"]
    assert [n.id for n in search.places(d.by_id["lifeline-988"], d.regions)] == ["ohio", "arizona"]


def test_region_document_is_its_name_and_intro_not_its_listings(run):
    """A region is found by its name, its state and its intro; its listings are not repeated."""
    assert search.region_lines(run.directory.regions["franklin"], run.renderer.i18n) == [
        "Ohio", "Columbus and the towns around it.", "4 resources"]
    assert search.region_lines(run.directory.regions["arizona"], run.renderer.i18n) == [
        "Recovery resources in Arizona", "2 resources"]


def test_another_languages_region_document_describes_it_in_that_language(run):
    """A Spanish region document reads the Spanish description, not the catalog's English intro."""
    from generator.i18n import Translator

    docs = dict(search.documents(run.directory, [*run.translators, Translator("es", "es/")]))
    assert "<p>Columbus and the towns around it.</p>" in docs["regions/franklin.html"]
    spanish = docs["es/regions/franklin.html"]
    assert "towns around it" not in spanish
    assert "<p>Ohio</p>\n<p>Recursos para la recuperación en Franklin County</p>\n<p>4 recursos</p>" in spanish


def test_document_escapes_catalog_text():
    """Markup in a name, a line or an address reaches the index as text, never as elements."""
    html = search.document('A <b>"x"</b> & y', ["<script>alert(1)</script>", "a\" data-x=\"1"],
                           'resources/a"b/', "en")
    assert "<b>" not in html and "<script>" not in html and 'data-x="1"' not in html
    assert '<h1>A &lt;b&gt;&#34;x&#34;&lt;/b&gt; &amp; y</h1>' in html
    assert 'data-pagefind-meta="url:resources/a&#34;b/"' in html


def test_one_document_per_region_with_its_listings_as_parts(run):
    """Each region has one document, in a flat file named after its address; each of its
    listings is a heading inside it whose id is the listing's address."""
    docs = dict(search.documents(run.directory, run.translators))
    assert list(docs) == [n.url[:-1] + ".html" for n in run.directory.regions.values()]
    html = docs["regions/franklin.html"]
    assert 'data-pagefind-body data-pagefind-meta="url:regions/franklin/"' in html
    assert "<h1>Franklin County</h1>" in html
    assert '<h2 id="resources/franklin-detox/">Scioto &lt;Detox&gt; &amp; &#34;Withdrawal&#34; Center</h2>' in html
    assert "<p>100 Broad St, Columbus, OH 43215</p>" in html


def test_listing_is_in_its_first_regions_document_only(run):
    """A listing of two regions is one part of its first region's document, not repeated in the
    other region's (whose document still names it by its other place)."""
    held = {g.node.id: [e.id for e in g.entries] for g in search.groups(run.directory)}
    assert sorted(i for ids in held.values() for i in ids) == sorted(e.id for e in run.directory.entries)
    assert "lifeline-988" in held["ohio"] and "lifeline-988" not in held["arizona"]


def test_a_large_regions_listings_fill_several_documents(run, monkeypatch):
    """Past PART listings a region's fill further documents (region.2.html, ...); only the first
    describes the region."""
    monkeypatch.setattr(search, "PART", 2)
    franklin = [g for g in search.groups(run.directory) if g.node.id == "franklin"]
    assert [(g.part, len(g.entries)) for g in franklin] == [(1, 2), (2, 2)]
    docs = dict(search.documents(run.directory, run.translators, items=franklin))
    assert list(docs) == ["regions/franklin.html", "regions/franklin.2.html"]
    assert "Columbus and the towns around it." in docs["regions/franklin.html"]
    assert "Columbus and the towns around it." not in docs["regions/franklin.2.html"]
    assert "<h1>Franklin County</h1>" in docs["regions/franklin.2.html"]


def test_each_language_has_its_own_documents(run):
    """With Spanish, every region also has a document under es/, marked lang="es", pointing at
    the Spanish pages and read in Spanish words."""
    from generator.i18n import Translator

    docs = dict(search.documents(run.directory, [*run.translators, Translator("es", "es/")]))
    html = docs["es/regions/franklin.html"]
    assert '<html lang="es">' in html and 'data-pagefind-meta="url:es/regions/franklin/"' in html
    assert '<h2 id="es/resources/franklin-detox/">' in html
    assert "Desintoxicación / manejo de la abstinencia" in html
    assert len(docs) == 2 * len(run.directory.regions)


def test_copy_pages_copies_written_pages_but_not_missing_ones_or_the_search_page(tmp_path):
    """Hand-written pages are copied with their paths; a page that is gone and the page that
    holds the search itself are left out."""
    site, folder = tmp_path / "site", tmp_path / "docs"
    for name, html in {"guides/a": "<h1>A</h1>", "search": '<h1>Search</h1><div id="rn-search">'}.items():
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(html)
    pages = ["guides/a/index.html", "gone/index.html", "search/index.html"]
    assert search.copy_pages(str(site), pages, str(folder)) == 1
    assert (folder / "guides" / "a" / "index.html").read_text() == "<h1>A</h1>"
    assert not (folder / "gone").exists() and not (folder / "search").exists()


def test_pagefind_failure_is_a_build_error(tmp_path):
    """When Pagefind fails (here: nothing to index), the build stops with its message as a
    problem, not a traceback."""
    (tmp_path / "empty").mkdir()
    with pytest.raises(CatalogError) as caught:
        search.run_pagefind(str(tmp_path / "empty"), str(tmp_path / "out"))
    assert caught.value.problems[0].message.startswith(
        "the search index could not be built: Error: Pagefind was not able to build an index.")


def test_forked_writers_documents_arrive_in_one_writers_order(run, tmp_path, monkeypatch):
    """Documents written by two processes are moved into the folder in the order one process
    writes them (Pagefind numbers pages in the order a folder lists them)."""
    d, t = run.directory, run.translators
    alone = [name for group in search._write_share(d, t, str(tmp_path / "one"), 0, 1) for name in group]
    moved, rename = [], os.rename
    monkeypatch.setattr(os, "rename", lambda a, b: (moved.append(os.path.relpath(b, tmp_path / "two")), rename(a, b)))
    assert search.write_documents(d, t, str(tmp_path / "two"), workers=2) == len(alone)
    assert moved == alone and len(set(alone)) == len(alone) > 2
    assert sorted(os.listdir(tmp_path / "two")) == sorted(os.listdir(tmp_path / "one"))  # no leftovers


def test_forked_writers_write_the_same_documents(run, tmp_path):
    """Two processes sharing the documents write exactly what one process writes."""
    d, t = run.directory, run.translators
    regions = len(d.regions)
    assert search.write_documents(d, t, str(tmp_path / "one")) == regions
    assert search.write_documents(d, t, str(tmp_path / "two"), workers=2) == regions
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*.html")}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*.html")}
    assert one == two and len(one) == regions


# ------------------------------------------------------------------ areas of a large catalog

NATION = """site:
  country: US
regions:
  - {id: us, name: United States, timezone: America/New_York}
  - {id: ohio, name: Ohio, parent: us, timezone: America/New_York}
  - {id: franklin, name: Franklin County, parent: ohio, timezone: America/New_York}
  - {id: arizona, name: Arizona, parent: us, timezone: America/Phoenix}
  - {id: utah, name: Utah, parent: us, timezone: America/Denver}
resources:
"""


def listing(rid: str, regions: str) -> str:
    return (f"  - {{id: {rid}, name: {rid}, category: harm-reduction, regions: [{regions}], "
            "online_only: true, url: 'https://example.org/', last_verified: 2026-10-01}\n")


@pytest.fixture(scope="module")
def nation(tmp_path_factory):
    """Two Franklin County listings, one in Arizona, one in both states, one country-wide;
    none in Utah."""
    folder = tmp_path_factory.mktemp("nation")
    text = NATION + "".join(listing(*x) for x in (("f1", "franklin"), ("f2", "franklin"), ("a1", "arizona"),
                                                   ("both", "ohio, arizona"), ("all", "us")))
    (folder / "resources.yaml").write_text(text)
    return pipeline.prepare(str(folder / "resources.yaml"), cache_dir=None, today=datetime.date(2026, 11, 21))


def test_no_areas_while_the_catalog_is_small(run, nation):
    """Up to the split size (10,000 listings by default) one bundle holds every listing."""
    assert search.areas(run.directory) == [] and search.areas(nation.directory, split_at=5) == []
    assert search.choices(nation.directory, split_at=5) == []


def test_areas_are_the_first_level_with_several_regions(run, nation):
    """A single country region is passed over: its states are the areas."""
    assert [a.id for a in search.areas(nation.directory, split_at=4)] == ["arizona", "ohio", "utah"]
    assert [a.id for a in search.areas(run.directory, split_at=0)] == ["arizona", "ohio"]


def test_listing_is_searched_in_each_area_it_serves(nation):
    """A county listing is in its state's bundle, a two-state one in both, a country-wide one in
    all; a state with no listings gets no bundle."""
    d = nation.directory
    split = {a.id: a for a in search.areas(d, split_at=0)}
    areas_of = search.area_map(d.regions, split)
    assert areas_of == {"us": None, "ohio": "ohio", "franklin": "ohio", "arizona": "arizona", "utah": "utah"}
    where = {rid: search.listing_areas(d.by_id[rid], areas_of, split) for rid in ("f1", "a1", "both", "all")}
    assert where == {"f1": ["ohio"], "a1": ["arizona"], "both": ["arizona", "ohio"],
                     "all": ["arizona", "ohio", "utah"]}
    grouped = {key: [e.res.id for e in entries] for key, entries in search.listings_by_area(d, split).items()}
    assert grouped == {"arizona": ["a1", "all", "both"], "ohio": ["all", "both", "f1", "f2"], "utah": ["all"]}


def test_choices_name_each_area_with_its_listings(nation):
    """The search page offers each area with the listings searched there."""
    assert search.choices(nation.directory, split_at=0) == [
        ("arizona", "Arizona", 3), ("ohio", "Ohio", 4), ("utah", "Utah", 1)]


def test_choices_count_what_each_area_bundle_holds(run, nation):
    """The counts on the search page, taken from region totals, match the listings written
    into each area's bundle, with and without country-wide listings."""
    for catalog in (run, nation):
        d = catalog.directory
        split = {a.id: a for a in search.areas(d, split_at=0)}
        assert [(key, count) for key, _name, count in search.choices(d, split_at=0)] == \
            [(key, len(entries)) for key, entries in search.listings_by_area(d, split).items()]


def test_documents_of_an_areas_listings(nation, tmp_path):
    """An area's documents hold its listings alone, each under its first region in the area
    (a country-wide listing under the country); regions without them get none; forked writers
    agree."""
    d, t = nation.directory, nation.translators
    split = {a.id: a for a in search.areas(d, split_at=0)}
    areas_of = search.area_map(d.regions, split)
    allowed = {rid for rid, at in areas_of.items() if at in ("arizona", None)}
    items = search.groups(d, search.listings_by_area(d, split)["arizona"], allowed, every_region=False)
    assert [(g.node.id, [e.id for e in g.entries]) for g in items] == [("us", ["all"]), ("arizona", ["a1", "both"])]
    assert search.write_documents(d, t, str(tmp_path / "one"), items=items) == 2
    assert search.write_documents(d, t, str(tmp_path / "two"), workers=2, items=items) == 2
    one = {str(p.relative_to(tmp_path / "one")): p.read_bytes() for p in (tmp_path / "one").rglob("*.html")}
    two = {str(p.relative_to(tmp_path / "two")): p.read_bytes() for p in (tmp_path / "two").rglob("*.html")}
    assert one == two
    assert sorted(one) == ["regions/arizona.html", "regions/us.html"]


def test_documents_are_written_in_memory_when_there_is_room(tmp_path, monkeypatch):
    """The scratch folder is in the memory folder when it has room, else in the staging site;
    a folder left by an ended build is removed, a live build's is not."""
    memory = tmp_path / "shm"
    memory.mkdir()
    (memory / "navigator-search-999999999-old").mkdir()
    (memory / f"navigator-search-{os.getppid()}-live").mkdir()
    monkeypatch.setattr(search, "MEMORY", str(memory))
    folder = search.scratch(str(tmp_path), 10)
    assert os.path.dirname(folder) == str(memory)
    assert os.path.basename(folder).startswith(f"navigator-search-{os.getpid()}-")
    assert sorted(os.listdir(memory)) == sorted([os.path.basename(folder), f"navigator-search-{os.getppid()}-live"])
    monkeypatch.setattr(search, "MEMORY", str(tmp_path / "missing"))
    (tmp_path / "site").mkdir()
    fallback = search.scratch(str(tmp_path / "site"), 10)
    assert os.path.dirname(fallback) == str(tmp_path / "site")
    assert os.path.basename(fallback).startswith(".navigator-search-")


def test_pagefind_entry_lists_languages_in_name_order(tmp_path):
    """Pagefind's entry file gets its languages sorted by name, whatever order Pagefind wrote."""
    from generator.search import _sort_languages

    entry = tmp_path / "pagefind-entry.json"
    entry.write_text('{"version":"1.5.2","languages":{"es":{"page_count":1},"en":{"page_count":2}},'
                     '"include_characters":["_"]}', encoding="utf-8")
    _sort_languages(str(entry))
    assert entry.read_text(encoding="utf-8") == ('{"version":"1.5.2","languages":{"en":{"page_count":2},'
                                                 '"es":{"page_count":1}},"include_characters":["_"]}')
