"""Guard over the listing's fields: each one the catalog accepts is shown on the site, exported,
read by the importers and documented for coordinators, or listed below as deliberately left out
of one of those, with the reason. A field added to model.py and forgotten elsewhere fails here."""

from __future__ import annotations

import glob
import os
import re

from generator import model
from generator.exporters import hsds
from generator.importers import csv

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LISTING = (model.Resource, model.Address, model.Phone, model.Hours, model.Session)
WHERE = {
    # the templates and the modules that make pages, sheets, side files and search documents
    "shown": ["generator/templates/**/*.html", "generator/render.py", "generator/printing.py",
              "generator/pages.py", "generator/search.py", "generator/find.py",
              "generator/side_files.py", "generator/schedule.py", "generator/places.py"],
    "exported": ["generator/exporters/*.py"],
    "importable": ["generator/importers/*.py"],
    "documented": ["content/coordinators.md", "content/data.md"],
}
# The names pages and exporters read each model through (``r.name``, ``e.res.name``, ``p.number``):
# a field counts as shown or exported only when read as an attribute of one of them, so a short
# name (``type``, ``time``, ``days``) is not found in ``dt.time`` or a dict key.
RECEIVERS = {
    "Resource": r"(?:res|r|resource|e\.res|entry\.res)",
    "Address": r"(?:address|a|res\.address|r\.address)",
    "Phone": r"(?:phone|p|call|text|first)",
    "Hours": r"(?:h|block|hours)",
    "Session": r"(?:s|session|slot)",
}
# Fields read generically from a table of names (getattr over the names; a spreadsheet column of
# the same name). Real objects, not text: a name in them must be a field of its model.
TABLES = {
    ("exported", "Resource"): hsds.LIST_FIELDS + hsds.SCALAR_FIELDS,  # HSDS attributes (hsds.py)
    ("importable", "Resource"): tuple(csv.TEMPLATE_COLUMNS),  # the spreadsheet importer's columns
    ("importable", "Address"): csv.ADDRESS_COLUMNS,
}
# Fields shown through a fact enrich.py derives from them (the pattern the pages read).
THROUGH = {
    ("Resource", "timezone"): {"shown": r"\be\.timezone\b"},  # Entry.timezone: its own or its region's
    # The street, second line, city, state and postal code: Address.line (a.line in the
    # templates' address_line, Entry.street_address and Entry.place).
    **{("Address", part): {"shown": r"\ba\.line\b|\.(?:street_address|place)\b"}
       for part in ("address_1", "address_2", "city", "state_province", "postal_code")},
    # A listing's own translations: read through Entry.translated (own() in the templates).
    ("Resource", "translations"): {"shown": r"\.translated\("},
    # Entry.regions: the resource's own list, read for every listing without reaching into it.
    ("Resource", "regions"): {"shown": r"\b(?:e|entry)\.regions\b"},
}
# (model, field) -> {aspect: why it is left out there}.
OMITTED: dict[tuple[str, str], dict[str, str]] = {
    ("Resource", "imported"): {
        "exported": "the day of an import is the catalog's own bookkeeping; exports carry a "
                    "person's check (assured_date, updated) and the source's own date only"},
    ("Resource", "translations"): {
        "exported": "the Meeting Guide feed and HSDS carry one language per record; the site's "
                    "pages in each language show the translations",
        "importable": "no feed the importers read carries a listing's text in a second language"},
    ("Resource", "formats"): {
        "exported": "a service body's own meeting formats have no code in the Meeting Guide "
                    "spec or HSDS; their names and descriptions are on the meeting page"},
    ("Address", "country"): {
        "shown": "a network's site serves one country; the country decides how phone numbers "
                 "are written (Entry.country) and goes to every export, but is not printed"},
}


def _text(patterns: list[str]) -> str:
    parts = []
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(ROOT, pattern), recursive=True)):
            with open(path, encoding="utf-8") as handle:
                parts.append(handle.read())
    return "\n".join(parts)


def uses(owner: str, field: str, aspect: str, text: str) -> bool:
    """Whether ``text`` reads the field for this aspect: shown or exported as an attribute of
    the model's receivers (or through a derived fact, or a table of names); importable as a key
    written (``["field"]``, ``"field":``, ``field=``) or a table; documented as `field` or field:."""
    f = re.escape(field)
    if field in TABLES.get((aspect, owner), ()):
        return True
    through = THROUGH.get((owner, field), {}).get(aspect)
    if through and re.search(through, text):
        return True
    if aspect == "documented":
        return re.search(rf"`{f}`|\b{f}:", text) is not None
    if aspect == "importable":
        return re.search(rf"[\"']{f}[\"']\s*[\]:]|\b{f}=", text) is not None
    return re.search(rf"(?<![\w.]){RECEIVERS[owner]}\.{f}\b", text) is not None


def gaps(fields: list[tuple[str, str]], texts: dict[str, str]) -> list[str]:
    """What is neither used nor listed as left out, and what is listed but used after all."""
    out = []
    for owner, field in fields:
        omitted = OMITTED.get((owner, field), {})
        for aspect, text in texts.items():
            used = uses(owner, field, aspect, text)
            if not used and aspect not in omitted:
                out.append(f"{owner}.{field} is not {aspect}")
            if used and aspect in omitted:
                out.append(f"{owner}.{field} is listed as not {aspect}, but it is")
    return out


def test_every_listing_field_is_used_everywhere_or_left_out_on_purpose():
    """Shown, exported, importable and documented, unless OMITTED says why not."""
    fields = [(cls.__name__, name) for cls in LISTING for name in cls.model_fields]
    texts = {aspect: _text(patterns) for aspect, patterns in WHERE.items()}
    assert gaps(fields, texts) == []


def test_a_forgotten_field_is_named():
    """A field no output, importer or page mentions is reported once per place it is missing."""
    texts = {aspect: _text(patterns) for aspect, patterns in WHERE.items()}
    assert gaps([("Resource", "sponsor_code")], texts) == [
        "Resource.sponsor_code is not shown", "Resource.sponsor_code is not exported",
        "Resource.sponsor_code is not importable", "Resource.sponsor_code is not documented"]


def test_a_short_name_is_not_found_in_unrelated_text():
    """``dt.time``, a dict key or a word in prose do not count as showing Session.time or
    Phone.type; reading them through their model's names does."""
    assert not uses("Session", "time", "shown", "start = dt.time(12)\nkinds = {'time': 1}")
    assert uses("Session", "time", "shown", "{{ s.time }}")
    assert not uses("Phone", "type", "exported", 'row["type"] = res.category\nkind.type')
    assert uses("Phone", "type", "exported", "PHONE_TYPE[phone.type]")
    assert not uses("Phone", "keyword", "importable", "print(record.keyword)")
    assert uses("Phone", "keyword", "importable", 'phone["keyword"] = value')


def test_the_tables_name_only_real_fields():
    """Every name in a field table is a field of its model (or, for the spreadsheet, one of
    its columns that the importer maps onto other fields), so a typo cannot count as a use."""
    fields = {cls.__name__: set(cls.model_fields) for cls in LISTING}
    mapped = {"region", "phone", "phone_extension", "intake_phone", "crisis_phone", "text_phone",
              "text_keyword", "tty_phone", "fax", "hours", "schedule", *csv.ADDRESS_COLUMNS}
    for (aspect, owner), names in TABLES.items():
        extra = set(names) - fields[owner] - (mapped if (aspect, owner) == ("importable", "Resource") else set())
        assert extra == set(), (aspect, owner)
