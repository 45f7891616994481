"""Bring existing data into the catalog: one module per source format, one shared merge step.

``run`` reads a source with the format's reader, checks every record against the catalog
model, merges the result into the region's file by stable id and returns the outcome that the
command line prints. Nothing here prints or exits.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from .. import text
from .index import catalog_index
from .merge import Outcome, apply, finalize
from ..model import SLUG_RE
from .records import Context, SourceError, require_programs, stable_id
from .regions import RegionMatcher

FORMATS = ("meeting-guide", "hsds", "samhsa", "csv", "bmlt")


@dataclass
class Options:
    region: str
    out: str | None = None
    program: str | None = None  # never a default: the source or the coordinator says
    category: str | None = None
    today: dt.date | None = None
    dry_run: bool = False
    label: str | None = None
    # BMLT: GetFormats and GetServiceBodies answers, the zone and server when the answer lacks them
    formats: str | None = None
    service_bodies: str | None = None
    timezone: str | None = None
    server: str | None = None
    without_formats: bool = False
    week_formats: dict[str, str] | None = None  # format key -> week of the month (1-5, last)
    verified: dt.date | None = None  # a person checked every record of the source that day
    columns: dict[str, str] | None = None  # CSV: our field -> the sheet's column
    id_prefix: str | None = None  # before every id: feeds of several sites never collide
    remove_missing: bool = False  # entries the source no longer has leave the file


def run(fmt: str, source_path: str, catalog_file: str, options: Options) -> Outcome:
    """Import ``source_path`` (format ``fmt``) into the catalog rooted at ``catalog_file``;
    raises SourceError when the source or the catalog cannot be read."""
    index = catalog_index(catalog_file)
    if options.region not in index.regions:
        close = text.closest(options.region, index.regions)
        hint = f"did you mean {close!r}? " if close else ""
        raise SourceError(os.path.basename(catalog_file), f"region {options.region!r} does not exist; "
                          f"{hint}regions are listed in {os.path.basename(catalog_file)}")
    if options.id_prefix is not None and not SLUG_RE.match(options.id_prefix):
        raise SourceError("--id-prefix", f"{options.id_prefix!r} is not an id; use lower-case "
                          "letters, digits and single hyphens, for example 'ohio'")
    today = options.today or dt.date.today()
    matcher = RegionMatcher(options.region, index.regions)
    source = _read(fmt, source_path, options, matcher, today, index.country,
                   {rid: str(r.get("timezone") or "") for rid, r in index.regions.items()})
    require_programs(source.records, source.kind, source.path)
    for record in source.records:
        if options.id_prefix and record.data is not None:
            record.data["id"] = stable_id(f"{options.id_prefix}-{record.data['id']}")
        finalize(record, index.country)
    out = options.out or f"catalog/{options.region}.yaml"
    schema = os.path.join(index.root_dir, "schema", "catalog.schema.json")
    return apply(source, index, out, schema if os.path.exists(schema) else None, options.dry_run,
                 options.remove_missing)


def _read(fmt: str, path: str, options: Options, matcher: RegionMatcher, today: dt.date,
          country: str, zones: dict[str, str]):
    label = options.label or os.path.basename(path.rstrip("/"))

    def context(kind: str) -> Context:
        return Context(options.region, matcher, today, f"{kind} {label}", options.program,
                       options.category, options.verified, country)

    if fmt == "bmlt":
        from . import bmlt

        files = bmlt.Files(options.formats, options.service_bodies, options.timezone, options.server,
                           options.without_formats, program_given=options.program is not None,
                           region_zones=zones, week_formats=options.week_formats or {},
                           country=country)
        ctx = context("BMLT")
        ctx.program = options.program or "na"  # BMLT lists NA meetings; the report says so
        ctx.source_label = ctx.source_label if options.label else ""  # default: the server
        return bmlt.read(path, ctx, files)
    if fmt == "meeting-guide":
        from . import meeting_guide

        return meeting_guide.read(path, context("Meeting Guide feed"))
    if fmt == "hsds":
        from . import hsds

        return hsds.read(path, context("HSDS data"))
    if fmt == "samhsa":
        from . import samhsa

        return samhsa.read(path, context("SAMHSA National Directory"))
    if fmt == "csv":
        from . import csv as csv_import

        return csv_import.read(path, context("spreadsheet"), options.columns)
    raise SourceError(path, f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")


__all__ = ["FORMATS", "Options", "Outcome", "SourceError", "run"]
