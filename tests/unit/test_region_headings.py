"""A region page's headings follow what it lists: no Services heading over meetings alone."""

from __future__ import annotations

import datetime
import re

from generator import pipeline

DAY = datetime.date(2026, 12, 5)
CATALOG = """\
site:
  country: US
regions:
  - id: meetings-only
    name: Meetings Only County
    timezone: America/New_York
  - id: mixed
    name: Mixed County
    timezone: America/New_York
resources:
  - id: monday-group
    name: Monday Group
    category: meeting
    program: aa
    regions: [meetings-only, mixed]
    address: {address_1: 1 Main St, city: Springfield, state_province: PA, postal_code: "17101"}
    schedule:
      - day: monday
        time: "19:00"
    last_verified: 2026-11-01
  - id: mixed-clinic
    name: Mixed Clinic
    category: outpatient
    regions: [mixed]
    address: {address_1: 2 Main St, city: Springfield, state_province: PA, postal_code: "17101"}
    phones:
      - number: (717) 555-0100
    last_verified: 2026-11-01
"""


def page(tmp_path, region: str) -> str:
    (tmp_path / "resources.yaml").write_text(CATALOG, encoding="utf-8")
    run = pipeline.prepare(str(tmp_path / "resources.yaml"), cache_dir=None, today=DAY)
    return run.renderer.region_page(run.directory.regions[region]).body


def test_a_region_of_meetings_only_has_no_services_heading_or_contents_line(tmp_path):
    """Meetings alone: the Meetings heading comes first; no empty Services heading, no
    contents line starting with a separator."""
    body = page(tmp_path, "meetings-only")
    assert 'id="meetings"' in body and "Monday Group" in body
    assert 'id="services"' not in body and 'class="rn-toc"' not in body


def test_a_region_with_services_and_meetings_lists_both_in_its_contents(tmp_path):
    """Services and meetings: the Services heading and a contents line naming each kind and the
    meetings, with separators only between them."""
    body = page(tmp_path, "mixed")
    toc = re.search(r'<p class="rn-toc">(.*?)</p>', body).group(1)
    assert 'id="services"' in body
    assert re.sub(r"<[^>]+>", "", toc) == "Outpatient / intensive outpatient (1) · Meetings (1)"
