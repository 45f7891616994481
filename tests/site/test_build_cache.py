"""The build cache (generator/buildcache.py): after an edit, `navigator build` keeps the previous
site's files whose inputs did not change, and the site is byte for byte the one a cold build of
the edited project makes."""

from __future__ import annotations

import json
import os
import re
import shutil
import time

import pytest

from generator import background, buildcache, pipeline, stamp
from tests.conftest import ROOT, build, copy_fixture_site, copy_shipped_project, site_digest

EDITED = "resources/franklin-detox/index.html"
UNRELATED = "resources/lifeline-988/index.html"  # a national line, in resources.yaml


def edit(path: str, old: str, new: str) -> None:
    time.sleep(0.01)  # past the file system clock's tick, as any real edit is
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert old in text, (path, old)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new, 1))


def own_theme(project: str) -> str:
    """Give the project a copy of the theme, so a test can edit it."""
    shutil.copytree(os.path.join(ROOT, "theme"), os.path.join(project, "theme"))
    edit(os.path.join(project, "mkdocs.yml"), f"custom_dir: {ROOT}/theme", "custom_dir: theme")
    return project


@pytest.fixture
def warm(tmp_path, monkeypatch):
    """The fixture site built once (search included), its build cache filled."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    monkeypatch.setattr(stamp, "SETTLE_SECONDS", 0)
    project = own_theme(copy_fixture_site(str(tmp_path / "warm")))
    assert build(project) == 0
    return project


def inodes(project: str) -> dict[str, int]:
    site = os.path.join(project, "site")
    return {path: os.stat(os.path.join(site, path)).st_ino for path in site_digest(site)}


def rebuilt_like_cold(tmp_path, warm: str, change) -> tuple[set[str], set[str]]:
    """Apply ``change(project)`` to the warm project and to a fresh copy; build the first with
    its cache and the second cold; assert identical trees. Returns the files the warm build
    kept from its previous site and those it wrote again."""
    before = inodes(warm)
    change(warm)
    assert build(warm) == 0
    cold = own_theme(copy_fixture_site(str(tmp_path / "cold")))
    change(cold)
    assert build(cold) == 0
    warm_site, cold_site = site_digest(os.path.join(warm, "site")), site_digest(os.path.join(cold, "site"))
    assert sorted(warm_site) == sorted(cold_site)
    assert sorted(path for path in warm_site if warm_site[path] != cold_site[path]) == []
    after = inodes(warm)
    kept = {path for path in after if before.get(path) == after[path]}
    return kept, set(after) - kept


def test_one_description_rewrites_only_what_shows_it(tmp_path, warm):
    """The listing's page, its regions' pages and sheets, the exports and the search index are
    made again; another state's listing page and the short links are kept."""
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, "catalog", "franklin.yaml"), "Medically supervised detox.",
        "Medically supervised detox, open all night."))
    assert EDITED in made
    assert {"regions/franklin/index.html", "regions/ohio/index.html", "sheets/franklin/index.html",
            "data/hsds/services.json"} <= made
    assert any(path.startswith("pagefind/") for path in made)
    assert UNRELATED in kept and "regions/arizona/index.html" in kept
    assert "sheets/arizona/index.html" in kept
    assert any(path.startswith("r/") for path in kept)


