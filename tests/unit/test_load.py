"""The strict YAML loader: values as written, refused YAML features, bytes, positions, includes."""

from __future__ import annotations

import os
import time

import pytest

from generator import load
from generator.errors import Problem


def parse(text: str, positions: bool = False) -> load.Parsed:
    return load.parse(text, "f.yaml", positions=positions)


def messages(parsed: load.Parsed) -> list[str]:
    return [str(p) for p in parsed.problems]


def write(path, content: str | bytes) -> str:
    os.makedirs(os.path.dirname(str(path)), exist_ok=True)
    mode = "wb" if isinstance(content, bytes) else "w"
    with open(path, mode) as handle:
        handle.write(content)
    return str(path)


# ---------------------------------------------------------------- values stay as written

@pytest.mark.parametrize("written", ["19:30", "NO", "yes", "0301234567", "02139", "1e3", "0o17",
                                     "+15551234", "true", "3.10", "0x1F", ".inf", "2026-11-01"])
def test_plain_scalars_stay_strings_exactly_as_written(written):
    """A plain value that YAML 1.1 would turn into a number, bool or date stays the exact text."""
    parsed = parse(f"value: {written}\n")
    assert parsed.problems == []
    assert parsed.data == {"value": written}
    assert type(parsed.data["value"]) is str


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_plain_null_forms_become_none(written):
    """An empty plain value, ``~`` and the null spellings become None."""
    parsed = parse(f"value: {written}\n")
    assert parsed.problems == []
    assert parsed.data == {"value": None}


@pytest.mark.parametrize("written, expected", [('""', ""), ("''", ""), ('"null"', "null"),
                                               ("'~'", "~")])
def test_quoted_values_are_never_null(written, expected):
    """Quoted "" stays the empty string and a quoted 'null' stays text."""
    parsed = parse(f"value: {written}\n")
    assert parsed.problems == []
    assert parsed.data == {"value": expected}


def test_nested_lists_and_maps_are_built():
    """Block and flow collections become dicts and lists of strings."""
    parsed = parse("a:\n  - x\n  - {b: 1, c: [2, 3]}\nd: e\n")
    assert parsed.problems == []
    assert parsed.data == {"a": ["x", {"b": "1", "c": ["2", "3"]}], "d": "e"}


def test_empty_text_gives_no_data_and_no_problem():
    """An empty document parses to None with no problem (the validator reports empty files)."""
    parsed = parse("")
    assert parsed.data is None
    assert parsed.problems == []


# ---------------------------------------------------------------- refused YAML features

def test_duplicate_top_level_key_names_first_line():
    """A key repeated in one mapping is refused, and the message names the first occurrence."""
    parsed = parse("a: 1\nb: 2\na: 3\n")
    assert messages(parsed) == [
        "f.yaml:3:1: the field 'a' appears twice in the same entry (first at line 1); "
        "keep one and delete the other"]
    assert parsed.data == {"a": "1", "b": "2"}


def test_duplicate_nested_key_located_when_read_from_a_file(tmp_path):
    """read() re-parses with positions, so a nested duplicate names its first line."""
    path = write(tmp_path / "r.yaml", "resources:\n  - id: a\n    name: x\n    id: b\n")
    parsed = load.read(path, "r.yaml")
    assert messages(parsed) == [
        "r.yaml:4:5: the field 'id' appears twice in the same entry (first at line 2); "
        "keep one and delete the other"]


def test_same_key_in_different_entries_is_fine():
    """The same field name in two list entries is not a duplicate."""
    parsed = parse("- id: a\n- id: b\n")
    assert parsed.problems == []
    assert parsed.data == [{"id": "a"}, {"id": "b"}]


def test_anchor_and_alias_are_refused():
    """Anchors and aliases are refused at their own positions; the alias is not resolved."""
    parsed = parse("a: &x 1\nb: *x\n")
    assert messages(parsed) == [
        "f.yaml:1:4: anchors (&x) are not allowed; write each value out in full",
        "f.yaml:2:4: aliases (*x) are not allowed; write the value out in full",
    ]
    assert parsed.data == {"a": "1", "b": None}


def test_anchor_on_a_collection_is_refused():
    """An anchor on a mapping or list is refused with the 'entry' wording."""
    parsed = parse("a: &base {k: 1}\n")
    assert messages(parsed) == [
        "f.yaml:1:4: anchors (&base) are not allowed; write each entry out in full"]


