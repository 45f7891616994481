"""Command-line adapter for the correction loop: `navigator triage-report` (the reports
workflow) and `navigator tidy` (the form editor's pull requests). Registered by cli.py; errors
become a message and exit code 1, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error


def cmd_triage_report(args) -> int:
    from . import reports
    from .pipeline import prepare

    try:
        with open(args.event, encoding="utf-8") as handle:
            event = json.load(handle)
        issue = event.get("issue") or {}
    except (OSError, ValueError, AttributeError) as exc:
        print(f"{args.event}: not a GitHub issue event ({exc}); run this from the reports workflow",
              file=sys.stderr)
        return 1
    run = prepare(args.catalog, cache_dir=None)
    result = reports.triage(issue, run.directory)
    if event.get("action") == "edited":
        result.comment = None  # answered once, when the report was opened; edits only relabel
    print(f"labels: {', '.join(result.labels) or '(none)'}")
    if result.comment:
        print(f"comment: {result.comment}")
    if args.dry_run:
        return 0
    github = reports.GitHub.from_environment()
    if github is None:
        print("GITHUB_TOKEN and GITHUB_REPOSITORY are not set: nothing was sent (use --dry-run "
              "outside a workflow)", file=sys.stderr)
        return 1
    try:
        github.apply(issue["number"], result)
    except (urllib.error.URLError, OSError, KeyError) as exc:
        print(f"GitHub did not take the labels or comment: {exc}", file=sys.stderr)
        return 1
    return 0


def open_reports_section(directory, markdown: bool) -> str:
    """Open reports per region, when run in a workflow with the repository's token; offline or
    without a token, one line saying they were skipped (stderr) and nothing in the report."""
    from . import reports

    github = reports.GitHub.from_environment()
    if github is None:
        print("Open reports: skipped (no GITHUB_TOKEN and GITHUB_REPOSITORY).", file=sys.stderr)
        return ""
    try:
        issues = github.open_reports()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        print(f"Open reports: skipped, GitHub did not answer ({exc}).", file=sys.stderr)
        return ""
    text = reports.markdown(reports.open_per_region(issues), directory)
    return "\n" + (text if markdown else text.replace("## ", "").replace("### ", ""))


def cmd_tidy(args) -> int:
    """Rewrite catalog files saved by the form editor so that only the changed values' lines
    differ from ``--base`` (comments, order and untouched lines as they were)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from . import roundtrip

    failed = 0
    for path in args.files:
        shown = path.replace(os.sep, "/")
        try:
            base = subprocess.run(["git", "show", f"{args.base}:{shown}"], capture_output=True,
                                  text=True, check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            print(f"{shown}: new in this change (not in {args.base}), left as it is")
            continue
        try:
            with open(path, encoding="utf-8") as handle:
                edited = YAML(typ="safe").load(handle)
            text = roundtrip.reapply(base, edited, shown)
            if not roundtrip.equivalent(YAML(typ="safe").load(text), edited):
                raise roundtrip.LayoutError("the tidied file would not hold the saved values; "
                                            "it was left as saved")
        except (OSError, YAMLError, roundtrip.LayoutError) as exc:
            print(f"{shown}:1: {exc}", file=sys.stderr)
            failed += 1
            continue
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        print(f"{shown}: only the changed values differ from {args.base}")
    return 1 if failed else 0


def add_commands(sub) -> None:
    p = sub.add_parser("triage-report", help="label a reported change by region, or answer it when "
                       "its listing id does not exist (the reports workflow runs this)")
    p.add_argument("--event", required=True, help="the issue event (GITHUB_EVENT_PATH)")
    p.add_argument("--catalog", default="resources.yaml")
    p.add_argument("--dry-run", action="store_true", help="print the labels and comment, send nothing")
    p.set_defaults(func=cmd_triage_report)

    p = sub.add_parser("tidy", help="after the form editor saved catalog files: keep every line "
                       "but the changed values' as in --base")
    p.add_argument("files", nargs="+")
    p.add_argument("--base", default="origin/main", help="the git revision to compare with")
    p.set_defaults(func=cmd_tidy)
