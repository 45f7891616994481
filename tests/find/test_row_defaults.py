"""Rows leave their list's time zone and kind to the list: a row in another zone keeps its own
data-tz, and the region page and the sheet still filter it by its own clock."""

from __future__ import annotations

import os
import re

import pytest

from tests.conftest import EPOCH, build, served
from tests.find.conftest import copy_find_fixture, new_page

NEW_YORK_EVENING = "2026-11-25T23:45:00Z"  # Wednesday 18:45 in Columbus, 15:45 in Los Angeles

# An online Columbus meeting hosted from Los Angeles: 15:30 there is 18:30 in Columbus, so at
# NEW_YORK_EVENING it is in progress; read in Columbus time it would have ended three hours ago.
PACIFIC = """resources:
  - id: pacific-online-aa
    name: Pacific Online AA
    category: meeting
    program: aa
    regions: [columbus]
    online_only: true
    conference_url: https://meet.example.org/pacific
    timezone: America/Los_Angeles
    schedule:
      - {day: wednesday, time: "15:30", end_time: "16:30"}
    last_verified: 2026-11-01
"""


@pytest.fixture(scope="module")
def zoned_site(tmp_path_factory) -> str:
    """The find fixture plus one Columbus meeting kept in Los Angeles time; returns site/."""
    project = copy_find_fixture(str(tmp_path_factory.mktemp("zoned") / "project"))
    with open(os.path.join(project, "catalog", "pacific.yaml"), "w", encoding="utf-8") as handle:
        handle.write(PACIFIC)
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project) == 0
    return os.path.join(project, "site")


def _rows(html: str) -> dict[str, str]:
    return {m[2]: m[1] for m in re.finditer(r'<(?:li|article)\b([^>]* data-id="([^"]+)"[^>]*)>', html)}


def _read(site: str, path: str) -> str:
    with open(os.path.join(site, path), encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize("path, holder", [("regions/columbus/index.html", '<div class="rn-results" id="rn-results"'),
                                          ("sheets/columbus/index.html", '<div class="rn-sheet" data-rn-sheet')])
def test_rows_say_only_what_differs_from_their_list(zoned_site, path, holder):
    """The list says the region's zone and kind once; the Los Angeles row keeps its own zone."""
    html = _read(zoned_site, path)
    assert re.search(re.escape(holder) + ' data-tz="America/New_York"', html)
    rows = _rows(html)
    assert ' data-tz="America/Los_Angeles"' in rows["pacific-online-aa"]
    assert ' data-att="online"' in rows["pacific-online-aa"]
    assert "data-tz" not in rows["mujeres-na"] and "data-cat" not in rows["mujeres-na"]
    assert "data-cat" not in rows["east-detox"] and "data-att" not in rows["east-detox"]
    assert ("data-geo" in rows["east-detox"]) == path.startswith("regions/")  # sheets: no distance
    assert html.count('data-cat="meeting"') == html.count('class="rn-meetings"') + html.count('class="rn-sched"')


def test_find_page_rows_keep_every_attribute(zoned_site):
    """Where the list says nothing (the find page), each timed row carries its own zone."""
    rows = _rows(_read(zoned_site, "find/index.html"))
    assert ' data-tz="America/New_York"' in rows["mujeres-na"] and ' data-cat="meeting"' in rows["mujeres-na"]


@pytest.fixture(scope="module")
def zoned_url(zoned_site):
    """Base URL of the zoned site on 127.0.0.1."""
    with served(zoned_site) as url:
        yield url


def _shown(page, rows: str) -> list[str]:
    return sorted(page.eval_on_selector_all(rows + ":not([hidden])", "els => els.map(e => e.dataset.id)"))


@pytest.mark.browser
def test_now_reads_each_row_in_its_own_zone(browser, zoned_url):
    """At 18:45 in Columbus "now" keeps the 18:30 Columbus meeting and the 15:30 Los Angeles one
    (and the services open), on the region page with how long is left, and on its sheet."""
    page = new_page(browser, clock=NEW_YORK_EVENING)
    page.goto(zoned_url + "regions/columbus/?now=1")
    page.wait_for_selector("#rn-results [data-id=east-detox]:not([hidden])")
    assert _shown(page, "#rn-results [data-id]") == ["east-detox", "mujeres-na", "north-outpatient", "pacific-online-aa"]
    assert page.locator("li[data-id=pacific-online-aa] .rn-now").inner_text() == "In progress, ends in 45 min"
    assert page.locator("li[data-id=mujeres-na] .rn-now").inner_text() == "In progress, ends in 45 min"
    page.goto(zoned_url + "sheets/columbus/?now=1")
    page.wait_for_selector("#rn-sheet-filter:not(:empty)")
    assert _shown(page, "[data-rn-sheet] li[data-id]") == ["east-detox", "mujeres-na", "north-outpatient", "pacific-online-aa"]
    assert page.errors == []
    page.context.close()
