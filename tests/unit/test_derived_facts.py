"""Each fact about a listing is derived once (enrich.py) and every output reads it: whether the
listing is current, its call and text numbers, its address line, the crisis lines in force."""

from __future__ import annotations

import dataclasses
import datetime
import os

import pytest

from generator import enrich, pipeline, printing
from generator.exporters import geojson, ics, meeting_guide
from generator.pages import weekly_schedule

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The shipped example, on a day after the summer meeting's last date (valid_to 2026-09-26).
DAY = datetime.date(2026, 12, 5)
ENDED = "schuylkill-banks-sunrise-aa"
INACTIVE = "frankstown-road-sober-house"


@pytest.fixture(scope="module")
def shipped():
    return pipeline.prepare(os.path.join(ROOT, "resources.yaml"), cache_dir=None, today=DAY)


def test_current_is_one_fact_for_ended_and_inactive(shipped):
    """An ended meeting and an inactive service are not current; everything else is."""
    d = shipped.directory
    assert d.by_id[ENDED].window == "ended" and not d.by_id[ENDED].current
    assert d.by_id[INACTIVE].res.status == "inactive" and not d.by_id[INACTIVE].current
    others = [e for e in d.entries if e.id not in (ENDED, INACTIVE)]
    assert all(e.current == (e.window != "ended" and e.res.status != "inactive") for e in others)


def test_no_output_offers_a_listing_that_is_not_current(shipped):
    """Region pages, sheets, the finder, schedules, calendars, the Meeting Guide feed and the
    map data all leave out what is not current; the listing's own page stays, with its badge."""
    d, r = shipped.directory, shipped.renderer
    ended, inactive = d.by_id[ENDED], d.by_id[INACTIVE]
    for entry in (ended, inactive):
        node = d.regions[entry.res.regions[0]]
        href = f'href="../../{entry.url}"'
        assert href not in r.region_page(node).body, entry.id
        assert href not in printing.sheet_page(r, node).body, entry.id
        assert f"{entry.url}" not in r.find_page().body, entry.id
        assert entry.res.name in r.resource_page(entry).body
    assert all(e is not ended for _day, items in weekly_schedule(list(d.entries)) for _s, e in items)
    assert not ics.in_calendar(ended) and ics.in_calendar(d.by_id["eastside-celebrate-recovery"]) is True
    assert meeting_guide.items(ended) == [] and meeting_guide.items(d.by_id["eastside-celebrate-recovery"])
    assert ended.id not in {f["properties"]["id"] for f in geojson.features(d.entries)}
    assert inactive.id not in {f["properties"]["id"] for f in geojson.features(d.entries)}


def test_the_facts_read_of_every_listing_are_its_resources(shipped):
    """A listing's id, category, regions, whether it is a meeting and the languages it has text
    of its own in are its resource's; its crisis lines are those in force in its regions; its
    page is in its own folder under resources/."""
    d = shipped.directory
    assert any(e.translated_in for e in d.entries) and any(e.is_meeting for e in d.entries)
    for entry in d.entries:
        assert (entry.id, entry.category, entry.regions) == (entry.res.id, entry.res.category, entry.res.regions)
        assert entry.is_meeting == entry.res.is_meeting
        assert entry.translated_in == tuple(sorted(entry.res.translations))
        assert entry.crisis_lines == tuple(d.crisis_lines_for(entry.res.regions)) and entry.crisis_lines
        assert entry.url == f"{enrich.LISTINGS}{entry.res.id}/"


def test_a_listing_text_in_a_language_is_its_own_translation_or_none(shipped):
    """Entry.translated gives the resource's own text in a language it has one in, and None in
    any other (the original is shown then), for every listing and field."""
    d = shipped.directory
    for entry in d.entries:
        for language in ("es", "fr", "en"):
            own = entry.res.translations.get(language)
            for field in ("name", "description", "hours_notes"):
                expected = getattr(own, field) if own is not None else None
                assert entry.translated(field, language) == expected, (entry.id, language, field)