def _rebuilt_by_area(tmp_path, monkeypatch, path: str, old: str, new: str) -> tuple[set[str], set[str]]:
    """The fixture site with its listings searched state by state, built, then built again
    after ``path`` (in the project) has ``old`` replaced by ``new``, and compared with a cold
    build of the same (rebuilt_like_cold)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    monkeypatch.setattr(stamp, "SETTLE_SECONDS", 0)

    def by_area(project: str) -> None:
        edit(os.path.join(project, "mkdocs.yml"), "  - navigator\n", "  - navigator:\n      search_split_at: 0\n")

    def both(project: str) -> None:
        if "search_split_at" not in open(os.path.join(project, "mkdocs.yml"), encoding="utf-8").read():
            by_area(project)
        edit(os.path.join(project, path), old, new)

    warm = own_theme(copy_fixture_site(str(tmp_path / "warm")))
    by_area(warm)
    assert build(warm) == 0
    return rebuilt_like_cold(tmp_path, warm, both)


def test_search_by_area_remakes_only_the_edited_area(tmp_path, monkeypatch):
    """With the listings searched state by state, the edited state's bundle is made again; the
    other state's bundle and the main one (regions and hand-written pages, none of which
    changed) are kept."""
    kept, made = _rebuilt_by_area(tmp_path, monkeypatch, os.path.join("catalog", "franklin.yaml"),
                                  "Medically supervised detox.", "Medically supervised detox, open all night.")
    assert any(p.startswith("pagefind/in/ohio/") for p in made)
    assert any(p.startswith("pagefind/in/arizona/") for p in kept)
    assert not any(p.startswith("pagefind/in/arizona/") for p in made)
    main = [p for p in kept | made if p.startswith("pagefind/") and not p.startswith("pagefind/in/")]
    assert main and set(main) <= kept


def test_search_by_area_remakes_the_main_bundle_when_a_region_changes(tmp_path, monkeypatch):
    """With the listings searched state by state, a region renamed makes the main bundle (which
    finds regions by their names) again; the site equals a cold build's."""
    _kept, made = _rebuilt_by_area(tmp_path, monkeypatch, "resources.yaml", "name: Arizona", "name: Arizona State")
    assert "pagefind/pagefind-entry.json" in made


def test_theme_edit_makes_every_page_again(tmp_path, warm):
    """A change to the theme's page template reaches every catalog page made with it (through the shell)."""
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, "theme", "main.html"), "{% block extrahead %}",
        "{% block extrahead %}<meta name=\"x-test\" content=\"1\">"))
    assert "regions/arizona/index.html" in made and "regions/ohio/index.html" in made


def test_listing_layout_edit_makes_every_listing_page_again(tmp_path, warm):
    """A change to the listing pages' own layout (theme/navigator-listing.html) reaches every listing page."""
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, "theme", "navigator-listing.html"), "<meta charset=\"utf-8\">",
        "<meta charset=\"utf-8\"><meta name=\"x-test\" content=\"1\">"))
    assert EDITED in made and UNRELATED in made


def test_bundled_script_edit_makes_every_listing_page_again(tmp_path, warm):
    """A change to a script of the listing pages' bundle (share.js) renames the bundle, so every listing page is made again and names it."""
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, "theme", "assets", "navigator", "share.js"), '"use strict";', '"use strict"; // edited'))
    assert EDITED in made and UNRELATED in made
    with open(os.path.join(warm, "site", EDITED), encoding="utf-8") as handle:
        bundle = re.search(r'src="\.\./\.\./(assets/navigator/shared/bundle-[0-9a-f]{12}\.js)"></script>\n</body>',
                           handle.read())[1]
    with open(os.path.join(warm, "site", bundle), encoding="utf-8") as handle:
        assert '"use strict"; // edited' in handle.read()


def test_settings_edit_makes_every_page_again(tmp_path, warm):
    """A changed site_url (mkdocs.yml) changes every page's canonical address and the exports."""
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, "mkdocs.yml"), "site_url: https://fixture.example.org/",
        "site_url: https://fixture.example.net/"))
    assert EDITED in made and UNRELATED in made and "data/hsds/services.json" in made
    # Short links' lookup pages (r/) link by relative address, so they do not name site_url.
    assert not any(path.endswith(".html") and path.startswith(("resources/", "regions/"))
                   for path in kept)


def test_region_edit_makes_its_pages_again(tmp_path, warm):
    """A renamed region: every page naming it is made again (region names count for all)."""
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, "resources.yaml"), "name: Franklin County", "name: Franklin County, Ohio"))
    assert EDITED in made and "regions/franklin/index.html" in made


