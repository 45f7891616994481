"""Benchmarks: validate and build times, memory, page and search sizes, with yardsticks.

    python bench/run.py                       # shipped catalog + synthetic 1k and 10k
    python bench/run.py --sizes 1000 10000 100000 --samhsa
    python bench/run.py --json bench/out/results.json

Each measurement runs in a fresh process (so "cold" means cold) and reports wall time and the
peak resident memory of that process and its children (Pagefind). Figures go to standard output
as a table, and optionally to JSON. Nothing here is asserted: targets are compared in the table.
"""

from __future__ import annotations

import argparse
import json
import os
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

from generator import budget, stamp  # noqa: E402

TARGETS_100K = {"cold build": 25, "warm build": 8, "cold validate": 12, "warm validate": 2,
                "peak memory MB": 1024, "region page (30 resources) KB": 60}

_MEASURE = r"""
import resource, runpy, sys, time
sys.argv = sys.argv[1:]
start = time.perf_counter()
code = 0
try:
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code or 0
took = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"@@bench {took:.3f} {own} {kids} {code}", file=sys.stderr)
"""


def measure(args: list[str], cwd: str, env: dict | None = None) -> dict:
    """Run ``python -m <args>`` in a new process; wall seconds and peak memory (MB)."""
    full_env = dict(os.environ, PYTHONPATH=ROOT, SOURCE_DATE_EPOCH="1795219200", **(env or {}))
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True)
    line = [x for x in proc.stderr.splitlines() if x.startswith("@@bench")]
    if not line:
        raise RuntimeError(f"{args} failed:\n{proc.stderr[-3000:]}")
    _tag, took, own, kids, code = line[-1].split()
    if code != "0":
        raise RuntimeError(f"{args} exited {code}:\n{proc.stderr[-3000:]}")
    return {"seconds": float(took), "memory_mb": round(int(own) / 1024),
            "children_memory_mb": round(int(kids) / 1024), "output": proc.stdout.strip()[-2000:]}


def project_for(catalog_dir: str) -> str:
    """Give a catalog folder the project's mkdocs.yml and content so it builds like the site."""
    shutil.copytree(os.path.join(ROOT, "content"), os.path.join(catalog_dir, "content"),
                    dirs_exist_ok=True)
    with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as handle:
        config = handle.read()
    config = config.replace("custom_dir: theme", f"custom_dir: {ROOT}/theme")
    # A benchmark measures sites of any size: their builds may go over the budget, which the
    # results compare with the default instead (bench_catalog, "over budget").
    for limit in ("megabytes: 1000", "files: 150000"):
        assert config.count(limit) == 1, f"mkdocs.yml no longer sets {limit}; update bench/run.py"
        config = config.replace(limit, limit.split(":")[0] + ": 1000000000")
    with open(os.path.join(catalog_dir, "mkdocs.yml"), "w", encoding="utf-8") as handle:
        handle.write(config)
    return catalog_dir


def folder_size(path: str) -> int:
    return sum(os.path.getsize(os.path.join(d, f)) for d, _s, fs in os.walk(path) for f in fs)


def page_sizes(site: str) -> dict:
    """Sizes of a region page closest to 30 resources, an average resource page, the site."""
    regions = os.path.join(site, "regions")
    best = None
    for name in sorted(os.listdir(regions)) if os.path.isdir(regions) else []:
        path = os.path.join(regions, name, "index.html")
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as handle:
            html = handle.read()
        cards = html.count('class="rn-card ') + html.count('class="rn-meeting')
        if cards and (best is None or abs(cards - 30) < abs(best[0] - 30)):
            best = (cards, len(html.encode()), name)
    resources = os.path.join(site, "resources")
    names = sorted(os.listdir(resources))[:500] if os.path.isdir(resources) else []
    sizes = [os.path.getsize(os.path.join(resources, n, "index.html")) for n in names
             if os.path.exists(os.path.join(resources, n, "index.html"))]
    return {
        "region page": f"{best[2]} ({best[0]} listings): {best[1] / 1024:.1f} KB" if best else "-",
        "region page KB": round(best[1] / 1024, 1) if best else None,
        "resource page KB (mean)": round(sum(sizes) / len(sizes) / 1024, 1) if sizes else None,
        "site MB": round(folder_size(site) / 1024 / 1024, 1),
        "search index MB": round(folder_size(os.path.join(site, "pagefind")) / 1024 / 1024, 1)
        if os.path.isdir(os.path.join(site, "pagefind")) else None,
    }


def touch_one_region(catalog_dir: str) -> None:
    """Change one region file the way a coordinator would (a verified date)."""
    folder = os.path.join(catalog_dir, "catalog")
    name = sorted(os.listdir(folder))[0]
    path = os.path.join(folder, name)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace("last_verified: 2026-01-15", "last_verified: 2026-01-16", 1))


EDITED = "Now also on Saturdays. "


def edit_one_description(catalog_dir: str) -> None:
    """Change one listing's description in the first region file that has one, as a
    coordinator's pull request would; the next build finds the rest in its build cache. The
    sentence is added, and taken out again the next time: a description edited in every round
    of a comparison would otherwise pass the 2,000 characters validation allows."""
    folder, marker = os.path.join(catalog_dir, "catalog"), "    description: "
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        if marker in text:
            break
    else:
        raise RuntimeError(f"no listing in {folder} has a description to edit")
    edited = text.replace(marker + EDITED, marker, 1) if marker + EDITED in text else \
        text.replace(marker, marker + EDITED, 1)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(edited)


