"""The import report: what a coordinator reads after `navigator import`, as text for the
terminal or Markdown for a pull request.

Per source: records read, imported (as how many entries: new, updated, unchanged), skipped
(grouped by reason, counted, with the source position of each), source values dropped, values
changed on the way in, and on a re-import what was added, changed and is no longer in the
source; hand edits the import kept are listed so nothing is lost unseen. Every importer fills
the same ``Outcome`` (merge.py), so every format reports the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .records import QUOTED, Note, Record

SHOWN = 5  # positions listed per group unless --verbose


@dataclass
class Group:
    """Records or notes of one kind: how many, and where each is in the source."""

    title: str
    positions: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.positions)


@dataclass
class Report:
    source: str
    kind: str
    read: int
    imported: int
    entries: int
    added: list[str]
    updated: list[tuple[str, list[str]]]
    unchanged: int
    removed: list[tuple[str, str]]
    skipped: list[Group]
    dropped: list[Group]
    changed: list[Group]
    notes: list[Group]
    kept: list[tuple[str, str, str]]  # (id, field, what the source says now)
    files: list[str]
    remarks: list[str] = field(default_factory=list)  # what the import assumed for all records
    deleted: bool = False  # --remove-missing: entries no longer in the source were taken out

    @property
    def skipped_count(self) -> int:
        return sum(g.count for g in self.skipped)


def build(outcome) -> Report:
    """The report of one import (``outcome`` is a merge.Outcome)."""
    source = outcome.source
    notes = outcome.notes()
    dropped = _note_groups([n for n in notes if n.kind == "dropped"])
    ignored = sorted(source.ignored.items())
    if ignored:
        dropped.append(Group("source fields with no place in the catalog: " +
                             ", ".join(f"{k} ({v})" for k, v in ignored)))
    return Report(source.path, source.kind, len(source.records), outcome.imported, outcome.entries,
                  list(outcome.added), list(outcome.updated), len(outcome.unchanged),
                  list(outcome.missing), _skip_groups(outcome.skipped), dropped,
                  _note_groups([n for n in notes if n.kind == "changed"]),
                  _note_groups([n for n in notes if n.kind == "note"]), list(outcome.kept),
                  list(outcome.files), list(source.remarks), outcome.deleted)


def _skip_groups(records: list[Record]) -> list[Group]:
    groups: dict[str, Group] = {}
    for record in records:
        reason = record.reason or record.skipped or "skipped"
        group = groups.setdefault(reason, Group(reason))
        group.positions.append(record.position)
        group.examples.append(record.skipped or reason)
    return sorted(groups.values(), key=lambda g: (-g.count, g.title))


def _note_groups(notes: list[Note]) -> list[Group]:
    groups: dict[tuple[str, str], Group] = {}
    for note in notes:
        shape = re.sub(QUOTED, "…", note.message)
        fieldname = re.sub(r"\[\d+\]", "[]", note.field or "")  # phones[0], phones[1]: one kind
        title = f"{fieldname}: {shape}" if fieldname else shape
        group = groups.setdefault((fieldname, shape), Group(title))
        group.positions.append(note.position)
        group.examples.append(note.message)
    return sorted(groups.values(), key=lambda g: (-g.count, g.title))


def _summary(r: Report) -> str:
    return (f"{r.read} records read, {r.imported} imported as {r.entries} entries "
            f"({len(r.added)} new, {len(r.updated)} updated, {r.unchanged} unchanged), "
            f"{r.skipped_count} skipped, {len(r.removed)} no longer in the source")


# ---------------------------------------------------------------- text

def text(r: Report, verbose: bool = False) -> list[str]:
    """Lines for the terminal; without ``verbose`` each group shows its first positions."""
    out = [f"{r.source} ({r.kind}): {_summary(r)}"]
    out += [f"  {remark}" for remark in r.remarks]
    for title, groups in (("Skipped", r.skipped), ("Source values left out", r.dropped),
                          ("Values changed on the way in", r.changed), ("Notes", r.notes)):
        if not groups:
            continue
        out.append(f"  {title}:")
        for group in groups:
            out += _text_group(group, verbose)
    if r.updated:
        out.append("  Updated (fields that changed):")
        out += [f"    {rid}: {', '.join(fields)}" for rid, fields in r.updated]
    if r.added and verbose:
        out.append("  New:")
        out += [f"    {rid}" for rid in r.added]
    for rid, name, value in r.kept:
        out.append(f"  kept your edit of {rid} {name} (the source now says {value})")
    for path, rid in r.removed:
        out.append(f"  {path}: {rid} is no longer in the source; " + (
            "removed (--remove-missing)" if r.deleted else
            "kept (set status: inactive or delete it if it has closed)"))
    out += [f"  wrote {path}" for path in r.files]
    return out


def _text_group(group: Group, verbose: bool) -> list[str]:
    if not group.positions:
        return [f"    {group.title}"]
    out = [f"    {group.count} × {group.title}"]
    shown = range(group.count) if verbose else range(min(group.count, SHOWN))
    out += [f"      {group.positions[i]}: {group.examples[i]}" for i in shown]
    if group.count > len(shown):
        out.append(f"      ... and {group.count - len(shown)} more (--verbose lists them all)")
    return out


# ---------------------------------------------------------------- Markdown

def _md(value: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", value)


def _code(value: str) -> str:
    """A code span (no escapes inside one: a backtick ends it, so none is let in)."""
    return "`" + value.replace("`", "'") + "`"


def markdown(r: Report) -> str:
    """For a pull request: the counts as a table, then each group in a folded section."""
    out = [f"### Import of {_md(r.source)} ({_md(r.kind)})", "",
           "| Read | Imported | Entries | New | Updated | Unchanged | Skipped | No longer in source |",
           "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
           f"| {r.read} | {r.imported} | {r.entries} | {len(r.added)} | {len(r.updated)} | "
           f"{r.unchanged} | {r.skipped_count} | {len(r.removed)} |", ""]
    if r.remarks:
        out += [f"- {_md(remark)}" for remark in r.remarks] + [""]
    for title, groups in (("Skipped", r.skipped), ("Source values left out", r.dropped),
                          ("Values changed on the way in", r.changed), ("Notes", r.notes)):
        if not groups:
            continue
        total = sum(g.count for g in groups)
        out += [f"<details><summary>{title} ({total})</summary>", ""]
        for group in groups:
            out.append(f"- **{_md(group.title)}**" + (f" ({group.count})" if group.positions else ""))
            out += [f"  - {_code(p)} {_md(e)}" for p, e in zip(group.positions, group.examples)]
        out += ["", "</details>", ""]
    if r.updated or r.added or r.removed or r.kept:
        out += ["<details><summary>Changes to the catalog</summary>", ""]
        out += [f"- new: {_code(rid)}" for rid in r.added]
        out += [f"- updated: {_code(rid)} ({_md(', '.join(fields))})" for rid, fields in r.updated]
        out += [f"- kept the hand edit of {_code(rid)} {_md(name)} (the source now says {_md(value)})"
                for rid, name, value in r.kept]
        done = "removed" if r.deleted else "kept"
        out += [f"- no longer in the source ({done}): {_code(rid)} in {_code(path)}" for path, rid in r.removed]
        out += ["", "</details>", ""]
    return "\n".join(out) + "\n"
