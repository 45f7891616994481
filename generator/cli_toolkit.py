"""Command-line adapter for the coordinators' toolkit: import, geocode, report, check-links.

Thin like cli.py (which registers these commands): each maps its arguments onto a core module
and turns errors into a message and exit code 1, never a traceback (cli.main reports a
CatalogError the way `navigator validate` does).
"""

from __future__ import annotations

import datetime as dt
import os
import sys



def cmd_import(args) -> int:
    from . import importers
    from .pipeline import build_date

    today = dt.date.fromisoformat(args.verified) if args.verified else build_date()
    options = importers.Options(region=args.region, out=args.out, program=args.program,
                                category=args.category, today=today, dry_run=args.dry_run,
                                label=args.label)
    try:
        outcome = importers.run(args.format, args.source, args.catalog, options)
    except importers.SourceError as exc:
        print(f"{exc}", file=sys.stderr)
        print("Nothing was imported.", file=sys.stderr)
        return 1
    for line in outcome.lines(verbose=args.verbose):
        print(line)
    if args.dry_run:
        print("Dry run: no file was written.")
    else:
        print("Next: run `navigator validate`, look at the changes (git diff), then commit.")
    return 0


def cmd_geocode(args) -> int:
    from . import geocode
    from .pipeline import build_date
    from .validate import validate

    catalog = validate(args.catalog, today=build_date(), cache_dir=None)
    cache = geocode.Cache.load(geocode.cache_path(catalog.root_dir))
    geocoder = None
    if not args.offline:
        settings = geocode.Settings(
            domain=args.domain, scheme=args.scheme, timeout=args.timeout,
            user_agent=args.user_agent or geocode.default_user_agent(args.config_file),
            min_delay=max(1.0, args.delay))  # Nominatim's policy: never more than one a second
        geocoder = geocode.Geocoder(settings)
    summary = geocode.run(catalog.resources, cache, geocoder, retry_not_found=args.retry_not_found,
                          limit=args.limit, origins=catalog.origins)
    cache.save()
    for message in summary.messages:
        print(message, file=sys.stderr)
    print(f"{os.path.relpath(cache.path)}: {summary.found} found, {summary.not_found} not found, "
          f"{summary.failed} failed, {summary.postal} placed at their postal code's centre "
          f"(approximate), {summary.cached} already in the cache ({summary.asked} requests).")
    print("Commit the cache file: builds read it and never need the network.")
    return 0


def cmd_report(args) -> int:
    from . import report
    from .pipeline import prepare

    run = prepare(args.catalog, cache_dir=None)
    health = report.health(run.directory)
    text = report.markdown(health) if args.format == "markdown" else report.text(health, args.limit)
    from .cli_corrections import open_reports_section

    text += open_reports_section(run.directory, markdown=args.format == "markdown")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text)
        print(f"Wrote {args.out}")
    else:
        sys.stdout.write(text)
    if args.fail_on_flagged and health.totals["flag"]:
        return 1
    return 0


def cmd_check_links(args) -> int:
    from . import linkcheck
    from .pipeline import build_date
    from .validate import validate

    catalog = validate(args.catalog, today=build_date(), cache_dir=None)
    places = linkcheck.collect(catalog)
    results = linkcheck.check(places, workers=args.workers, per_host_delay=args.delay,
                              timeout=args.timeout)
    lines = linkcheck.report_lines(results, github=args.format == "github")
    for line in lines:
        print(line, file=sys.stdout if args.format == "github" else sys.stderr)
    broken = sum(1 for r in results if not r.ok)
    print(f"Checked {len(results)} addresses: {broken} broken.")
    return 1 if broken else 0


def add_commands(sub) -> None:
    """Register the toolkit's subcommands on the main parser."""
    from .importers import FORMATS

    p = sub.add_parser("import", help="bring a Meeting Guide feed, HSDS data, the SAMHSA directory or "
                       "a spreadsheet (CSV) into a region's catalog file")
    p.add_argument("format", choices=FORMATS)
    p.add_argument("source", help="the file (or, for HSDS CSV, the folder) to import")
    p.add_argument("--region", required=True, help="region id the records belong to (records "
                   "whose place matches a region below it go there)")
    p.add_argument("--out", help="catalog file to write, relative to the catalog (default "
                   "catalog/REGION.yaml); {region} makes one file per region")
    p.add_argument("--catalog", default="resources.yaml")
    p.add_argument("--program", default="aa", help="program of imported meetings (aa, na, ...)")
    p.add_argument("--category", help="category for HSDS services (default other)")
    p.add_argument("--verified", help="date to record as last_verified when the source has none "
                   "(YYYY-MM-DD; default today)")
    p.add_argument("--label", help="how the source is named in each entry's source field")
    p.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    p.add_argument("-v", "--verbose", action="store_true", help="list every note and new entry")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("geocode", help="find coordinates for addresses without them; results go "
                       "into geocode-cache.json (commit it)")
    p.add_argument("catalog", nargs="?", default="resources.yaml")
    p.add_argument("--offline", action="store_true", help="no network: postal-code centres only")
    p.add_argument("--domain", default="nominatim.openstreetmap.org", help="Nominatim server")
    p.add_argument("--scheme", default="https", choices=["https", "http"])
    p.add_argument("--user-agent", help="who is asking (default: the site's name and address)")
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("--delay", type=float, default=1.0, help="seconds between requests (at least 1)")
    p.add_argument("--limit", type=int, help="ask about at most this many addresses")
    p.add_argument("--retry-not-found", action="store_true")
    p.add_argument("-f", "--config-file", default="mkdocs.yml")
    p.set_defaults(func=cmd_geocode)

    p = sub.add_parser("report", help="freshness and quality per region: stale, missing phones or "
                       "hours, duplicates, missing coordinates")
    p.add_argument("catalog", nargs="?", default="resources.yaml")
    p.add_argument("--format", choices=["text", "markdown"], default="text")
    p.add_argument("--out", help="write to this file instead of standard output")
    p.add_argument("--limit", type=int, default=20, help="entries listed per problem (text)")
    p.add_argument("--fail-on-flagged", action="store_true", help="exit 1 when listings are flagged")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("check-links", help="check every url and conference_url; broken ones by "
                       "file:line")
    p.add_argument("catalog", nargs="?", default="resources.yaml")
    p.add_argument("--format", choices=["text", "github"], default="text")
    p.add_argument("--workers", type=int, default=8, help="requests at the same time")
    p.add_argument("--delay", type=float, default=1.0, help="seconds between requests to one host")
    p.add_argument("--timeout", type=float, default=15.0)
    p.set_defaults(func=cmd_check_links)

