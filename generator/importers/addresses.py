"""Addresses and places of imported records: states and provinces, countries by name or code,
addresses written on one line, postal codes (checked, or found at the end of a street), and the
rule every importer follows: a street and a city, plus a state, a postal code or coordinates."""

from __future__ import annotations

import re

from .records import Record, clean

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands", "FM": "Micronesia", "MH": "Marshall Islands", "PW": "Palau",
}
CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}
COUNTRIES = {"usa": "US", "us": "US", "united states": "US", "united states of america": "US",
             "canada": "CA", "ca": "CA", "mexico": "MX", "méxico": "MX", "uk": "GB",
             "united kingdom": "GB"}
_BY_NAME = {name.lower(): code for table in (US_STATES, CA_PROVINCES) for code, name in table.items()}
_US_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
_CA_POSTAL = re.compile(r"^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$")


def state_code(value: str | None) -> str | None:
    """'PA', 'Pennsylvania', 'alberta' -> the two-letter code, or None."""
    if not value:
        return None
    value = value.strip().rstrip(".")
    if value.upper() in US_STATES or value.upper() in CA_PROVINCES:
        return value.upper()
    return _BY_NAME.get(value.lower())


def _country_names() -> dict[str, str]:
    """English country names (Babel's CLDR data) -> ISO 3166 codes, for sources that write
    'Germany' or 'United Kingdom' rather than a code."""
    from babel import Locale

    names = {name.lower(): code for code, name in Locale("en").territories.items()
             if re.fullmatch(r"[A-Z]{2}", code)}
    return {**names, **COUNTRIES}


_NAMED: dict[str, str] = {}


def country_code(value: str | None, state: str | None = None, postal: str | None = None,
                 default: str = "US") -> str:
    """A source's country (a name or a code) as a two-letter code; without one, Canada when
    the province or postal code is Canadian, else ``default`` (the site's country)."""
    if value:
        if not _NAMED:
            _NAMED.update(_country_names())
        found = _NAMED.get(value.strip().lower().rstrip("."))
        if found:
            return found
        from .countries import country  # names in other languages ("Deutschland"), "U.S.A."

        found, loosely = country(value)
        if found and not loosely:
            return found
        if re.fullmatch(r"[A-Za-z]{2}", value.strip()):
            return value.strip().upper()
    if state in CA_PROVINCES or (postal and _CA_POSTAL.match(postal)):
        return "CA"
    if state in US_STATES:
        return "US"
    return default


def make_address(record: Record, street: str | None, city: str | None, state: str | None,
                 postal, country: str | None = None, street2: str | None = None,
                 located: bool = False, default_country: str = "US") -> dict | None:
    """Our address from a source's parts, or None with the reason noted. A street and a city
    are needed, and a state, a postal code or coordinates (``located``) to find the place. The postal code is optional (taken from the end
    of the street when the source put it there) and refused when it cannot be one (0)."""
    street, city, state = clean(street), clean(city), clean(state)
    code = state_code(state)
    raw_postal = clean(postal)
    if raw_postal is None and street:
        street, raw_postal = zip_from_street(street, code or state)
        if raw_postal:
            record.changed("postal_code", f"{raw_postal} taken from the end of the street text")
    nation = country_code(clean(country), code, raw_postal, default_country)
    if not street or not city:
        missing = " and ".join(x for x, v in (("a street", street), ("a city", city)) if not v)
        record.dropped("address", f"has no {missing}; left out")
        return None
    found = postal_code(raw_postal, nation, record)
    if not state and not found and not located:
        record.dropped("address", "no state, postal code or coordinates to find the place by; left out")
        return None
    address = {"address_1": street, **({"address_2": clean(street2)} if clean(street2) else {}),
               "city": city}
    if state:
        address["state_province"] = code or state
    if found:
        address["postal_code"] = found
    address["country"] = nation
    return address


_POSTAL_TAIL = re.compile(r"^(.*?)\s*(\d{5}(?:-\d{4})?|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d)$")
_POSTAL_FIRST = re.compile(r"^(\d{4,5}|[A-Z]{1,2}-\d{4,5})\s+(\D.*)$")  # '10115 Berlin'
PLACEHOLDER = re.compile(r"^\W*(online|virtual|zoom|web|internet|tbd|tba|n/?a|none|unknown|"
                         r"phone|telephone|conference call|meeting|location)\b", re.I)


_TRAILING_COUNTRY = re.compile(r"\s+(United States(?: of America)?|USA|Canada)\.?$", re.I)


def _split_city(parts: list[str]) -> list[str]:
    """'[street and city, ST 12345]' -> '[street, city, ST 12345]' when the street text ends
    with a city the US ZIP code belongs to; otherwise unchanged."""
    tail = _POSTAL_TAIL.match(parts[1])
    facts = zip_facts(tail[2]) if tail and tail[1] else None
    if not facts:
        return parts
    lowered = parts[0].lower()
    for city in sorted(facts[2], key=len, reverse=True):
        if lowered.endswith(" " + city.lower()) and len(city) < len(parts[0]):
            return [parts[0][: -len(city)].rstrip(" ,"), parts[0][-len(city):], parts[1]]
    return parts


