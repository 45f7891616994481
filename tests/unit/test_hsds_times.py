"""HSDS times travel with their UTC offset: a listing whose own time zone is not its region's
comes back with the same local times."""

from __future__ import annotations

import csv
import os

import pytest

from catalog_helpers import ROOT, TODAY, with_fields
from generator import importers
from generator.enrich import enrich
from generator.exporters import datasets
from generator.validate import validate

CHICAGO = with_fields('''\
timezone: America/Chicago
hours:
  - days: [monday, saturday]
    opens_at: "19:00"
    closes_at: "23:30"
''')


@pytest.mark.parametrize("form", [("services.json",), ()])
def test_own_zone_times_come_back_as_written(catalog, tmp_path, form):
    """A Chicago listing in an Eastern region: written at Chicago's offset (-06:00), read back
    as the same Chicago local times, not moved to the region's zone."""
    directory = enrich(catalog(CHICAGO), TODAY)
    datasets.write(directory, str(tmp_path / "site"), "https://example.org/")
    folder = tmp_path / "site" / "data" / "hsds"
    with open(folder / "schedules.csv", encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["opens_at"], row["closes_at"], row["timezone"]) == ("19:00:00-06:00", "23:30:00-06:00", "-6")
    project = tmp_path / "copy"
    os.makedirs(project / "catalog")
    (project / "resources.yaml").write_text(ROOT.split("resources:")[0] + "include:\n  - catalog/*.yaml\n",
                                            encoding="utf-8")
    outcome = importers.run("hsds", str(folder.joinpath(*form)), str(project / "resources.yaml"),
                            importers.Options(region="ohio", out="catalog/all.yaml", today=TODAY))
    (res,) = validate(str(project / "resources.yaml"), today=TODAY, cache_dir=None, workers=1).resources
    original = directory.entries[0].res
    assert res.timezone == "America/Chicago"
    assert [h.model_dump() for h in res.hours] == [h.model_dump() for h in original.hours]
    assert [n for n in outcome.notes() if n.field.startswith("schedules")] == []