def test_national_line_edit_reaches_every_crisis_bar(tmp_path, warm):
    """A national crisis line is in every page's crisis bar: its new number reaches them all."""
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, "resources.yaml"), "name: 988 Suicide & Crisis Lifeline",
        "name: 988 Suicide and Crisis Lifeline"))
    assert EDITED in made and "resources/tuesday-night-aa/index.html" in made
    assert "regions/arizona/index.html" in made


def test_deleted_listing_is_gone(tmp_path, warm):
    """A listing removed from its file leaves no page, short link or calendar behind."""
    def delete(project: str) -> None:
        path = os.path.join(project, "catalog", "franklin.yaml")
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        start = text.index("  - id: franklin-detox")
        end = text.index("  - id:", start + 5)
        time.sleep(0.01)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text[:start] + text[end:])

    kept, made = rebuilt_like_cold(tmp_path, warm, delete)
    assert not os.path.exists(os.path.join(warm, "site", EDITED))
    assert UNRELATED in kept


def test_added_listing_appears(tmp_path, warm):
    """A new listing gets its page, and the pages listing it are made again."""
    listing = ("  - id: franklin-new-clinic\n    name: New Clinic\n    category: outpatient\n"
               "    regions: [franklin]\n    online_only: true\n    phones:\n      - number: \"614-555-0199\"\n"
               "    last_verified: 2026-10-01\n")
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, "catalog", "franklin.yaml"), "  - id: franklin-detox", listing + "  - id: franklin-detox"))
    assert "resources/franklin-new-clinic/index.html" in made
    assert "regions/franklin/index.html" in made and UNRELATED in kept


def test_generator_change_keeps_nothing(tmp_path, warm, monkeypatch):
    """A change to the generator's code or templates makes every cached output again."""
    monkeypatch.setattr(buildcache, "code_digest", lambda: "another version")
    monkeypatch.setattr(stamp, "is_current", lambda *args: False)  # its key sees the code too
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: None)
    assert EDITED in made and UNRELATED in made and "data/hsds/services.json" in made
    assert not any(path.startswith("pagefind/") for path in kept)


def test_force_makes_everything_again(warm):
    """`navigator build --force` keeps nothing from the previous site."""
    before = inodes(warm)
    assert build(warm, "--force") == 0
    after = inodes(warm)
    assert not [p for p in after if before.get(p) == after[p] and p.startswith(("resources/", "r/"))]


def test_record_belongs_to_its_site(warm, monkeypatch):
    """The record names the site folder it describes; a replaced site/ is not trusted, unless
    the workflow says it was restored together with the cache."""
    with open(os.path.join(warm, ".cache", "navigator", buildcache.NAME), encoding="utf-8") as handle:
        record = json.load(handle)
    assert record["site"] == os.path.join(warm, "site")
    assert record["outputs"][EDITED].isalnum()
    site = os.path.join(warm, "site")
    shutil.copytree(site, site + "-copy")
    shutil.rmtree(site)
    os.rename(site + "-copy", site)
    cache = buildcache.Cache(os.path.join(warm, ".cache", "navigator"), site, str(warm))
    assert cache.old == {}
    monkeypatch.setenv(buildcache.RESTORED, "1")
    restored = buildcache.Cache(os.path.join(warm, ".cache", "navigator"), site, str(warm))
    assert restored.old[EDITED] == record["outputs"][EDITED]


def test_restored_site_is_reused_and_identical(tmp_path, warm, monkeypatch):
    """A site/ copied back with the cache (as actions/cache restores it) is used like the
    original, and the result is still the cold build's."""
    site = os.path.join(warm, "site")
    shutil.copytree(site, site + "-copy")
    shutil.rmtree(site)
    os.rename(site + "-copy", site)
    monkeypatch.setenv(buildcache.RESTORED, "1")
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, "catalog", "franklin.yaml"), "Medically supervised detox.",
        "Medically supervised detox, open all night."))
    assert UNRELATED in kept and EDITED in made


