"""The offline stage (generator/offline.py) on the site built from the shipped project: the
precache and region manifests name real files with their true sizes and hashes, the version
follows every file of the site, and the same site gives the same bytes."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil

import pytest

from generator import enrich, offline, offline_search, pipeline
from generator.validate import validate
from tests.conftest import ROOT

COUNTY = "philadelphia"
LANGUAGES = ("en", "es")  # the shipped mkdocs.yml's


@pytest.fixture(scope="module")
def directory():
    """The shipped catalog, enriched on the build date of the test builds."""
    catalog = validate(os.path.join(ROOT, "resources.yaml"), today=pipeline.build_date(), cache_dir=None)
    return enrich.enrich(catalog, pipeline.build_date())


def load(site: str, rel: str) -> dict:
    with open(os.path.join(site, rel), encoding="utf-8") as handle:
        return json.load(handle)


def file_bytes(site: str, url: str) -> bytes:
    with open(os.path.join(site, offline._path(url)), "rb") as handle:
        return handle.read()


def shell(manifest: dict, code: str) -> list[dict]:
    """One language's precache list from the manifest."""
    return next(lang["precache"] for lang in manifest["languages"] if lang["code"] == code)


def region_files(site: str) -> list[str]:
    """Every region manifest of every language, as paths inside the site."""
    return [f"{prefix}{offline.REGIONS_DIR}/{n}" for prefix in ("", "es/")
            for n in sorted(os.listdir(os.path.join(site, prefix + offline.REGIONS_DIR)))]


def written(site: str) -> dict[str, bytes]:
    """What the stage writes, path -> bytes."""
    out = {}
    for rel in [offline.WORKER, offline.MANIFEST] + region_files(site):
        with open(os.path.join(site, rel), "rb") as handle:
            out[rel] = handle.read()
    return out


def saved(site: str, region: str, prefix: str = "") -> list[str]:
    """The addresses saving a region stores, its areas' manifests included."""
    return [f.url for f in offline.read_region(site, prefix, region)[1]]


def test_every_listed_file_exists_with_its_size_and_hash(shipped_site):
    """Each file in the precache and in every region's manifest is on disk with the bytes and
    start of SHA-256 the manifest gives; every manifest carries the site's version, and its
    bytes are those of every file saving the region stores."""
    manifest = load(shipped_site, offline.MANIFEST)
    lists = [[offline.File(*f) for f in lang["precache"]] for lang in manifest["languages"]]
    for rel in region_files(shipped_site):
        prefix, name = rel[:-len(f"{offline.REGIONS_DIR}/{os.path.basename(rel)}")], os.path.basename(rel)[:-5]
        region, files = offline.read_region(shipped_site, prefix, name)
        assert region["version"] == manifest["version"]
        assert region["bytes"] == sum(f.bytes for f in files)
        lists.append(files)
    for files in lists:
        for f in files:
            data = file_bytes(shipped_site, f.url)
            assert len(f.digest) == offline.DIGEST_CHARS
            assert (len(data), hashlib.sha256(data).hexdigest()[:offline.DIGEST_CHARS]) == (f.bytes, f.digest), f.url


def test_a_state_lists_only_what_its_counties_do_not(shipped_site, directory):
    """A state's manifest names its counties as parts and lists none of their files, so a
    national site's manifests do not list every listing twice; its counties' manifests list
    every file of their own."""
    state = load(shipped_site, f"{offline.REGIONS_DIR}/pennsylvania.json")
    counties = [c.id for c in directory.regions["pennsylvania"].children]
    assert state["parts"] == counties and COUNTY in counties
    own = {f[0] for f in state["files"]}
    assert "regions/pennsylvania/" in own and "sheets/pennsylvania/" in own
    for county in counties:
        theirs = load(shipped_site, f"{offline.REGIONS_DIR}/{county}.json")
        assert "parts" not in theirs
        assert not own & {f[0] for f in theirs["files"]}, county
    assert len(saved(shipped_site, "pennsylvania")) > len(own)


def test_own_files_keeps_a_full_list_when_an_area_holds_more():
    """A region whose area lists a file the region does not hold lists every file itself."""
    a, b, c = (offline.File(u, 1, "0" * 16) for u in ("a/", "b/", "c/"))
    assert offline._own_files([a, b], [[b]]) == [a]
    assert offline._own_files([a, b], [[b, c]]) is None
    assert offline._own_files([a, b], []) is None