def test_merge_key_is_refused():
    """A merge key ``<<`` is refused (and its alias too); nothing is merged."""
    parsed = parse("a: &x {k: 1}\nb:\n  <<: *x\n  own: 2\n")
    assert messages(parsed) == [
        "f.yaml:1:4: anchors (&x) are not allowed; write each entry out in full",
        "f.yaml:3:3: merge keys (<<) are not allowed; write the fields out in full",
        "f.yaml:3:7: aliases (*x) are not allowed; write the value out in full",
    ]
    assert parsed.data["b"] == {"own": "2"}  # the merge key is dropped, not an unknown field


BILLION_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, "a", "b", "c", "d", "e", "f", "g", "h"],
                          ["a", "b", "c", "d", "e", "f", "g", "h", "i"])
)


def test_billion_laughs_is_refused_quickly_without_expansion():
    """An alias bomb is refused in well under a second and nothing is expanded."""
    start = time.perf_counter()
    parsed = parse(BILLION_LAUGHS)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0
    # 9 anchors and 8 x 9 aliases: the first three one by one, the other 78 in one line.
    assert len(parsed.problems) == 4
    assert str(parsed.problems[-1]) == ("f.yaml:2:1: 78 more anchors (&) and aliases (*) (lines 2, 3, "
                                        "4 and 5 more); write every value out in full")
    assert str(parsed.problems[0]) == ("f.yaml:1:4: anchors (&a) are not allowed; "
                                       "write each entry out in full")
    assert parsed.data["i"] == [None] * 9
    assert parsed.data["a"] == ["lol"] * 9


def test_billion_laughs_with_positions_is_also_quick():
    """The second, position-recording parse of a bomb is just as bounded."""
    start = time.perf_counter()
    parsed = parse(BILLION_LAUGHS, positions=True)
    assert time.perf_counter() - start < 1.0
    assert len(parsed.problems) == 4


@pytest.mark.parametrize("text, expected", [
    ("a: !!python/object/apply:os.system ['echo hi']\n",
     "f.yaml:1:4: explicit tags (tag:yaml.org,2002:python/object/apply:os.system) are not "
     "allowed; remove the tag"),
    ("a: !!binary aGVsbG8=\n",
     "f.yaml:1:4: explicit tags (tag:yaml.org,2002:binary) are not allowed; remove the tag and, "
     "if needed, put the value in quotes"),
    ("a: !!str 123\n",
     "f.yaml:1:4: explicit tags (tag:yaml.org,2002:str) are not allowed; remove the tag and, "
     "if needed, put the value in quotes"),
    ("a: !local x\n",
     "f.yaml:1:4: explicit tags (!local) are not allowed; remove the tag and, if needed, put the "
     "value in quotes"),
])
def test_explicit_tags_are_refused(text, expected):
    """Any explicit tag, from python/object to !!str, is refused with its position."""
    assert messages(parse(text)) == [expected]


def test_python_object_tag_is_never_constructed(tmp_path, monkeypatch):
    """A python/object/apply tag is reported and never executed."""
    called = []
    monkeypatch.setattr(os, "system", lambda *a: called.append(a) or 0)
    parsed = parse("a: !!python/object/apply:os.system ['touch pwned']\n")
    assert called == []
    assert parsed.data == {"a": ["touch pwned"]}
    assert len(parsed.problems) == 1


def _nested_lists(depth: int) -> str:
    return "a: " + "[" * depth + "x" + "]" * depth + "\n"


def test_nesting_up_to_max_depth_is_accepted():
    """MAX_DEPTH containers (the root mapping plus MAX_DEPTH-1 lists) still parse."""
    parsed = parse(_nested_lists(load.MAX_DEPTH - 1))
    assert parsed.problems == []


def test_nesting_beyond_max_depth_is_refused():
    """One container more than MAX_DEPTH is refused at the bracket that goes too deep."""
    parsed = parse(_nested_lists(load.MAX_DEPTH))
    col = len("a: ") + load.MAX_DEPTH  # the last "[" (1-based)
    assert messages(parsed) == [
        f"f.yaml:1:{col}: nesting is deeper than {load.MAX_DEPTH} levels; the catalog format never "
        "needs this much, so check the indentation"]
    assert parsed.data is None


