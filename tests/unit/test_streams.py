"""Streaming export writers: the bytes equal those of writing the whole document at once."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from generator.exporters import streams

RECORDS = [{"name": "Café \"Hope\"", "n": 1, "x": 1.5, "ok": True, "none": None},
           {"list": [1, [2, {"a": "b"}]], "text": "line\nbreak\t\u2028 </script> 😀"}, [], "plain", 0]


def whole(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


@pytest.mark.parametrize("items", [RECORDS, [], [{}]])
def test_json_array_equals_dumps_of_the_list(tmp_path, items):
    """A streamed array is byte for byte json.dumps of the list, and its count is the length."""
    path = str(tmp_path / "out" / "a.json")
    with streams.text_file(path) as out:
        count = streams.json_array(out, iter(items))
    with open(path, encoding="utf-8", newline="") as handle:
        assert handle.read() == whole(items)
    assert count == len(items)


@pytest.mark.parametrize("head", [{"total": 2, "empty": False, "name": "ünï"}, {}])
def test_json_head_then_members_equals_dumps_of_the_object(tmp_path, head):
    """An object whose last member is streamed equals json.dumps of the whole object."""
    path = str(tmp_path / "o.json")
    with streams.text_file(path) as out:
        streams.json_array(out, RECORDS, head=streams.json_head(head, "contents"), tail="]}\n")
    with open(path, encoding="utf-8", newline="") as handle:
        assert handle.read() == whole({**head, "contents": RECORDS})


ROWS = [{"id": "1", "text": 'say "hi", then\nnew line', "n": 2.5, "extra": "ignored"},
        {"id": "2", "text": "comma, semi; \r\n crlf and ünïcode", "n": 0.1 + 0.2},
        {"id": None, "text": "", "n": 7},
        {"id": True, "text": " lead and trail ", "n": False}]


def cell(value) -> str:
    """How the tables were written before streaming: None empty, floats by repr, else str."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def test_csv_rows_round_trip_and_equal_dict_writer(tmp_path):
    """Quotes, commas and line breaks survive a CSV round trip; the file equals DictWriter's."""
    with streams.CsvTables(str(tmp_path), {"t": ["id", "text", "n"]}) as tables:
        tables.add("t", ROWS[0])
        tables.extend("t", ROWS[1:])
    with open(tmp_path / "t.csv", encoding="utf-8", newline="") as handle:
        written = handle.read()
    expected = io.StringIO(newline="")
    writer = csv.DictWriter(expected, fieldnames=["id", "text", "n"], extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for row in ROWS:
        writer.writerow({k: cell(row.get(k)) for k in ("id", "text", "n")})
    assert written == expected.getvalue()
    back = list(csv.DictReader(io.StringIO(written, newline="")))
    assert [r["text"] for r in back] == [r["text"] for r in ROWS]
    assert [r["id"] for r in back] == ["1", "2", "", "True"]
    assert [r["n"] for r in back] == ["2.5", "0.30000000000000004", "7", "False"]


def test_csv_tables_write_one_file_per_table_with_headers(tmp_path):
    """Every table gets its file with a header row, even with no rows."""
    with streams.CsvTables(str(tmp_path / "pkg"), {"a": ["x"], "b": ["y", "z"]}):
        pass
    assert sorted(os.listdir(tmp_path / "pkg")) == ["a.csv", "b.csv"]
    assert (tmp_path / "pkg" / "b.csv").read_text(encoding="utf-8") == "y,z\n"


def test_join_parts_takes_the_slices_and_skips_empty_ones(tmp_path):
    """The byte slices of the parts are joined in order, the separator only between non-empty ones."""
    parts = []
    for index, text in enumerate(["[]", '[{"a":1}]', "[]", '[{"b":2},{"c":3}]', "[]"]):
        (tmp_path / f"p{index}").write_text(text, encoding="utf-8")
        parts.append((str(tmp_path / f"p{index}"), 1, len(text) - 1))
    streams.join_parts(str(tmp_path / "out" / "all.json"), "[", parts, "]\n", ",")
    assert (tmp_path / "out" / "all.json").read_text(encoding="utf-8") == '[{"a":1},{"b":2},{"c":3}]\n'
    streams.join_parts(str(tmp_path / "none.json"), "[", parts[:1], "]", ",")
    assert (tmp_path / "none.json").read_text(encoding="utf-8") == "[]"


def test_csv_tables_count_their_rows(tmp_path):
    """Rows added one by one or in a batch are counted per table, the header left out."""
    with streams.CsvTables(str(tmp_path), {"a": ["x"], "b": ["y"]}) as tables:
        tables.add("a", {"x": 1})
        tables.extend("a", [{"x": 2}, {"x": 3}])
        tables.extend("b", iter([]))
    assert tables.rows == {"a": 3, "b": 0}