@pytest.mark.parametrize("code,prefix", [("en", ""), ("es", "es/")])
def test_precache_holds_the_shell_and_fits_its_budget(shipped_site, code, prefix):
    """Each language's precache holds its offline page, home, list, every guide and the
    scripts and styles they load, and no page of another language; with the worker it fits
    300 KB compressed."""
    manifest = load(shipped_site, offline.MANIFEST)
    language = next(lang for lang in manifest["languages"] if lang["code"] == code)
    assert (language["prefix"], language["offline"]) == (prefix, prefix + "offline/")
    urls = [f[0] for f in language["precache"]]
    folder = os.path.join(shipped_site, prefix, "guides")
    guides = sorted(f"{prefix}guides/{n}/" for n in os.listdir(folder) if os.path.isdir(os.path.join(folder, n)))
    assert len(guides) > 10
    assert {prefix, f"{prefix}offline/", f"{prefix}list/", f"{prefix}guides/", *guides} <= set(urls)
    assert {"assets/navigator/offline.js", "assets/navigator/page.js"} <= set(urls)
    styles = [u for u in urls if u.endswith(".css") and not u.startswith("pagefind/")]
    assert len(styles) == 1 and styles[0].startswith("assets/navigator/shared/style-"), styles
    pages = [u for u in urls if not u.startswith("assets/") and not u.startswith(f"{prefix}assets/")]
    assert all(u.startswith(prefix) for u in pages)
    if not prefix:
        assert not [u for u in pages if u.startswith("es/")]
    assert not [u for u in urls if u[len(prefix):].startswith(("regions/", "sheets/", "pagefind/", "search/"))]
    compressed = sum(len(gzip.compress(file_bytes(shipped_site, u), 6, mtime=0)) for u in urls)
    assert manifest["precache_gzip_bytes"][code] == compressed
    with open(os.path.join(shipped_site, offline.WORKER), "rb") as handle:
        worker = len(gzip.compress(handle.read(), 6, mtime=0))
    assert compressed + worker <= offline.PRECACHE_BUDGET


def test_region_manifest_lists_its_pages_sheet_places_and_search(shipped_site, directory):
    """A county's manifest holds its page, its sheet, its ZIP table, every listing in it, its
    crisis lines (the national ones too), the search page and bundle with its listings'
    fragments, within 1 MB; its
    state's manifest holds the county's pages too."""
    region = load(shipped_site, f"{offline.REGIONS_DIR}/{COUNTY}.json")
    urls = saved(shipped_site, COUNTY)
    node = directory.regions[COUNTY]
    assert urls[:1] == [f"regions/{COUNTY}/"]
    assert {f"sheets/{COUNTY}/", f"regions/{COUNTY}/places.json", "search/", "pagefind/pagefind.js",
            "pagefind/pagefind-entry.json"} <= set(urls)
    assert {e.url for e in node.entries} | {e.url for e in node.crisis_lines} <= set(urls)
    assert {e.url for e in directory.national_crisis} <= set(urls)
    fragments = offline_search.fragments(shipped_site)
    assert {fragments[e.url] for e in node.entries} <= set(urls)  # each listing's region document
    assert len([u for u in urls if "/fragment/" in u]) < len(fragments)  # only this region's
    assert not [u for u in urls if "component-ui" in u or "modular-ui" in u]
    assert len(urls) == len(set(urls))
    # The pages saved are in the site's default language: no other language's search index.
    assert "pagefind/wasm.en.pagefind" in urls
    assert not [u for u in urls if "wasm.es." in u or "pagefind.es_" in u or "/index/es_" in u]
    assert region["bytes"] <= 1_000_000
    state = saved(shipped_site, "pennsylvania")
    assert {f"regions/{COUNTY}/", f"sheets/{COUNTY}/"} | {e.url for e in node.entries} <= set(state)


def test_spanish_region_manifest_holds_spanish_pages_and_index(shipped_site, directory):
    """The Spanish manifest of a county (es/offline/regions/) holds its Spanish page, sheet,
    listings and crisis lines, the Spanish search page and index and the shared ZIP table, no
    English page nor another language's index, within 1 MB; its key and address are Spanish."""
    region, files = offline.read_region(shipped_site, "es/", COUNTY)
    urls = [f.url for f in files]
    node = directory.regions[COUNTY]
    assert (region["language"], region["url"], region["region"]) == ("es", f"es/regions/{COUNTY}/", COUNTY)
    assert urls[:1] == [f"es/regions/{COUNTY}/"]
    assert {f"es/sheets/{COUNTY}/", f"regions/{COUNTY}/places.json", "es/search/", "pagefind/pagefind.js"} <= set(urls)
    assert {"es/" + e.url for e in node.entries} | {"es/" + e.url for e in node.crisis_lines} <= set(urls)
    pages = [u for u in urls if u.endswith("/")]
    assert pages and all(u.startswith("es/") for u in pages), pages
    assert "pagefind/wasm.es.pagefind" in urls and any("/index/es_" in u for u in urls)
    assert not [u for u in urls if "wasm.en." in u or "pagefind.en_" in u or "/index/en_" in u]
    fragments = offline_search.fragments(shipped_site)
    assert {fragments["es/" + e.url] for e in node.entries if "es/" + e.url in fragments} <= set(urls)
    assert region["bytes"] == sum(f.bytes for f in files) <= 1_000_000
    english = load(shipped_site, f"{offline.REGIONS_DIR}/{COUNTY}.json")
    assert english["language"] == "en" and english["url"] == f"regions/{COUNTY}/"


