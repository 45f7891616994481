"""The search index of a built site: one result per region (its listings inside it, each under a
heading whose id is the listing's page) and per hand-written page, each pointing at a page that
exists; short-link and other listing pages add no results."""

from __future__ import annotations

import gzip
import json
import os

import pytest

from generator import search
from tests.conftest import EPOCH, build, copy_fixture_site, site_digest
from tests.search.conftest import split_project

LISTINGS = ["franklin-crisis", "franklin-detox", "lifeline-988", "online-smart", "samhsa-helpline",
            "tuesday-night-aa"]


def fragments(site: str, bundle: str = "pagefind") -> list[dict]:
    """Every result a Pagefind bundle can show: its fragment files, unpacked."""
    folder = os.path.join(site, bundle, "fragment")
    out = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as handle:
            data = gzip.decompress(handle.read())
        assert data.startswith(b"pagefind_dcd")
        out.append(json.loads(data[len(b"pagefind_dcd"):]))
    return out


def target(fragment: dict) -> str:
    """Where the search page links a result (theme/assets/navigator/search.js)."""
    return fragment["meta"].get("url") or fragment["url"].lstrip("/")


def listings(found: list[dict]) -> dict[str, tuple[str, str]]:
    """Each listing in these fragments (the headings of region documents): its page's address
    -> (its heading, its region's address)."""
    out: dict[str, tuple[str, str]] = {}
    for fragment in (f for f in found if f["meta"].get("url", "").startswith("regions/")):
        for anchor in fragment["anchors"]:
            assert anchor["id"] not in out, f"{anchor['id']} is in two documents"
            out[anchor["id"]] = (anchor["text"], target(fragment))
    return out


def test_each_listing_is_one_part_of_a_region_that_links_to_its_page(fixture_site):
    """Every listing is in the index once, as a heading of its first region's document titled
    with its name, whose id is its own page's address."""
    found = listings(fragments(fixture_site))
    assert sorted(found) == [f"resources/{rid}/" for rid in LISTINGS]
    assert found["resources/franklin-detox/"] == ('Scioto <Detox> & "Withdrawal" Center', "regions/franklin/")
    assert found["resources/lifeline-988/"][1] == "regions/ohio/"
    for url in found:
        assert os.path.isfile(os.path.join(fixture_site, url, "index.html"))


def test_index_holds_no_short_links_categories_or_listing_pages(fixture_site):
    """The results are the regions and the hand-written pages but the search page, nothing else."""
    others = sorted(target(f) for f in fragments(fixture_site))
    assert others == ["", "regions/", "regions/arizona/", "regions/franklin/", "regions/ohio/"]
    for url in others:
        assert os.path.isfile(os.path.join(fixture_site, url, "index.html"))


def test_region_result_reads_its_intro_then_its_listings(fixture_site):
    """A region's result reads its name, state and intro first, then each of its listings after
    that listing's heading."""
    franklin = next(f for f in fragments(fixture_site) if target(f) == "regions/franklin/")
    assert franklin["meta"]["title"] == "Franklin County"
    assert franklin["content"].startswith("Franklin County. Ohio. Columbus and the towns around it. "
                                          "4 resources. ")
    assert [a["element"] for a in franklin["anchors"]] == ["h2"] * 4


def test_spanish_region_results_describe_regions_in_spanish(shipped_site):
    """In the shipped site, a region's Spanish result reads its Spanish description where its
    English result reads the catalog's English intro."""
    import yaml

    from generator import markup
    from tests.conftest import ROOT

    with open(os.path.join(ROOT, "resources.yaml"), encoding="utf-8") as handle:
        intros = {r["id"]: markup.plain(r["intro"]) for r in yaml.safe_load(handle)["regions"] if r.get("intro")}
    found = {target(f): f for f in fragments(shipped_site)}
    assert intros
    for rid, intro in intros.items():
        english, spanish = found[f"regions/{rid}/"], found[f"es/regions/{rid}/"]
        assert intro in english["content"]
        assert intro not in spanish["content"] and intro[:30] not in spanish["content"]
        assert f"Recursos para la recuperación en {spanish['meta']['title']}." in spanish["content"]


def test_home_page_result_leaves_out_the_region_tree(fixture_site):
    """The home page is found by its own text, not by the region names in its tree."""
    home = next(f for f in fragments(fixture_site) if target(f) == "")
    assert "Fixture home" in home["content"] and "Arizona" not in home["content"]


