"""A national index federated from 50 state sites (docs/federation.md), measured.

    python bench/federation.py                    # 50 states x 200 listings
    python bench/federation.py --per-state 2000   # 50 x 2,000 = 100,000
    python bench/federation.py --states 5 --per-state 100 --json out.json

Each state site is a synthetic catalog (synthetic.py) whose open data is written as its build
writes it (datasets.write, with the state's own site_url); the pages of the state sites play no
part in the national index, so they are not built. The national site then runs what its
scheduled workflow runs: `navigator import hsds` of every state's data/hsds/services.json (one
process each, --id-prefix and --remove-missing), the same again with nothing changed (the cost
of a quiet night), one state's import again after another state's file changed (what one
import costs against the full catalog), and `navigator build`. Reported: wall and CPU seconds
of each step, each state's feed sizes, the national catalog's and site's size and file count.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

import synthetic  # noqa: E402
from run import folder_size, project_for  # noqa: E402

EPOCH = "1795219200"
FEEDS = ("meetings.json", "hsds/services.json", "hsds/services.json.gz")


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def timed(step):
    """(wall seconds, CPU seconds of this process and its children, result) of ``step()``."""
    wall, own, kids = time.perf_counter(), cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
    result = step()
    return (round(time.perf_counter() - wall, 1),
            round(cpu(resource.RUSAGE_SELF) - own + cpu(resource.RUSAGE_CHILDREN) - kids, 1), result)


def state_id(number: int) -> str:
    return f"s{number:02d}"


def publish_states(states: int, per_state: int, work: str) -> dict[str, str]:
    """Each state's site folder with its published data/ (same listings, its own site_url)."""
    from generator.enrich import enrich
    from generator.exporters import datasets
    from generator.pipeline import build_date
    from generator.validate import validate

    catalog_dir = os.path.join(work, "state-catalog")
    root = synthetic.generate(per_state, catalog_dir)
    today = build_date()
    directory = enrich(validate(root, today=today, cache_dir=None, workers=1), today)
    out = {}
    for number in range(states):
        site = os.path.join(work, "states", state_id(number), "site")
        datasets.write(directory, site, f"https://{state_id(number)}.example.org/")
        out[state_id(number)] = site
    return out


def national_catalog(states: list[str], per_state: int, dest: str) -> str:
    """The national project: regions only (each state, with the state's own regions below it,
    by name), listings arriving from the imports."""
    os.makedirs(os.path.join(dest, "catalog"))
    lines = ["site:", "  country: US", "regions:"]
    for state in states:
        lines += [f"  - id: {state}", f"    name: State site {state}", "    timezone: America/New_York"]
        for rid, name, parent in synthetic.regions_for(per_state):
            lines += [f"  - id: {state}-{rid}", f"    name: {name}", f"    parent: {state}-{parent}"
                      if parent else f"    parent: {state}", "    timezone: America/New_York"]
    lines += ["include:", "  - catalog/*.yaml", ""]
    with open(os.path.join(dest, "resources.yaml"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))
    return project_for(dest)


def import_all(national: str, sites: dict[str, str]) -> None:
    env = dict(os.environ, PYTHONPATH=ROOT, SOURCE_DATE_EPOCH=EPOCH)
    for state, site in sites.items():
        subprocess.run([sys.executable, "-m", "generator", "import", "hsds",
                        os.path.join(site, "data", "hsds", "services.json"), "--catalog",
                        os.path.join(national, "resources.yaml"), "--region", state,
                        "--out", f"catalog/{state}.yaml", "--id-prefix", state, "--remove-missing",
                        "--label", f"State site {state}"], check=True, env=env, capture_output=True)


def build(national: str) -> None:
    env = dict(os.environ, PYTHONPATH=ROOT, SOURCE_DATE_EPOCH=EPOCH)
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "-f",
                           os.path.join(national, "mkdocs.yml")], env=env, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-3000:])


def files_in(path: str) -> int:
    return sum(len(names) for _d, _s, names in os.walk(path))


def progress(step: str, figures) -> None:
    """Each step's figures as soon as they are known: a long run stopped midway keeps them."""
    print(f"{step}: {figures}", file=sys.stderr, flush=True)


def run(states: int, per_state: int, work: str) -> dict:
    wall, cpu_s, sites = timed(lambda: publish_states(states, per_state, work))
    progress("state feeds written", (wall, cpu_s))
    first = next(iter(sites.values()))
    feeds = {name: os.path.getsize(os.path.join(first, "data", name)) for name in FEEDS
             if os.path.exists(os.path.join(first, "data", name))}
    national = national_catalog(sorted(sites), per_state, os.path.join(work, "national"))
    imported = timed(lambda: import_all(national, sites))
    progress("imported (wall s, CPU s)", imported[:2])
    catalog = {"bytes": folder_size(os.path.join(national, "catalog")),
               "files": files_in(os.path.join(national, "catalog"))}
    again = timed(lambda: import_all(national, sites))
    progress("imported again, unchanged (wall s, CPU s)", again[:2])
    # One state's re-import into the full catalog, after another state's import changed its
    # file (as in a nightly run): the catalog index is read from its record but for that file.
    last, other = sorted(sites)[-1], sorted(sites)[0]
    with open(os.path.join(national, "catalog", f"{other}.yaml"), "a", encoding="utf-8") as handle:
        handle.write("# touched\n")
    one = timed(lambda: import_all(national, {last: sites[last]}))
    progress("one state re-imported into the full catalog (wall s, CPU s)", one[:2])
    built = timed(lambda: build(national))
    site = os.path.join(national, "site")
    return {"states": states, "listings_per_state": per_state, "listings": states * per_state,
            "publish_states": {"seconds": wall, "cpu_seconds": cpu_s},
            "feed_bytes_per_state": feeds,
            "import": {"seconds": imported[0], "cpu_seconds": imported[1]},
            "import_unchanged": {"seconds": again[0], "cpu_seconds": again[1]},
            "import_one_state": {"seconds": one[0], "cpu_seconds": one[1]},
            "national_catalog": catalog,
            "build": {"seconds": built[0], "cpu_seconds": built[1]},
            "national_site": {"megabytes": round(folder_size(site) / 1e6, 1), "files": files_in(site)}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--states", type=int, default=50)
    parser.add_argument("--per-state", type=int, default=200)
    parser.add_argument("--json", help="write the figures to this file as well")
    parser.add_argument("--keep", help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    work = args.keep or tempfile.mkdtemp(prefix="navigator-federation-")
    if args.keep and os.path.exists(work):
        shutil.rmtree(work)
    try:
        figures = run(args.states, args.per_state, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(figures, indent=1)
    print(text)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
