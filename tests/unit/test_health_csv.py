"""The data health report as CSV (exporters/health_csv.py) and the page's share of it
(report.page_limit, report.rolled_up)."""

from __future__ import annotations

import csv
import io

from export_catalogs import directories
from generator import report
from generator.exporters import health_csv, streams


def table(health, site_url="") -> list[dict]:
    text = streams.csv_line(health_csv.FIELDS) + "".join(
        streams.csv_line(row) for region in health.regions for row in health_csv.rows(region, site_url))
    return list(csv.DictReader(io.StringIO(text)))


def test_every_problem_of_the_report_is_a_row():
    """One row per listing and problem (a duplicate group: one per listing), with its region,
    file and line, and the page's address under the site's."""
    for name, directory in directories().items():
        health = report.health(directory)
        rows = table(health, "https://example.org/x/")
        expected = sum(len(getattr(r, key)) for r in health.regions for key, _t in report.SECTIONS) + \
            sum(len(g.entries) for r in health.regions for g in r.duplicates)
        assert len(rows) == expected, name
        for row in rows:
            entry = directory.by_id[streams.uncell(row["id"])]
            assert row["page"] == "https://example.org/x/" + entry.url
            assert (row["file"], int(row["line"])) == (streams.cell(entry.origin[0]), entry.origin[1])


def test_hostile_names_cannot_run_as_formulas():
    """Listing names that start like a formula arrive with the apostrophe before them."""
    health = report.health(directories()["payload"])
    rows = table(health)
    assert rows and not any(v.startswith(streams.FORMULA_START) for row in rows for v in row.values())


def test_the_page_shares_its_budget_among_the_lists():
    """Each list gets PAGE_ITEMS over the number of lists (a duplicates list counts
    GROUP_SHOWN), at most MOST_A_LIST, and none below FEWEST_A_LIST."""
    found = report.health(directories()["find"])
    lists = sum(1 for r in found.regions for key, _t in report.SECTIONS if getattr(r, key)) + \
        report.GROUP_SHOWN * sum(1 for r in found.regions if r.duplicates)
    assert lists >= 1

    def times(count):
        return report.Health(found.today, 6, 12, found.warn_before, found.flag_before, found.regions * count)

    assert report.page_limit(times(1)) == report.MOST_A_LIST
    assert report.page_limit(times(20)) == min(report.MOST_A_LIST, report.PAGE_ITEMS // (20 * lists))
    assert report.page_limit(times(report.PAGE_ITEMS // lists)) == 0 < report.PAGE_ITEMS // (
        report.PAGE_ITEMS // lists * lists)


def test_rolled_up_rows_add_the_regions_up_by_state():
    """Each state's row holds the figures and listings of its regions, none lost."""
    health = report.health(directories()["find"])
    rows = report.rolled_up(health, lambda rid: "all", {"all": "Everywhere"})
    assert [(r.id, r.name) for r in rows] == [("all", "Everywhere")]
    assert rows[0].total == health.totals["total"]
    for key in ("flag", "warn", "no_phone", "duplicates"):
        assert len(getattr(rows[0], key)) == health.totals[key]
