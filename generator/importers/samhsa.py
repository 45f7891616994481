"""The SAMHSA National Directory of Substance Use Treatment Facilities (workbook or CSV) ->
catalog entries.

Each facility's ``service_code_info`` lists codes by category; the meaning of every code comes
from the service-code reference sheet shipped with the file (the workbook's second sheet, or
the ``*Service_Code_Reference*.csv`` beside a CSV). Codes are mapped to our category, payment,
populations, languages and accessibility; the names of the rest go into the description.
"""

from __future__ import annotations

import csv
import glob
import gzip
import hashlib
import io
import os
import re
from collections import Counter
from dataclasses import dataclass

from .. import text
from .addresses import make_address, state_code
from .records import Context, Record, Source, SourceError, clean, dates, split_phone, title_case
from .regions import Place, place_record

KIND = "SAMHSA National Directory"
COLUMNS = ("name1", "name2", "street1", "street2", "city", "state", "zip", "phone", "intake1",
           "intake2", "intake1a", "intake2a", "service_code_info")
CLEARS = frozenset({"phones", "payment", "populations", "languages", "accessibility", "address"})

# For facilities that give addiction care (or say nothing of their type of care): the first
# group a facility has codes from decides its category. Order matters.
CATEGORY_RULES = (
    ("moud", {"OTP", "OMB", "MM", "BUM", "UB", "UN", "METH", "BWN", "BWON", "VTRL"}),
    ("detox", {"HID", "RD", "OD"}),
    ("residential", {"RES", "RS", "RL", "HIT", "HI"}),
    ("recovery-housing", {"HH"}),
    ("outpatient", {"OP", "ORT", "OIT", "ODT"}),
    ("detox", {"DT"}),
)
# Type-of-care codes (reference category TC) by what their names say they treat: the Mental
# Health directory's MH, the Substance Use directory's SA, DT, HH and SUMH (co-occurring).
ADDICTION_CARE = re.compile(r"substance|detox|alcohol|drug|opioid|sober|halfway", re.I)
MENTAL_CARE = re.compile(r"mental", re.I)
PAYMENT = {"MD": "medicaid", "MC": "medicare", "PI": "private-insurance", "SF": "self-pay",
           "MI": "military", "SI": "state-funded", "FSA": "state-funded", "SAMF": "state-funded",
           "SS": "sliding-scale", "PA": "payment-assistance", "NP": "free"}
POPULATIONS = {"WN": "women", "MN": "men", "AD": "youth", "TAY": "young-adults", "SE": "seniors",
               "VET": "veterans", "GL": "lgbtq", "PW": "pregnant", "CJ": "justice-involved"}
LANGUAGES = {"SP": "es", "F4": "ar", "F17": "zh", "F19": "ht", "F25": "fa", "F28": "fr",
             "F30": "de", "F31": "el", "F35": "he", "F36": "hi", "F42": "it", "F43": "ja",
             "F47": "ko", "F66": "pl", "F67": "pt", "F70": "ru", "F81": "tl", "F92": "vi",
             "N24": "oj"}
ACCESSIBILITY = {"AH": "asl"}
# Reference categories whose names make up the description, in this order.
DESCRIBED = (("TC", "Type of care"), ("SET", "Setting"), ("OM", "Medications for opioid use disorder"),
             ("SG", "Special programs"), ("RSS", "Recovery support"), ("EXCL", "Exclusive services"))



@dataclass
class Codes:
    """The service-code reference: code -> (category code, service name)."""

    names: dict[str, tuple[str, str]]

    @classmethod
    def from_rows(cls, rows) -> "Codes":
        names = {}
        for row in rows:
            code = clean(row.get("service_code"))
            if code:
                names[code] = (clean(row.get("category_code")) or "",
                               clean(row.get("service_name")) or code)
        if not names:
            raise SourceError("service codes", "the service-code reference has no codes")
        return cls(names)


def read(path: str, ctx: Context) -> Source:
    display = os.path.basename(path)
    if path.lower().endswith((".xlsx", ".xlsm")):
        rows, codes = _workbook(path, display)
    else:
        rows, codes = _csv(path, display)
    seen: dict[tuple, str] = {}
    unknown: Counter = Counter()
    records = []
    for position, row in rows:
        record = facility(row, position, ctx, codes, unknown)
        if record.data is not None:
            key = _dedupe_key(row)
            if key in seen:
                record.skip(f"duplicate of {seen[key]} (same name, street and ZIP code)",
                            "a duplicate of an earlier row (same name, street and ZIP code)")
            else:
                seen[key] = position
        records.append(record)
    if unknown and records:
        listed = ", ".join(f"{c} ({n})" for c, n in sorted(unknown.items()))
        records[0].dropped("service_code_info", f"codes not in the reference sheet, left out: {listed}")
    return Source(display, KIND, records, Counter(), CLEARS)


def _dedupe_key(row: dict) -> tuple:
    return tuple((clean(row.get(k)) or "").casefold() for k in ("name1", "name2", "street1", "city", "zip"))


def _workbook(path: str, display: str):
    try:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SourceError(display, f"cannot open the workbook: {exc}") from None
    sheets = book.sheetnames
    facilities = next((s for s in sheets if "facilit" in s.lower()), sheets[0])
    reference = next((s for s in sheets if "code" in s.lower()), None)
    if reference is None:
        raise SourceError(display, "the workbook has no 'Service Code Reference' sheet")
    codes = Codes.from_rows(_sheet_rows(book[reference], display, reference))
    rows = [(f"{display}:{facilities}!row {number}", row)
            for number, row in _numbered(book[facilities], display, facilities)]
    book.close()
    return rows, codes