def test_deep_block_nesting_is_refused():
    """Deep block-style indentation is refused like flow nesting."""
    text = "".join("  " * level + "k:\n" for level in range(30)) + "  " * 30 + "k: v\n"
    parsed = parse(text)
    assert len(parsed.problems) == 1
    assert f"nesting is deeper than {load.MAX_DEPTH} levels" in parsed.problems[0].message
    assert parsed.problems[0].line == load.MAX_DEPTH + 1


@pytest.mark.parametrize("text", ["[" * 100_000, "[" * 100_000 + "]" * 100_000,
                                  "{a: " * 100_000])
def test_hundred_thousand_level_flow_nesting_does_not_crash(text):
    """100,000 opening brackets give one nesting problem quickly, with no RecursionError."""
    start = time.perf_counter()
    parsed = parse(text)
    assert time.perf_counter() - start < 5.0
    assert len(parsed.problems) == 1
    assert parsed.problems[0].message.startswith(f"nesting is deeper than {load.MAX_DEPTH} levels")
    assert parsed.problems[0].line == 1


def test_tab_indentation_gets_a_friendly_message():
    """A tab used for indentation is explained in plain words at its position."""
    parsed = parse("a:\n\tb: 1\n")
    assert messages(parsed) == [
        "f.yaml:2:1: a tab is used for indentation; YAML needs spaces, so replace the tab with "
        "spaces"]


def test_tab_inside_a_value_is_allowed():
    """A tab inside a value is not indentation and is kept."""
    parsed = parse("a: x\ty\n")
    assert parsed.problems == []
    assert parsed.data == {"a": "x\ty"}


def test_several_documents_are_refused():
    """A second '---' document is refused at its marker."""
    parsed = parse("a: 1\n---\nb: 2\n")
    assert messages(parsed) == [
        "f.yaml:2:1: the file holds several YAML documents; remove the extra '---' line and merge "
        "them, or move them to another file"]


def test_one_document_with_start_and_end_markers_is_fine():
    """A single document with '---' and '...' markers is accepted."""
    parsed = parse("---\na: 1\n...\n")
    assert parsed.problems == []
    assert parsed.data == {"a": "1"}


def test_unclosed_quote_is_explained():
    """An unclosed quoted value is named on the line it opens, with the closed form."""
    assert messages(parse('a: "unclosed\n')) == [
        'f.yaml:1:1: the quote that opens the value on line 1 is never closed; write line 1 as: '
        'a: "unclosed"']


def test_colon_inside_a_value_gets_the_quoted_line():
    """'a: b: c' is explained as a colon inside a value, with the value in quotes."""
    assert messages(parse("a: b: c\n")) == [
        "f.yaml:1:4: the value of 'a' holds a colon followed by a space, which YAML reads as a new "
        'field; put the value in quotes: write line 1 as: a: "b: c"']


def test_misaligned_indentation_gets_the_indented_line():
    """A key indented less than its siblings gets the line indented like them."""
    assert messages(parse("a:\n  b: 1\n c: 2\n")) == [
        "f.yaml:3:1: line 3 is indented 1 space, but the fields it belongs with are indented 2; "
        "write line 3 as: c: 2 (indented 2 spaces)"]


def test_non_text_mapping_key_is_refused():
    """A list used as a field name is refused."""
    parsed = parse("? [a]\n: b\n")
    assert messages(parsed) == [
        "f.yaml:1:3: a field name must be plain text, not a list or mapping"]


def test_missing_field_name_is_refused():
    """An explicit empty key ('? ' then ': value') is refused as a field with no name."""
    parsed = parse("a: 1\n? \n: b\n")
    assert messages(parsed) == ["f.yaml:2:2: a field has no name before its ':'"]
    assert parsed.data == {"a": "1"}


# ---------------------------------------------------------------- bytes -> text

def test_utf8_bom_is_accepted_and_removed():
    """A UTF-8 byte-order mark is dropped and the text decodes."""
    text, problems = load.decode(b"\xef\xbb\xbfa: caf\xc3\xa9\n", "f.yaml")
    assert problems == []
    assert text == "a: café\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_rejected(encoding):
    """A UTF-16 file (with its byte-order mark) is refused with a save-as-UTF-8 message."""
    raw = "\ufeffa: 1\n".encode(encoding) if encoding != "utf-16" else "a: 1\n".encode(encoding)
    text, problems = load.decode(raw, "f.yaml")
    assert text is None
    assert [str(p) for p in problems] == [
        "f.yaml:1:1: the file is saved as UTF-16; save it as UTF-8"]


