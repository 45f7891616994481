"""The Meeting Guide feed as TSML UI and the spec's README read it: one entry per session with
a single day, streets as written, online meetings placed approximately, attendance spelled out."""

from __future__ import annotations

from catalog_helpers import TODAY
from generator.enrich import enrich
from generator.exporters import meeting_guide

REGIONS = """\
regions:
  - id: ohio
    name: Ohio
    timezone: America/New_York
  - id: cuyahoga
    name: Cuyahoga County (Cleveland)
    parent: ohio
    timezone: America/New_York
resources:
"""


def meeting(rid: str, fields: str) -> str:
    return (f"  - id: {rid}\n    name: {rid.replace('-', ' ').title()}\n    category: meeting\n"
            f"    program: aa\n    last_verified: 2026-11-01\n" + fields)


def address(street: str, city: str = "Cleveland", postal: str = "44113") -> str:
    return (f"    address:\n      address_1: \"{street}\"\n      city: {city}\n"
            f"      state_province: OH\n      postal_code: \"{postal}\"\n")


WEEKLY = "    schedule:\n      - {day: monday, time: \"19:00\"}\n      - {day: friday, time: \"19:00\"}\n"


def feed(catalog, *meetings: str) -> dict[str, dict]:
    directory = enrich(catalog(REGIONS + "".join(meetings)), TODAY)
    items = meeting_guide.meetings(directory.entries, "", meeting_guide.regions(directory))
    return {item["slug"]: item for item in items}


def test_sessions_on_several_days_are_separate_entries_with_one_day_each(catalog):
    """Monday and Friday at the same time: two entries, day 1 and day 5, distinct slugs."""
    items = feed(catalog, meeting("noon-group", "    regions: [cuyahoga]\n" + address("2100 Lorain Avenue") + WEEKLY))
    assert {slug: item["day"] for slug, item in items.items()} == {"noon-group": 1, "noon-group--2": 5}


def test_streets_are_written_as_the_catalog_has_them(catalog):
    """Streets with ordinals, periods and unit numbers reach the feed intact."""
    streets = ["3700 N. 5th Street", "101 W. 1st Ave #110", "15810 Lakeshore Blvd., Suite 2B"]
    items = feed(catalog, *(meeting(f"m{i}", "    regions: [cuyahoga]\n" + address(s) + WEEKLY)
                            for i, s in enumerate(streets)))
    assert [items[f"m{i}"]["address"] for i in range(3)] == streets
    assert items["m0"]["formatted_address"] == "3700 N. 5th Street, Cleveland, OH 44113, USA"
    assert (items["m0"]["approximate"], items["m0"]["attendance_option"]) == ("no", "in_person")


def test_online_meeting_is_placed_approximately_in_its_region(catalog):
    """An online meeting gets the city and state most listings of its region give, marked
    approximate, without street or coordinates; a statewide one only the state."""
    items = feed(
        catalog,
        meeting("in-person", "    regions: [cuyahoga]\n" + address("2100 Lorain Avenue") + WEEKLY),
        meeting("lakewood", "    regions: [cuyahoga]\n" + address("15400 Madison Avenue", "Lakewood", "44107") + WEEKLY),
        meeting("cle-online", "    regions: [cuyahoga]\n    online_only: true\n"
                "    conference_phone: \"+16699009128,,71771828957#\"\n" + WEEKLY),
        meeting("ohio-online", "    regions: [ohio]\n    online_only: true\n"
                "    conference_url: https://zoom.us/j/71771828957\n" + WEEKLY))
    online = items["cle-online"]
    assert {k: online.get(k) for k in ("address", "city", "state", "country", "formatted_address",
                                       "approximate", "attendance_option", "latitude")} == {
        "address": None, "city": "Cleveland", "state": "OH", "country": "USA",
        "formatted_address": "Cleveland, OH, USA", "approximate": "yes",
        "attendance_option": "online", "latitude": None}
    assert online["conference_phone"] == "+16699009128,,71771828957#"
    assert items["ohio-online"]["formatted_address"] == "OH, USA"


def test_hybrid_and_temporarily_closed_attendance(catalog):
    """Address and link: hybrid; temporarily closed without a link: inactive, with type TC."""
    items = feed(
        catalog,
        meeting("hybrid", "    regions: [cuyahoga]\n" + address("7000 Euclid Avenue") + WEEKLY
                + "    conference_url: https://zoom.us/j/1\n"),
        meeting("closed", "    regions: [cuyahoga]\n    status: temporarily-closed\n"
                + address("7000 Euclid Avenue") + WEEKLY))
    assert items["hybrid"]["attendance_option"] == "hybrid" and items["hybrid"]["approximate"] == "no"
    assert items["closed"]["attendance_option"] == "inactive" and items["closed"]["types"] == ["TC"]


def test_floor_or_suite_goes_with_the_location_notes(catalog):
    """address_2 leaves the street (it breaks geocoding) and leads the location notes."""
    items = feed(catalog, meeting("upstairs", "    regions: [cuyahoga]\n" + address("2100 Lorain Avenue")
                                  + "      address_2: 2nd floor\n" + WEEKLY + "    location_notes: Side door\n"))
    assert items["upstairs"]["location_notes"] == "2nd floor; Side door"