@pytest.fixture(scope="module")
def guides_site(tmp_path_factory) -> str:
    """The fixture catalog with heading permalinks, a guide and the data health page."""
    project = copy_fixture_site(str(tmp_path_factory.mktemp("search") / "project"))
    with open(os.path.join(project, "mkdocs.yml"), "a", encoding="utf-8") as handle:
        handle.write("  - toc:\n      permalink: true\n")
    pages = {"guide.md": "---\nprintable: true\n---\n\n# Talking about relapse\n\n## First steps\n\n"
                         "Listen before you advise.\n",
             "data-health.md": "# Data health\n\nWhat to re-check.\n\n{{ data_health }}\n"}
    for name, text in pages.items():
        with open(os.path.join(project, "content", name), "w", encoding="utf-8") as handle:
            handle.write(text)
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project) == 0
    return os.path.join(project, "site")


def test_hand_written_titles_have_no_permalink_sign(guides_site):
    """A guide's result is titled by its heading without the permalink's ¶."""
    guide = next(f for f in fragments(guides_site) if target(f) == "guide/")
    assert guide["meta"]["title"] == "Talking about relapse"
    assert "Listen before you advise." in guide["content"] and "¶" not in guide["content"]


def test_print_only_lines_stay_out_of_excerpts(guides_site):
    """A printable guide's excerpt starts with its own words, not its print-only source line."""
    with open(os.path.join(guides_site, "guide", "index.html"), encoding="utf-8") as handle:
        assert "rn-printmeta" in handle.read()  # the line is on the page, for paper
    guide = next(f for f in fragments(guides_site) if target(f) == "guide/")
    assert guide["content"] == "Talking about relapse. First steps. Listen before you advise."


def test_data_health_report_is_not_searched(guides_site):
    """The data health page is found by its own words, not by the listings its report names."""
    health = next(f for f in fragments(guides_site) if target(f) == "data-health/")
    assert health["content"] == "Data health. What to re-check."


def test_no_search_option_builds_no_index(tmp_path):
    """search: false (navigator build --no-search) leaves the Pagefind bundle out, and with it
    the search box and the search scripts: the search page says so and points to browsing."""
    project = copy_fixture_site(str(tmp_path / "p"))
    assert build(project, "--no-search") == 0
    site = os.path.join(project, "site")
    assert not os.path.exists(os.path.join(site, "pagefind"))
    with open(os.path.join(site, "search", "index.html"), encoding="utf-8") as handle:
        page = handle.read()
    assert ('<p class="rn-search-off">This copy of the site was built without its search index. '
            'Browse by region or category instead: <a href="../regions/">Regions</a>') in page
    assert "pagefind-ui" not in page and "search.js" not in page
    assert "runs in your browser" not in page  # no promise about a search that is not there
    with open(os.path.join(site, "index.html"), encoding="utf-8") as handle:
        assert "rn-searchbox" not in handle.read()


def test_search_page_says_what_to_type_and_that_nothing_leaves_the_browser(fixture_site):
    """With its index, the search page gives examples and says the words stay in the browser."""
    with open(os.path.join(fixture_site, "search", "index.html"), encoding="utf-8") as handle:
        page = handle.read()
    assert ('<p class="rn-search-intro">Search by name, place, ZIP code, program or kind of help, '
            'for example “detox Medicaid”') in page
    assert "The search runs in your browser: what you type is not sent anywhere." in page


def test_search_documents_are_not_published(fixture_site):
    """The documents Pagefind read are gone from the site once the index is written."""
    assert [name for name in os.listdir(fixture_site) if name.startswith(".navigator-search")] == []
    assert not os.path.exists(os.path.join(fixture_site, "regions", "franklin.html"))


# ------------------------------------------------------------------ a catalog searched by area

def test_split_index_has_a_bundle_per_state_without_the_interface(split_site):
    """Each state's listings get a bundle in pagefind/in/<state>/, with Pagefind's engine but
    not a second copy of its interface; the main bundle keeps the interface."""
    for state in ("arizona", "ohio"):
        names = set(os.listdir(os.path.join(split_site, "pagefind", "in", state)))
        assert {"pagefind.js", "pagefind-entry.json", "wasm.en.pagefind", "fragment", "index"} <= names
        assert not names & set(search.UI_FILES)
    assert set(search.UI_FILES) <= set(os.listdir(os.path.join(split_site, "pagefind")))
    assert sorted(os.listdir(os.path.join(split_site, "pagefind", "in"))) == ["arizona", "ohio"]


