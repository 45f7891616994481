"""Check the catalog's web addresses (``url`` and ``conference_url``): which ones are broken,
reported by file:line so a coordinator can open the entry.

Each address gets a HEAD request, and a GET when HEAD is refused or fails (many servers answer
HEAD wrongly). Requests run a few at a time, one at a time per host with a pause between them,
and each has a timeout. Redirects are followed; a redirect that ends on an error is broken.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from . import __version__, load

FIELDS = ("url", "conference_url")


@dataclasses.dataclass(frozen=True)
class Place:
    path: str
    line: int
    col: int
    field: str
    id: str


@dataclasses.dataclass
class Result:
    url: str
    ok: bool
    status: int | None
    message: str
    places: list[Place]


def collect(catalog) -> dict[str, list[Place]]:
    """Every address to check -> where it is written (each file read again for positions)."""
    found: dict[str, list[Place]] = {}
    for display in catalog.files:
        parsed = load.read(os.path.join(catalog.root_dir, display), display, positions=True)
        data = parsed.data if isinstance(parsed.data, dict) else {}
        for index, item in enumerate(data.get("resources") or []):
            if not isinstance(item, dict):
                continue
            for name in FIELDS:
                value = item.get(name)
                if isinstance(value, str) and value.startswith(("http://", "https://")):
                    line, col = parsed.where(("resources", index, name))
                    found.setdefault(value, []).append(Place(display, line, col, name, str(item.get("id"))))
    return found


class _Hosts:
    """One request at a time per host, ``delay`` seconds apart: politeness to small servers."""

    def __init__(self, delay: float):
        self.delay = delay
        self.guard = threading.Lock()
        self.locks: dict[str, threading.Lock] = {}
        self.last: dict[str, float] = {}

    def lock(self, host: str) -> threading.Lock:
        with self.guard:
            return self.locks.setdefault(host, threading.Lock())

    def wait(self, host: str) -> None:
        gap = self.last.get(host, 0) + self.delay - time.monotonic()
        if gap > 0:
            time.sleep(gap)

    def done(self, host: str) -> None:
        self.last[host] = time.monotonic()


def _request(url: str, method: str, timeout: float, agent: str) -> tuple[int | None, str]:
    request = urllib.request.Request(url, method=method, headers={
        "User-Agent": agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return response.status, "OK"
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code} {exc.reason}"
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            return None, f"no answer within {timeout:g} s"
        return None, f"cannot connect: {reason}"
    except TimeoutError:
        return None, f"no answer within {timeout:g} s"
    except (OSError, ValueError) as exc:
        return None, f"cannot connect: {exc}"


def check_one(url: str, timeout: float = 15.0, agent: str = "") -> tuple[bool, int | None, str]:
    """HEAD, then GET when HEAD is not allowed or fails; 2xx and 3xx (after redirects) are fine."""
    agent = agent or f"recovery-navigator-linkcheck/{__version__}"
    status, message = _request(url, "HEAD", timeout, agent)
    if status is None or status >= 400:
        status, message = _request(url, "GET", timeout, agent)
    ok = status is not None and status < 400
    return ok, status, message


def check(places: dict[str, list[Place]], workers: int = 8, per_host_delay: float = 1.0,
          timeout: float = 15.0, agent: str = "") -> list[Result]:
    """Check every address; results in the order of the catalog."""
    hosts = _Hosts(per_host_delay)

    def job(url: str) -> Result:
        host = (urlsplit(url).hostname or "").lower()
        with hosts.lock(host):
            hosts.wait(host)
            try:
                ok, status, message = check_one(url, timeout, agent)
            finally:
                hosts.done(host)
        return Result(url, ok, status, message, places[url])

    urls = sorted(places, key=lambda u: min((p.path, p.line) for p in places[u]))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(job, urls))


def report_lines(results: list[Result], github: bool = False) -> list[str]:
    """Broken addresses as path:line:col: field: message (or GitHub annotations)."""
    lines = []
    for result in results:
        if result.ok:
            continue
        for place in result.places:
            message = f"{result.url} is broken ({result.message}); fix or remove it"
            if github:
                lines.append(f"::warning file={place.path},line={place.line},col={place.col}::"
                             f"{place.field}: {message}")
            else:
                lines.append(f"{place.path}:{place.line}:{place.col}: {place.field}: {message}")
    return sorted(lines)
