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
    """The catalog cannot be built; ``problems`` lists every reason found in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} problem(s) in the catalog")

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        count = sum(1 for p in self.problems if p.severity == "error")
        lines.append(f"{count} error{'s' if count != 1 else ''} found; nothing was built. "
                     "Fix them and run again.")
        return "\n".join(lines)


class Stopped(Exception):
    """Work given up on request (the live preview's next edit came first); never shown."""


def check(stop, count: int) -> None:
    """Raise Stopped when ``stop`` (a function, or None) says so; asked every 256th item."""
    if stop is not None and count % 256 == 0 and stop():
        raise Stopped
