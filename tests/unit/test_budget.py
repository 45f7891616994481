"""The size budget: each file's kind, the measure of a folder, the check and its settings."""

from __future__ import annotations

import multiprocessing
import os
import sys
import textwrap
import zlib

import pytest

from generator import budget, mkdocs_engine
from generator.build import Options
from generator.errors import Problem

# One path of every kind a build writes, as they appear in a built site.
PATHS = {
    "resources/franklin-detox/index.html": "resource pages",
    "resources/tuesday-night-aa/calendar.ics": "calendars, one per meeting",
    "regions/ohio/meetings.ics": "calendars, one per region",
    "regions/ohio/index.html": "region pages",
    "regions/ohio/places.json": "near-me places",
    "find/places.json": "near-me places",
    "sheets/ohio/index.html": "sheets",
    "sheets/ohio/recovery-resources-ohio.pdf": "PDFs",
    "guides/boundaries/boundaries-large-print.pdf": "PDFs",
    "r/k3x9q2/index.html": "short links",
    "categories/detox/index.html": "category pages",
    "find/index.html": "finder pages (find, meetings, list)",
    "meetings/index.html": "finder pages (find, meetings, list)",
    "list/index.html": "finder pages (find, meetings, list)",
    "pagefind/pagefind-entry.json": "search index",
    "pagefind/in/ohio/fragment/en_1a2b.pf_fragment": "search index",
    "data/hsds/services.json": "data: HSDS JSON",
    "data/hsds/datapackage.json": "data: HSDS JSON",
    "data/hsds/attributes.csv": "data: HSDS CSV",
    "data/meetings.json": "data: Meeting Guide JSON",
    "data/resources.geojson": "data: GeoJSON",
    "data/regions/ohio/hsds/services.json": "data: HSDS JSON",
    "data/regions/ohio/hsds/taxonomy_terms.json": "data: HSDS JSON",
    "data/regions/ohio/hsds/attributes.csv": "data: HSDS CSV",
    "data/regions/ohio/meetings.json": "data: Meeting Guide JSON",
    "data/regions/ohio/resources.geojson": "data: GeoJSON",
    "data/hsds/services.json.gz": "data: compressed copies (.gz)",
    "data/health.csv": "data: data health CSV",
    "data/regions/ohio/health.csv": "data: data health CSV",
    "data/regions/ohio/hsds/attributes.csv.gz": "data: compressed copies (.gz)",
    "data/index.json": "data: index and sitemap",
    "data/sitemap.xml": "data: index and sitemap",
    "sw.js": "offline (worker, manifests, page)",
    "offline/index.html": "offline (worker, manifests, page)",
    "offline/regions/ohio.json": "offline (worker, manifests, page)",
    "assets/navigator/navigator.css": "assets (styles, scripts, images)",
    "assets/javascripts/bundle.a5f9d56c.min.js": "assets (styles, scripts, images)",
    "sitemap.xml": "sitemaps",
    "sitemap.xml.gz": "sitemaps",
    "sitemap-2.xml.gz": "sitemaps",
    "es/regions/ohio/index.html": "the other languages' pages",
    "es/resources/r1/index.html": "the other languages' resource pages",
    "es/index.html": "the other languages' pages",
    "index.html": "hand-written pages and other files",
    "404.html": "hand-written pages and other files",
    "regions/index.html": "hand-written pages and other files",
    "guides/boundaries/index.html": "hand-written pages and other files",
    "downloads/catalog-template.csv": "hand-written pages and other files",
}


@pytest.mark.parametrize("path,kind", PATHS.items())
def test_every_kind_of_file_is_classified(path, kind):
    """Each file a build writes is counted under the kind its address says."""
    assert budget.kind_of(path) == kind


def test_every_kind_is_reachable():
    """No kind is shadowed by an earlier pattern: the paths above reach all of them."""
    assert sorted(set(PATHS.values())) == sorted(kind for kind, _pattern in budget.KINDS)


def _site(root, files: dict[str, int]) -> str:
    for name, size in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(b"x" * size)
    return str(root)


def test_measure_counts_bytes_and_files_per_kind(tmp_path):
    """The measure adds up every file under the folder, nested or not, by kind."""
    site = _site(tmp_path, {"resources/a/index.html": 300, "resources/b/index.html": 200,
                            "r/abc/index.html": 50, "index.html": 7, "data/hsds/services.json": 1000})
    found = budget.measure(site)
    assert found.kinds == {"resource pages": [500, 2], "short links": [50, 1],
                           "hand-written pages and other files": [7, 1], "data: HSDS JSON": [1000, 1]}
    assert (found.bytes, found.files) == (1557, 5)
    assert [row[0] for row in found.largest(0)] == ["data: HSDS JSON", "resource pages", "short links",
                                                    "hand-written pages and other files"]
    assert found.largest(1)[0] == ("resource pages", 500, 2)