def test_contacts_and_address_are_derived_once(shipped):
    """The call number prefers a crisis line and never a text or fax line; the address line
    puts the room first; the crisis bar and the sheet read the same lines in force."""
    d = shipped.directory
    for entry in d.entries:
        assert (entry.call, entry.text) == enrich.contacts(entry.res)
        if entry.call is not None:
            assert entry.call.type not in ("text", "fax")
            crisis = [p for p in entry.res.phones if p.type == "crisis"]
            assert not crisis or entry.call is crisis[0]
        if entry.res.address is None:
            assert (entry.street_address, entry.place) == ("", "")
        else:
            assert entry.street_address.startswith(entry.res.address.address_1)
            assert entry.place.endswith(entry.street_address)
            assert entry.place.startswith(entry.res.location or entry.res.address.address_1)
    for node in d.regions.values():
        assert node.crisis_lines[:len(d.national_crisis)] == d.national_crisis
        assert printing.crisis_lines(d, node) == node.crisis_lines
        assert all(e.current and e.res.category == "crisis-line" for e in node.crisis_lines)
    assert printing.crisis_lines(d, None) == d.national_crisis


def test_numbers_and_address_lines_are_worked_out_when_first_read(shipped):
    """Enrichment leaves a listing's numbers and address lines until something reads them; a
    copy of the listing with another resource works out its own."""
    d = enrich.enrich(shipped.directory.catalog, DAY)
    entry = next(e for e in d.entries if e.res.address is not None and e.res.phones)
    assert all(e._where is None and e._contacts is None for e in d.entries)
    before = entry.place, entry.call
    moved = dataclasses.replace(entry, res=entry.res.model_copy(update={"location": "Room 12", "phones": []}))
    assert moved.place == "Room 12, " + entry.street_address != before[0]
    assert (moved.call, moved.text) == (None, None) and entry.call is before[1] is not None


def test_time_of_day_boundaries_come_from_python_alone(shipped):
    """Every filter panel carries schedule.TIMES_OF_DAY in data-times-of-day, and no bundled
    script keeps a table of its own (a part-of-day name followed by a [from, to] pair)."""
    import html
    import json
    import re

    from generator import schedule

    d, r = shipped.directory, shipped.renderer
    bodies = [r.find_page().body, r.region_page(d.regions[d.by_id[ENDED].res.regions[0]]).body]
    for body in bodies:
        found = re.findall(r"data-times-of-day='([^']*)'", body)
        assert len(found) == 1
        assert json.loads(html.unescape(found[0])) == {k: list(v) for k, v in schedule.TIMES_OF_DAY.items()}
    scripts = os.path.join(ROOT, "theme", "assets", "navigator")
    for name in sorted(os.listdir(scripts)):
        if name.endswith(".js"):
            with open(os.path.join(scripts, name), encoding="utf-8") as f:
                text = f.read()
            assert not re.search(r"\b(morning|midday|evening|night)\b\W{0,3}:\s*\[\s*\d", text), name


def test_phone_keys_are_e164_whatever_the_writing(shipped):
    """call_key/text_key give E.164 (or the short code) with any extension, so numbers
    written differently compare equal; the duplicates report groups by them."""
    from generator import report
    from generator.model import Phone

    d = shipped.directory
    for entry in d.entries:
        for phone, key in ((entry.call, entry.call_key), (entry.text, entry.text_key)):
            assert (key == "") == (phone is None), entry.id
            if key and not key[0].isdigit():
                assert key.startswith("+"), (entry.id, key)
    assert enrich.phone_key(Phone(number="(614) 555-0100"), "US") == "+16145550100"
    assert enrich.phone_key(Phone(number="614.555.0100", extension="12"), "US") == "+16145550100x12"
    assert enrich.phone_key(Phone(number="988", type="crisis"), "US") == "988"
    a, b = d.entries[0], d.entries[1]
    import dataclasses
    twin = [dataclasses.replace(a, res=a.res.model_copy(update={"phones": [Phone(number="+1 614 555 0100")]})),
            dataclasses.replace(b, res=b.res.model_copy(update={"phones": [Phone(number="614-555-0100")]}))]
    found = [x for x in report.duplicates(twin) if x.reason == "same phone number"]
    assert len(found) == 1 and found[0].detail == "(614) 555-0100"


