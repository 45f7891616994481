"""Thin command-line adapter: each command maps onto the core; CatalogError -> exit 1, no traceback."""

from __future__ import annotations

import argparse
import os
import sys
import time

from . import __version__
from .errors import CatalogError


def cmd_validate(args) -> int:
    from .pipeline import build_date
    from .validate import validate

    started = time.perf_counter()
    try:
        catalog = validate(args.catalog, today=build_date(), cache_dir=args.cache_dir or None,
                           brief=True)
    except CatalogError as exc:
        _print_problems(exc.problems, args.format)
        if args.format == "text":
            errors = sum(1 for p in exc.problems if p.severity == "error")
            print(f"{errors} error{'s' if errors != 1 else ''} found in the catalog. "
                  f"Fix {'them' if errors != 1 else 'it'} and run again.", file=sys.stderr)
        return 1
    _print_problems(catalog.warnings, args.format)
    if args.format == "text":
        meetings = sum(1 for r in catalog.resources if r.category == "meeting")
        print(f"{args.catalog}: OK: {_count(len(catalog.resources), 'resource')} "
              f"({_count(meetings, 'meeting')}) in {_count(len(catalog.regions), 'region')} from "
              f"{_count(len(catalog.files), 'file')}, {_count(len(catalog.warnings), 'warning')} "
              f"({time.perf_counter() - started:.2f}s)")
    return 0


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _print_problems(problems, form: str) -> None:
    from .errors import lines

    for line in lines(problems, form):  # annotations and JSON are for machines (stdout), text for people
        print(line, file=sys.stderr if form == "text" else sys.stdout)


def cmd_build(args) -> int:
    from . import mkdocs_engine as engine

    errors, started, plugin = engine.quiet_logging(args.verbose), time.perf_counter(), None
    try:
        config, plugin = engine.load(args.config_file, args.site_dir, not args.no_search, args.pdf)
        fresh = engine.build_unless_current(config, plugin, args.force)
        if fresh:
            print(f"The site in {os.path.relpath(config.site_dir)}/ is up to date: nothing it is built "
                  f"from has changed since it was built ({time.perf_counter() - started:.1f}s). "
                  "`navigator build --force` builds it again.")
        if args.command == "deploy":
            engine.deploy(config, args.message)
        if fresh:
            return 0
    except (CatalogError, *engine.ERRORS) as exc:
        failure = exc if isinstance(exc, CatalogError) else getattr(plugin, "failure", None)
        for line in [failure.report()] if failure else errors.lines or [str(exc).strip()]:
            print(line, file=sys.stderr)
        print("The build stopped; the previous site was left as it was.", file=sys.stderr)
        return 1
    site = os.path.relpath(config.site_dir)
    print(f"Built the site in {site}/ ({time.perf_counter() - started:.1f}s).")
    print(f"View it with `make serve` (live preview), or `python -m http.server -d {site}` and open "
          "http://127.0.0.1:8000/")
    return 0


def cmd_serve(args) -> int:
    from . import mkdocs_engine as engine

    engine.quiet_logging(args.verbose)
    try:
        engine.serve(args.config_file, args.dev_addr)
    except engine.ERRORS as exc:
        print(str(exc).strip(), file=sys.stderr)
        return 1
    return 0


def cmd_schema(args) -> int:
    from .schema import write

    write(args.out)
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="navigator", description="Recovery Navigator: build a "
                                  "searchable, printable site from a YAML catalog of recovery resources.")
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check the catalog and list every problem with file:line")
    p.add_argument("catalog", nargs="?", default="resources.yaml")
    p.add_argument("--format", choices=["text", "github", "json"], default="text",
                   help="github prints annotations that show on the changed line of a pull request")
    p.add_argument("--cache-dir", default=".cache/navigator", help="'' to disable the cache")
    p.set_defaults(func=cmd_validate)

    for name, helptext, func in (
            ("build", "validate, then build the site into site/", cmd_build),
            ("deploy", "build (staged and audited), then publish to the gh-pages branch", cmd_build),
            ("serve", "live preview that rebuilds when any file changes", cmd_serve)):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("-f", "--config-file", default="mkdocs.yml")
        p.add_argument("-v", "--verbose", action="store_true")
        p.set_defaults(func=func)
    for p in (sub.choices["build"], sub.choices["deploy"]):
        p.add_argument("-d", "--site-dir", default=None)
        p.add_argument("--no-search", action="store_true", help="skip the search index (faster previews)")
        p.add_argument("--force", action="store_true", help="build even when nothing has changed "
                       "since the last build, making every file again (no build cache)")
        p.add_argument("--pdf", action="store_true", help="also print every guide and region sheet "
                       "to PDF (needs Chromium and Playwright)")
    sub.choices["deploy"].add_argument("-m", "--message", default=None, help="the commit message")
    sub.choices["serve"].add_argument("-a", "--dev-addr", default="127.0.0.1:8000")

    p = sub.add_parser("schema", help="print the catalog's JSON Schema (for editors)")
    p.add_argument("--out", help="write to this file instead of standard output")
    p.set_defaults(func=cmd_schema)

    from .cli_toolkit import add_commands

    add_commands(sub)  # import, geocode, report, check-links
    from . import cli_corrections

    cli_corrections.add_commands(sub)  # triage-report, tidy
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except CatalogError as exc:
        print(exc.report(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
