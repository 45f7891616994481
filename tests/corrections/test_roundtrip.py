"""Writing into a catalog file a person keeps: comments, key order and untouched lines stay byte
for byte; only the changed values' lines change (generator/roundtrip.py)."""

from __future__ import annotations

import copy
import difflib
import glob
import os

import pytest
from ruamel.yaml import YAML

from generator import roundtrip
from tests.conftest import ROOT
from tests.corrections import big_region


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.fixture(scope="module")
def region_500() -> tuple[str, dict]:
    text = big_region.make(500)
    return text, YAML(typ="safe").load(text)


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(ROOT, "catalog", "*.yaml")))
                         + [os.path.join(ROOT, "resources.yaml")], ids=os.path.basename)
def test_shipped_files_round_trip_unchanged(path):
    """Every shipped catalog file reads and writes back identically, so edits touch only their lines."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert roundtrip.dump(roundtrip.load(text)) == text


def test_one_field_in_500_listings_is_a_one_line_diff(region_500):
    """A phone number changed in listing 250 of a 500-listing file changes exactly that line."""
    text, data = region_500
    edited = copy.deepcopy(data)
    old = edited["resources"][250]["phones"][0]["number"]
    edited["resources"][250]["phones"][0]["number"] = "(614) 555-0199"
    out = roundtrip.reapply(text, edited)
    assert changed_lines(text, out) == [f'-        number: "{old}"', '+        number: "(614) 555-0199"']
    assert out.count("# checked by phone in round") == 50


def test_other_edits_change_only_their_lines(region_500):
    """A new field lands in schema order, a shortened description replaces its folded lines, a
    time keeps its quotes, a removed listing takes only its own lines; nothing else moves."""
    text, data = region_500
    edited = copy.deepcopy(data)
    first = edited["resources"][0]
    assert "location" not in first and "alternate_name" not in first
    first["alternate_name"] = "OTE Withdrawal"
    meeting = next(r for r in edited["resources"] if r.get("schedule"))
    meeting["schedule"][0]["time"] = "20:15"
    gone = edited["resources"].pop(100)
    out = roundtrip.reapply(text, edited)
    lines = out.splitlines()
    at = lines.index(f"  - id: {first['id']}")
    assert lines[at + 1:at + 3] == [f"    name: {first['name']}", "    alternate_name: OTE Withdrawal"]
    assert '        time: "20:15"' in lines
    removed = [line for line in changed_lines(text, out) if line.startswith("-")]
    assert f"-  - id: {gone['id']}" in removed
    assert len([l for l in changed_lines(text, out) if l.startswith("+")]) == 2
    assert out.count("# checked by phone in round") == 50


def test_added_listing_is_appended_in_the_files_style(region_500):
    """A listing the other writer added goes at the end, written as the catalog writes entries."""
    text, data = region_500
    edited = copy.deepcopy(data)
    new = dict(copy.deepcopy(edited["resources"][0]), id="brand-new-listing")
    edited["resources"].insert(3, new)
    out = roundtrip.reapply(text, edited)
    added = [line[1:] for line in changed_lines(text, out) if line.startswith("+")]
    assert added[:2] == ["", "  - id: brand-new-listing"]
    assert "    regions: [franklin-county]" in added and "    always_open: true" in added
    assert YAML(typ="safe").load(out)["resources"][-1] == new


def test_entry_text_keeps_its_comments():
    """An entry's inline and trailing comments survive a change to another of its fields."""
    text = ("  - id: a # the first one\n    name: A\n    url: https://a.example.org/\n"
            "    # phone checked 2026-10-01\n    last_verified: 2026-10-01\n\n  # next section\n")
    out = roundtrip.update_entry_text(text, "  ", {
        "id": "a", "name": "A and B", "url": "https://a.example.org/", "last_verified": "2026-10-01"})
    assert changed_lines(text, out) == ["-    name: A", "+    name: A and B"]


def test_file_in_another_layout_is_refused():
    """A file indented otherwise is not reflowed: the writer says so instead."""
    text = "resources:\n- id: a\n  name: A\n"
    with pytest.raises(roundtrip.LayoutError):
        roundtrip.update_entry_text("- id: a\n  name: A\n", "", {"id": "a", "name": "B"})
    with pytest.raises(roundtrip.LayoutError):
        roundtrip.load(text)


def test_importer_merge_changes_only_the_updated_value(tmp_path):
    """Re-importing a listing whose phone changed rewrites that one line of the region file, and
    the file's comments and the entry's own key order stay."""
    from generator import load
    from generator.importers import merge

    path = big_region.write(str(tmp_path), 40)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    blocks = merge._Blocks(load.read(path, "franklin-county.yaml", positions=True), path, None)
    position, (rid, old) = next((i, e) for i, e in enumerate(blocks.entries()) if e[1].get("phones"))
    new, _kept = merge.merge_entry(old, {**old, "phones": [{**old["phones"][0], "number": "(614) 555-0177"}]
                                  + old["phones"][1:]}, frozenset())
    blocks.replace(position, merge.ordered(new))
    out = blocks.text()
    assert changed_lines(text, out) == [f'-        number: "{old["phones"][0]["number"]}"',
                                        '+        number: "(614) 555-0177"']


def test_defaults_spelled_out_by_another_writer_add_no_lines(region_500):
    """A form editor that writes online_only: false, status: active and empty lists into every
    listing changes nothing: leaving those fields out means the same."""
    text, data = region_500
    edited = copy.deepcopy(data)
    for item in edited["resources"]:
        item.setdefault("online_only", False)
        item.setdefault("status", "active")
        item.setdefault("populations", [])
        for phone in item.get("phones", []):
            phone.setdefault("type", "main")
    assert roundtrip.reapply(text, edited) == text
    assert roundtrip.equivalent(data, edited) and not roundtrip.same(data, edited)
