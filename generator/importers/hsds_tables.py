"""HSDS tabular data packages (CSV tables, or the same tables in one JSON object) -> the nested
service objects the JSON form has. Packages of HSDS 1.x and 2.0 are brought into the 3.0 shape
first, table by table, so that no table is silently left unread."""

from __future__ import annotations

import csv
import gzip
import os
import zlib

from ..exporters.streams import uncell
from .meeting_guide import GZIP_BROKEN
from .records import SourceError


def csv_tables(folder: str) -> dict[str, list[dict]]:
    tables = {}
    for name in sorted(os.listdir(folder)):
        table = name[:-4] if name.endswith(".csv") else name[:-7] if name.endswith(".csv.gz") else None
        if table is not None and table not in tables:  # a table both plain and gzipped: read once
            tables[table] = _rows(os.path.join(folder, name))
    if "services" not in tables:
        raise SourceError(os.path.basename(folder), "no services.csv in the folder; the HSDS tabular "
                          "package needs one")
    return older_tables(tables, os.path.basename(folder.rstrip("/")) or folder)


def _rows(path: str) -> list[dict]:
    """A CSV table's rows (a .csv.gz one decompressed), each with its line number."""
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = []
            for row in reader:
                # Our export (and others following OWASP) put an apostrophe before formula starts.
                row = {k: uncell(v) for k, v in row.items() if k and v not in (None, "")}
                row["__line__"] = reader.line_num
                rows.append(row)
            return rows
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise SourceError(os.path.basename(path), "cannot read the table: " + GZIP_BROKEN.format(exc)) from None
    except OSError as exc:
        raise SourceError(os.path.basename(path), f"cannot read the table: {exc.strerror}") from None


# HSDS 1.x and 2.0 tables and the 3.0 tables that hold the same facts.
OLDER = {"physical_addresses": "addresses", "postal_addresses": "addresses",
         "services_at_location": "service_at_location", "regular_schedules": "schedules",
         "accessibility_for_disabilities": "accessibility"}
WEEKDAYS = {"1": "MO", "2": "TU", "3": "WE", "4": "TH", "5": "FR", "6": "SA", "7": "SU", "0": "SU"}
# Tables of any version that say nothing the catalog has a place for; reported, never silent.
UNUSED = {"organizations", "programs", "contacts", "funding", "eligibility", "required_documents",
          "payments_accepted", "taxonomy", "taxonomies", "service_taxonomy", "services_taxonomy",
          "metadata", "meta_table_description", "meta_table_descriptions", "organization_identifiers",
          "holiday_schedules", "service_attributes", "other_attributes", "url", "urls"}


def older_tables(tables: dict[str, list[dict]], display: str) -> dict[str, list[dict]]:
    """An HSDS 1.x/2.0 package's tables in their 3.0 form: physical and postal addresses as
    addresses (with their type), services_at_location, regular_schedules' weekday as byday,
    accessibility_for_disabilities and 1.x languages. Holiday schedules have no place in the
    catalog: they are counted in the report. A table this reader does not know stops the
    import rather than being skipped unseen."""
    out: dict[str, list[dict]] = {}
    for name, rows in tables.items():
        target = OLDER.get(name, name)
        if name in ("physical_addresses", "postal_addresses"):
            rows = [{**r, "address_type": name.split("_")[0]} for r in rows]
        elif name == "regular_schedules":
            rows = [weekday_row(r, display) for r in rows]
        elif name == "accessibility_for_disabilities":
            rows = [{**r, "description": r.get("accessibility", ""), "details": r.get("details", "")}
                    for r in rows]
        elif name == "languages":
            rows = [{**r, "name": r.get("name") or r.get("language", ""),
                     "code": r.get("code") or (r.get("language", "") if len(r.get("language", "")) == 2 else "")}
                    for r in rows]
        out.setdefault(target, []).extend(rows)
    known = set(OLDER) | set(OLDER.values()) | UNUSED | {
        "services", "locations", "phones", "languages", "service_areas", "cost_options",
        "attributes", "taxonomy_terms", "accessibility", "service_at_location", "schedules"}
    strange = sorted(set(tables) - known)
    if strange:
        raise SourceError(display, f"tables this importer does not read: {', '.join(t + '.csv' for t in strange)}; "
                          "only HSDS 1.x, 2.0 and 3.0 packages are read (remove other tables, or ask "
                          "for the format to be supported)")
    return out


def weekday_row(row: dict, _display: str = "") -> dict:
    """A 1.x regular schedule ('weekday' 1-7 from Monday, or a day's name) as a 3.0 one."""
    value = str(row.get("weekday") or "").strip()
    code = WEEKDAYS.get(value) or {d[:2].upper(): d[:2].upper() for d in
                                   ("monday", "tuesday", "wednesday", "thursday", "friday",
                                    "saturday", "sunday")}.get(value[:2].upper())
    return {**row, "byday": code or value, "freq": "WEEKLY"}


def assemble(tables: dict[str, list[dict]], display: str = "") -> list[tuple[str, str, dict, dict]]:
    """Tables -> nested service objects, as the JSON form has them."""
    def by(table: str, key: str) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for row in tables.get(table, []):
            if row.get(key):
                out.setdefault(row[key], []).append(row)
        return out

    terms = {t["id"]: t for t in tables.get("taxonomy_terms", []) if t.get("id")}
    attributes = by("attributes", "link_id")
    for rows in attributes.values():
        for row in rows:
            if row.get("taxonomy_term_id") in terms:
                row["taxonomy_term"] = terms[row["taxonomy_term_id"]]
    locations = {row["id"]: dict(row) for row in tables.get("locations", []) if row.get("id")}
    for lid, location in locations.items():
        location["addresses"] = by("addresses", "location_id").get(lid, [])
        location["accessibility"] = by("accessibility", "location_id").get(lid, [])
        location["phones"] = by("phones", "location_id").get(lid, [])
        location["schedules"] = [r for r in by("schedules", "location_id").get(lid, [])
                                 if not r.get("service_id")]  # the location's own hours
    sal = tables.get("service_at_location") or tables.get("service_at_locations") or []
    sal_by_service: dict[str, list[dict]] = {}
    sal_schedules = by("schedules", "service_at_location_id")
    for row in sal:
        item = dict(row)
        item["location"] = locations.get(row.get("location_id"), {})
        item["schedules"] = sal_schedules.get(row.get("id"), []) if row.get("id") else []
        sal_by_service.setdefault(row.get("service_id"), []).append(item)
    phones, schedules = by("phones", "service_id"), by("schedules", "service_id")
    languages, areas = by("languages", "service_id"), by("service_areas", "service_id")
    costs = by("cost_options", "service_id")
    for rows in phones.values():
        for row in rows:
            row["attributes"] = attributes.get(row.get("id"), [])
    items = []
    for row in tables["services"]:
        sid = row.get("id")
        svc = dict(row)
        svc.update(phones=phones.get(sid, []), schedules=schedules.get(sid, []),
                   languages=languages.get(sid, []), service_areas=areas.get(sid, []),
                   cost_options=costs.get(sid, []), attributes=attributes.get(sid, []),
                   service_at_locations=sal_by_service.get(sid, []))
        line = svc.pop("__line__", None)
        where = f"{display or 'services.csv'}:{line}" if line else f"{display}#/services.csv/{len(items)}"
        items.append((where, "service", svc, {}))
    return items
