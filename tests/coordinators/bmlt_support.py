"""Shared pieces of the BMLT importer tests: a writable copy of the BMLT test catalog, the
recorded answers in ../shared/fixtures/bmlt, and meetings shaped like a real server's."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil

import pytest

from generator import importers
from tests.conftest import ROOT
from tests.coordinators.conftest import TODAY, shared

CATALOG = os.path.join(ROOT, "tests", "fixtures", "bmlt")
BERLIN = ("bmlt", "bread_berlin_GetSearchResults.json")
GERMAN = ("bmlt", "bread_germany_GetFormats_de.json")
HUDSON = ("bmlt", "bmlt-workflow_hudson_GetSearchResults.jsonp")
YAP = ("bmlt", "yap_gnyr_GetSearchResults_used_formats_day2.json")
YAP_FORMATS = ("bmlt", "yap_gnyr_GetFormats_en.json")
BODIES = ("bmlt", "yap_gnyr_GetServiceBodies.json")
DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]


@pytest.fixture
def root(tmp_path) -> str:
    """A copy of the BMLT test catalog (Berlin/Brandenburg and New England regions)."""
    dest = tmp_path / "project"
    shutil.copytree(CATALOG, dest)
    os.makedirs(dest / "catalog", exist_ok=True)
    return str(dest / "resources.yaml")


def source_meetings(path: str) -> list[dict]:
    """The meetings as the file holds them, read independently of the importer."""
    with open(path, encoding="utf-8") as handle:
        raw = handle.read()
    raw = re.sub(r"^\s*callback\(|\);?\s*$", "", raw)
    data = json.loads(raw)
    return data["meetings"] if isinstance(data, dict) else data


def run(root: str, source: str, region: str, **options) -> importers.Outcome:
    return importers.run("bmlt", source, root, importers.Options(region=region, today=TODAY,
                                                                  **options))


def imported(outcome: importers.Outcome) -> dict[str, dict]:
    """Imported entries by their BMLT id_bigint."""
    return {r.data["id"].rsplit("-", 1)[1]: r.data for r in outcome.source.records if r.data}


def berlin(root: str) -> importers.Outcome:
    return run(root, shared(*BERLIN), "berlin-brandenburg", formats=shared(*GERMAN))


def end_of(start: str, duration: str) -> str:
    begin = dt.datetime(2000, 1, 1, *(int(x) for x in start.split(":")))
    hours, minutes, _seconds = (int(x) for x in duration.split(":"))
    return (begin + dt.timedelta(hours=hours, minutes=minutes)).strftime("%H:%M")


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def meeting(**fields) -> dict:
    """A meeting shaped like the Berlin server's (every value text), changed by ``fields``."""
    base = {"id_bigint": "1", "meeting_name": "Test", "weekday_tinyint": "2", "venue_type": "1",
            "start_time": "19:00:00", "duration_time": "01:00:00", "time_zone": "", "formats": "",
            "format_shared_id_list": "", "lang_enum": "de", "latitude": "52.5", "longitude": "13.4",
            "published": "1", "root_server_uri": "https://bmlt.example.org/main_server",
            "location_street": "Teststr. 1", "location_municipality": "Berlin",
            "location_postal_code_1": "10115", "location_nation": "DE", "location_province": "Berlin",
            "virtual_meeting_link": "", "phone_meeting_number": ""}
    return {**base, **fields}
