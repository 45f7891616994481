"""The data health report (report.py) as a CSV table: one row per listing and problem, for the
lists the data health page shortens on a large catalog. Each state's rows are in its open-data
set (data/regions/<id>/health.csv), the whole catalog's in data/health.csv within the size rule
(datasets.py)."""

from __future__ import annotations

from typing import Iterator

from .. import report

FIELDS = ["region", "region_name", "problem", "id", "name", "page", "file", "line", "checked", "detail"]
CHECKED = ("flag", "warn", "unverified")  # the problems about when a listing was last checked


def rows(region: report.RegionHealth, site_url: str = "") -> Iterator[list]:
    """The region's problems in the page's order: each list of report.SECTIONS, then each
    listing of each group of possible duplicates (the group's reason and detail with it)."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    for key, _title in report.SECTIONS:
        for entry in getattr(region, key):
            yield _row(region, key, entry, base, report.checked(entry.res) if key in CHECKED else "", "")
    for group in region.duplicates:
        for entry in group.entries:
            yield _row(region, "duplicate", entry, base, "", f"{group.reason}: {group.detail}")


def _row(region, problem: str, entry, base: str, checked: str, detail: str) -> list:
    return [region.id, region.name, problem, entry.res.id, entry.res.name, base + entry.url,
            entry.origin[0], entry.origin[1], checked, detail]