def test_split_listings_are_in_their_states_and_regions_in_the_main_bundle(split_site):
    """A state's bundle holds the listings serving it; the main one the regions and pages."""
    ohio = listings(fragments(split_site, "pagefind/in/ohio"))
    arizona = listings(fragments(split_site, "pagefind/in/arizona"))
    assert sorted(ohio) == [f"resources/{rid}/" for rid in LISTINGS]
    assert arizona == {"resources/lifeline-988/": ("988 Suicide & Crisis Lifeline", "regions/arizona/"),
                       "resources/samhsa-helpline/": ("SAMHSA National Helpline", "regions/arizona/")}
    main = fragments(split_site)
    assert sorted(target(f) for f in main) == [
        "", "regions/", "regions/arizona/", "regions/franklin/", "regions/ohio/"]
    assert listings(main) == {}


def test_search_page_offers_each_state_with_its_listings(split_site):
    """The search page asks where to search, naming each state and its number of listings."""
    with open(os.path.join(split_site, "search", "index.html"), encoding="utf-8") as handle:
        html = handle.read()
    assert ('<option value="">Choose an area (regions and guides only)</option>\n'
            '<option value="arizona">Arizona (2 listings)</option>\n'
            '<option value="ohio">Ohio (6 listings)</option>') in html


def test_unsplit_search_page_has_no_choice_of_area(fixture_site):
    """A catalog under the split size searches everything at once: no choice to make."""
    with open(os.path.join(fixture_site, "search", "index.html"), encoding="utf-8") as handle:
        assert 'id="rn-search-in"' not in handle.read()
    assert not os.path.exists(os.path.join(fixture_site, "pagefind", "in"))


def test_split_index_is_byte_identical_on_rebuild(split_site, tmp_path):
    """Two builds of the same catalog give the same bundles, byte for byte."""
    project = split_project(str(tmp_path / "again"))
    assert build(project) == 0
    again = os.path.join(project, "site", "pagefind")
    assert site_digest(again) == site_digest(os.path.join(split_site, "pagefind"))


def test_negative_split_size_stops_the_build_with_its_fix(tmp_path, capsys):
    """search_split_at: -1 is refused with where, what and the fix; nothing is built."""
    project = split_project(str(tmp_path / "p"), "-1")
    capsys.readouterr()
    assert build(project) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        "mkdocs.yml:1:1: search_split_at: -1 is not a number of listings; write 0 or more (0 "
        "searches listings area by area whatever the catalog's size), or leave the option out")
    assert "Traceback" not in err and not os.path.exists(os.path.join(project, "site"))


def test_home_search_box_offers_the_states_of_a_split_catalog(split_site, fixture_site):
    """On a catalog searched by state, the home page's search box asks where as well; on a
    small catalog it is the text field alone."""
    with open(os.path.join(split_site, "index.html"), encoding="utf-8") as handle:
        html = handle.read()
    assert ('<select id="rn-q-in" name="in">\n<option value="">Regions and guides</option>\n'
            '<option value="arizona">Arizona</option>\n<option value="ohio">Ohio</option>\n'
            '</select>') in html
    with open(os.path.join(fixture_site, "index.html"), encoding="utf-8") as handle:
        assert 'id="rn-q-in"' not in handle.read()


# ------------------------------------------------------------------ the index's file count

def more_listings(region: str, count: int) -> str:
    """``count`` online listings of ``region``, as catalog text."""
    return "".join(f"  - {{id: extra-{region}-{i}, name: Extra {region} group {i}, category: peer-support, "
                   f"regions: [{region}], online_only: true, url: 'https://example.org/{i}', "
                   "last_verified: 2026-10-01}\n" for i in range(count))


def index_files(tmp_path, name: str, regions: str = "", resources: str = "") -> int:
    """Files in the search index of the fixture catalog built with more regions and listings."""
    project = copy_fixture_site(str(tmp_path / name))
    path = os.path.join(project, "resources.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    text = text.replace("include:\n", regions + "include:\n").replace("resources:\n", "resources:\n" + resources, 1)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project) == 0
    return sum(len(files) for _d, _s, files in os.walk(os.path.join(project, "site", "pagefind")))


def test_index_file_count_grows_with_regions_not_listings(tmp_path):
    """Thirty more listings in a county add no file to the search index; one more county does.
    Why: Pagefind writes a file per document, and with a file per listing a national catalog's
    search index alone made 100,000 files of the site's 150,000 budget; a region's listings
    share its document, up to search.PART of them."""
    assert search.PART >= 34  # Franklin's 4 listings and 30 more fit one document
    base = index_files(tmp_path, "base")
    assert index_files(tmp_path, "listings", resources=more_listings("franklin", 30)) == base
    county = ("  - id: delaware\n    name: Delaware County\n    parent: ohio\n"
              "    timezone: America/New_York\n")
    assert index_files(tmp_path, "region", county, more_listings("delaware", 1)) == base + 1
