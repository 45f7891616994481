"""Imported records -> catalog files: check each against the model, merge with what is already
committed (by stable id, keeping fields added by hand), and write YAML ready to commit.

Files are merged as text: entries that did not change keep their exact lines, comments
included, so re-importing the same feed changes nothing and a newer feed gives a small diff.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from .. import load, roundtrip
from ..meeting_types import MEETING_TYPES
from ..model import MEETING_ONLY, Resource
from ..vocab import EXTRA_MEETING_TYPES
from .. import yamlout
from . import bases
from .index import CatalogIndex
from .records import Note, Record, Source, SourceError

# The order of the annotated example on the coordinators' page: what, where, how to reach, when.
FIELD_ORDER = ["id", "name", "alternate_name", "category", "program", "regions", "description", "status",
               "address", "online_only", "location", "location_notes", "latitude", "longitude",
               "phones", "url", "email", "conference_url", "conference_url_notes", "conference_phone",
               "conference_phone_notes", "schedule", "by_appointment", "types", "formats", "timezone",
               "valid_from", "valid_to", "hours", "hours_notes", "always_open", "languages", "payment",
               "populations", "accessibility", "walk_in", "accepting_new_clients", "last_verified",
               "verified_by", "imported", "source_updated", "source", "source_url"]
FIELD_ORDER += [f for f in Resource.model_fields if f not in FIELD_ORDER]
REQUIRED = {"id", "name", "category", "regions"}
HEADER = ("# yaml-language-server: $schema={schema}\n"
          "# Imported with `navigator import`. Re-importing updates entries by id and keeps fields\n"
          "# added by hand; see the coordinators' page.\n")


# ---------------------------------------------------------------- checking one record

def finalize(record: Record, country: str) -> None:
    """Make ``record.data`` valid for the catalog model: optional values the model refuses are
    left out (and noted); a record missing something required is skipped with the reason."""
    data = record.data
    if data is None:
        return
    for _attempt in range(20):
        problems = _meeting_rules(data, record)
        if problems:
            record.skip(problems)
            return
        try:
            Resource.model_validate(data, context={"country": _country(data, country)})
            return
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        fatal = []
        for error in errors:
            loc = tuple(error["loc"])
            if not _drop(data, loc):
                where = ".".join(str(p) for p in loc)
                fatal.append(f"{where + ': ' if where else ''}{error['msg']}")
            else:
                record.dropped(_name(loc), f"{error['msg']}; left out")
        if fatal:
            record.skip("; ".join(dict.fromkeys(fatal)))
            return
    record.skip("too many invalid values")


def _country(data: dict, default: str) -> str:
    address = data.get("address")
    return address.get("country", default) if isinstance(address, dict) else default


def _name(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _drop(data: dict, loc: tuple) -> bool:
    """Remove the optional value at ``loc`` (a whole list item for nested errors); False when
    the value is required, so the record cannot be imported."""
    if not loc or loc[0] in REQUIRED or loc[0] == "address":
        return False
    key = loc[0]
    if key not in data:
        return False
    if isinstance(data[key], list) and len(loc) > 1 and isinstance(loc[1], int):
        items = data[key]
        if loc[1] < len(items):
            del items[loc[1]]
        if not items:
            del data[key]
        return True
    if key in ("latitude", "longitude"):
        data.pop("latitude", None)
        data.pop("longitude", None)
        return True
    del data[key]
    return True


def _meeting_rules(data: dict, record: Record) -> str | None:
    """The checks validate.py makes across fields of a meeting, applied before writing."""
    if data.get("category") != "meeting":
        for name in MEETING_ONLY:
            if data.get(name) not in (None, [], False):
                record.dropped(name, "is only for meetings; left out")
                data.pop(name)
        return None
    if not data.get("program"):
        return "a meeting needs its program (aa, na, smart, ...): pass --program"
    types = data.get("types") or []
    kept = [t for t in dict.fromkeys(types) if t in MEETING_TYPES or t in EXTRA_MEETING_TYPES]
    if kept != types:
        for code in types:
            if code not in kept:
                record.dropped("types", f"{code!r} is not a Meeting Guide type code; left out")
        data["types"] = kept
    if "types" in data and not data["types"]:
        data.pop("types")
    if not data.get("schedule") and not data.get("by_appointment"):
        return "no day and time, and not marked as by appointment"
    if data.get("online_only") and not (data.get("conference_url") or data.get("conference_phone")):
        return "no address and no way to join online (conference_url or conference_phone)"
    return None


# ---------------------------------------------------------------- the outcome

@dataclass
class Outcome:
    source: Source
    files: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Record] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (file, id) not in the source
    kept: list[tuple[str, str, str]] = field(default_factory=list)  # hand edits: (id, field, source)
    deleted: bool = False  # entries no longer in the source were removed (``missing`` names them)

    @property
    def imported(self) -> int:
        """Source records taken in (several may make up one entry)."""
        return len(self.source.records) - len(self.skipped)

    @property
    def entries(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged)

    def notes(self) -> list[Note]:
        return [n for r in self.source.records for n in r.notes]

    def lines(self, verbose: bool = False) -> list[str]:
        """The report a coordinator reads (report.py): counts, skips grouped by reason with
        their source positions, values left out or changed, and changes to the catalog."""
        from . import report

        return report.text(report.build(self), verbose)

    def markdown(self) -> str:
        from . import report

        return report.markdown(report.build(self))


# ---------------------------------------------------------------- merging and writing

def apply(source: Source, index: CatalogIndex, out_pattern: str, schema_path: str | None,
          dry_run: bool = False, remove_missing: bool = False) -> Outcome:
    """Merge ``source`` into the file(s) named by ``out_pattern`` ('{region}' gives one file per
    region) and write them. ``remove_missing``: entries of those files that the source no
    longer has are taken out (a mirror of another site's feed, where nobody edits by hand)."""
    outcome = Outcome(source, deleted=remove_missing)
    seen: dict[str, str] = {}
    targets = _existing_targets(index, out_pattern)
    plan: dict[str, list[dict]] = {}
    for record in source.records:
        if record.data is None:
            if record.skipped:
                outcome.skipped.append(record)
            continue
        rid = record.data["id"]
        if rid in seen:
            record.skip(f"duplicate of the record at {seen[rid]} (same id {rid!r})",
                        "the same id as an earlier record in the source")
            outcome.skipped.append(record)
            continue
        seen[rid] = record.position
        owner = targets.get(rid)
        if owner is None and rid in index.ids:
            where = index.ids[rid]
            record.skip(f"id {rid!r} is already used in {where[0]}:{where[1]}",
                        "the id is already used by another catalog file")
            outcome.skipped.append(record)
            continue
        path = owner or out_pattern.replace("{region}", record.data["regions"][0])
        plan.setdefault(path, []).append(record.data)
    if remove_missing:  # a file whose every entry left the source is emptied too
        for path in set(targets.values()):
            plan.setdefault(path, [])
    records_by_id = {r.data["id"]: r for r in source.records if r.data is not None}
    for path in sorted(plan):
        full = os.path.join(index.root_dir, path)
        base = bases.read(full)
        text = _merge_file(full, path, plan[path], source, outcome, records_by_id, schema_path,
                           index.country, base, remove_missing)
        if not dry_run:
            os.makedirs(os.path.dirname(full) or ".", exist_ok=True)
            with open(full, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            bases.write(full, base, {e["id"]: e for e in plan[path]}, canon)
        outcome.files.append(path)
    return outcome


def _existing_targets(index: CatalogIndex, out_pattern: str) -> dict[str, str]:
    """Ids already in a file the import writes to, so an entry is updated where it lives."""
    pattern = out_pattern.replace("{region}", "*")
    matches = {os.path.relpath(p, index.root_dir).replace(os.sep, "/")
               for p in glob.glob(os.path.join(index.root_dir, pattern))}
    return {rid: where[0] for rid, where in index.ids.items() if where[0] in matches}


def _merge_file(full: str, display: str, entries: list[dict], source: Source, outcome: Outcome,
                records: dict[str, Record], schema_path: str | None, country: str,
                base: dict[str, dict], remove_missing: bool = False) -> str:
    existing = None
    if os.path.exists(full):
        existing = load.read(full, display, positions=True)
        if existing.problems:
            raise SourceError(display, f"cannot merge into a file with problems: {existing.problems[0]}; "
                              "fix it (navigator validate) and import again")
    blocks = _Blocks(existing, full, schema_path)
    old = blocks.entries()
    incoming = {e["id"]: e for e in entries}
    for position, (rid, old_data) in enumerate(old):
        new = incoming.pop(rid, None)
        if new is None:
            outcome.missing.append((display, rid))
            if remove_missing:
                blocks.remove(position)
                base.pop(rid, None)
            continue
        merged, kept = merge_entry(old_data, new, source.clears, base.get(rid))
        outcome.kept += [(rid, name, _brief(new.get(name))) for name in kept]
        changed = [k for k in _keys(merged, old_data) if canon(merged.get(k), k) != canon(old_data.get(k), k)]
        if not changed:
            outcome.unchanged.append(rid)
            continue
        try:
            Resource.model_validate(merged, context={"country": _country(merged, country)})
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            records[rid].note(_name(tuple(error["loc"])), f"could not update {rid}: {error['msg']}; "
                              "the entry was left as it was")
            outcome.unchanged.append(rid)
            continue
        blocks.replace(position, ordered(merged))
        outcome.updated.append((rid, changed))
    for rid, new in incoming.items():
        blocks.append(ordered(new))
        outcome.added.append(rid)
    return blocks.text()


def merge_entry(old: dict, new: dict, clears: frozenset[str],
                base: dict | None = None) -> tuple[dict, list[str]]:
    """The committed entry updated from the source, and the fields where a coordinator's hand
    edit was kept. The source's values win, and fields it is the authority on disappear when
    it no longer has them, except where the committed value differs from what the last import
    wrote (``base``, from bases.py): that is a hand edit, and it stays. Fields the source does
    not have are never touched."""
    merged, kept = dict(old), []

    def edited(key: str) -> bool:
        return base is not None and bases.digest(canon(old.get(key), key)) != base.get(key)

    for key, value in new.items():
        if key == "regions" and old.get("regions"):
            continue  # a coordinator may have moved the entry to a more precise region
        if key == "imported" and (old.get("imported") or old.get("last_verified")):
            continue  # the first import's date stays; a listing a person checked stays checked
        if key == "last_verified" and old.get("last_verified"):
            value = max(str(old["last_verified"]), str(value))
            value = dt.date.fromisoformat(value)
        elif edited(key) and canon(value, key) != canon(old.get(key), key):
            kept.append(key)
            continue
        merged[key] = value
    for key in clears:
        if key not in new and key in old:
            if edited(key) or (base is not None and key not in base):
                kept.append(key)  # added or changed by hand since the last import
                continue
            merged.pop(key, None)
    return merged, kept


def _brief(value) -> str:
    shown = "nothing" if value in (None, [], "") else str(canon(value))
    return shown if len(shown) <= 80 else shown[:79] + "…"


def _keys(a: dict, b: dict) -> list[str]:
    return ordered({**{k: None for k in b}, **{k: None for k in a}}).keys()  # type: ignore[return-value]


def ordered(data: dict) -> dict:
    """Fields in the order of the catalog format, so files read the same way everywhere."""
    known = {k: data[k] for k in FIELD_ORDER if k in data}
    return {**known, **{k: v for k, v in data.items() if k not in known}}


def canon(value, key: str = ""):
    """A form in which a value read from YAML and one made by an importer compare equal."""
    if isinstance(value, dict):
        return {k: canon(v, k) for k, v in value.items() if v not in (None, [], "")}
    if isinstance(value, list):
        return [canon(v, key) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return None
    if key in ("latitude", "longitude", "south", "north", "east", "west"):
        try:
            return repr(float(value))
        except ValueError:
            pass
    return str(value).strip()


# ---------------------------------------------------------------- YAML text

def dump_entries(entries: list[dict], indent: str = "  ") -> list[str]:
    """Each entry as a block of YAML lines for a ``resources:`` list indented by ``indent``."""
    return yamlout.entries(entries, indent)


class _Blocks:
    """A catalog file as text cut into its resource entries, so single entries can be replaced
    and new ones appended while every other line stays exactly as it was."""

    def __init__(self, parsed: load.Parsed | None, full_path: str, schema_path: str | None):
        self.parsed = parsed
        self.indent = "  "
        self.pending: list[dict] = []
        schema = os.path.relpath(schema_path, os.path.dirname(full_path)).replace(os.sep, "/") \
            if schema_path else None
        if parsed is None:
            self.head = (HEADER.format(schema=schema) if schema else "") + "\nresources:\n"
            self.lines, self.spans, self.tail = [], [], ""
            return
        lines = parsed.text.splitlines(keepends=True)  # type: ignore[attr-defined]
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        data = parsed.data if isinstance(parsed.data, dict) else {}
        items = data.get("resources") if isinstance(data.get("resources"), list) else []
        starts = [parsed.positions[("resources", i)] for i in range(len(items))]
        if not starts:
            kept = [l for l in lines if not re.match(r"^resources:\s*(\[\s*\])?\s*$", l)]
            self.head = "".join(kept).rstrip("\n") + "\n\nresources:\n"
            self.lines, self.spans, self.tail = [], [], ""
            return
        self.indent = " " * max(0, starts[0][1] - 3)
        key_lines = sorted(pos[0] for loc, pos in (parsed.keys or {}).items() if len(loc) == 1)
        end = next((k for k in key_lines if k > starts[-1][0]), len(lines) + 1)
        first = starts[0][0]
        self.head = "".join(lines[: first - 1])
        self.tail = "".join(lines[end - 1:])
        bounds = [s[0] for s in starts] + [end]
        self.spans = [lines[bounds[i] - 1: bounds[i + 1] - 1] for i in range(len(starts))]
        self.items = items
        self.lines = lines

    def entries(self) -> list[tuple[str, dict]]:
        if not self.spans:
            return []
        return [(item.get("id"), item) for item in self.items if isinstance(item, dict)]

    def replace(self, position: int, data: dict) -> None:
        try:  # only the changed values' lines change; comments and key order stay (roundtrip.py)
            self.spans[position] = [roundtrip.update_entry_text("".join(self.spans[position]), self.indent, data)]
            return
        except roundtrip.LayoutError:
            pass  # a file laid out otherwise: the entry is written anew, as before
        old = self.spans[position]
        trailing = []
        while old and (not old[-1].strip() or old[-1].lstrip().startswith("#")):
            trailing.insert(0, old.pop())
        self.spans[position] = [dump_entries([data], self.indent)[0]] + trailing

    def append(self, data: dict) -> None:
        self.pending.append(data)

    def remove(self, position: int) -> None:
        self.spans[position] = []

    def text(self) -> str:
        body = "".join("".join(span) for span in self.spans)
        for block in dump_entries(self.pending, self.indent):  # one call: fast for big imports
            if body and not body.endswith("\n\n"):
                body += "\n"
            body += block
        tail = self.tail
        if tail and body and not body.endswith("\n\n"):
            body += "\n"
        head = self.head
        if not body.strip() and head.rstrip().endswith("resources:"):
            head = head.rstrip() + " []\n"  # every entry removed: still a list, not null
        return head + body + tail
