"""Writers that put an export on disk record by record, so that a national catalog never holds a
whole document in memory. The bytes are exactly those of ``json.dumps`` (compact separators,
UTF-8) or ``csv`` of the whole, so streaming changes nothing for the programs that read them.

    json_array(handle, items, head="[", tail="]\\n") -> count
    json_head(obj, key) -> '{..., "key":['    # an object whose last member is a streamed list
    JsonMembers(handle).add(item)             # array members, "," between them
    CsvTables(folder, tables)                 # one CSV per table, rows written as they come
    join_parts(path, head, parts, tail, ",")  # a file assembled from slices of other files
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from typing import IO, Iterable, Iterator

ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
encode = ENCODER.encode


@contextlib.contextmanager
def text_file(path: str) -> Iterator[IO[str]]:
    """A UTF-8 text file for writing, its folder made, no newline translation."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        yield handle


class JsonMembers:
    """The members of a JSON array, written as they come: "," between them, nothing around."""

    def __init__(self, handle: IO[str]):
        self.handle = handle
        self.count = 0

    def add(self, item) -> None:
        self.handle.write("," + encode(item) if self.count else encode(item))
        self.count += 1


def json_array(handle: IO[str], items: Iterable, head: str = "[", tail: str = "]\n") -> int:
    """Write ``head``, the items as a JSON array's members, then ``tail``; returns how many."""
    handle.write(head)
    members = JsonMembers(handle)
    for item in items:
        members.add(item)
    handle.write(tail)
    return members.count


def json_head(obj: dict, key: str) -> str:
    """The text of ``obj`` up to the opening bracket of a list that follows it as member ``key``:
    head + members + "]}" is json.dumps of ``{**obj, key: [...]}``."""
    return encode(obj)[:-1] + ("," if obj else "") + encode(key) + ":["


# Text a spreadsheet would run as a formula starts with one of these (OWASP, "CSV Injection"):
# such a cell gets a leading apostrophe, which spreadsheets read as "this is text".
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """A CSV cell that no spreadsheet runs as a formula; numbers and empty cells as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def uncell(value: str) -> str:
    """A CSV cell as the catalog wrote it: the apostrophe ``cell`` puts before a formula start
    comes off; any other text, an apostrophe of its own included, stays as it is."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def csv_line(values: Iterable) -> str:
    """One CSV line as the tables write it (quoted only where needed, "\\n" at the end, text
    that would start a formula neutralised)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(map(cell, values))
    return buffer.getvalue()


class CsvTables:
    """One CSV file per table under ``folder``, rows written as they are added (after a header
    row unless ``header`` is false: parts of a table written in parallel); a context manager."""

    def __init__(self, folder: str, tables: dict[str, list[str]], header: bool = True):
        os.makedirs(folder, exist_ok=True)
        self.fields = tables
        self.handles: dict[str, IO[str]] = {}
        self.writers = {}
        self.rows = dict.fromkeys(tables, 0)  # rows written to each table, header left out
        for name, fields in tables.items():
            handle = open(os.path.join(folder, f"{name}.csv"), "w", encoding="utf-8", newline="\n")
            self.handles[name] = handle
            self.writers[name] = csv.writer(handle, lineterminator="\n")
            if header:
                self.writers[name].writerow(fields)

    def add(self, table: str, row: dict) -> None:
        """Write one row: the table's fields from ``row``, others ignored. The csv module writes
        None as an empty cell, floats in full (repr) and anything else as str(); text that
        would start a formula is neutralised (``cell``)."""
        self.writers[table].writerow([cell(row.get(f)) for f in self.fields[table]])
        self.rows[table] += 1

    def extend(self, table: str, rows: Iterable[dict]) -> None:
        fields = self.fields[table]
        lines = [[cell(row.get(f)) for f in fields] for row in rows]
        self.writers[table].writerows(lines)
        self.rows[table] += len(lines)

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()

    def __enter__(self) -> "CsvTables":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def join_parts(path: str, head: str, parts: Iterable[tuple[str, int, int]], tail: str,
               separator: str = "") -> None:
    """Write ``head``, the bytes ``start:end`` of each part file (empty slices skipped) with
    ``separator`` between them, then ``tail``: one file made of the members of several."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(head.encode("utf-8"))
        written = False
        for part, start, end in parts:
            if end <= start:
                continue
            if written:
                out.write(separator.encode("utf-8"))
            with open(part, "rb") as source:
                source.seek(start)
                left = end - start
                while left:
                    chunk = source.read(min(left, 1 << 20))
                    out.write(chunk)
                    left -= len(chunk)
            written = True
        out.write(tail.encode("utf-8"))
