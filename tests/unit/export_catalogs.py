"""Enriched directories for the export tests: the find fixture (schedules, zones, validity), the
security payload catalog (hostile text in every field) and an edge catalog (UTC, escapes at
fold points, long non-ASCII text)."""

from __future__ import annotations

import functools
import os
import tempfile

from catalog_helpers import TODAY, run_validate, write_catalog
from generator.enrich import Directory, enrich
from tests.conftest import ROOT
from tests.security import payloads

# Names and notes built so that a backslash or caret lands at the 74th octet of a folded line.
EDGE = """\
regions:
  - id: utc-land
    name: UTC Land; "quoted", and \\\\ back
    timezone: Etc/UTC
  - id: berlin
    name: Berlin
    timezone: Europe/Berlin
resources:
  - id: utc-meeting
    name: "%(name)s"
    category: meeting
    program: aa
    regions: [utc-land, berlin]
    address: {address_1: "1 Ring, Suite 5; rear", city: Zürich, state_province: ZH, postal_code: "8001", country: CH}
    latitude: 47.3769
    longitude: 8.5417
    location: "Café ^ Gemeinde; Saal 2, \\\\ oben"
    location_notes: "%(short)s"
    description: "%(notes)s"
    conference_url: https://meet.example.org/a,b;c
    schedule:
      - {day: monday, time: "23:30", end_time: "00:30"}
      - {day: friday, time: "07:00", weeks: ["2", last]}
    valid_to: 2027-03-31
    last_verified: 2026-11-01
  - id: berlin-meeting
    name: Treffen für Angehörige – Dienstag 🌙 %(long)s
    category: meeting
    program: al-anon
    status: temporarily-closed
    regions: [berlin]
    timezone: Europe/Berlin
    online_only: true
    conference_phone: "+49 30 1234567"
    schedule:
      - {day: tuesday, time: "19:00"}
    last_verified: 2026-11-01
"""


def edge_values() -> dict[str, str]:
    escapes = "x" * 64 + "\\\\\\\\" + "y" * 5 + "^^" + "z" * 60 + ",;" * 10
    return {"name": "n" * 71 + "\\\\\\\\" + "m" * 80,
            "notes": escapes + " é" * 40 + "\\\\n literal" + " " + "ü" * 90,
            "long": "ä" * 37 + "^" + "ö" * 50, "short": "x" * 62 + "\\\\" + "é, ü; ^" * 20}


@functools.lru_cache(maxsize=1)
def directories() -> dict[str, Directory]:
    """name -> Directory for the three catalogs; made once per test run (the payload catalog
    takes seconds to write), and shared, so tests must not change them."""
    with tempfile.TemporaryDirectory() as folder:
        out = {}
        find = os.path.join(ROOT, "tests", "fixtures", "find", "resources.yaml")
        out["find"] = enrich(run_validate(find), TODAY)
        project = payloads.make_project(os.path.join(folder, "payload"))
        out["payload"] = enrich(run_validate(os.path.join(project, "resources.yaml")), TODAY)
        os.makedirs(os.path.join(folder, "edge"))
        edge = write_catalog(os.path.join(folder, "edge"), EDGE % edge_values())
        out["edge"] = enrich(run_validate(edge), TODAY)
    return out
