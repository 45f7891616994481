"""Hostile YAML in a coordinator's catalog file, through the whole build: each one stops with the
file, line and column, exit 1, no traceback and the previous site untouched; nothing it asks
for (objects, commands, expansion) ever happens. The loader's own rules are unit-tested in
tests/unit/test_load.py; these tests prove the same through `navigator build`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from generator import load

FILE = "catalog/attack.yaml"
HEAD = ("resources:\n  - id: attack\n    name: Attack\n    category: detox\n    regions: [franklin]\n"
        "    online_only: true\n    last_verified: 2026-10-01\n")
BOMB = ("a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n")
TAG = "explicit tags ({}) are not allowed; remove the tag"
NO_TAGS = TAG + " and, if needed, put the value in quotes"

CASES = {
    "duplicate key": (HEAD + "    name: Other\n", [
        "8:5: the field 'name' appears twice in the same entry (first at line 3); keep one and "
        "delete the other"]),
    "anchor and alias": (HEAD + "    phones: &p\n      - number: '988'\n    source: *p\n", [
        "8:13: anchors (&p) are not allowed; write each entry out in full",
        "10:13: aliases (*p) are not allowed; write the value out in full"]),
    "merge key": ("resources:\n  - &base\n    id: a1\n    name: A\n  - <<: *base\n    id: a2\n", [
        "2:5: anchors (&base) are not allowed; write each entry out in full",
        "5:5: merge keys (<<) are not allowed; write the fields out in full",
        "5:9: aliases (*base) are not allowed; write the value out in full"]),
    "alias bomb": (BOMB, [
        "1:4: anchors (&a) are not allowed; write each entry out in full",
        "2:1: 27 more anchors (&) and aliases (*) (lines 2, 3, 4); write every value out in full"]),
    "deep nesting": ("resources:\n  - id: x\n    name: " + "[" * 60 + "]" * 60 + "\n", [
        "3:32: nesting is deeper than 24 levels; the catalog format never needs this much, so "
        "check the indentation"]),
    "python object tag": (HEAD + '    source: !!python/object/apply:os.system ["touch MARKER"]\n', [
        "8:13: " + TAG.format("tag:yaml.org,2002:python/object/apply:os.system")]),
    "python name tag": (HEAD + "    source: !!python/name:os.system\n", [
        "8:13: " + NO_TAGS.format("tag:yaml.org,2002:python/name:os.system")]),
    "verbatim tag": (HEAD + "    source: !<tag:yaml.org,2002:python/object/new:os.system> [x]\n", [
        "8:13: " + TAG.format("tag:yaml.org,2002:python/object/new:os.system")]),
    "binary tag": (HEAD + "    source: !!binary aGVsbG8=\n", [
        "8:13: " + NO_TAGS.format("tag:yaml.org,2002:binary")]),
    "tab indentation": (HEAD + "\tsource: x\n", [
        "8:1: a tab is used for indentation; YAML needs spaces, so replace the tab with spaces"]),
    "several documents": (HEAD + "---\nresources: []\n", [
        "8:1: the file holds several YAML documents; remove the extra '---' line and merge them, "
        "or move them to another file"]),
    "not UTF-8": ((HEAD + "    source: caf\xe9\n").encode("latin-1"), [
        "8:16: byte 0xe9 is not valid UTF-8; save the file as UTF-8"]),
    "UTF-16": (HEAD.encode("utf-16"), ["1:1: the file is saved as UTF-16; save it as UTF-8"]),
    "NUL byte": (HEAD + "    source: a\x00b\n", [
        "8:14: contains the control character U+0000; delete it (it is invisible in most editors)"]),
    "raw terminal escape": (HEAD + "    source: a\x1b[31mred\n", [
        "8:14: contains the control character U+001B; delete it (it is invisible in most editors)"]),
    "escaped terminal escape": (HEAD + '    source: "\\e[31mred"\n', [
        "8:13: source: contains a control character (U+001B) at position 1; remove it"]),
    "yes and NO": (HEAD + "    walk_in: yes\n    accepting_new_clients: NO\n", [
        "8:14: walk_in: write true or false (got 'yes')",
        "9:28: accepting_new_clients: write true or false (got 'NO')"]),
    "impossible date": (HEAD.replace("2026-10-01", "2026-02-30"), [
        "7:20: last_verified: '2026-02-30' is not a real date; write it as YYYY-MM-DD, for example "
        '"2026-03-01"']),
    "base-60 time": (HEAD.replace("detox", "meeting") + "    program: aa\n    schedule:\n"
                     "      - day: monday\n        time: 7:30\n", [
        "11:15: schedule[0].time: '7:30' is not a 24-hour time; write the time as \"07:30\""]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_yaml_is_refused_with_its_position(attack, capsys, case):
    """The build stops at the exact line and column, with the fix; the site stays as it was."""
    content, expected = CASES[case]
    code, out = attack.run(capsys, FILE, content)
    attack.assert_refused(code, out, *[f"{FILE}:{line}" for line in expected])
    assert "\x1b" not in out  # a terminal escape in the file is never echoed raw


def test_oversized_file_is_refused_without_being_parsed(attack, capsys):
    """A file over the size budget (site.limits.file_mb) is refused before it is read as YAML."""
    content = b"resources:\n" + b"#" * (load.MAX_FILE_BYTES + 1)
    code, out = attack.run(capsys, FILE, content)
    attack.assert_refused(code, out, f"{FILE}:1:1: the file is 64.0 MB, over the limit of 32 MB a "
                          "file; split it into several files (one per county, say), or, if the "
                          "catalog really needs it, raise site.limits.file_mb in resources.yaml (a "
                          "maintainer's decision)")


def test_values_stay_exactly_as_written(attack, capsys):
    """Implicit typing never happens: 19:30, 02139, +1..., 0777 and 1e3 reach the page as written."""
    content = ("resources:\n  - id: typed-meeting\n    name: 1e3\n    category: meeting\n"
               "    regions: [franklin]\n    program: aa\n    schedule:\n      - day: monday\n"
               "        time: 19:30\n    address:\n      address_1: 0777 Main St\n      city: Columbus\n"
               "      state_province: OH\n      postal_code: 02139\n    phones:\n"
               "      - number: +1 614 555 0199\n        extension: 0777\n    last_verified: 2026-10-01\n")
    code, out = attack.run(capsys, FILE, "\ufeff" + content)  # a byte-order mark is fine too
    assert code == 0, out
    with open(os.path.join(attack.site, "resources", "typed-meeting", "index.html"), encoding="utf-8") as h:
        html = h.read()
    assert "<h1>1e3</h1>" in html
    assert "02139" in html and "0777 Main St" in html
    assert 'href="tel:+16145550199;ext=0777"' in html
    assert "7:30" in html
    attack.rebuilt()


def test_python_tags_never_run_code(tmp_path):
    """`navigator validate` and `navigator build`, as separate processes, on python/object tags
    that would create a marker file: the file never appears."""
    from tests.conftest import copy_fixture_site

    project = copy_fixture_site(str(tmp_path / "p"))
    marker = tmp_path / "MARKER"
    payload = (f'    source: !!python/object/apply:os.system ["touch {marker}"]\n'
               f'    alternate_name: !!python/object/apply:subprocess.call [["touch", "{marker}"]]\n'
               f'    verified_by: !!python/object/new:os.system ["touch {marker}"]\n')
    with open(os.path.join(project, FILE), "w", encoding="utf-8") as handle:
        handle.write(HEAD + payload)
    for args in (["validate", "resources.yaml"], ["build", "--no-search"]):
        result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=project,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert f"{FILE}:8:13: explicit tags" in result.stderr
        assert not marker.exists()
    assert not os.path.exists(os.path.join(project, "site"))
