"""Guard over the listing's fields: each one the catalog accepts is shown on the site, exported,
read by the importers and documented for coordinators, or listed below as deliberately left out
of one of those, with the reason. A field added to model.py and forgotten elsewhere fails here."""

from __future__ import annotations

import glob
import os
import re

from generator import model

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
# (model, field) -> {aspect: why it is left out there}.
OMITTED: dict[tuple[str, str], dict[str, str]] = {
    ("Resource", "imported"): {
        "exported": "the day of an import is the catalog's own bookkeeping; exports carry a "
                    "person's check (assured_date, updated) and the source's own date only"},
    ("Resource", "formats"): {
        "exported": "a service body's own meeting formats have no code in the Meeting Guide "
                    "spec or HSDS; their names and descriptions are on the meeting page"},
    ("Address", "address_2"): {
        "shown": "pages read the whole address through Address.line (model.py), which joins it"},
}


def _text(patterns: list[str]) -> str:
    parts = []
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(ROOT, pattern), recursive=True)):
            with open(path, encoding="utf-8") as handle:
                parts.append(handle.read())
    return "\n".join(parts)


def uses(field: str, aspect: str, text: str) -> bool:
    """Whether ``text`` reads the field: ``.field``, ``"field"``, or in Markdown `field` or field:."""
    if aspect == "documented":
        return re.search(rf"`{re.escape(field)}`|\b{re.escape(field)}:", text) is not None
    return re.search(rf"[.\"'`]{re.escape(field)}\b", text) is not None


def gaps(fields: list[tuple[str, str]], texts: dict[str, str]) -> list[str]:
    """What is neither used nor listed as left out, and what is listed but used after all."""
    out = []
    for owner, field in fields:
        omitted = OMITTED.get((owner, field), {})
        for aspect, text in texts.items():
            used = uses(field, aspect, text)
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
