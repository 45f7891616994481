"""What the filters on region, find and meetings pages read: compact data-* attributes per listing
and the options each page's filter panel offers.

Values are ids from the catalog's fixed vocabularies, numbers and times, never free text, and are
escaped all the same. Meeting Guide type codes also feed the language, population and
accessibility filters, so a meeting marked S (Spanish) is found under "Spanish".

A row leaves out what would be the same on every row of a page: attendance in person (the default
find.js reads), and a time zone or category its list carries once as the list's own data-tz /
data-cat (find.js reads the nearest ancestor's). 100,000 rows in two languages, twice (region page
and sheet), made these some 28 MB.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import schedule, vocab
from .enrich import Entry
from .i18n import Translator

TYPE_LANGUAGES = {
    "AF": "af", "AM": "am", "AR": "ar", "BG": "bg", "DA": "da", "DE": "de", "EL": "el", "EN": "en",
    "FA": "fa", "FI": "fi", "FR": "fr", "HE": "he", "HI": "hi", "HR": "hr", "HU": "hu", "IS": "is",
    "ITA": "it", "JA": "ja", "KA": "ka", "KOR": "ko", "LT": "lt", "ML": "ml", "MT": "mt", "NE": "ne",
    "NL": "nl", "NO": "no", "POL": "pl", "POR": "pt", "PUN": "pa", "RUS": "ru", "S": "es", "SK": "sk",
    "SL": "sl", "SV": "sv", "TH": "th", "TL": "tl", "TUR": "tr", "UK": "uk",
}
TYPE_POPULATIONS = {"W": "women", "M": "men", "LGBTQ": "lgbtq", "G": "lgbtq", "L": "lgbtq", "BI": "lgbtq",
                    "T": "lgbtq", "NB": "lgbtq", "Y": "young-adults", "SEN": "seniors"}
TYPE_ACCESS = {"X": "wheelchair", "XB": "accessible-restroom", "ASL": "asl"}
# Type codes offered as meeting-type checkboxes, in this order, when a page has them; languages
# and populations have their own filters.
TYPE_CHOICES = ("O", "C", "W", "M", "LGBTQ", "Y", "BE", "X", "ASL", "SP", "D", "ST", "B", "MED",
                "CF", "BA", "A", "RN-MOUD", "RN-FAM")
TIMES_OF_DAY = {
    "morning": vocab.N_("Morning (before noon)"),
    "midday": vocab.N_("Midday (noon to 5 pm)"),
    "evening": vocab.N_("Evening (5 to 9 pm)"),
    "night": vocab.N_("Night (after 9 pm)"),
}
# What find.js reads for a row without data-att.
DEFAULT_ATTENDANCE = "in-person"
# What a row may leave to its list: find.js resolves a missing one from the nearest ancestor.
INHERITED = ("cat", "tz")


def attendance(entry: Entry) -> str:
    """In person, online or hybrid for every listing, not only meetings."""
    if entry.attendance:
        return entry.attendance
    return "online" if entry.res.online_only else "in-person"


@functools.lru_cache(maxsize=None)
def _entry_fields(entry: Entry) -> tuple[tuple[str, str], ...]:
    res = entry.res
    types = list(res.types)
    languages = sorted(set(res.languages) | {TYPE_LANGUAGES[t] for t in types if t in TYPE_LANGUAGES})
    populations = sorted(set(res.populations) | {TYPE_POPULATIONS[t] for t in types if t in TYPE_POPULATIONS})
    access = sorted(set(res.accessibility) | {TYPE_ACCESS[t] for t in types if t in TYPE_ACCESS})
    att = attendance(entry)
    fields = [("id", res.id), ("cat", res.category), ("prog", res.program or ""),
              ("types", " ".join(types)), ("lang", " ".join(languages)), ("pay", " ".join(res.payment)),
              ("pop", " ".join(populations)), ("acc", " ".join(access)),
              ("att", "" if att == DEFAULT_ATTENDANCE else att),
              ("walk", "" if res.walk_in is None else str(int(res.walk_in))),
              ("new", "" if res.accepting_new_clients is None else str(int(res.accepting_new_clients))),
              # Four decimals are 11 m at most: plenty to sort by distance, two bytes a row less.
              ("geo", f"{res.latitude:.4f},{res.longitude:.4f}" if res.latitude is not None else ""),
              ("h", entry.hours_code), ("from", res.valid_from.isoformat() if res.valid_from else ""),
              ("to", res.valid_to.isoformat() if res.valid_to else ""),
              ("status", "" if res.status == "active" else res.status)]
    return tuple((k, v) for k, v in fields if v)


def data_attributes(entry: Entry, session=None, inherit: dict[str, str] | None = None,
                    geo: bool = True) -> Markup:
    """The data-* attributes one listing (or one meeting time, given ``session``) carries; the
    time zone only where there are times to read in it, and neither it nor the category when the
    row's list carries the same (``inherit``, written on the list by ``list_attributes``).
    ``geo=False`` leaves out the coordinates where nothing measures distance (a sheet)."""
    fields = [(k, v) for k, v in _entry_fields(entry) if geo or k != "geo"]
    sessions = [session] if session is not None else entry.res.schedule
    if sessions:
        fields.append(("s", schedule.slots_code(sessions)))
    if sessions or entry.res.hours:
        fields.append(("tz", entry.timezone))
    if inherit:
        fields = [(k, v) for k, v in fields if k not in INHERITED or inherit.get(k) != v]
    return Markup("".join(f' data-{k}="{escape(v)}"' for k, v in fields))


def list_attributes(inherit: dict[str, str]) -> Markup:
    """The data-* attributes a list of rows carries for them (see ``INHERITED``)."""
    return Markup("".join(f' data-{k}="{escape(v)}"' for k, v in inherit.items() if k in INHERITED and v))


@dataclass
class Option:
    value: str
    label: str


def _present(values, table: dict[str, str], translate) -> list[Option]:
    found = {v for v in values if v in table}
    return sorted((Option(v, translate(table[v])) for v in found), key=lambda o: o.label.casefold())


def panel_options(entries: list[Entry], translator: Translator) -> dict[str, list[Option]]:
    """For each filter, the choices that some listing on the page has (sorted by label)."""
    _ = translator.gettext
    fields = [dict(_entry_fields(e)) for e in entries]

    def split(key: str):
        return [v for f in fields for v in f.get(key, "").split()]

    languages = {v: translator.locale.languages.get(v, v) for v in split("lang")}
    meetings = [e for e in entries if e.is_meeting]
    present_types = {t for e in meetings for t in e.res.types}
    type_table = translator.meeting_types
    return {
        "cat": _present([e.res.category for e in entries], vocab.CATEGORIES, _),
        "prog": _present([e.res.program for e in meetings], vocab.PROGRAMS, _),
        "type": [Option(t, type_table[t]) for t in TYPE_CHOICES if t in present_types],
        "lang": sorted((Option(k, v) for k, v in languages.items()), key=lambda o: o.label.casefold()),
        "pay": _present(split("pay"), vocab.PAYMENT, _),
        "pop": _present(split("pop"), vocab.POPULATIONS, _),
        "acc": _present(split("acc"), vocab.ACCESSIBILITY, _),
        "att": [Option(k, _(v)) for k, v in vocab.ATTENDANCE.items()
                if k in {attendance(e) for e in entries} or k == "hybrid" and meetings],
        "day": [Option(k, _(v)) for k, v in vocab.DAYS.items()],
        "tod": [Option(k, _(v)) for k, v in TIMES_OF_DAY.items()],
        "walk": [Option("1", _("Walk-ins welcome"))] if any(f.get("walk") == "1" for f in fields) else [],
        "new": [Option("1", _("Accepting new clients"))] if any(f.get("new") == "1" for f in fields) else [],
        "timed": [Option("1", "")] if any(e.res.schedule or e.res.hours or e.res.always_open
                                         for e in entries) else [],
        "geo": [Option("1", "")] if any(e.res.latitude is not None for e in entries) else [],
    }


def script_strings(translator: Translator, unit: str) -> dict[str, str | dict[str, str]]:
    """Interface text find.js, schedule.js and share.js show, translated; {name} marks a value."""
    _ = translator.gettext
    return {
        # By CLDR plural category (one, many, other...): the script picks with Intl.PluralRules,
        # the words come from the catalogue's plural forms for a number of that category.
        "count": {category: translator.ngettext("Showing {shown} of {total} listing",
                                                "Showing {shown} of {total} listings", number)
                  for category, number in translator.plural_samples.items()},
        "all": _("Showing all {total} listings"),
        "none": _("Nothing matches these filters."),
        "relax": _("Nothing matches all of these filters. Remove one to see more:"),
        "remove": _("Remove “{filter}” ({count})"),
        "clear": _("Clear all filters"),
        "noFilters": _("none on"),
        "inProgress": _("In progress, ends in {min} min"),
        "soon": _("Starts in {min} min"),
        "yourTime": _("{time} your time"),
        "distance": "{n} " + (_("mi") if unit == "mi" else _("km")),
        "near": _("Near {place}"),
        "nearMe": _("Near your location"),
        "unknownPlace": _("“{text}” is not a ZIP code or town in this area. Try a 5-digit ZIP code."),
        "locating": _("Finding your location…"),
        "noLocation": _("Your location is not available. Type a ZIP code or town instead."),
        "placesMissing": _("Place names could not be loaded. Use your location instead."),
        "copied": _("Link copied. Paste it into a text message or email."),
        "copyFailed": _("Copy the link from the address bar."),
        "shared": _("Shared."),
        "openNow": _("Open now"),
    }
