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

    try:
        verified = dt.date.fromisoformat(args.verified) if args.verified else None
    except ValueError:
        print(f"--verified: {args.verified!r} is not a date; write it as YYYY-MM-DD", file=sys.stderr)
        return 1
    columns = dict(c.split("=", 1) for c in args.column if "=" in c)
    bad = [c for c in args.column if "=" not in c]
    if bad:
        print(f"--column {bad[0]}: write it as FIELD=HEADING, e.g. --column name=\"Agency Name\"",
              file=sys.stderr)
        return 1
    options = importers.Options(region=args.region, out=args.out, program=args.program,
                                category=args.category, today=build_date(), dry_run=args.dry_run,
                                label=args.label, verified=verified,
                                columns={k.strip(): v.strip() for k, v in columns.items()},
                                formats=args.formats, service_bodies=args.service_bodies,
                                timezone=args.timezone, server=args.server,
                                without_formats=args.without_formats,
                                week_formats=dict(w.partition("=")[::2] for w in args.week_format),
                                id_prefix=args.id_prefix, remove_missing=args.remove_missing)
    try:
        outcome = importers.run(args.format, args.source, args.catalog, options)
    except importers.SourceError as exc:
        print(f"{exc}", file=sys.stderr)
        print("Nothing was imported.", file=sys.stderr)
        return 1
    if getattr(args, "report_format", "text") == "markdown":
        sys.stdout.write(outcome.markdown())
        return 0
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
    if args.format == "github":  # within GitHub's annotation limit, like `navigator validate`
        lines = github_link_lines(results)
    else:
        lines = linkcheck.report_lines(results)
    for line in lines:
        print(line, file=sys.stdout if args.format == "github" else sys.stderr)
    broken = sum(1 for r in results if not r.ok)
    print(f"Checked {len(results)} addresses: {broken} broken.")
    return 1 if broken else 0


def github_link_lines(results) -> list[str]:
    """Broken links as GitHub warning annotations, at most as many as GitHub shows (errors.py)."""
    from .errors import Problem, github_lines, ordered

    found = [Problem(place.path, place.line, place.col, place.field,
                     f"{result.url} is broken ({result.message}); fix or remove it", "warning")
             for result in results if not result.ok for place in result.places]
    return github_lines(ordered(found))


def add_commands(sub) -> None:
    """Register the toolkit's subcommands on the main parser."""
    from .importers import FORMATS

    p = sub.add_parser("import", help="bring a Meeting Guide feed, a BMLT meeting list, HSDS data, "
                       "the SAMHSA directory or a spreadsheet (CSV) into a region's catalog file")
    p.add_argument("format", choices=FORMATS)
    p.add_argument("source", help="the file (or, for HSDS CSV, the folder) to import")
    p.add_argument("--region", required=True, help="region id the records belong to (records "
                   "whose place matches a region below it go there)")
    p.add_argument("--out", help="catalog file to write, relative to the catalog (default "
                   "catalog/REGION.yaml); {region} makes one file per region")
    p.add_argument("--catalog", default="resources.yaml")
    p.add_argument("--program", help="program (fellowship) of every imported meeting: aa, na, al-anon, ... "
                   "(without it, each meeting's name must say; the import stops and asks otherwise; "
                   "bmlt: na unless given)")
    p.add_argument("--category", help="category for records whose source gives none (HSDS services: "
                   "default other; spreadsheet rows with an empty category cell)")
    p.add_argument("--column", action="append", metavar="FIELD=HEADING", default=[],
                   help="spreadsheets: the sheet's column HEADING holds the template's FIELD "
                   "(repeat for each column that differs, e.g. --column name=\"Agency Name\")")
    p.add_argument("--verified", help="only when a person has checked every record of the source: "
                   "that day, recorded as last_verified (YYYY-MM-DD); without it imported listings "
                   "are marked as not verified by a person")
    p.add_argument("--format", dest="report_format", choices=("text", "markdown"), default="text",
                   help="the import report as text or as Markdown for a pull request")
    p.add_argument("--label", help="how the source is named in each entry's source field")
    p.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    p.add_argument("--id-prefix", help="put this and a hyphen before every id (a national site "
                   "importing state sites: --id-prefix ohio), so that two sources' ids never collide")
    p.add_argument("--remove-missing", action="store_true", help="remove entries of the written "
                   "file(s) that are no longer in the source (a mirror of another site's feed; "
                   "without it they are kept and named)")
    bmlt = p.add_argument_group("bmlt (a BMLT server's GetSearchResults answer)")
    bmlt.add_argument("--formats", help="the server's GetFormats answer (not needed when the "
                      "meetings were saved with get_used_formats)")
    bmlt.add_argument("--service-bodies", help="the server's GetServiceBodies answer, to place "
                      "meetings by their area's and region's names")
    bmlt.add_argument("--timezone", help="IANA zone of meetings whose time_zone is empty "
                      "(default: the region's)")
    bmlt.add_argument("--server", help="the server's address when the answer does not carry "
                      "root_server_uri")
    bmlt.add_argument("--without-formats", action="store_true", help="import although no format "
                      "list was given (the meetings' formats are left out)")
    bmlt.add_argument("--week-format", action="append", default=[], metavar="KEY=WEEK",
                      help="a format of the server's own that means the meeting meets only in "
                      "that week of the month (1-5 or last), e.g. Wo1=1; repeat for each")
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