def test_deploy_workflow_keeps_the_cache_and_the_site():
    """The Pages workflow restores and saves .cache/navigator with site/, keyed by branch and
    generator, and tells the build that site/ came back with the cache."""
    import yaml

    with open(os.path.join(ROOT, ".github", "workflows", "deploy.yml"), encoding="utf-8") as handle:
        steps = yaml.safe_load(handle)["jobs"]["build"]["steps"]
    names = [step.get("uses", step.get("name")) for step in steps]
    cache = steps[names.index("actions/cache@v4")]
    assert cache["with"]["path"].split() == [".cache/navigator", "site"]
    assert cache["with"]["key"].startswith("navigator-${{ github.ref_name }}-${{ hashFiles('generator/**'")
    assert cache["with"]["restore-keys"].split()[-1] == "navigator-"
    build_step = steps[names.index("Build")]
    assert names.index("actions/cache@v4") < names.index("Build")
    assert build_step["env"][buildcache.RESTORED] == "1"


def test_hand_written_file_beside_the_exports_is_not_taken_for_one(tmp_path, warm):
    """A file of the content folder copied into data/ belongs to the engine's pages, not to the
    exports kept from the previous site: its new text is published."""
    def note(text: str):
        def write(project: str) -> None:
            os.makedirs(os.path.join(project, "content", "data"), exist_ok=True)
            time.sleep(0.01)
            with open(os.path.join(project, "content", "data", "about.txt"), "w", encoding="utf-8") as handle:
                handle.write(text)
        return write

    note("first\n")(warm)
    assert build(warm) == 0
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: (note("first\n")(p), note("second\n")(p)))
    assert "data/regions/ohio/hsds/services.json" in kept
    with open(os.path.join(warm, "site", "data", "about.txt"), encoding="utf-8") as handle:
        assert handle.read() == "second\n"


ARIZONA_LISTING = """
  - id: tucson-outpatient
    name: Tucson Outpatient Clinic
    category: outpatient
    regions: [arizona]
    address:
      address_1: 10 Congress St
      city: Tucson
      state_province: AZ
      postal_code: "85701"
    phones:
      - number: (520) 555-0101
    last_verified: 2026-10-01
"""


def with_arizona(project: str, packed: bool = False) -> None:
    """A listing of Arizona's own, so that the catalog has two states' open-data sets; with
    ``packed``, every format but the Meeting Guide feed published gzip-only and by state
    only, as a national catalog's are."""
    if packed:
        config = os.path.join(project, "mkdocs.yml")
        with open(config, encoding="utf-8") as handle:
            text = handle.read()
        if "plain_exports" not in text:
            with open(config, "w", encoding="utf-8") as handle:
                handle.write(text.replace("  - navigator\n", "  - navigator:\n      site_budget:\n"
                                                              "        plain_exports: 0\n"
                                                              "        whole_exports: 0\n", 1))
    path = os.path.join(project, "resources.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if "tucson-outpatient" not in text:
        time.sleep(0.01)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text.rstrip("\n") + "\n" + ARIZONA_LISTING)


@pytest.mark.parametrize("forked", [False, True], ids=["here", "forked"])
@pytest.mark.parametrize("packed", [False, True], ids=["plain", "gzip-only"])
def test_one_states_exports_made_again_the_others_kept(tmp_path, warm, packed, forked, monkeypatch):
    """After a Franklin County (Ohio) edit, Ohio's open-data set is written again and
    Arizona's kept, gzip copies included (gzip-only ones too); the whole-catalog files and the
    index are joined again, and the site equals a cold build's. Forked as a large catalog's
    are, the exports' records reach the next build all the same (Arizona is kept by what the
    forked process of the build before noted)."""
    if forked:
        if not background.available():
            pytest.skip("this system cannot fork")
        started = []
        start = pipeline.Run.start_exports
        monkeypatch.setattr(pipeline, "LARGE_CATALOG", 1)
        monkeypatch.setattr(pipeline.Run, "start_exports",
                            lambda self, *a, **k: started.append(start(self, *a, **k)) or started[-1])
    with_arizona(warm, packed)
    assert build(warm) == 0
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: (with_arizona(p, packed), edit(
        os.path.join(p, "catalog", "franklin.yaml"), "Medically supervised detox.",
        "Medically supervised detox, open all night.")))
    arizona = {p for p in kept | made if p.startswith("data/regions/arizona/")}
    assert arizona and arizona <= kept and "data/regions/arizona/hsds/services.json.gz" in arizona
    assert ("data/regions/arizona/hsds/services.json" in arizona) is not packed
    assert "data/regions/ohio/hsds/services.json" + (".gz" if packed else "") in made
    assert not [p for p in kept if p.startswith("data/") and not p.startswith("data/regions/")]
    if forked:
        assert len(started) == 3 and all(started), "each build's exports were forked"


