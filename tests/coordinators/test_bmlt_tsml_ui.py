"""Round trip of NA meetings: recorded BMLT answers -> `navigator import bmlt` -> `navigator build`
-> the site's Meeting Guide feed (data/meetings.json) -> TSML UI, the meeting finder intergroups
embed (../shared/clients/tsml-ui), in headless Chromium: every imported meeting is listed, with
its attendance and meeting types."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from urllib.parse import urlsplit

import pytest

from generator import importers
from generator.meeting_types import MEETING_TYPES
from tests.browser.test_tsml_ui import ROWS, chromium, finder, listed
from tests.conftest import EPOCH, ROOT, build, copy_fixture_site, served
from tests.coordinators.conftest import TODAY, shared

pytestmark = pytest.mark.browser
__all__ = ["chromium"]  # the fixture

IMPORTS = [  # (meetings, formats, service bodies, region)
    (("bmlt", "bread_berlin_GetSearchResults.json"), ("bmlt", "bread_germany_GetFormats_de.json"),
     None, "berlin-brandenburg"),
    (("bmlt", "bmlt-workflow_hudson_GetSearchResults.jsonp"), ("bmlt", "yap_gnyr_GetFormats_en.json"),
     ("bmlt", "yap_gnyr_GetServiceBodies.json"), "northeast"),
]
# TSML UI's own reading of types (app.js): Speaker and Discussion together become one type,
# "Speaker/Discussion"; an online-only meeting loses the types that only concern a place.
SPEAKER_DISCUSSION = "Speaker/Discussion"
IN_PERSON_TYPES = {"BA", "BRK", "CAN", "CF", "AL-AN", "AL", "FF", "OUT", "SM", "X", "XB"}


@pytest.fixture(scope="module")
def imported_site(tmp_path_factory, chromium):
    """The fixture site with the BMLT test regions and both recorded lists imported, then
    built; returns (what TSML UI lists: slug -> address cell, its text, the imported entries)."""
    project = copy_fixture_site(str(tmp_path_factory.mktemp("bmlt") / "project"))
    for name in os.listdir(os.path.join(project, "catalog")):
        os.remove(os.path.join(project, "catalog", name))
    shutil.copy(os.path.join(ROOT, "tests", "fixtures", "bmlt", "resources.yaml"),
                os.path.join(project, "resources.yaml"))
    entries = []
    for meetings, formats, bodies, region in IMPORTS:
        options = importers.Options(region=region, today=TODAY, formats=shared(*formats),
                                    service_bodies=shared(*bodies) if bodies else None)
        outcome = importers.run("bmlt", shared(*meetings), os.path.join(project, "resources.yaml"),
                                options)
        entries += [r.data for r in outcome.source.records if r.data]
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project, "--no-search") == 0
    folder = finder(str(tmp_path_factory.mktemp("tsml") / "finder"),
                    os.path.join(project, "site", "data"))
    found, text = listed(chromium, folder, len(entries))  # each meets once a week: a row each
    return folder, found, text, entries


def open_finder(chromium, base: str):
    """A page with TSML UI loaded from ``base``; requests to other hosts (map tiles) refused."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_()
                  if urlsplit(route.request.url).netloc == urlsplit(base).netloc else route.abort())
    page = context.new_page()
    page.goto(base + "index.html")
    page.wait_for_function(  # a first row, or the message of a feed it cannot read
        "rows => document.querySelector(rows) || "
        "/error/i.test((document.getElementById('tsml-ui') || {}).innerText || '')",
        arg=ROWS, timeout=30000)
    return context, page


def test_every_imported_meeting_is_listed(imported_site):
    """TSML UI shows no loading error and one row per imported meeting (each meets once a
    week), in person with its street and online with its platform."""
    _folder, found, text, entries = imported_site
    assert "error" not in text.lower()
    assert len(entries) == 106 + 244
    assert sorted(found) == sorted(e["id"] for e in entries)
    for entry in entries:  # the street as written, or the platform of the online link
        if entry.get("online_only"):
            assert urlsplit(entry["conference_url"]).hostname.endswith("zoom.us")
            assert found[entry["id"]] == "Zoom"
        else:
            assert found[entry["id"]] == entry["address"]["address_1"]


def type_menu(chromium, folder: str) -> dict[str, int]:
    """The entries of the client's type menu (attendance first, then the types) and counts."""
    with served(folder) as base:
        context, page = open_finder(chromium, base)
        try:
            page.click("#tsml-ui button#type")
            items = page.locator("#tsml-ui [aria-labelledby=type] button:has(span + span)")
            return {item.locator("span").first.inner_text(): int(item.locator("span").nth(1).inner_text())
                    for item in items.all()}
        finally:
            context.close()


def client_view(entry: dict) -> list[str]:
    """The menu entries one catalog meeting counts under, by TSML UI's rules."""
    online = bool(entry.get("conference_url") or entry.get("conference_phone"))
    in_person = "address" in entry and entry.get("status") != "temporarily-closed"
    codes = [t for t in entry.get("types", []) if in_person or t not in IN_PERSON_TYPES]
    names = [MEETING_TYPES[t] for t in codes if not ({"SP", "D"} <= set(codes) and t in ("SP", "D"))]
    if {"SP", "D"} <= set(codes):
        names.append(SPEAKER_DISCUSSION)
    return ["Online"] * online + ["In-person"] * in_person + names


def test_attendance_and_types_reach_the_client(chromium, imported_site):
    """The client's type menu counts as many in-person and online meetings, and as many of
    each meeting type, as the imported catalog holds."""
    folder, _found, _text, entries = imported_site
    expected = Counter(name for entry in entries for name in client_view(entry))
    assert expected["Online"] == 23 and expected["In-person"] == 83 + 244
    assert type_menu(chromium, folder) == dict(expected)
