"""All meetings as a Meeting Guide feed (Code4Recovery spec), valid against the spec's JSON
Schema, so that tsml-ui and the Meeting Guide app can list them.

The schema is stricter than real feeds: addresses and cities may hold only letters, digits and
spaces, type codes come from a fixed list, phone numbers are digits. Values are written in the
closest form the schema accepts (accents folded, punctuation dropped); a part that still does
not fit is left out, and the coordinates (always given when known) place the meeting.
A meeting whose sessions start at different times becomes one feed entry per start time, with
slugs ``id``, ``id--2``, ``id--3`` (our ids never contain ``--``, so an import joins them again).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable, Iterator

from .. import markup, vocab
from ..enrich import Entry

# The spec schema's current type codes (schema/meeting-type.schema.json, "Currently Available").
FEED_TYPES = frozenset(
    "11 12x12 A ABSI AL AL-AN AM ASL B BA BE BI BRK C CAN CF D DA DB DD DE DR EL EN FA FF FR G GR "
    "H HE HI HR HU ITA JA KOR L LGBTQ LIT LS LT M MED ML N NB NDG NO O OUT P POA POC POL POR PUN "
    "RUS S SEN SK SM SP ST SV T TC TH TL TR TUR UK W X XB XT Y".split())
_WORDS = re.compile(r"^[A-Za-z]+(?:\s[A-Za-z]+)*$")
_STREET = re.compile(r"^(?:[0-9]+\s)?[0-9]*\s?[A-Za-z]+(?:\s[A-Za-z]+)*$")
_PHONE = re.compile(r"^[+]?\d{1,15}(?:[,*#]\d+)*$")


def _fold(value: str) -> str:
    """Accents folded and punctuation dropped: 'N. 5th St.' -> 'N 5th St'."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    value = re.sub(r"[^A-Za-z0-9\s]", " ", value)
    return " ".join(value.split())


def _fits(value: str | None, pattern: re.Pattern) -> str | None:
    if not value:
        return None
    for candidate in (value, _fold(value)):
        if pattern.match(candidate):
            return candidate
    return None


def slug(rid: str, part: int) -> str:
    base = rid if len(rid) <= 60 else rid[:51].rstrip("-") + "-" + hashlib.sha1(rid.encode()).hexdigest()[:8]
    return base if part == 1 else f"{base}--{part}"


def meetings(entries: list[Entry], site_url: str = "", region_names: dict[str, list[str]] | None = None) -> list[dict]:
    """Feed entries for every listed meeting (inactive and ended ones are left out)."""
    return list(feed(entries, site_url, region_names))


def feed(entries: Iterable[Entry], site_url: str = "",
         region_names: dict[str, list[str]] | None = None) -> Iterator[dict]:
    """The feed entries of ``meetings`` one at a time, for writing as they are made."""
    for entry in entries:
        yield from items(entry, site_url, region_names)


def items(entry: Entry, site_url: str = "", region_names: dict[str, list[str]] | None = None) -> list[dict]:
    """One resource's feed entries: none unless it is a listed meeting, else one per start time."""
    res = entry.res
    if not res.is_meeting or not entry.current:
        return []
    base = _common(entry, site_url, (region_names or {}).get(res.regions[0], []))
    groups: dict[tuple, list[int]] = {}
    for session in res.schedule:
        groups.setdefault((session.time, session.end_time, tuple(session.weeks or ())), []).append(
            vocab.DAY_INDEX[session.day])
    if not groups:  # by appointment: no day or time
        return [{**base, "slug": slug(res.id, 1)}]
    out = []
    for part, ((time, end, weeks), days) in enumerate(groups.items(), start=1):
        item = {**base, "slug": slug(res.id, part), "day": days[0] if len(days) == 1 else sorted(days),
                "time": time}
        if end:
            item["end_time"] = end
        if weeks:
            note = "Meets in week(s) " + ", ".join(weeks) + " of the month only."
            item["notes"] = f"{note} {item['notes']}" if item.get("notes") else note
        out.append(item)
    return out


def _common(entry: Entry, site_url: str, regions: list[str]) -> dict:
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
    if res.location_notes:
        item["location_notes"] = res.location_notes
    if res.address is not None:
        _address(res.address, item)
    if res.latitude is not None and res.address is not None:
        item["latitude"], item["longitude"] = res.latitude, res.longitude
        item["approximate"] = "yes" if entry.approximate else "no"
    if res.conference_url:
        item["conference_url"] = res.conference_url
    if res.conference_url_notes:
        item["conference_url_notes"] = res.conference_url_notes
    phone = _dial(res.conference_phone, entry.country)
    if phone:
        item["conference_phone"] = phone
        if res.conference_phone_notes:
            item["conference_phone_notes"] = res.conference_phone_notes
    if regions:
        item["regions"] = regions
    item["updated"] = f"{res.last_verified.isoformat()} 00:00:00"
    if site_url:
        item["url"] = site_url.rstrip("/") + "/" + entry.url
    return item


def _address(a, item: dict) -> None:
    street, city = _fits(a.address_1, _STREET), _fits(a.city, _WORDS)
    state = a.state_province if re.fullmatch(r"[A-Z]{2}", a.state_province) else None
    postal = a.postal_code if re.fullmatch(r"\d{5}", a.postal_code) else None
    country = {"US": "USA", "CA": "Canada"}.get(a.country, a.country)
    if street:
        item["address"] = street
    if city:
        item["city"] = city
    if state:
        item["state"] = state
    if postal:
        item["postal_code"] = postal
    item["country"] = country
    if street and city and state and postal and re.fullmatch(r"[A-Za-z]+", country):
        item["formatted_address"] = f"{street}, {city}, {state} {postal}, {country}"


def _dial(number: str | None, country: str) -> str | None:
    if not number:
        return None
    from .. import phones

    try:
        uri = phones.tel_uri(number, country)
    except Exception:  # a number validation accepted but the library cannot format
        return None
    digits = uri[4:].split(";")[0]
    return digits if _PHONE.match(digits) else None