def shipped_like_cold(tmp_path, warm: str, change) -> None:
    """Apply ``change(project)`` to the built shipped project ``warm`` and to a fresh copy, build
    both, and assert the two sites are byte for byte the same."""
    change(warm)
    assert build(warm) == 0
    cold = copy_shipped_project(str(tmp_path / "cold"))
    change(cold)
    assert build(cold) == 0
    assert site_digest(os.path.join(warm, "site")) == site_digest(os.path.join(cold, "site"))


def test_shipped_project_after_one_description(tmp_path, monkeypatch):
    """The shipped mkdocs.yml, catalog, content and theme: after one description changes, the
    warm build equals a cold build of the edited project, and keeps the other states' pages."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    monkeypatch.setattr(stamp, "SETTLE_SECONDS", 0)
    warm = copy_shipped_project(str(tmp_path / "warm"))
    assert build(warm) == 0
    before = inodes(warm)
    path = os.path.join("catalog", "philadelphia.yaml")
    with open(os.path.join(warm, path), encoding="utf-8") as handle:
        text = handle.read()
    start = text.index("\n", text.index("    description: >-")) + 1  # the folded text's first line
    old = text[start:text.index("\n", start)]

    shipped_like_cold(tmp_path, warm, lambda project: edit(os.path.join(project, path), old, old + " Call first."))
    after = inodes(warm)
    kept = {p for p in after if before.get(p) == after[p]}
    assert "regions/ohio/index.html" in kept and "regions/philadelphia/index.html" not in kept


def test_failed_warm_build_leaves_the_previous_site(tmp_path, warm):
    """A warm build that fails at its last check (the size budget, after every file is made
    and hashed) leaves the previous site as it was, byte for byte and inode for inode; the
    next build still equals a cold one."""
    site = os.path.join(warm, "site")
    digest, before = site_digest(site), inodes(warm)
    settings = os.path.join(warm, "mkdocs.yml")
    with open(settings, encoding="utf-8") as handle:
        original = handle.read()
    description = ("Medically supervised detox.", "Medically supervised detox, open all night.")
    edit(os.path.join(warm, "catalog", "franklin.yaml"), *description)
    edit(settings, "  - navigator\n", "  - navigator:\n      site_budget:\n        files: 10\n")
    assert build(warm) == 1
    assert site_digest(site) == digest and inodes(warm) == before
    assert not [name for name in os.listdir(warm) if name.startswith(".site-")]
    with open(settings, "w", encoding="utf-8") as handle:
        handle.write(original)

    def change(project: str) -> None:
        path = os.path.join(project, "catalog", "franklin.yaml")
        with open(path, encoding="utf-8") as handle:
            if description[1] not in handle.read():
                edit(path, *description)

    kept, made = rebuilt_like_cold(tmp_path, warm, change)
    assert EDITED in made and UNRELATED in kept


@pytest.mark.parametrize("restored", [False, True])
def test_offline_hashes_of_kept_files_come_from_the_previous_build(tmp_path, warm, monkeypatch, restored):
    """After one description changes, the offline stage reads only the files made again: a
    kept file's SHA-256 is the previous build's, recognised by its build-cache key (so also in
    a site restored as new files, as CI restores it); the manifests still equal a cold build's."""
    from generator import offline

    if restored:
        site = os.path.join(warm, "site")
        shutil.copytree(site, site + "-copy")
        shutil.rmtree(site)
        os.rename(site + "-copy", site)
        monkeypatch.setenv(buildcache.RESTORED, "1")
    read: list[str] = []
    digest = offline.hashlib.file_digest
    monkeypatch.setattr(offline.hashlib, "file_digest",
                        lambda handle, name: read.append(handle.name) or digest(handle, name))
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, "catalog", "franklin.yaml"), "Medically supervised detox.",
        "Medically supervised detox, open all night."))
    warm_reads = [path for path in read if path.startswith(os.path.join(warm, ""))]
    assert warm_reads and not any(path.endswith(UNRELATED) for path in warm_reads)
    assert any(path.endswith(EDITED) for path in warm_reads)


