"""The validation cache and worker processes give the same catalog as a plain run."""

from __future__ import annotations

import datetime as dt
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "bench"))

from generator.validate import Brief, validate  # noqa: E402

TODAY = dt.date(2026, 11, 21)


def _catalog(tmp_path):
    import synthetic

    return synthetic.generate(300, str(tmp_path / "catalog"))


def _summary(catalog):
    return [(r.id, tuple(r.regions), r.category, r.last_verified) for r in catalog.resources]


def test_workers_and_cache_agree_with_a_plain_run(tmp_path):
    """Cold with cache in two processes, then warm, give exactly the plain single-process result."""
    root = _catalog(tmp_path)
    plain = validate(root, today=TODAY, cache_dir=None, workers=1)
    cache = str(tmp_path / "cache")
    cold = validate(root, today=TODAY, cache_dir=cache, workers=2)
    warm = validate(root, today=TODAY, cache_dir=cache, workers=2)
    assert _summary(cold) == _summary(plain)
    assert _summary(warm) == _summary(plain)
    assert cold.origins == plain.origins == warm.origins
    assert len(os.listdir(cache)) == len(os.listdir(os.path.dirname(root) + "/catalog"))


def test_brief_mode_returns_briefs_with_the_same_facts(tmp_path):
    """validate(brief=True) returns Brief records that match the full models."""
    root = _catalog(tmp_path)
    full = validate(root, today=TODAY, cache_dir=None, workers=1)
    for cache in (None, str(tmp_path / "cache"), str(tmp_path / "cache")):
        brief = validate(root, today=TODAY, cache_dir=cache, workers=2, brief=True)
        assert all(isinstance(r, Brief) for r in brief.resources)
        assert _summary(brief) == _summary(full)


def test_a_changed_file_is_validated_again(tmp_path):
    """Editing a file after it was cached gives its new problems, not the cached success."""
    root = _catalog(tmp_path)
    cache = str(tmp_path / "cache")
    validate(root, today=TODAY, cache_dir=cache, workers=1)
    folder = os.path.join(os.path.dirname(root), "catalog")
    path = os.path.join(folder, sorted(os.listdir(folder))[0])
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace("category: detox", "category: detoxx", 1)
                     .replace("category: meeting", "category: meetingg", 1))
    import pytest

    from generator.errors import CatalogError

    with pytest.raises(CatalogError) as caught:
        validate(root, today=TODAY, cache_dir=cache, workers=1)
    assert any("is not a known category" in p.message for p in caught.value.problems)


def test_a_long_lived_process_reuses_unchanged_files_and_revalidates_changed_ones(tmp_path):
    """A second validation in the same process takes unchanged files from memory and reads an
    edited file again."""
    root = _catalog(tmp_path)
    cache = str(tmp_path / "cache")
    first = validate(root, today=TODAY, cache_dir=cache, workers=1)
    folder = os.path.dirname(root) + "/catalog"
    edited = os.path.join(folder, sorted(os.listdir(folder))[0])
    with open(edited, encoding="utf-8") as handle:
        text = handle.read()
    with open(edited, "w", encoding="utf-8") as handle:
        handle.write(text.replace("name: ", "name: Renamed ", 1))
    second = validate(root, today=TODAY, cache_dir=cache, workers=1)
    before = {r.id: r for r in first.resources}
    changed = [r for r in second.resources if r.name.startswith("Renamed ")]
    assert len(changed) == 1 and before[changed[0].id] is not changed[0]
    same = [r for r in second.resources if before[r.id] is r]
    assert len(same) > len(second.resources) // 2  # the other files came from memory
    assert sorted(before) == sorted(r.id for r in second.resources)


def test_files_with_the_same_bytes_keep_their_own_paths_when_validated_again(tmp_path):
    """Two region files that are byte for byte alike (empty, say) stay two files with their
    own names on the second run of a long-lived process, which reuses results in memory."""
    (tmp_path / "catalog").mkdir()
    (tmp_path / "resources.yaml").write_text(
        "regions:\n  - id: ohio\n    name: Ohio\n    timezone: America/New_York\n"
        "include:\n  - catalog/*.yaml\n")
    for name in ("akron.yaml", "dayton.yaml"):
        (tmp_path / "catalog" / name).write_text("resources: []\n")
    root, cache = str(tmp_path / "resources.yaml"), str(tmp_path / "cache")
    first = validate(root, today=TODAY, cache_dir=cache, workers=1)
    again = validate(root, today=TODAY, cache_dir=cache, workers=1)
    assert first.files == again.files == ["resources.yaml", "catalog/akron.yaml", "catalog/dayton.yaml"]


def test_results_of_file_versions_no_longer_in_the_catalog_are_removed(tmp_path):
    """After an edit, the edited file's old result goes and the others stay: the cache holds one
    result per catalog file, not one per version ever validated."""
    root = _catalog(tmp_path)
    cache = str(tmp_path / "cache")
    validate(root, today=TODAY, cache_dir=cache, workers=1)
    before = set(os.listdir(cache))
    folder = os.path.join(os.path.dirname(root), "catalog")
    path = os.path.join(folder, sorted(os.listdir(folder))[0])
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("# checked again\n")
    with open(os.path.join(cache, "notes.json"), "w", encoding="utf-8") as handle:
        handle.write("{}")  # anything else in the folder is not the validator's to remove
    validate(root, today=TODAY, cache_dir=cache, workers=1)
    after = set(os.listdir(cache))
    assert len(after - {"notes.json"}) == len(os.listdir(folder))
    assert len(before - after) == 1 and len(after - before - {"notes.json"}) == 1
    assert "notes.json" in after


def test_a_full_read_of_a_cached_result_skips_its_brief_form(tmp_path):
    """A cached result is its brief form after that form's length, then the full one: reading
    the full result does not unpickle the briefs (spoiling them changes nothing), and reading
    the brief form stops before the full entries."""
    from generator import validate as validation

    root = _catalog(tmp_path)
    cache = str(tmp_path / "cache")
    validate(root, today=TODAY, cache_dir=cache, workers=1)
    name = sorted(os.listdir(cache))[0]
    key = name[:-len(".pickle")]
    brief, full = validation._cache_get(cache, key, True), validation._cache_get(cache, key, False)
    assert brief.briefs and full.model.resources and full.briefs is None
    path = os.path.join(cache, name)
    with open(path, "r+b") as handle:
        length = int.from_bytes(handle.read(8), "little")
        handle.write(b"\0" * length)
    assert validation._cache_get(cache, key, True) is None
    again = validation._cache_get(cache, key, False)
    assert [r.id for r in again.model.resources] == [r.id for r in full.model.resources]
