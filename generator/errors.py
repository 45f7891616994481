"""The one domain error type. Adapters translate it (CLI: exit 1; MkDocs: PluginError)."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the catalog, at a place a coordinator can open."""

    path: str
    line: int
    col: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        prefix = "warning: " if self.severity == "warning" else ""
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{field}{self.message}"

    def github(self) -> str:
        """The GitHub Actions annotation form, shown on the changed line of a pull request."""
        kind = "warning" if self.severity == "warning" else "error"
        message = f"{self.field}: {self.message}" if self.field else self.message
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = (self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
                .replace(":", "%3A").replace(",", "%2C"))
        return f"::{kind} file={path},line={self.line},col={self.col}::{message}"

    def formatted(self, form: str) -> str:
        """The problem as ``navigator validate --format`` prints it: text, github or json."""
        if form == "github":
            return self.github()
        return json.dumps(self.__dict__, ensure_ascii=False) if form == "json" else str(self)


class CatalogError(Exception):
    """The catalog cannot be built; ``problems`` lists every reason found in one pass, in the
    order of ``files`` (the root file first, then the files it includes) and by line."""

    def __init__(self, problems: list[Problem], files: list[str] | None = None):
        self.problems = ordered(problems, files)
        self.files = list(files or [])  # the catalog files read, relative to the root file's folder
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} problem(s) in the catalog")

    def report(self) -> str:
        lines = text_lines(self.problems)
        count = sum(1 for p in self.problems if p.severity == "error")
        lines.append(f"{count} error{'s' if count != 1 else ''} found; nothing was built. "
                     f"Fix {'them' if count != 1 else 'it'} and run again.")
        return "\n".join(lines)


def ordered(problems: list[Problem], files: list[str] | None = None) -> list[Problem]:
    """Problems by file (in ``files`` order, others after them by name) and line, with repeats
    of one problem in one file folded into the first (see ``grouped``)."""
    rank = {path: index for index, path in enumerate(files or [])}
    return sorted(grouped(problems), key=lambda p: (rank.get(p.path, len(rank)), p))


def grouped(problems: list[Problem]) -> list[Problem]:
    """One problem per file, field and message when it repeats more than GROUP_FROM times: the
    first names the lines of all of them; a few repeats are still shown one by one."""
    seen: dict[tuple, list[Problem]] = {}
    for problem in sorted(problems):
        seen.setdefault((problem.path, problem.field, problem.message, problem.severity),
                        []).append(problem)
    out = []
    for same in seen.values():
        if len(same) <= GROUP_FROM:
            out += same
            continue
        first = same[0]
        out.append(Problem(first.path, first.line, first.col, first.field,
                           f"{first.message} ({len(same):,} times: "
                           f"{places([(p.path, p.line) for p in same])})", first.severity))
    return out


GROUP_FROM = 3


def places(found: list[tuple[str, int]], show: int = 3) -> str:
    """``lines 2, 5, 8 and 9,997 more`` (one file) or ``a.yaml:2, b.yaml:5 and 3 more``; a line
    named twice is listed once."""
    found = list(dict.fromkeys(found))
    one_file = len({path for path, _line in found}) == 1
    named = [str(line) if one_file else f"{path}:{line}" for path, line in found[:show]]
    more = len(found) - len(named)
    listed = ", ".join(named) + (f" and {more:,} more" if more else "")
    return ("lines " if one_file and len(found) > 1 else "line " if one_file else "") + listed


# How many problems are shown for one file and for the whole catalog. Past these a coordinator
# fixes what is shown and runs the check again; thousands of lines help nobody.
PER_FILE = 50
OVERALL = 200
# GitHub shows at most 10 error and 10 warning annotations of a step (and 50 of a job); later
# ones are dropped without a word, so the last one allowed says how many more there are.
GITHUB_PER_KIND = 10


def bounded(problems: list[Problem], per_file: int = PER_FILE,
            overall: int = OVERALL) -> tuple[list[Problem], list[str]]:
    """The problems to show, and a line for each file with more than ``per_file`` (and for
    the catalog past ``overall``) saying how many were left out."""
    shown: list[Problem] = []
    left: dict[str, int] = {}
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.path] = counts.get(problem.path, 0) + 1
        if counts[problem.path] > per_file or len(shown) >= overall:
            left[problem.path] = left.get(problem.path, 0) + 1
        else:
            shown.append(problem)
    notes = [f"{path}: {count:,} more problem{'s' if count != 1 else ''} not shown; fix the ones "
             "above and run the check again to see them" for path, count in left.items()]
    return shown, notes


def text_lines(problems: list[Problem]) -> list[str]:
    """The terminal's form: one line a problem, within the limits above."""
    shown, notes = bounded(problems)
    return [str(p) for p in shown] + notes


def github_lines(problems: list[Problem]) -> list[str]:
    """GitHub annotations, at most GITHUB_PER_KIND of each kind; past that, the last annotation
    says how many more were found, and the rest follow as plain lines in the step's log."""
    out: list[str] = []
    rest: list[Problem] = []
    for kind in ("error", "warning"):
        same = [p for p in problems if p.severity == kind]
        if len(same) <= GITHUB_PER_KIND:
            out += [p.github() for p in same]
            continue
        out += [p.github() for p in same[:GITHUB_PER_KIND - 1]]
        more = len(same) - (GITHUB_PER_KIND - 1)
        out.append(f"::{kind}::{more:,} more {kind}s were found; GitHub shows only "
                   f"{GITHUB_PER_KIND} of a step, so they are listed in this step's log (or run "
                   "`navigator validate` on your computer)")
        rest += same[GITHUB_PER_KIND - 1:]
    return out + text_lines(rest)


def lines(problems: list[Problem], form: str) -> list[str]:
    """The problems in one of the command line's forms: text, github or json (for scripts:
    every problem, unbounded)."""
    if form == "github":
        return github_lines(problems)
    if form == "json":
        return [json.dumps(p.__dict__, ensure_ascii=False) for p in problems]
    return text_lines(problems)


class Stopped(Exception):
    """Work given up on request (the live preview's next edit came first); never shown."""


def check(stop, count: int) -> None:
    """Raise Stopped when ``stop`` (a function, or None) says so; asked every 256th item."""
    if stop is not None and count % 256 == 0 and stop():
        raise Stopped