def test_offline_reads_the_asset_links_of_made_pages_only(tmp_path, warm, monkeypatch):
    """After one description changes, the offline stage looks for the scripts and stylesheets
    of the pages made again, each once, and takes the kept pages' from the previous build; the
    manifests still equal a cold build's."""
    from generator import offline

    read: list[str] = []
    warm_reads: list[str] = []
    refs = offline._asset_refs
    monkeypatch.setattr(offline, "_asset_refs", lambda path: read.append(path) or refs(path))

    def change(project: str) -> None:
        if project != warm:  # the warm build has just run
            warm_reads.extend(read)
        read.clear()
        edit(os.path.join(project, "catalog", "franklin.yaml"), "Medically supervised detox.",
             "Medically supervised detox, open all night.")

    rebuilt_like_cold(tmp_path, warm, change)
    warm_reads = [path.split(f"{os.sep}.site-", 1)[-1].split(os.sep, 1)[-1] for path in warm_reads]
    assert "regions/franklin/index.html" in warm_reads and len(warm_reads) == len(set(warm_reads))
    assert "regions/arizona/index.html" not in warm_reads and "sheets/arizona/index.html" not in warm_reads


def _side_file_calls(monkeypatch) -> list[str]:
    """Record each region's places and calendar as they are made."""
    from generator import places, side_files

    calls: list[str] = []
    region, calendar = places.Gazetteer.region, side_files.ics.region_calendar
    monkeypatch.setattr(places.Gazetteer, "region", lambda self, node: calls.append("places " + node.id)
                        or region(self, node))
    monkeypatch.setattr(side_files.ics, "region_calendar", lambda node, *args: calls.append("ics " + node.id)
                        or calendar(node, *args))
    return calls


def test_unchanged_regions_side_files_are_not_made_again(tmp_path, warm, monkeypatch):
    """After a Franklin County description edit, Arizona's near-me places and Franklin's (whose
    listings stayed where they were) are linked without being made again, nor the ZIP table
    read; Franklin's calendar is made again, and the site equals a cold build's."""
    from generator import places

    calls, warm_calls = _side_file_calls(monkeypatch), []
    monkeypatch.setattr(places, "zip_table", lambda real=places.zip_table: calls.append("zip table") or real())

    def change(project: str) -> None:
        warm_calls.extend(calls) if project != warm else calls.clear()
        edit(os.path.join(project, "catalog", "franklin.yaml"), "Medically supervised detox.",
             "Medically supervised detox, open all night.")

    kept, made = rebuilt_like_cold(tmp_path, warm, change)
    assert "ics franklin" in warm_calls
    # Arizona has no meetings, so no calendar to keep: it is asked for again and makes none.
    assert not [call for call in warm_calls if call.startswith(("places", "zip table"))]
    assert {"regions/arizona/places.json", "regions/franklin/places.json"} <= kept
    assert "regions/franklin/meetings.ics" in made


def test_a_listing_moved_makes_its_regions_places_again(tmp_path, warm, monkeypatch):
    """A listing's ZIP code changed: its region's near-me places are made again, the other
    regions' kept, and the site equals a cold build's."""
    calls, warm_calls = _side_file_calls(monkeypatch), []

    def change(project: str) -> None:
        warm_calls.extend(calls) if project != warm else calls.clear()
        edit(os.path.join(project, "catalog", "franklin.yaml"), 'postal_code: "43215"',
             'postal_code: "43201"')

    kept, made = rebuilt_like_cold(tmp_path, warm, change)
    assert "places franklin" in warm_calls and "places arizona" not in warm_calls
    assert "regions/arizona/places.json" in kept