def parse_address(formatted: str | None) -> dict | None:
    """The parts of an address written on one line, or None when it is not a street address:
    '1937 West MacDade Boulevard, Woodlyn, PA 19094, USA', '8318 104 St, Edmonton, Alberta,
    T6E 4E8, Canada', '100 Main St, Columbus, OH' (no ZIP), 'Hauptstr. 5, 10115 Berlin,
    Germany'. Keys: street, city, state, postal, country (None when not given)."""
    formatted = clean(formatted)
    if not formatted:
        return None
    parts = [p.strip() for p in formatted.split(",") if p.strip()]
    if not _NAMED:
        _NAMED.update(_country_names())
    country = None
    if parts and parts[-1].lower().rstrip(".") in _NAMED:
        country = _NAMED[parts.pop().lower().rstrip(".")]
    elif parts and (trailing := _TRAILING_COUNTRY.search(parts[-1])):  # "PA 19061 United States"
        country = _NAMED[trailing[1].lower()]
        parts[-1] = parts[-1][:trailing.start()].strip()
    if len(parts) == 2:  # "2203 Harmonyville Rd. Elverson, PA 19520": no comma before the city
        parts = _split_city(parts)
    if len(parts) < 2:
        return None
    last = parts[-1]
    found = {"street": None, "city": None, "state": None, "postal": None, "country": country}
    tail, first = _POSTAL_TAIL.match(last), _POSTAL_FIRST.match(last)
    if tail and tail[1] and len(parts) >= 3:  # "..., City, ST 12345"
        found.update(state=tail[1], postal=tail[2])
        parts.pop()
    elif tail and len(parts) >= 4:  # "..., City, Alberta, T6E 4E8"
        found["postal"] = tail[2]
        parts.pop()
        found["state"] = parts.pop()
    elif first and len(parts) >= 2 and country not in (None, "US", "CA"):  # "..., 10115 Berlin"
        found.update(postal=first[1], city=first[2])
        parts.pop()
    elif state_code(last) and len(parts) >= 3:  # "..., City, ST"
        found["state"] = parts.pop()
    elif country not in (None, "US", "CA") and len(parts) >= 3:  # "..., City, Region"
        found["state"] = parts.pop()
    else:
        return None
    if found["city"] is None:
        if len(parts) < 2:
            return None
        found["city"] = parts.pop()
    found["street"] = ", ".join(parts)
    if PLACEHOLDER.match(found["street"]) or not re.search(r"\w", found["street"]):
        return None
    return found


# ---------------------------------------------------------------- postal codes

_TRAILING_ZIP = re.compile(r"^(?P<street>.*?)[,\s]+(?:(?P<state>[A-Za-z]{2})\s+)?(?P<zip>\d{5}(?:-\d{4})?)\s*$")


def zip_from_street(street: str | None, state: str | None) -> tuple[str | None, str | None]:
    """'1212 Main St, Columbus OH 43215' -> ('1212 Main St, Columbus', '43215') when the
    source put the ZIP in the street text; only a ZIP at the very end, after a comma, a space
    or the state's code, counts (house numbers come first)."""
    if not street:
        return street, None
    match = _TRAILING_ZIP.match(street)
    if not match or not match["street"] or not re.search(r"[A-Za-z]", match["street"]):
        return street, None
    if match["state"] and state and match["state"].upper() != state.upper():
        return street, None
    return match["street"].rstrip(" ,"), match["zip"]


def postal_code(value, country: str, record: Record) -> str | None:
    """A source's postal code, or None (reported) when it cannot be one (0, 00000, 123)."""
    from ..model import postal_problem

    code = clean(value)
    if code is None:
        return None
    if country == "US" and re.fullmatch(r"\d{1,4}", code) and code.strip("0"):
        record.changed("postal_code", f"{code!r} read as {code.zfill(5)} (a spreadsheet dropped "
                       "its leading zeros)")
        code = code.zfill(5)
    code = code.upper() if country == "CA" else code
    problem = postal_problem(code, country)
    if problem:
        record.dropped("postal_code", f"{code!r} is not a postal code; left out")
        return None
    return code


_ZIPS: dict[str, tuple[str, str, tuple[str, ...]]] = {}


def zip_facts(postal: str | None) -> tuple[str, str, tuple[str, ...]] | None:
    """(state, county, city names) of a US ZIP code, from the data inside the ``zipcodes``
    package (read once: about 40,000 codes)."""
    code = str(postal or "")[:5]
    if len(code) != 5 or not code.isdigit():
        return None
    if not _ZIPS:
        import zipcodes

        _ZIPS.update({z["zip_code"]: (z.get("state") or "", z.get("county") or "",
                                      tuple(c for c in [z.get("city") or ""] + list(z.get("acceptable_cities") or []) if c))
                      for z in zipcodes.list_all()})
    return _ZIPS.get(code)