def test_table_lists_kinds_largest_first_with_the_total():
    """The -v table shows each kind's megabytes and files, largest first, then the whole site."""
    found = budget.Breakdown({"short links": [1_250_000, 1000], "resource pages": [9_900_000, 1000]})
    assert found.table().splitlines() == [
        "  resource pages       9.90 MB      1,000 files",
        "  short links          1.25 MB      1,000 files",
        "  whole site          11.15 MB      2,000 files",
    ]


SITE = budget.Breakdown({"resource pages": [987_000_000, 100_000], "data: HSDS JSON": [375_000_000, 2],
                         "short links": [93_000_000, 100_000], "search index": [54_000_000, 101_762],
                         "sheets": [67_000_000, 600]})


def test_a_site_over_both_limits_gets_one_problem_each_at_the_setting_lines():
    """Over the size and the file count: each problem names its setting's line, the figures,
    the largest kinds by that measure and the fix."""
    limits = budget.Budget(1000, 150_000, {"megabytes": 31, "files": 32}, 29)
    assert limits.check(SITE, "mkdocs.yml") == [
        Problem("mkdocs.yml", 31, 1, "site_budget.megabytes",
                "the site is 1,576.00 MB, over its budget of 1,000 MB; largest: resource pages "
                "987.00 MB, data: HSDS JSON 375.00 MB, short links 93.00 MB. Settings that make this "
                "site smaller: site_budget: plain_exports: 0 (exports gzip-only but the Meeting Guide "
                "feed: about 375.00 MB less). Otherwise make the largest kinds smaller (fewer listings "
                "in this site, or fewer exports), or raise site_budget: megabytes: if the host "
                "publishes larger sites (GitHub Pages: 1000)"),
        Problem("mkdocs.yml", 32, 1, "site_budget.files",
                "the site has 302,364 files, over its budget of 150,000; largest: search index "
                "101,762, resource pages 100,000, short links 100,000. Make the largest kinds "
                "smaller, or raise site_budget: files: if the host takes more"),
    ]


def test_an_unset_limit_is_named_at_the_plugin_entry():
    """The defaults were not written down: the problem points at the navigator plugin's line,
    where site_budget would go."""
    problems = budget.Budget(lines={}, plugin_line=29).check(SITE, "mkdocs.yml")
    assert [(p.line, p.field) for p in problems] == [(29, "site_budget.megabytes"),
                                                      (29, "site_budget.files")]


def test_a_site_at_its_limits_passes():
    """Exactly at the limits is within them."""
    site = budget.Breakdown({"resource pages": [2_000_000, 10]})
    assert budget.Budget(2, 10).check(site, "mkdocs.yml") == []
    assert [p.field for p in budget.Budget(1, 9).check(site, "mkdocs.yml")] == [
        "site_budget.megabytes", "site_budget.files"]


def test_limits_that_cannot_work_are_setting_problems():
    """Zero, a negative figure or true is refused before anything is built, at its line."""
    options = Options(catalog="c", cache_dir="d", site_dir="s",
                      site_budget=budget.Budget(0, True, {"megabytes": 5}, 3))
    assert options.problems() == [
        Problem("mkdocs.yml", 5, 1, "site_budget.megabytes",
                "0 is not a number of megabytes (1000 is GitHub Pages' limit of 1 GB); write a whole "
                "number above 0"),
        Problem("mkdocs.yml", 3, 1, "site_budget.files",
                "True is not a number of files; write a whole number above 0"),
    ]


def test_export_limits_take_zero_but_not_less():
    """whole_exports and plain_exports may be 0 (never whole, always gzip-only); a negative
    figure or true is refused at its line, with the fix."""
    assert budget.Budget(whole_exports=0, plain_exports=0).problems("mkdocs.yml") == []
    limits = budget.Budget(1000, 150_000, {"whole_exports": 7}, 2, -1, True)
    assert limits.problems("mkdocs.yml") == [
        Problem("mkdocs.yml", 7, 1, "site_budget.whole_exports",
                "-1 is not a number of megabytes; write a whole number, 0 or more"),
        Problem("mkdocs.yml", 2, 1, "site_budget.plain_exports",
                "True is not a number of megabytes; write a whole number, 0 or more"),
    ]


def test_setting_lines_are_found_in_mkdocs_yml(tmp_path):
    """The lines of the plugin entry and of each site_budget key, with MkDocs' own tags left
    untouched; a bare plugin name gives its own line."""
    config = tmp_path / "mkdocs.yml"
    config.write_text(textwrap.dedent("""\
        site_name: !ENV [SITE_NAME, "x"]
        plugins:
          - search
          - navigator:
              catalog: resources.yaml
              site_budget:
                files: 120000
                megabytes: 900
        """))
    assert mkdocs_engine.setting_lines(str(config), "site_budget") == {
        "navigator": 4, "files": 7, "megabytes": 8}
    config.write_text("plugins:\n  - navigator\n")
    assert mkdocs_engine.setting_lines(str(config), "site_budget") == {"navigator": 2}
    config.write_text("plugins:\n  navigator:\n    site_budget: {files: 5}\n")
    assert mkdocs_engine.setting_lines(str(config), "site_budget") == {"navigator": 2, "files": 3}
    config.write_text("plugins: [\n")
    assert mkdocs_engine.setting_lines(str(config), "site_budget") == {}


