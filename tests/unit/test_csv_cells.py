"""CSV exports cannot run formulas: text starting with =, +, -, @, tab or CR gets a leading
apostrophe (OWASP's CSV-injection guidance); numbers and other text are written as they are."""

from __future__ import annotations

import csv
import os

import pytest

from catalog_helpers import ROOT, TODAY, with_fields
from generator.enrich import enrich
from generator.exporters import datasets, streams

HOSTILE = with_fields('''\
alternate_name: "=HYPERLINK(\\"https://evil.example\\",\\"Click\\")"
description: "+cmd|' /C calc'!A0"
location_notes: "@SUM(1+1)*cmd|' /C calc'!A0"
hours_notes: "-2+3+cmd|' /C calc'!A0"
''', ROOT.replace("    online_only: true\n", "    online_only: true\n    url: https://example.org/x\n"))


@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+1 215 555 0123", "'+1 215 555 0123"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("Call 988", "Call 988"), ("", ""), (None, None), (-75.1652, -75.1652), (204, 204),
])
def test_cell_neutralises_formula_starts_only(value, written):
    """Only text starting with a formula character changes; numbers (a negative longitude) do not."""
    assert streams.cell(value) == written


@pytest.mark.parametrize("value", ["=1+1", "+1 215 555 0123", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
                                   "Call 988", "'quoted' words", "'", ""])
def test_uncell_gives_back_what_cell_was_given(value):
    """Reading a cell back removes only the apostrophe the export added; an apostrophe of the
    catalog's own (not before a formula start) stays."""
    assert streams.uncell(streams.cell(value)) == value


def test_no_csv_export_cell_starts_a_formula(catalog, tmp_path):
    """Every table of the HSDS package: no cell starts with a formula character, and the
    catalog's text is there after the apostrophe."""
    directory = enrich(catalog(HOSTILE), TODAY)
    site = str(tmp_path / "site")
    datasets.write(directory, site, "https://example.org/")
    cells = []
    folder = os.path.join(site, "data", "hsds")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".csv"):
            with open(os.path.join(folder, name), encoding="utf-8", newline="") as handle:
                cells += [c for row in csv.reader(handle) for c in row]
    assert [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))] == []
    assert "'=HYPERLINK(\"https://evil.example\",\"Click\")" in cells
    assert "'+cmd|' /C calc'!A0" in cells


def test_neutralised_cells_import_as_the_catalog_wrote_them(catalog, tmp_path):
    """Importing the CSV package gives back the text without the apostrophe."""
    from generator import importers
    from generator.validate import validate

    directory = enrich(catalog(HOSTILE), TODAY)
    datasets.write(directory, str(tmp_path / "site"), "https://example.org/")
    project = tmp_path / "copy"
    os.makedirs(project / "catalog")
    (project / "resources.yaml").write_text(ROOT.split("resources:")[0] + "include:\n  - catalog/*.yaml\n",
                                            encoding="utf-8")
    importers.run("hsds", str(tmp_path / "site" / "data" / "hsds"), str(project / "resources.yaml"),
                  importers.Options(region="ohio", out="catalog/all.yaml", today=TODAY))
    again = validate(str(project / "resources.yaml"), today=TODAY, cache_dir=None, workers=1)
    original = directory.entries[0].res
    assert [(r.alternate_name, r.description) for r in again.resources] == \
        [(original.alternate_name, original.description)]
