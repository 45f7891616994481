"""All meetings as a Meeting Guide feed (Code4Recovery spec), written the way the spec's README
describes and TSML UI, the reference client, reads it.

Where the spec's draft JSON Schema and the client disagree, the client and the README win:

- one entry per weekly session, ``day`` a single integer. The schema allows a list of days, but
  TSML UI fails on lists ("Invalid unit value") and shows no meeting at all. Each entry has its
  own slug: ``id`` for the first session, ``id--2``, ``id--3``... (our ids never contain ``--``,
  so an import joins them again).
- streets, cities and postal codes as the catalog writes them ("3700 N. 5th Street"). The schema's
  patterns allow only letters, digits and spaces, which would drop most real streets.
- a conference phone keeps its pauses and code ("+16699009128,,71771828957#"), as the README
  allows and the client dials; the schema's pattern refuses them.
- an online meeting gets the approximate place the README asks for (city and state of most
  listings in its region, ``approximate: "yes"``, no coordinates); without one the client drops
  it ("no address information").
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator

import phonenumbers

from .. import markup, phones, vocab
from ..enrich import Directory, Entry

# The spec schema's current type codes (schema/meeting-type.schema.json, "Currently Available").
FEED_TYPES = frozenset(
    "11 12x12 A ABSI AL AL-AN AM ASL B BA BE BI BRK C CAN CF D DA DB DD DE DR EL EN FA FF FR G GR "
    "H HE HI HR HU ITA JA KOR L LGBTQ LIT LS LT M MED ML N NB NDG NO O OUT P POA POC POL POR PUN "
    "RUS S SEN SK SM SP ST SV T TC TH TL TR TUR UK W X XB XT Y".split())
COUNTRY_NAMES = {"US": "USA", "CA": "Canada"}
# How 12 Step Meeting List (WordPress) names attendance; the client works it out itself from the
# address, ``approximate`` and the conference fields, which always agree with it.
ATTENDANCE = {"in-person": "in_person", "hybrid": "hybrid", "online": "online"}


@dataclass(frozen=True)
class Regions:
    """What the feed says about each region: its names from the top region down (``regions``)
    and the approximate place an online meeting of it is given."""

    paths: dict[str, list[str]]
    places: dict[str, dict[str, str]]


def regions(directory: Directory) -> Regions:
    """The feed's region facts, derived once per build from the region tree and the listings."""
    paths = {rid: [n.region.name for n in node.ancestors()] + [node.region.name]
             for rid, node in directory.regions.items()}
    return Regions(paths, _places(directory))


def _places(directory: Directory) -> dict[str, dict[str, str]]:
    """Region id -> approximate place: the state (and, for a region with no sub-regions, the city)
    most of the addressed listings in it give; a region without any takes its parent's, and a
    catalog without addresses only the site's country."""
    seen: dict[str, Counter] = defaultdict(Counter)
    # Each region with the regions above it, worked out once rather than for every listing.
    chains = {rid: (*(n.region.id for n in node.ancestors()), rid) for rid, node in directory.regions.items()}
    for entry in directory.entries:
        a = entry.res.address
        if a is None:
            continue
        regions = entry.regions
        covered = chains[regions[0]] if len(regions) == 1 else {rid for own in regions for rid in chains[own]}
        for rid in covered:
            seen[rid][(a.country, a.state_province or "", a.city)] += 1
    country = COUNTRY_NAMES.get(directory.catalog.site.country, directory.catalog.site.country)
    places: dict[str, dict[str, str]] = {}

    def place(node) -> dict[str, str]:
        if node.region.id in places:
            return places[node.region.id]
        counts = seen.get(node.region.id)
        if not counts:
            found = place(node.parent) if node.parent else {"country": country}
        else:
            states: Counter[tuple[str, str]] = Counter()
            for (land, state, _city), n in counts.items():
                states[land, state] += n
            land, state = _most(states)
            found = {**({"state": state} if state else {}), "country": COUNTRY_NAMES.get(land, land)}
            if not node.children:
                found = {"city": _most(Counter({city: n for (c, s, city), n in counts.items()
                                                if (c, s) == (land, state)})), **found}
        places[node.region.id] = found
        return found

    for node in directory.regions.values():
        place(node)
    return places


def _most(counts: Counter):
    """The most frequent key; ties go to the first in sorted order, so builds are identical."""
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def slug(rid: str, part: int) -> str:
    base = rid if len(rid) <= 60 else rid[:51].rstrip("-") + "-" + hashlib.sha1(rid.encode()).hexdigest()[:8]
    return base if part == 1 else f"{base}--{part}"


