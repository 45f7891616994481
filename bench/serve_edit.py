"""How long an edit to one resource takes to show in the live preview (`navigator serve`).

    python bench/serve_edit.py PROJECT_DIR [--edits 3] [--port 8765]

PROJECT_DIR holds mkdocs.yml and a catalog (bench/run.py prepares such folders). The script
starts the preview, waits for the first build, then renames one resource a few times and measures
from the moment the file is saved until the resource's page is served with the new name.
Edits are --gap seconds apart: an edit saved while the previous rebuild is still running
(calendars, exports, search index) waits for that rebuild to end.
The catalog file is restored afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAME_LINE = re.compile(r"^(\s+name: )(.+)$", re.MULTILINE)
ID_LINE = re.compile(r"^\s+- id: (\S+)$", re.MULTILINE)


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


def wait_for(url: str, needle: str, limit: float) -> float | None:
    """Seconds until ``url`` contains ``needle``, or None after ``limit`` seconds."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        page = fetch(url)
        if page is not None and needle in page:
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def mount_path(project: str) -> str:
    """The preview serves the site under its site_url's path, as MkDocs does."""
    with open(os.path.join(project, "mkdocs.yml"), encoding="utf-8") as handle:
        found = re.search(r"^site_url:\s*(\S+)", handle.read(), re.MULTILINE)
    path = urllib.parse.urlsplit(found.group(1)).path if found else "/"
    return path if path.endswith("/") else path + "/"


def pick_resource(project: str) -> tuple[str, str, str]:
    """A catalog file and the id and name of its first resource."""
    folder = os.path.join(project, "catalog")
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        ident, named = ID_LINE.search(text), NAME_LINE.search(text)
        if ident and named:
            return path, ident.group(1), named.group(2).strip()
    raise SystemExit(f"no resource found under {folder}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("project")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--limit", type=float, default=600.0, help="give up after this many seconds")
    parser.add_argument("--gap", type=float, default=15.0,
                        help="seconds between edits (the rest of a rebuild finishes meanwhile)")
    args = parser.parse_args()
    path, ident, name = pick_resource(args.project)
    with open(path, encoding="utf-8") as handle:
        original = handle.read()
    base = f"http://127.0.0.1:{args.port}{mount_path(args.project)}"
    page_url = base + f"resources/{ident}/"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    navigator = os.path.join(os.path.dirname(sys.executable), "navigator")
    started = time.perf_counter()
    server = subprocess.Popen([navigator, "serve", "-a", f"127.0.0.1:{args.port}"], cwd=args.project,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    results: dict = {"project": args.project, "resource": ident, "edits": []}
    try:
        first = wait_for(page_url, name, args.limit)
        results["first_build_s"] = round(time.perf_counter() - started, 2) if first is not None else None
        for n in range(1, args.edits + 1):
            new_name = f"{name} edited {n}"
            text = NAME_LINE.sub(lambda m, name=new_name: m.group(1) + name, original, count=1)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            seconds = wait_for(page_url, new_name, args.limit)
            results["edits"].append(round(seconds, 2) if seconds is not None else None)
            time.sleep(args.gap)  # an edit saved during a rebuild waits for it to finish
    finally:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(original)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(json.dumps(results, indent=1))
    return 0 if all(s is not None for s in results["edits"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