def _sheet_rows(sheet, display: str, name: str):
    return [row for _number, row in _numbered(sheet, display, name)]


def _numbered(sheet, display: str, name: str):
    values = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(values, [])]
    if not header or not any(header):
        raise SourceError(f"{display}:{name}", "the sheet is empty")
    for number, row in enumerate(values, start=2):
        if row and any(v not in (None, "") for v in row):
            yield number, {h: ("" if v is None else str(v)) for h, v in zip(header, row)}


def _open_text(path: str, display: str):
    try:
        raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    except OSError as exc:
        raise SourceError(display, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _csv(path: str, display: str):
    reader = csv.DictReader(io.StringIO(_open_text(path, display), newline=""))
    missing = [c for c in ("name1", "street1", "city", "state", "zip", "service_code_info")
               if c not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(f"{display}:1", f"missing columns {', '.join(missing)}; this does not look "
                          "like the SAMHSA facilities list")
    rows = [(f"{display}:{reader.line_num}", row) for row in reader]
    folder = os.path.dirname(os.path.abspath(path))
    candidates = sorted(glob.glob(os.path.join(folder, "*[Cc]ode*[Rr]eference*.csv")))
    if not candidates:
        raise SourceError(display, "the service-code reference sheet (…Service_Code_Reference.csv) "
                          "must be in the same folder: the codes mean nothing without it")
    reference = csv.DictReader(io.StringIO(_open_text(candidates[0], candidates[0]), newline=""))
    return rows, Codes.from_rows(reference)


def facility(row: dict, position: str, ctx: Context, codes: Codes, unknown: Counter) -> Record:
    record = Record(position)
    name1, name2 = title_case(clean(row.get("name1"))), title_case(clean(row.get("name2")))
    if not name1:
        return record.skip("no facility name (name1)", "no facility name (name1)")
    street, city = title_case(clean(row.get("street1"))), title_case(clean(row.get("city")))
    state = clean(row.get("state"))
    address = make_address(record, street, city, state, row.get("zip"), "US",
                           title_case(clean(row.get("street2"))))
    if address is None:
        why = "; ".join(n.message for n in record.notes if n.field in ("address", "postal_code"))
        return record.skip(f"{name1!r}: no usable address ({why})", "no usable address")
    name = f"{name1} – {name2}" if name2 and name2.casefold() != name1.casefold() else name1
    found = _codes(clean(row.get("service_code_info")) or "", codes, unknown)
    digest = hashlib.sha1("|".join(_dedupe_key(row)).encode("utf-8")).hexdigest()[:6]
    data: dict = {
        "id": f"{text.slugify(name)[:60].strip('-') or 'facility'}-{digest}",
        "name": name[:300],
        "category": category(found, codes),
        "address": address,
    }
    if not place_record(record, data, ctx.matcher, Place(state=state_code(state), city=city)):
        return record
    description = _description(found, codes)
    if description:
        data["description"] = description
    phones = _phones(row, record)
    if phones:
        data["phones"] = phones
    for key, table in (("languages", LANGUAGES), ("payment", PAYMENT), ("populations", POPULATIONS),
                       ("accessibility", ACCESSIBILITY)):
        values = sorted({table[c] for c in found if c in table})
        if key == "languages":
            values = ["en"] + [v for v in values if v != "en"]
        if values:
            data[key] = values
    dates(data, None, ctx, record)  # the directory gives no date per facility
    data["source"] = ctx.source_label
    record.data = data
    return record


def category(found: set[str], codes: Codes) -> str:
    """Our category from the facility's codes: a facility whose type of care is mental health
    only is mental health, whatever its settings (outpatient, residential) are; addiction care
    is sorted by setting and medication (CATEGORY_RULES)."""
    care = [codes.names[c][1] for c in found if codes.names[c][0] == "TC"]
    addiction = any(ADDICTION_CARE.search(name) for name in care)
    if care and not addiction:
        return "mental-health" if any(MENTAL_CARE.search(name) for name in care) else "other"
    return next((cat for cat, group in CATEGORY_RULES if found & group), "other")


def _codes(info: str, codes: Codes, unknown: Counter) -> set[str]:
    found = set()
    for code in info.replace("*", " ").split():
        if code in codes.names:
            found.add(code)
        else:
            unknown[code] += 1
    return found


def _description(found: set[str], codes: Codes) -> str:
    # Grouped from the facility's own codes (about 30), not by walking the whole reference
    # sheet once per category for each of 12,000 facilities.
    by_category: dict[str, list[str]] = {}
    for code in found:
        category, name = codes.names[code]
        by_category.setdefault(category, []).append(name)
    parts = []
    for category, title in DESCRIBED:
        names = sorted(by_category.get(category, ()))
        if names:
            parts.append(f"**{title}:** {'; '.join(names)}.")
    return " ".join(parts)[:2000]


def _phones(row: dict, record: Record) -> list[dict]:
    """Main number, then intake numbers; '256-734-4688 x3971' gives number and extension, and a
    vanity number (888-PARNEXT) stays as written (pages show its digits)."""
    phones, seen = [], set()
    for column, kind in (("phone", "main"), ("intake1", "intake"), ("intake2", "intake"),
                         ("intake1a", "intake"), ("intake2a", "intake")):
        number, extension = split_phone(row.get(column))
        if not number:
            continue
        key = (re.sub(r"\D", "", number), extension)
        if key in seen:
            continue
        seen.add(key)
        phone = {"type": kind, "number": number}
        if extension and extension.strip("0"):
            phone["extension"] = extension
        if re.search(r"[A-Za-z]", number):
            phone["description"] = f"Dial {number}"
        phones.append(phone)
    return phones