def _lookup_pages_made(monkeypatch) -> list[str]:
    """Record the short links' pages as they are rendered: the codes' first letters, "" for
    the list of them."""
    import jinja2

    made: list[str] = []
    render = jinja2.Template.render

    def recording(self, *args, **kwargs):
        if self.name == "short_links.html":
            made.append(kwargs.get("prefix", "?"))
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", recording)
    return made


def test_short_links_pages_are_made_only_when_their_links_change(tmp_path, warm, monkeypatch):
    """A description edit renders no short links' page again; a listing renamed renders its
    code's page alone (the list of pages keeps its links), and both sites equal cold builds."""
    made, seen = _lookup_pages_made(monkeypatch), []

    def described(project: str) -> None:
        edit(os.path.join(project, "catalog", "franklin.yaml"), "Medically supervised detox.",
             "Medically supervised detox, open all night.")

    def recorded(*changes):
        """The changes, and what the warm build rendered, in seen (the cold copy's change
        comes right after the warm build)."""
        def change(project: str) -> None:
            if project != warm:
                seen.extend(made)
            made.clear()
            for each in changes:
                each(project)
        return change

    kept, _made = rebuilt_like_cold(tmp_path, warm, recorded(described))
    assert seen == [] and {p for p in site_digest(os.path.join(warm, "site")) if p.startswith("r/")} <= kept

    def renamed(project: str) -> None:
        if project != warm:  # the cold copy has had no edit yet
            described(project)
        edit(os.path.join(project, "catalog", "franklin.yaml"), 'Withdrawal" Center', 'Withdrawal" Centre')

    kept, made_files = rebuilt_like_cold(tmp_path / "second", warm, recorded(renamed))
    assert len(seen) == 1 and seen[0] != "", seen
    assert made_files & {p for p in site_digest(os.path.join(warm, "site")) if p.startswith("r/")} \
        == {f"r/{seen[0]}.html"}


def _spare_after_two_edits(project: str) -> str:
    """Build with Arizona's listing, then after one Franklin County description: the site of the
    first build is kept beside the published one as the next build's staging folder."""
    with_arizona(project)
    assert build(project) == 0
    edit(os.path.join(project, "catalog", "franklin.yaml"), "Medically supervised detox.",
         "Medically supervised detox, open all night.")
    assert build(project) == 0
    spare = os.path.join(project, ".site-spare")
    assert os.path.isdir(spare)
    return spare


