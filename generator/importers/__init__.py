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
from .merge import Outcome, apply, catalog_index, finalize
from .records import Context, RegionMatcher, SourceError

FORMATS = ("meeting-guide", "hsds", "samhsa", "csv", "bmlt")


@dataclass
class Options:
    region: str
    out: str | None = None
    program: str | None = None  # None: the format's usual one (aa; na for BMLT), reported
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


def run(fmt: str, source_path: str, catalog_file: str, options: Options) -> Outcome:
    """Import ``source_path`` (format ``fmt``) into the catalog rooted at ``catalog_file``;
    raises SourceError when the source or the catalog cannot be read."""
    index = catalog_index(catalog_file)
    if options.region not in index.regions:
        close = text.closest(options.region, index.regions)
        hint = f"did you mean {close!r}? " if close else ""
        raise SourceError(os.path.basename(catalog_file), f"region {options.region!r} does not exist; "
                          f"{hint}regions are listed in {os.path.basename(catalog_file)}")
    today = options.today or dt.date.today()
    matcher = RegionMatcher(options.region, index.regions)
    source = _read(fmt, source_path, options, matcher, today, index)
    for record in source.records:
        finalize(record, index.country)
    out = options.out or f"catalog/{options.region}.yaml"
    schema = os.path.join(index.root_dir, "schema", "catalog.schema.json")
    return apply(source, index, out, schema if os.path.exists(schema) else None, options.dry_run)


def _read(fmt: str, path: str, options: Options, matcher: RegionMatcher, today: dt.date,
          index):
    label = options.label or os.path.basename(path.rstrip("/"))
    if fmt == "bmlt":
        from . import bmlt

        files = bmlt.Files(options.formats, options.service_bodies, options.timezone, options.server,
                           options.without_formats, options.program is not None,
                           str(index.regions[options.region].get("timezone") or ""), index.country)
        named = f"BMLT {options.label}" if options.label else ""  # default: the server's address
        return bmlt.read(path, Context(options.region, matcher, today, named,
                                       options.program or "na"), files)
    options.program = options.program or "aa"
    if fmt == "meeting-guide":
        from . import meeting_guide

        return meeting_guide.read(path, Context(options.region, matcher, today,
                                                f"Meeting Guide feed {label}", options.program))
    if fmt == "hsds":
        from . import hsds

        return hsds.read(path, Context(options.region, matcher, today, f"HSDS data {label}",
                                       options.program, options.category or "other"))
    if fmt == "samhsa":
        from . import samhsa

        return samhsa.read(path, Context(options.region, matcher, today,
                                         f"SAMHSA National Directory {label}"))
    if fmt == "csv":
        from . import csv as csv_import

        return csv_import.read(path, Context(options.region, matcher, today, f"spreadsheet {label}",
                                             options.program))
    raise SourceError(path, f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")


__all__ = ["FORMATS", "Options", "Outcome", "SourceError", "run"]