def test_a_listing_in_two_regions_gets_each_line_in_force_once(shipped):
    """The crisis bar of a resource page reads Directory.crisis_lines_for: the regions' lines
    in force, in order, each once; a region page's bar is its node's crisis_lines."""
    d, r = shipped.directory, shipped.renderer
    node = next(n for n in d.regions.values() if n.parent is not None and n.crisis_lines != d.national_crisis)
    sibling = node.parent
    lines = d.crisis_lines_for([node.id, sibling.id])
    assert len({e.id for e in lines}) == len(lines)
    assert lines[:len(node.crisis_lines)] == node.crisis_lines
    assert set(e.id for e in sibling.crisis_lines) <= {e.id for e in lines}
    assert d.crisis_lines_for([]) == d.national_crisis
    assert r.region_page(node).crisis == r.crisis_bar(node.crisis_lines, "../../")


def test_open_in_map_searches_the_address_the_geocoder_searches(shipped):
    """A listing without coordinates links to a map search for geocode.query's text; one with
    coordinates links to the point."""
    import dataclasses
    from urllib.parse import quote

    from generator import geocode, render

    d = shipped.directory
    located = next(e for e in d.entries if e.res.address is not None and e.res.latitude is not None)
    assert render.map_link(located).startswith("https://www.openstreetmap.org/?mlat=")
    bare = dataclasses.replace(located, res=located.res.model_copy(update={"latitude": None, "longitude": None}))
    assert render.map_link(bare) == ("https://www.openstreetmap.org/search?query="
                                     + quote(geocode.query(located.res.address)))


def test_a_number_on_many_listings_is_a_shared_line_not_a_duplicate(shipped):
    """Up to report.SHARED_LINE listings with one number are possible duplicates; more are a
    shared line, which the terminal's report names once per region and the page leaves out."""
    import dataclasses

    from generator import report
    from generator.model import Phone

    def sharing(count, number):
        return [dataclasses.replace(e, res=e.res.model_copy(update={"phones": [Phone(number=number)]}))
                for e in shipped.directory.entries[:count]]

    assert report.SHARED_LINE == 10
    few, many = sharing(10, "614-555-0100"), sharing(11, "614-555-0199")
    assert [(d.reason, len(d.entries)) for d in report.duplicates(few)] == [("same phone number", 10)]
    groups = report.duplicates(many)
    assert [(d.reason, d.detail, len(d.entries)) for d in groups] == [("shared line", "(614) 555-0199", 11)]
    region = report.RegionHealth("ohio", "Ohio", total=11, shared=groups)
    health = report.Health(shipped.directory.today, 6, 12, shipped.directory.today, shipped.directory.today,
                           [region])
    first = sorted(e.origin for e in many)[0]
    assert ("  1 number on more than 10 listings each, read as shared lines (an intake or central "
            f"office), not as duplicates: (614) 555-0199 (11 listings, first {first[0]}:{first[1]})") \
        in report.text(health)
    assert region.issues == 0


def test_region_points_are_the_same_read_with_a_memo(shipped):
    """places.points of each region is the same whether the regions below it were read before
    (one memo for a build's regions, in any order) or not, and holds a point for each listing
    of the region and of the areas below it."""
    from generator import places

    d = shipped.directory
    alone = {rid: places.points(node) for rid, node in d.regions.items()}
    memo: dict[str, list[str]] = {}
    for order in (list(d.regions.items()), list(d.regions.items())[::-1]):
        assert {rid: places.points(node, memo) for rid, node in order} == alone
        memo = {}
    for node in d.regions.values():
        below = printing.subtree(node)
        assert len(alone[node.id].split("|")) == sum(len(n.entries) for n in below) or not node.entries
