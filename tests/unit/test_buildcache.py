"""The build cache's pieces (generator/buildcache.py) without a whole build."""

from __future__ import annotations

import hashlib
import os

from generator import buildcache


def make_site(root: str, files: dict[str, bytes]) -> str:
    for path, data in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as handle:
            handle.write(data)
    return root


def cache_over(tmp_path, previous_files: dict[str, bytes], outputs: dict[str, str]) -> buildcache.Cache:
    """A cache whose record says the previous site's files were made from ``outputs``."""
    previous = make_site(str(tmp_path / "site"), previous_files)
    cache_dir = str(tmp_path / "cache")
    recorder = buildcache.Cache(cache_dir, None, previous)
    recorder.new = dict(outputs)
    recorder.save(previous)
    staging = str(tmp_path / "staging")
    os.makedirs(staging)
    return buildcache.Cache(cache_dir, previous, staging)


def test_digest_parts_do_not_run_into_each_other():
    """("ab", "c") and ("a", "bc") give different keys."""
    assert buildcache.digest("ab", "c") != buildcache.digest("a", "bc")
    assert buildcache.digest("a", "b") == buildcache.digest("a", "b")


def test_reuse_links_only_on_the_same_key(tmp_path):
    """The previous file is linked when its recorded key matches, never otherwise."""
    cache = cache_over(tmp_path, {"a/index.html": b"old"}, {"a/index.html": "k1"})
    assert not cache.reuse("a/index.html", "k2")
    assert not os.path.exists(os.path.join(cache.staging, "a", "index.html"))
    assert cache.reuse("a/index.html", "k1")
    kept = os.path.join(cache.staging, "a", "index.html")
    assert os.path.samefile(kept, os.path.join(cache.previous, "a", "index.html"))


def test_reuse_replaces_an_engine_stand_in(tmp_path):
    """A stand-in page the engine wrote at the same path gives way to the kept file."""
    cache = cache_over(tmp_path, {"find/index.html": b"catalog page"}, {"find/index.html": "k"})
    make_site(cache.staging, {"find/index.html": b"stand-in"})
    assert cache.reuse("find/index.html", "k")
    with open(os.path.join(cache.staging, "find", "index.html"), "rb") as handle:
        assert handle.read() == b"catalog page"


def test_missing_previous_file_is_made_again(tmp_path):
    """A recorded file that is gone from the previous site is not kept."""
    cache = cache_over(tmp_path, {}, {"gone.html": "k"})
    assert not cache.reuse("gone.html", "k")


def test_unchanged_yields_only_new_bytes(tmp_path):
    """Pairs whose bytes equal the previous file are linked, the others handed on to be written."""
    same, other = b"BEGIN:VCALENDAR\r\n", b"changed"
    key = "=" + hashlib.blake2b(same, digest_size=16).hexdigest()
    cache = cache_over(tmp_path, {"a.ics": same, "b.ics": same}, {"a.ics": key, "b.ics": key})
    written = list(cache.unchanged([("a.ics", same), ("b.ics", other), ("c.ics", same)]))
    assert written == [("b.ics", other), ("c.ics", same)]
    assert os.path.exists(os.path.join(cache.staging, "a.ics"))
    assert cache.kept == 1 and cache.made == 2


def test_group_kept_whole_or_not_at_all(tmp_path):
    """A group with a file missing from the previous site is not kept, and what was linked
    for it is removed again (the stage then writes fresh files, not into the old ones)."""
    files = {"data/a.json": b"1", "data/b.json": b"2"}
    cache = cache_over(tmp_path, {"data/a.json": b"1"}, {
        "group:exports": "k", "files:exports": '["data/a.json", "data/b.json"]',
        "data/a.json": "group:k", "data/b.json": "group:k"})
    assert not cache.reuse_group("exports", "k")
    assert not os.path.exists(os.path.join(cache.staging, "data", "a.json"))
    make_site(cache.staging, files)
    cache.record_group("exports", "k2", "data")
    assert cache.new["files:exports"] == '["data/a.json", "data/b.json"]'


def test_a_note_is_read_back_only_under_its_key_and_in_its_order(tmp_path):
    """What a build notes under a key is read back by the next build asking with that key
    (its keys in the order written), and not with another key or none."""
    previous = make_site(str(tmp_path / "site"), {"a.txt": b"x"})
    recorder = buildcache.Cache(str(tmp_path / "cache"), None, previous)
    recorder.note("exports:ohio", "k1", {"z": 1, "a": [1, 2]})
    recorder.note("exports:none", None, {"z": 1})
    recorder.save(previous)
    os.makedirs(tmp_path / "staging")
    cache = buildcache.Cache(str(tmp_path / "cache"), previous, str(tmp_path / "staging"))
    assert list(cache.noted("exports:ohio", "k1").items()) == [("z", 1), ("a", [1, 2])]
    assert cache.noted("exports:ohio", "k2") is None
    assert cache.noted("exports:ohio", None) is None
    assert cache.noted("exports:none", None) is None


class _Listing:
    def __init__(self, number: int) -> None:
        self.id, self.origin = f"r{number}", ("catalog/a.yaml", number)


def test_a_long_read_is_looked_up_once_for_every_job_with_the_same_call(tmp_path, monkeypatch):
    """A region's page and sheet ask with the same reads call: its listings' keys are worked out
    once, and the key is the one the plain list of listings gives."""
    import functools

    cache = buildcache.Cache(str(tmp_path / "cache"), None, str(tmp_path))
    cache.settle(["base"], str(tmp_path), [])
    listings = [_Listing(n) for n in range(buildcache.MEMO_AT + 8)]
    asked: list[str] = []
    entry_key = cache.entry_key
    monkeypatch.setattr(cache, "entry_key", lambda e: asked.append(e.id) or entry_key(e))

    def region_reads(region: object) -> list:
        return listings

    region = object()
    page = cache.key("regions/a/index.html", functools.partial(region_reads, region), "shell")
    sheet = cache.key("sheets/a/index.html", functools.partial(region_reads, region), "shell")
    assert len(asked) == len(listings)
    assert page == cache.key("regions/a/index.html", list(listings), "shell")
    assert sheet == cache.key("sheets/a/index.html", list(listings), "shell") != page
    short = listings[:3]
    assert cache.key("x", functools.partial(lambda r: short, region)) == cache.key("x", short)
    assert cache.key("y", lambda: buildcache.EVERYTHING) == cache.key("y", buildcache.EVERYTHING)
    assert cache.key("z", lambda: None) is None