def test_invalid_utf8_byte_is_located():
    """The first byte that is not UTF-8 is reported by line and column."""
    text, problems = load.decode(b"a: 1\nb: caf\xe9\n", "f.yaml")
    assert text is None
    assert [str(p) for p in problems] == [
        "f.yaml:2:7: byte 0xe9 is not valid UTF-8; save the file as UTF-8"]


@pytest.mark.parametrize("raw, code, col", [
    (b"b: x\x00y\n", "0000", 5),
    (b"b: \x1b[31mred\n", "001B", 4),
    (b"b: xy\x7f\n", "007F", 6),
    (b"b: \xc2\x85next\n", "0085", 4),
    (b"b: \x0bv\n", "000B", 4),
])
def test_control_characters_are_located(raw, code, col):
    """NUL, ESC, DEL, C1 and vertical-tab characters are reported at their line and column."""
    text, problems = load.decode(b"a: 1\n" + raw, "f.yaml")
    assert text is None
    assert [str(p) for p in problems] == [
        f"f.yaml:2:{col}: contains the control character U+{code}; delete it (it is invisible in "
        "most editors)"]


def test_tabs_and_crlf_are_not_control_problems():
    """Tab, CR and LF are ordinary characters for decode()."""
    text, problems = load.decode(b"a: x\ty\r\nb: 2\r\n", "f.yaml")
    assert problems == []
    assert text == "a: x\ty\r\nb: 2\r\n"


def test_oversized_file_is_refused(monkeypatch):
    """Bytes over MAX_FILE_BYTES are refused with the size and the limit in MB."""
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 1024 * 1024)
    raw = b"a: b\n" * (2 * 1024 * 1024 // 5 + 1)
    text, problems = load.decode(raw, "big.yaml")
    assert text is None
    assert [str(p) for p in problems] == [
        "big.yaml:1:1: the file is 2 MB, over the 1 MB limit; split it into several files listed "
        "under include"]


def test_file_of_exactly_the_limit_is_accepted(monkeypatch):
    """A file of exactly MAX_FILE_BYTES bytes is not refused for its size."""
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 10)
    text, problems = load.decode(b"a: 123456", "f.yaml")
    assert problems == []
    assert text == "a: 123456"


def test_read_refuses_an_oversized_file(tmp_path, monkeypatch):
    """read() stops at the limit and reports the file as too big."""
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 1024 * 1024)
    path = write(tmp_path / "big.yaml", b"a: b\n" * (300 * 1024))
    parsed = load.read(path, "big.yaml")
    assert parsed.data is None
    assert len(parsed.problems) == 1
    assert parsed.problems[0].message.endswith(
        "over the 1 MB limit; split it into several files listed under include")