def test_worker_carries_the_manifest_version_and_precache(shipped_site):
    """sw.js begins with this build's version, timeout and precache list, so a new build is a
    new worker to the browser."""
    manifest = load(shipped_site, offline.MANIFEST)
    with open(os.path.join(shipped_site, offline.WORKER), encoding="utf-8") as handle:
        head = handle.read().split("\n")[1]
    assert head.startswith("var MANIFEST = ") and head.endswith(";")
    inline = json.loads(head[len("var MANIFEST = "):-1])
    assert inline["version"] == manifest["version"]
    assert inline["languages"] == manifest["languages"]
    assert [lang["code"] for lang in inline["languages"]] == ["en", "es"]  # the default first
    assert inline["timeout_ms"] == offline.NETWORK_TIMEOUT_MS


def test_same_site_same_bytes_and_one_change_new_version(shipped_site, directory, tmp_path):
    """Run again on a copy of the same site, the stage writes the same bytes; after one page
    changes, the version changes and only that file's hash does."""
    copy = str(tmp_path / "site")
    shutil.copytree(shipped_site, copy)
    before = written(shipped_site)
    offline.write(copy, directory, LANGUAGES)
    assert written(copy) == before
    about = os.path.join(copy, "about", "index.html")
    with open(about, "ab") as handle:
        handle.write(b"\n")
    offline.write(copy, directory, LANGUAGES)
    old, new = load(shipped_site, offline.MANIFEST), load(copy, offline.MANIFEST)
    assert old["version"] != new["version"]
    changed = [(a[0]) for a, b in zip(shell(old, "en"), shell(new, "en")) if a != b]
    assert [a[0] for a in shell(old, "en")] == [b[0] for b in shell(new, "en")]
    assert changed == []  # about/ is not precached: its hash is in the version alone
    with open(os.path.join(copy, "offline", "index.html"), "ab") as handle:
        handle.write(b"\n")
    offline.write(copy, directory, LANGUAGES)
    again = load(copy, offline.MANIFEST)
    assert [a[0] for a, b in zip(shell(new, "en"), shell(again, "en")) if a != b] == ["offline/"]
    assert shell(new, "es") == shell(again, "es")


def test_hashing_the_site_makes_a_task_per_chunk_not_per_file(tmp_path, monkeypatch):
    """_hash_site gives every file's SHA-256 with one thread task per HASH_CHUNK files (a future
    per file cost 213 MB at 100,000 listings)."""
    import concurrent.futures

    for index in range(2 * offline.HASH_CHUNK + 5):
        (tmp_path / f"f{index:04d}.html").write_bytes(f"page {index}".encode())
    submitted = []
    real = concurrent.futures.ThreadPoolExecutor.submit
    monkeypatch.setattr(concurrent.futures.ThreadPoolExecutor, "submit",
                        lambda self, fn, *args, **kwargs: submitted.append(fn) or real(self, fn, *args, **kwargs))
    hashes = offline._hash_site(str(tmp_path))
    assert len(submitted) == 3
    assert len(hashes) == 2 * offline.HASH_CHUNK + 5
    assert hashes["f0007.html"] == hashlib.sha256(b"page 7").hexdigest()


def test_languages_written_by_forked_processes_give_the_same_files_and_facts(shipped_site, directory, tmp_path):
    """With workers, each language's region manifests come from a forked process: the same bytes
    as one process writes, and the asset facts the forked processes learnt reach the record."""
    from generator.filefacts import Facts

    results = []
    for workers in (1, 2):
        copy = str(tmp_path / f"site-{workers}")
        shutil.copytree(shipped_site, copy)
        pages = {p: "key-" + p for p in _html_files(copy)}
        facts = Facts(None, pages)
        offline.write(copy, directory, LANGUAGES, facts, workers=workers)
        results.append((written(copy), facts.new.get("assets")))
    (one, one_facts), (forked, forked_facts) = results
    assert forked == one
    assert one_facts and list(forked_facts.items()) == list(one_facts.items())


def _html_files(site: str) -> list[str]:
    return sorted(os.path.relpath(os.path.join(here, name), site).replace(os.sep, "/")
                  for here, _dirs, names in os.walk(site) for name in names if name.endswith(".html"))