def meetings(entries: list[Entry], site_url: str = "", known: Regions | None = None) -> list[dict]:
    """Feed entries for every listed meeting (inactive and ended ones are left out)."""
    return list(feed(entries, site_url, known))


def feed(entries: Iterable[Entry], site_url: str = "", known: Regions | None = None) -> Iterator[dict]:
    """The feed entries of ``meetings`` one at a time, for writing as they are made."""
    for entry in entries:
        yield from items(entry, site_url, known)


def items(entry: Entry, site_url: str = "", known: Regions | None = None) -> list[dict]:
    """One resource's feed entries: none unless it is a listed meeting, else one per session."""
    res = entry.res
    if not entry.is_meeting or not entry.current:
        return []
    known = known or Regions({}, {})
    base = _common(entry, site_url, known.paths.get(res.regions[0], []),
                   known.places.get(res.regions[0], {}))
    if not res.schedule:  # by appointment: no day or time
        return [{**base, "slug": slug(res.id, 1)}]
    out = []
    for part, session in enumerate(res.schedule, start=1):
        item = {**base, "slug": slug(res.id, part), "day": vocab.DAY_INDEX[session.day],
                "time": session.time}
        if session.end_time:
            item["end_time"] = session.end_time
        if session.weeks:
            note = "Meets in week(s) " + ", ".join(session.weeks) + " of the month only."
            item["notes"] = f"{note} {item['notes']}" if item.get("notes") else note
        out.append(item)
    return out


def _common(entry: Entry, site_url: str, paths: list[str], place: dict[str, str]) -> dict:
    res = entry.res
    item: dict = {"name": res.name[:255], "timezone": entry.timezone}
    types = [t for t in res.types if t in FEED_TYPES]
    if res.status == "temporarily-closed" and "TC" not in types:
        types.append("TC")
    if types:
        item["types"] = types
    notes = markup.plain(res.description)
    if notes:
        item["notes"] = notes
    if res.location:
        item["location"] = res.location
    # The spec wants the street alone (a floor or suite breaks geocoding): address_2 goes with
    # the notes on how to find the place.
    where = "; ".join(x for x in (res.address.address_2 if res.address else None, res.location_notes) if x)
    if where:
        item["location_notes"] = where
    if res.address is not None:
        _address(res.address, item)
        if res.latitude is not None and not entry.approximate:
            item["latitude"], item["longitude"] = res.latitude, res.longitude
    else:
        _approximate(place, item)
    online = bool(res.conference_url or res.conference_phone)
    item["attendance_option"] = "inactive" if res.status == "temporarily-closed" and not online \
        else ATTENDANCE[entry.attendance or "in-person"]  # a meeting always has one (enrich.attendance)
    if res.conference_url:
        item["conference_url"] = res.conference_url
    if res.conference_url_notes:
        item["conference_url_notes"] = res.conference_url_notes
    phone = _dial(res.conference_phone, entry.country)
    if phone:
        item["conference_phone"] = phone
        if res.conference_phone_notes:
            item["conference_phone_notes"] = res.conference_phone_notes
    if paths:
        item["regions"] = paths
    if res.as_of:  # a person's check, else the source's own date; unknown: left out
        item["updated"] = f"{res.as_of.isoformat()} 00:00:00"
    page = entry.page_url(site_url)
    if page:  # the spec's url: the meeting's listing on the publishing site
        item["url"] = page
    return item


def _address(a, item: dict) -> None:
    """A place to go: the street as written, and ``approximate: "no"``. Coordinates derived
    from the postal code are left out (the client would pin the meeting there)."""
    country = COUNTRY_NAMES.get(a.country, a.country)
    item.update({"address": a.address_1, "city": a.city, "state": a.state_province,
                 "postal_code": a.postal_code, "country": country,
                 "formatted_address": f"{a.line}, {country}", "approximate": "no"})
    for key in ("state", "postal_code"):  # optional outside the US and Canada
        if item[key] is None:
            del item[key]


def _approximate(place: dict[str, str], item: dict) -> None:
    """An online meeting's point of origin ("Cleveland, OH, USA"), marked approximate so that no
    reader shows it as a place to go."""
    item.update(place)
    formatted = ", ".join(place[k] for k in ("city", "state", "country") if k in place)
    if formatted:
        item["formatted_address"] = formatted
    item["approximate"] = "yes"


def _dial(number: str | None, country: str) -> str | None:
    if not number:
        return None
    try:
        return phones.dial_string(number, country)
    except phonenumbers.NumberParseException:  # validation accepted it; the library cannot format
        return None