def test_read_reports_the_real_size_of_an_oversized_file(tmp_path, monkeypatch):
    """A 3 MB file over a 1 MB limit is reported as 3 MB."""
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 1024 * 1024)
    path = write(tmp_path / "big.yaml", b"a: b\n" * (3 * 1024 * 1024 // 5 + 1))
    parsed = load.read(path, "big.yaml")
    assert parsed.problems[0].message.startswith("the file is 3 MB, over the 1 MB limit")


def test_read_reports_a_missing_file(tmp_path):
    """A file that cannot be opened is a problem, not an exception."""
    parsed = load.read(str(tmp_path / "nope.yaml"), "nope.yaml")
    assert [str(p) for p in parsed.problems] == [
        "nope.yaml:1:1: cannot read the file: No such file or directory"]


def test_read_decodes_bom_and_keeps_text(tmp_path):
    """read() accepts a UTF-8 BOM and keeps the decoded text for later location passes."""
    path = write(tmp_path / "r.yaml", b"\xef\xbb\xbfzip: 02139\n")
    parsed = load.read(path, "r.yaml")
    assert parsed.problems == []
    assert parsed.data == {"zip": "02139"}
    assert parsed.text == "zip: 02139\n"


def test_read_reports_decode_problems_with_display_name(tmp_path):
    """Byte problems found by read() name the display path, not the absolute one."""
    path = write(tmp_path / "r.yaml", b"a: \x00\n")
    parsed = load.read(path, "catalog/r.yaml")
    assert [str(p) for p in parsed.problems] == [
        "catalog/r.yaml:1:4: contains the control character U+0000; delete it (it is invisible "
        "in most editors)"]


# ---------------------------------------------------------------- positions

NESTED = """\
resources:
  - id: x
    phones:
      - number: "215"
        type: main
"""


def test_positions_are_recorded_for_nested_paths():
    """With positions=True every value's (line, col) is recorded, 1-based, down to leaf fields."""
    parsed = parse(NESTED, positions=True)
    assert parsed.positions[("resources",)] == (2, 3)
    assert parsed.positions[("resources", 0)] == (2, 5)
    assert parsed.positions[("resources", 0, "id")] == (2, 9)
    assert parsed.positions[("resources", 0, "phones", 0)] == (4, 9)
    assert parsed.positions[("resources", 0, "phones", 0, "number")] == (4, 17)
    assert parsed.positions[("resources", 0, "phones", 0, "type")] == (5, 15)


def test_key_positions_are_recorded():
    """With positions=True the key that introduced each value is recorded too."""
    parsed = parse(NESTED, positions=True)
    assert parsed.keys[("resources",)] == (1, 1)
    assert parsed.keys[("resources", 0, "phones")] == (3, 5)
    assert parsed.keys[("resources", 0, "phones", 0, "type")] == (5, 9)


def test_fast_path_records_only_top_level_entries():
    """Without positions only paths of length two or less are recorded."""
    parsed = parse(NESTED)
    assert parsed.positions == {(): (1, 1), ("resources",): (2, 3), ("resources", 0): (2, 5)}


def test_where_walks_up_to_the_closest_parent():
    """where() of an unknown path returns the position of its closest recorded ancestor."""
    parsed = parse(NESTED, positions=True)
    assert parsed.where(("resources", 0, "phones", 0, "missing")) == (4, 9)
    assert parsed.where(("resources", 0, "phones"), prefer_key=True) == (3, 5)
    assert parsed.where(("resources", 0, "phones")) == (4, 7)
    assert parsed.where(("nothing", "here")) == (1, 1)


def test_where_without_positions_is_line_one():
    """A Parsed without positions places everything at 1:1."""
    assert load.Parsed("f.yaml").where(("resources", 0)) == (1, 1)


# ---------------------------------------------------------------- includes

def _root(tmp_path, includes: list[str]) -> load.Parsed:
    body = "include:\n" + "".join(f"  - {entry}\n" for entry in includes)
    path = write(tmp_path / "resources.yaml", body)
    parsed = load.read(path, "resources.yaml")
    assert parsed.problems == []
    return parsed


def test_include_glob_is_sorted(tmp_path):
    """A glob include lists its matches in sorted order with root-relative display names."""
    for name in ("b.yaml", "c.yaml", "a.yaml"):
        write(tmp_path / "catalog" / name, "resources: []\n")
    files, problems = load.resolve_includes(str(tmp_path), _root(tmp_path, ["catalog/*.yaml"]))
    assert problems == []
    assert [display for _, display in files] == ["catalog/a.yaml", "catalog/b.yaml",
                                                 "catalog/c.yaml"]
    assert files[0][0] == os.path.join(str(tmp_path), "catalog/a.yaml")


def test_include_keeps_listed_order(tmp_path):
    """Explicit includes keep the order they are listed in."""
    for name in ("a.yaml", "b.yaml"):
        write(tmp_path / "catalog" / name, "resources: []\n")
    files, problems = load.resolve_includes(
        str(tmp_path), _root(tmp_path, ["catalog/b.yaml", "catalog/a.yaml"]))
    assert problems == []
    assert [display for _, display in files] == ["catalog/b.yaml", "catalog/a.yaml"]


def test_include_missing_file(tmp_path):
    """A listed file that does not exist is reported at its line in the root file."""
    files, problems = load.resolve_includes(str(tmp_path), _root(tmp_path, ["catalog/nope.yaml"]))
    assert files == []
    assert [str(p) for p in problems] == [
        "resources.yaml:2:5: include: the file 'catalog/nope.yaml' does not exist; check the name "
        "(paths are relative to resources.yaml)"]


def test_include_glob_matching_nothing(tmp_path):
    """A glob that matches no file is reported."""
    files, problems = load.resolve_includes(str(tmp_path), _root(tmp_path, ["catalog/*.yaml"]))
    assert files == []
    assert [str(p) for p in problems] == [
        "resources.yaml:2:5: include: no file matches 'catalog/*.yaml'"]


@pytest.mark.parametrize("entry", ["/etc/passwd", "~/catalog.yaml"])
def test_include_absolute_path(tmp_path, entry):
    """Absolute and home-relative paths are refused."""
    files, problems = load.resolve_includes(str(tmp_path), _root(tmp_path, [entry]))
    assert files == []
    assert [str(p) for p in problems] == [
        f"resources.yaml:2:5: include: {entry!r} is an absolute path; write it relative to "
        "resources.yaml, e.g. catalog/ohio.yaml"]


def test_include_dot_dot_escaping_the_root(tmp_path):
    """A ../ path that leaves the catalog folder is refused even when the file exists."""
    root = tmp_path / "project"
    write(tmp_path / "outside.yaml", "resources: []\n")
    files, problems = load.resolve_includes(str(root), _root(root, ["../outside.yaml"]))
    assert files == []
    assert [str(p) for p in problems] == [
        "resources.yaml:2:5: include: '../outside.yaml' points outside the catalog folder; keep "
        "catalog files inside it"]


def test_include_dot_dot_that_stays_inside_is_fine(tmp_path):
    """A ../ that comes back inside the catalog folder is accepted."""
    write(tmp_path / "catalog" / "a.yaml", "resources: []\n")
    files, problems = load.resolve_includes(str(tmp_path),
                                            _root(tmp_path, ["catalog/../catalog/a.yaml"]))
    assert problems == []
    assert len(files) == 1


def test_include_symlink_is_rejected(tmp_path):
    """A symbolic link to a catalog file is refused; the real file in the same glob is kept."""
    write(tmp_path / "catalog" / "real.yaml", "resources: []\n")
    os.symlink(tmp_path / "catalog" / "real.yaml", tmp_path / "catalog" / "link.yaml")
    files, problems = load.resolve_includes(str(tmp_path), _root(tmp_path, ["catalog/*.yaml"]))
    assert [display for _, display in files] == ["catalog/real.yaml"]
    assert [str(p) for p in problems] == [
        "resources.yaml:2:5: include: 'catalog/link.yaml' is or passes through a symbolic link; "
        "include the file itself"]


def test_include_glob_problem_names_the_matched_file(tmp_path):
    """A symlink found through a glob is reported by its own name, catalog/link.yaml."""
    write(tmp_path / "catalog" / "real.yaml", "resources: []\n")
    os.symlink(tmp_path / "catalog" / "real.yaml", tmp_path / "catalog" / "link.yaml")
    _, problems = load.resolve_includes(str(tmp_path), _root(tmp_path, ["catalog/*.yaml"]))
    assert len(problems) == 1
    assert "catalog/link.yaml" in problems[0].message


def test_include_through_symlinked_folder_is_rejected(tmp_path):
    """A path through a symlinked folder inside the root is refused."""
    write(tmp_path / "data" / "a.yaml", "resources: []\n")
    os.symlink(tmp_path / "data", tmp_path / "catalog")
    files, problems = load.resolve_includes(str(tmp_path), _root(tmp_path, ["catalog/a.yaml"]))
    assert files == []
    assert [str(p) for p in problems] == [
        "resources.yaml:2:5: include: the folder 'catalog/' is a symbolic link; the catalog includes "
        "only files in real folders inside it: put the files in a folder of their own there"]


def test_a_symlinked_folder_is_reported_once_for_all_its_files(tmp_path):
    """A pattern finding many files through one linked folder gives one problem, not one each."""
    for name in ("a", "b", "c"):
        write(tmp_path / "elsewhere" / f"{name}.yaml", "resources: []\n")
    os.symlink(tmp_path / "elsewhere", tmp_path / "catalog")
    files, problems = load.resolve_includes(str(tmp_path), _root(tmp_path, ["catalog/*.yaml"]))
    assert files == []
    assert [p.message for p in problems] == [
        "the folder 'catalog/' is a symbolic link; the catalog includes only files in real folders "
        "inside it: put the files in a folder of their own there"]


def test_include_symlink_pointing_outside_is_rejected(tmp_path):
    """A symlink whose target is outside the root is reported as pointing outside."""
    root = tmp_path / "project"
    write(tmp_path / "secret.yaml", "resources: []\n")
    os.makedirs(root / "catalog")
    os.symlink(tmp_path / "secret.yaml", root / "catalog" / "a.yaml")
    files, problems = load.resolve_includes(str(root), _root(root, ["catalog/a.yaml"]))
    assert files == []
    assert [str(p) for p in problems] == [
        "resources.yaml:2:5: include: 'catalog/a.yaml' points outside the catalog folder; keep "
        "catalog files inside it"]


def test_include_works_when_the_catalog_folder_is_reached_through_a_symlink(tmp_path):
    """A real file inside a catalog folder opened via a symlinked path is accepted."""
    real = tmp_path / "real"
    write(real / "catalog" / "a.yaml", "resources: []\n")
    os.symlink(real, tmp_path / "link")
    link = tmp_path / "link"
    files, problems = load.resolve_includes(str(link), _root(link, ["catalog/a.yaml"]))
    assert problems == []
    assert [display for _, display in files] == ["catalog/a.yaml"]


def test_include_same_file_twice(tmp_path):
    """A file matched by two entries is reported at the second entry and kept once."""
    write(tmp_path / "catalog" / "a.yaml", "resources: []\n")
    files, problems = load.resolve_includes(
        str(tmp_path), _root(tmp_path, ["catalog/a.yaml", "catalog/*.yaml"]))
    assert [display for _, display in files] == ["catalog/a.yaml"]
    assert [str(p) for p in problems] == [
        "resources.yaml:3:5: include: 'catalog/a.yaml' is included twice; list each file once"]


def test_include_non_yaml_file(tmp_path):
    """An existing file that is not .yaml/.yml is refused; .yml is accepted."""
    write(tmp_path / "catalog" / "notes.txt", "hello\n")
    write(tmp_path / "catalog" / "b.yml", "resources: []\n")
    files, problems = load.resolve_includes(
        str(tmp_path), _root(tmp_path, ["catalog/notes.txt", "catalog/b.yml"]))
    assert [display for _, display in files] == ["catalog/b.yml"]
    assert [str(p) for p in problems] == [
        "resources.yaml:2:5: include: 'catalog/notes.txt' is not a .yaml file"]


def test_include_directory_is_not_a_file(tmp_path):
    """A folder named like a file is reported as not existing."""
    os.makedirs(tmp_path / "catalog" / "dir.yaml")
    files, problems = load.resolve_includes(str(tmp_path), _root(tmp_path, ["catalog/dir.yaml"]))
    assert files == []
    assert [p.message for p in problems] == [
        "the file 'catalog/dir.yaml' does not exist; check the name (paths are relative to "
        "resources.yaml)"]


def test_include_not_a_list_is_left_to_the_validator(tmp_path):
    """A scalar include value yields no files and no loader problem."""
    path = write(tmp_path / "resources.yaml", "include: catalog/a.yaml\n")
    files, problems = load.resolve_includes(str(tmp_path), load.read(path, "resources.yaml"))
    assert (files, problems) == ([], [])


def test_problem_type_is_shared():
    """Loader problems are errors.Problem with severity error."""
    parsed = parse("a: *x\n")
    assert isinstance(parsed.problems[0], Problem)
    assert parsed.problems[0].severity == "error"
    assert parsed.problems[0].field == ""


@pytest.mark.parametrize("line, expected", [
    ("address_2: Suite #200", "#200"),
    ("name: Room  #3 (upstairs)  ", "#3 (upstairs)"),
    ("name: Room\t#3\r", "#3"),
    ("name: Harbor  # checked in May", ""),
    ("name: Harbor #", ""),
    ("name: Harbor", ""),
])
def test_trailing_comment_that_looks_like_part_of_the_value(line, expected):
    """A "#word" after a plain value is reported; a "# note" with a space is a real comment."""
    end = len(line.split("#")[0].rstrip(" \t")) if "#" in line else len(line.rstrip("\r "))
    assert load.trailing_comment(line + "\nnext: 1\n", end) == expected


def test_parse_records_hash_words_after_plain_values_only():
    """Quoted values, block text, list items in brackets and keys are never flagged; the
    position is the # itself."""
    text = ('a: Suite #2\nb: "Suite #2"\nc: |\n  Room #5\nd: [x, y] #z\ne: Café #9\n'
            'f:\n  - Hall #1\n')
    parsed = load.parse(text, "x.yaml")
    assert parsed.problems == []
    assert parsed.data["a"] == "Suite" and parsed.data["c"] == "Room #5\n"
    assert parsed.comments == [(("a",), 1, 10, "Suite", "#2"), (("e",), 6, 9, "Café", "#9"),
                               (("f", 0), 8, 10, "Hall", "#1")]