def bench_catalog(name: str, catalog_dir: str, search: bool) -> dict:
    project_for(catalog_dir)
    time.sleep(stamp.SETTLE_SECONDS)  # files just written would make the cold build keep no stamp
    cache = os.path.join(catalog_dir, ".cache")
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(os.path.join(catalog_dir, "site"), ignore_errors=True)
    flags = [] if search else ["--no-search"]
    out = {"catalog": name}
    out["cold validate"] = measure(["generator", "validate", "resources.yaml"], catalog_dir)
    out["warm validate"] = measure(["generator", "validate", "resources.yaml"], catalog_dir)
    shutil.rmtree(cache, ignore_errors=True)
    out["cold build"] = measure(["generator", "build", *flags], catalog_dir)
    # Nothing changed: the build sees that from its stamp (generator/stamp.py) and stops.
    out["warm build"] = measure(["generator", "build", *flags], catalog_dir)
    out["warm build, forced"] = measure(["generator", "build", "--force", *flags], catalog_dir)
    touch_one_region(catalog_dir)
    out["rebuild after one region file"] = measure(["generator", "build", *flags], catalog_dir)
    # One listing's description changed, the build cache warm (generator/buildcache.py).
    time.sleep(stamp.SETTLE_SECONDS)
    edit_one_description(catalog_dir)
    out["one description changed"] = measure(["generator", "build", *flags], catalog_dir)
    out.update(page_sizes(os.path.join(catalog_dir, "site")))
    # What navigator build -v prints and site_budget checks: bytes and files per kind.
    site = budget.measure(os.path.join(catalog_dir, "site"))
    out["breakdown"] = {kind: {"bytes": b, "files": f} for kind, b, f in site.largest(0)}
    out["breakdown table"] = site.table()
    out["over budget"] = [p.field for p in budget.Budget().check(site, "mkdocs.yml")]
    return out


def bench_yardsticks(catalog_dir: str, limit: int) -> dict:
    """Plain MkDocs (pages out of nav) and plain Jinja on the same resource pages."""
    return measure(["yardsticks", catalog_dir, str(limit)], HERE)


def search_bytes(site: str, query1: str, query2: str) -> dict | None:
    """Bytes transferred for a first and a second search query in headless Chromium; in the
    first area's bundle when the catalog is searched area by area."""
    try:
        from search_bytes import areas, measure_search
    except ImportError:
        return None
    area = (areas(site) or [None])[0]
    result = measure_search(site, query1, query2, area)
    if result is not None and area:
        result["area"] = area
    return result


def table(results: list[dict]) -> str:
    keys = ["cold validate", "warm validate", "cold build", "warm build", "warm build, forced",
            "rebuild after one region file", "one description changed"]
    lines = ["| catalog | " + " | ".join(keys) + " | peak MB (own / Pagefind) | region page | "
             "resource page KB | site MB | search MB |",
             "|---" * (len(keys) + 6) + "|"]
    for r in results:
        cells = [f"{r[k]['seconds']:.1f} s" for k in keys]
        peak = max((r[k]["memory_mb"] for k in keys))
        kids = max((r[k]["children_memory_mb"] for k in keys))
        lines.append(f"| {r['catalog']} | " + " | ".join(cells) +
                     f" | {peak} / {kids} | {r['region page']} | {r['resource page KB (mean)']} | "
                     f"{r['site MB']} | {r['search index MB']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--no-search", action="store_true", help="skip Pagefind in builds")
    parser.add_argument("--samhsa", action="store_true", help="also the SAMHSA national directory")
    parser.add_argument("--yardsticks", type=int, default=2000,
                        help="pages for the plain MkDocs / plain Jinja comparison (0: skip)")
    parser.add_argument("--json", help="write the results here too")
    parser.add_argument("--work", default=None, help="folder for generated catalogs")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="navigator-bench-")
    search = not args.no_search
    results = []

    shipped = os.path.join(work, "shipped")
    shutil.rmtree(shipped, ignore_errors=True)
    os.makedirs(shipped)
    shutil.copy(os.path.join(ROOT, "resources.yaml"), shipped)
    shutil.copytree(os.path.join(ROOT, "catalog"), os.path.join(shipped, "catalog"))
    results.append(bench_catalog("shipped example", shipped, search))

    for size in args.sizes:
        folder = os.path.join(work, f"synthetic-{size}")
        synthetic.generate(size, folder)
        result = bench_catalog(f"synthetic {size:,}", folder, search)
        if search:
            result["search"] = search_bytes(os.path.join(folder, "site"), "Harbor", "Cedar Center")
        results.append(result)

    if args.samhsa:
        from samhsa import SOURCE, prepare_samhsa

        if not os.path.exists(SOURCE):
            sys.exit(f"--samhsa: {SOURCE} is absent; the benchmark needs ../shared/fixtures")
        folder = os.path.join(work, "samhsa")
        timing = prepare_samhsa(folder)
        result = bench_catalog("SAMHSA directory (12,176)", folder, search)
        result["import"] = timing
        if search:
            result["search"] = search_bytes(os.path.join(folder, "site"), "detox", "Medicaid")
        results.append(result)

    yard = None
    if args.yardsticks and args.sizes:
        folder = os.path.join(work, f"synthetic-{args.sizes[-1]}")
        yard = bench_yardsticks(folder, args.yardsticks)

    print(table(results))
    for r in results:
        over = ", ".join(r["over budget"]) or "nothing"
        print(f"site by kind ({r['catalog']}; over the default budget: {over}):\n{r['breakdown table']}")
        if r.get("search"):
            print(f"search ({r['catalog']}): {r['search']}")

        if r.get("import"):
            print(f"import ({r['catalog']}): {r['import']}")
    if yard:
        print(yard["output"])
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"results": results, "yardsticks": yard, "targets_100k": TARGETS_100K},
                      handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
