"""What reading offline costs: what a first visit downloads (the worker and its precache), and
what saving a region downloads, against the budgets (first visit <= 300 KB compressed, one
county <= 1 MB as stored).

    python bench/offline.py                      # the shipped project, built into a temp folder
    python bench/offline.py --synthetic 10000    # a synthetic catalog of that size (synthetic.py)
    python bench/offline.py --site site          # a site already built
    python bench/offline.py --json out.json      # the figures as JSON too

Sizes are read from the manifests the build wrote (offline/manifest.json and the default
language's offline/regions/*.json; a first visit keeps one language's shell, so the figures are
per language); "gzip" is each file compressed at level 6, as a web server sends it.
Counties are regions without areas of their own. Nothing is asserted; the table says which
budgets are met. The time of the offline stage alone is measured by running it again on the
built site.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)

from run import project_for  # noqa: E402

from generator import enrich, offline, pipeline  # noqa: E402
from generator.validate import validate  # noqa: E402

COUNTY_BUDGET = 1_000_000
SHIPPED = ("mkdocs.yml", "resources.yaml", "catalog", "content")


def build(project: str) -> str:
    subprocess.run([sys.executable, "-m", "generator", "build", "-f", os.path.join(project, "mkdocs.yml")],
                   check=True, cwd=project, env=dict(os.environ, SOURCE_DATE_EPOCH="1795219200"),
                   stdout=subprocess.DEVNULL)
    return os.path.join(project, "site")


def shipped_project(dest: str) -> str:
    os.makedirs(dest)
    for name in SHIPPED:
        source, target = os.path.join(ROOT, name), os.path.join(dest, name)
        if os.path.isdir(source):
            subprocess.run(["cp", "-r", source, target], check=True)
        else:
            with open(source, encoding="utf-8") as src, open(target, "w", encoding="utf-8") as out:
                out.write(src.read().replace("custom_dir: theme", f"custom_dir: {ROOT}/theme"))
    return dest


def gzipped(site: str, files: list[offline.File]) -> int:
    total = 0
    for f in files:
        with open(os.path.join(site, offline._path(f.url)), "rb") as handle:
            total += len(gzip.compress(handle.read(), 6, mtime=0))
    return total


def measure(site: str, catalog: str) -> dict:
    with open(os.path.join(site, offline.MANIFEST), encoding="utf-8") as handle:
        manifest = json.load(handle)
    regions = {}
    folder = os.path.join(site, offline.REGIONS_DIR)
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            regions[name[:-len(".json")]] = json.load(handle)
    directory = enrich.enrich(validate(catalog, today=pipeline.build_date(), cache_dir=None), pipeline.build_date())
    counties = [n.id for n in directory.regions.values() if not n.children]
    sizes = sorted((regions[c]["bytes"], c) for c in counties)
    largest = sizes[-1][1]
    with open(os.path.join(site, offline.WORKER), "rb") as handle:
        worker = len(gzip.compress(handle.read(), 6, mtime=0))
    start, cpu = time.perf_counter(), time.process_time()
    codes = [lang["code"] for lang in manifest["languages"]]
    offline.write(site, directory, codes)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "listings": len(directory.entries),
        "regions": len(regions),
        "offline stage seconds": round(took, 2),
        "offline stage CPU seconds": round(cpu, 2),  # all threads; wall time waits on a busy disk
        **{f"precache files ({lang['code']})": len(lang["precache"]) for lang in manifest["languages"]},
        **{f"precache bytes ({lang['code']})": sum(f[1] for f in lang["precache"]) for lang in manifest["languages"]},
        **{f"precache gzip bytes ({c})": n for c, n in manifest["precache_gzip_bytes"].items()},
        "worker gzip bytes": worker,
        **{f"first visit gzip bytes ({c}: worker + precache)": worker + n for c, n in manifest["precache_gzip_bytes"].items()},
        "first visit budget met": worker + max(manifest["precache_gzip_bytes"].values()) <= offline.PRECACHE_BUDGET,
        "counties": len(counties),
        "county bytes (median)": int(statistics.median(s for s, _ in sizes)),
        "largest county": largest,
        "largest county listings": len(directory.regions[largest].entries),
        "largest county files": len(offline.read_region(site, "", largest)[1]),
        "largest county bytes": regions[largest]["bytes"],
        "largest county gzip bytes": gzipped(site, offline.read_region(site, "", largest)[1]),
        "county budget met": sizes[-1][0] <= COUNTY_BUDGET,
        "largest region": max(regions, key=lambda r: regions[r]["bytes"]),
        "largest region bytes": max(r["bytes"] for r in regions.values()),
        "region manifests bytes": sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, metavar="N", help="listings in a synthetic catalog")
    parser.add_argument("--site", help="a built site (its catalog: --catalog, else ./resources.yaml)")
    parser.add_argument("--catalog", default="resources.yaml")
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-offline-") as work:
        if args.site:
            site, catalog = args.site, args.catalog
        elif args.synthetic:
            project = os.path.join(work, "project")
            subprocess.run([sys.executable, os.path.join(HERE, "synthetic.py"), str(args.synthetic), project],
                           check=True, stdout=subprocess.DEVNULL)
            site, catalog = build(project_for(project)), os.path.join(project, "resources.yaml")
        else:
            project = shipped_project(os.path.join(work, "project"))
            site, catalog = build(project), os.path.join(project, "resources.yaml")
        figures = measure(site, catalog)
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value:,}" if isinstance(value, int) and not isinstance(value, bool)
              else f"{key:<{width}}  {value}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