def test_levers_name_the_settings_not_yet_used_with_their_savings():
    """A second language's listing pages suggest other_language_listings: translated, plain
    exports suggest plain_exports: 0, each with the megabytes of the kinds it removes; a
    setting already in use is not suggested."""
    site = budget.Breakdown({"the other languages' resource pages": [658_110_000, 100_000],
                             "data: GeoJSON": [47_550_000, 50], "data: data health CSV": [31_620_000, 50],
                             "data: Meeting Guide JSON": [36_510_000, 51], "resource pages": [631_970_000, 100_000]})
    assert budget.Budget().levers(site) == [
        ("other_language_listings: translated", "other languages' listing pages only for translated listings",
         "up to 658.11 MB"),
        ("site_budget: plain_exports: 0", "exports gzip-only but the Meeting Guide feed", "about 79.17 MB")]
    assert budget.Budget(plain_exports=0).levers(site, "translated") == []
    alone = budget.Breakdown({"resource pages": [2_000_000_000, 100_000]})
    assert budget.Budget().levers(alone) == []
    assert "Settings that" not in budget.Budget().check(alone, "mkdocs.yml")[0].message


def _tree(root) -> None:
    for path, text in {"index.html": "home", "resources/a/index.html": "a", "resources/a/calendar.ics": "ics",
                       "resources/b/index.html": "bb", "r/index.html": "r", "assets/x/y/z.css": "zzz",
                       "data/regions/ohio/hsds/services.json": "{}", "data/index.json": "[]"}.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    (root / "empty" / "inside").mkdir(parents=True)


_WALKED = os.path.join(os.environ.get("TMPDIR", "/tmp"), "navigator-walk-shares")
_REAL_SHARE = budget._share


def _share_noted(job):
    """budget._share, leaving a file per share walked or looked at (it runs in a forked worker)."""
    kind, work = job
    with open(f"{_WALKED}-{kind}-{zlib.crc32(repr(work).encode())}", "w", encoding="utf-8"):
        pass
    return _REAL_SHARE(job)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="this system cannot fork")
def test_the_site_walked_by_several_processes_is_the_site_walked_by_one(tmp_path, monkeypatch):
    """sizes() with workers lists the same files with the same sizes, at every depth, as one
    process does; the folders two levels down are walked by the workers."""
    _tree(tmp_path / "site")
    alone = budget.sizes(str(tmp_path / "site"))
    assert alone["resources/a/calendar.ics"] == 3 and alone["assets/x/y/z.css"] == 3 and len(alone) == 8
    monkeypatch.setattr(budget, "SHARED_WALK", 1)
    monkeypatch.setattr(budget, "_share", _share_noted)
    monkeypatch.setattr(sys.modules[__name__], "_WALKED", str(tmp_path / "share"))
    assert budget.sizes(str(tmp_path / "site"), workers=2) == alone
    assert len([name for name in os.listdir(tmp_path) if name.startswith("share-walk")]) == 2


def test_unlisted_folders_are_known_files_that_exist(tmp_path):
    """sizes() with unlisted folders does not list their subfolders: their files are the known
    ones that exist (a file nobody told it of is not seen); every other folder is listed."""
    _tree(tmp_path / "site")
    (tmp_path / "site" / "resources" / "a" / "stray.txt").write_text("12345")
    alone = budget.sizes(str(tmp_path / "site"))
    known = [path for path in alone if path != "resources/a/stray.txt"] + ["resources/gone/index.html"]
    told = budget.sizes(str(tmp_path / "site"), 1, ("resources/",), known)
    assert told == {path: size for path, size in alone.items() if path != "resources/a/stray.txt"}
    assert budget.sizes(str(tmp_path / "site"), 1, ("resources/",), ["index.html"]) == {
        path: size for path, size in alone.items() if not path.startswith("resources/")}


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="this system cannot fork")
def test_unlisted_folders_are_looked_at_by_several_processes_alike(tmp_path, monkeypatch):
    """sizes() with workers finds the same known files in unlisted folders as one process does,
    the looking shared between the workers."""
    _tree(tmp_path / "site")
    known = sorted(budget.sizes(str(tmp_path / "site")))
    alone = budget.sizes(str(tmp_path / "site"), 1, ("resources/",), known)
    monkeypatch.setattr(budget, "SHARED_WALK", 1)
    monkeypatch.setattr(budget, "_share", _share_noted)
    monkeypatch.setattr(sys.modules[__name__], "_WALKED", str(tmp_path / "share"))
    assert budget.sizes(str(tmp_path / "site"), 2, ("resources/",), known) == alone
    assert len([name for name in os.listdir(tmp_path) if name.startswith("share-stat")]) == 2
