"""Thin command-line adapter: each command maps onto the core; CatalogError -> exit 1, no traceback."""

from __future__ import annotations

import argparse
import json
import logging
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
            print(f"{errors} error{'s' if errors != 1 else ''} found in the catalog. Fix them and run "
                  "again.", file=sys.stderr)
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
    for problem in problems:
        if form == "github":
            print(problem.github())
        elif form == "json":
            print(json.dumps(problem.__dict__, ensure_ascii=False))
        else:
            print(str(problem), file=sys.stderr)


def _mkdocs_config(args, **overrides):
    from mkdocs.config import load_config

    return load_config(args.config_file, **overrides)


def cmd_build(args) -> int:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    errors = _quiet_mkdocs(args.verbose)
    started = time.perf_counter()
    plugin = None
    try:
        config = _mkdocs_config(args, **({"site_dir": args.site_dir} if args.site_dir else {}))
        plugin = config.plugins.get("navigator")
        if plugin is not None and args.no_search:
            plugin.config.search = False
        if plugin is not None and args.pdf:
            plugin.config.pdf = True
        if plugin is not None and not args.force and plugin.up_to_date(config):
            site = os.path.relpath(config.site_dir)
            print(f"The site in {site}/ is up to date: nothing it is built from has changed since "
                  f"it was built ({time.perf_counter() - started:.1f}s). `navigator build --force` "
                  "builds it again.")
            return 0
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    except (PluginError, Abort, ConfigurationError) as exc:
        failure = getattr(plugin, "failure", None)
        if failure is not None:
            print(failure.report(), file=sys.stderr)
        else:
            for line in errors.lines or [str(exc).strip()]:
                print(line, file=sys.stderr)
        print("The build stopped; the previous site was left as it was.", file=sys.stderr)
        return 1
    site = os.path.relpath(config.site_dir)
    print(f"Built the site in {site}/ ({time.perf_counter() - started:.1f}s).")
    print(f"View it with `make serve` (live preview), or `python -m http.server -d {site}` and open "
          "http://127.0.0.1:8000/")
    return 0


def cmd_serve(args) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    _quiet_mkdocs(args.verbose)
    try:
        serve(args.config_file, dev_addr=args.dev_addr, livereload=True)
    except (PluginError, Abort, ConfigurationError) as exc:
        print(str(exc).strip(), file=sys.stderr)
        return 1
    return 0


def cmd_schema(args) -> int:
    from .schema import catalog_schema

    text = json.dumps(catalog_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text)
        print(f"Wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0


class _Errors(logging.Handler):
    """Holds MkDocs' error lines so a build failure is reported once, cleanly."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage().strip())


class _BelowErrors(logging.Filter):
    def filter(self, record):
        return record.levelno < logging.ERROR


def _quiet_mkdocs(verbose: bool) -> _Errors:
    """MkDocs logs warnings and above (info with -v); errors are collected, not printed twice."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False
    for handler in list(logger.handlers):
        if getattr(handler, "_navigator", False):
            logger.removeHandler(handler)
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    console.addFilter(_BelowErrors())
    errors = _Errors()
    for handler in (console, errors):
        handler._navigator = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logging.getLogger("mkdocs.plugins.navigator").setLevel(logging.DEBUG if verbose else logging.INFO)
    return errors


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

    for name, helptext, func in (("build", "validate, then build the site into site/", cmd_build),
                                 ("serve", "live preview that rebuilds when any file changes", cmd_serve)):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("-f", "--config-file", default="mkdocs.yml")
        p.add_argument("-v", "--verbose", action="store_true")
        p.set_defaults(func=func)
    sub.choices["build"].add_argument("-d", "--site-dir", default=None)
    sub.choices["build"].add_argument("--no-search", action="store_true",
                                      help="skip the search index (faster previews)")
    sub.choices["build"].add_argument("--force", action="store_true",
                                      help="build even when nothing has changed since the last build")
    sub.choices["build"].add_argument("--pdf", action="store_true",
                                      help="also print every guide and region sheet to PDF "
                                      "(needs Chromium and Playwright)")
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
