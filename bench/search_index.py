"""The search stage alone on a catalog: writing the search documents, then Pagefind over them
(wall time, CPU time and peak memory of Pagefind), without building the site. First the stage
as a build runs it (search.build_index: area by area above search.SPLIT_AT listings), then all
documents in one bundle.

    python bench/search_index.py /tmp/syn100k            # a project made by synthetic.py + run.py
    python bench/search_index.py /tmp/syn100k --site-cli  # also Pagefind over the built site/,
                                                          # as the build indexed it before search.py

Nothing is written into the project but its validation cache (.cache/navigator, or --cache
DIR), where that is stale: the documents and both bundles go to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from generator import pipeline, search  # noqa: E402


# Pagefind runs from a fresh process whose only child it is, so that its peak memory is its own
# (this process's other children, the forked document writers, hold a copy of the catalog).
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run([sys.executable, "-m", "pagefind_bin", *sys.argv[1:], "--silent"], check=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def pagefind(args: list[str]) -> dict:
    """Run Pagefind's CLI; wall seconds, CPU seconds and its peak memory."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, *args], check=True, capture_output=True,
                         text=True).stdout.split()
    return {"seconds": round(float(out[0]), 1), "cpu seconds": round(float(out[1]), 1),
            "peak MB": round(int(out[2]) / 1024)}


def hand_written(project: str) -> list[str]:
    """The site paths of the project's Markdown pages (content/)."""
    content = os.path.join(project, "content")
    pages = []
    for folder, _dirs, files in os.walk(content):
        for name in files:
            if name.endswith(".md"):
                stem = os.path.relpath(os.path.join(folder, name), content)[:-3].replace(os.sep, "/")
                stem = "" if stem == "index" else stem[:-len("/index")] if stem.endswith("/index") else stem
                pages.append(f"{stem}/index.html".lstrip("/"))
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("project")
    parser.add_argument("--site-cli", action="store_true", help="also Pagefind over the built site/")
    parser.add_argument("--cache", help="validation cache to use (default: the project's)")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795219200")
    start = time.perf_counter()
    run = pipeline.prepare(os.path.join(args.project, "resources.yaml"),
                           cache_dir=args.cache or os.path.join(args.project, ".cache", "navigator"))
    print(f"catalog: {len(run.directory.entries):,} listings, {len(run.directory.regions):,} regions "
          f"(loaded in {time.perf_counter() - start:.1f} s)", flush=True)
    work = tempfile.mkdtemp(prefix="navigator-search-bench-")
    site = os.path.join(args.project, "site")
    workers = pipeline.render_workers(len(run.directory.entries))
    try:
        areas = search.choices(run.directory)
        os.makedirs(os.path.join(work, "staged"))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        search.build_index(run.directory, run.translators, site, hand_written(args.project), workers,
                           output=os.path.join(work, "staged"))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # The areas' documents are written in this process, so its children are Pagefind's runs
        # (unless validation forked workers above, with a cold cache: run it again warm).
        print(f"as a build runs it ({len(areas)} areas, {workers} at a time): "
              f"{time.perf_counter() - start:.1f} s, Pagefind CPU "
              f"{after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime:.1f} s, "
              f"largest child {after.ru_maxrss // 1024} MB", flush=True)
        shutil.rmtree(os.path.join(work, "staged"), ignore_errors=True)

        docs = os.path.join(work, "documents")
        start = time.perf_counter()
        count = search.write_documents(run.directory, run.translators, docs, workers)
        search.copy_pages(site, hand_written(args.project), docs)
        print(f"documents: {count:,} in {time.perf_counter() - start:.1f} s ({workers} processes)", flush=True)
        result = pagefind(["--site", docs, "--output-path", os.path.join(work, "bundle"),
                           "--exclude-selectors", search.EXCLUDE_SELECTORS])
        print(f"one bundle, Pagefind over the documents: {result}", flush=True)
        if args.site_cli:
            result = pagefind(["--site", site, "--output-path", os.path.join(work, "site-bundle")])
            print(f"Pagefind over the built site: {result}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