def _without_arizona(project: str) -> None:
    path = os.path.join(project, "resources.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    time.sleep(0.01)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace(ARIZONA_LISTING, "\n"))


def _empty_folders(site: str) -> list[str]:
    return sorted(os.path.relpath(folder, site) for folder, dirs, files in os.walk(site) if not dirs and not files)


def _arizona_renamed(project: str) -> None:
    edit(os.path.join(project, "resources.yaml"), "Tucson Outpatient Clinic", "Tucson Outpatient Center")


@pytest.mark.parametrize("change", ["removed", "renamed"])
def test_the_spare_is_the_next_staging_folder_and_never_writes_into_the_site(tmp_path, warm, change):
    """The third build takes the site before the previous one as its staging folder, whose
    files the previous build kept are the published site's. Arizona's listing removed or
    renamed (a national line's file, so every listing page is made again): its page and
    open-data set, kept by the previous build, go or are written again, never into the
    published site's files; the result equals a cold build's."""
    spare = _spare_after_two_edits(warm)
    site = os.path.join(warm, "site")
    published, spare_id = site_digest(site), stamp.site_id(spare)
    assert "resources/tucson-outpatient/index.html" in published
    assert "data/regions/arizona/hsds/services.json" in published
    (_without_arizona if change == "removed" else _arizona_renamed)(warm)
    assert build(warm) == 0
    assert stamp.site_id(site) == spare_id  # the spare became the site
    assert site_digest(spare) == published  # the site it replaced, as it was published
    cold = own_theme(copy_fixture_site(str(tmp_path / "cold")))
    edit(os.path.join(cold, "catalog", "franklin.yaml"), "Medically supervised detox.",
         "Medically supervised detox, open all night.")
    if change == "renamed":
        with_arizona(cold)
        _arizona_renamed(cold)
    assert build(cold) == 0
    assert site_digest(site) == site_digest(os.path.join(cold, "site"))
    assert _empty_folders(site) == _empty_folders(os.path.join(cold, "site"))


def test_a_build_failing_on_the_spare_leaves_the_published_site(tmp_path, warm, monkeypatch):
    """A build that fails after writing its pages into the spare (here: the offline stage)
    leaves the published site byte for byte and inode for inode, and the spare goes with it;
    the next build is a complete one that equals a cold build."""
    from generator import offline
    from generator.errors import CatalogError, Problem

    _spare_after_two_edits(warm)
    site = os.path.join(warm, "site")
    published, ids = site_digest(site), inodes(warm)
    _without_arizona(warm)
    with monkeypatch.context() as patch:
        def fail(*args, **kwargs):
            raise CatalogError([Problem("site", 1, 1, "offline", "stopped for the test")])
        patch.setattr(offline, "write", fail)
        assert build(warm) == 1
    assert site_digest(site) == published and inodes(warm) == ids
    assert not [name for name in os.listdir(warm) if name.startswith(".site-")]
    assert build(warm) == 0
    cold = own_theme(copy_fixture_site(str(tmp_path / "cold")))
    edit(os.path.join(cold, "catalog", "franklin.yaml"), "Medically supervised detox.",
         "Medically supervised detox, open all night.")
    assert build(cold) == 0
    assert site_digest(site) == site_digest(os.path.join(cold, "site"))


def test_listing_folders_are_walked_only_when_the_project_puts_files_in_them(tmp_path, warm, monkeypatch):
    """The walk of the site takes the listing folders' files from the build cache's record while
    they hold only what the build writes there; a file of the project's own in one (the engine
    copies it) makes the walk list them again, so the file is counted, hashed and recorded."""
    from generator import budget

    asked: list[tuple] = []
    sizes = budget.sizes
    monkeypatch.setattr(budget, "sizes", lambda site_dir, workers=1, unlisted=(), known=():
                        asked.append(tuple(unlisted)) or sizes(site_dir, workers, unlisted, known))
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, "catalog", "franklin.yaml"), "Medically supervised detox.",
        "Medically supervised detox, open all night."))
    assert len(asked) == 2 and all("resources/" in folders for folders in asked)  # warm and cold
    assert UNRELATED in kept
    own = os.path.join(warm, "content", "resources", "franklin-detox", "directions.txt")
    os.makedirs(os.path.dirname(own))
    with open(own, "w", encoding="utf-8") as handle:
        handle.write("Enter from the car park.\n")
    assert build(warm) == 0
    assert asked[-1] == ()
    with open(os.path.join(warm, ".cache", "navigator", buildcache.NAME), encoding="utf-8") as handle:
        assert "resources/franklin-detox/directions.txt" in json.load(handle)["uncached"]
    with open(os.path.join(warm, "site", "offline", "manifest.json"), encoding="utf-8") as handle:
        before = json.load(handle)["version"]
    os.remove(own)
    time.sleep(0.01)
    assert build(warm) == 0
    with open(os.path.join(warm, "site", "offline", "manifest.json"), encoding="utf-8") as handle:
        assert json.load(handle)["version"] != before  # the file was in the version's hash
    gone = os.path.join(warm, "site", "resources", "franklin-detox", "directions.txt")
    assert not os.path.exists(gone)
    # The next build's staging folder is the site that had the file: it is removed from there too.
    edit(os.path.join(warm, "catalog", "franklin.yaml"), "open all night", "open day and night")
    assert build(warm) == 0
    assert asked[-1] == tuple(asked[0]) and not os.path.exists(gone)
