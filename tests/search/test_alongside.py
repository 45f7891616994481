"""A split catalog's area bundles are indexed by a forked process while the build writes its
pages (search.start_areas): the same bundles as indexing them in turn, and nothing left behind
when the build fails meanwhile."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from generator import background, pipeline, search
from generator.errors import Stopped
from tests.conftest import build, site_digest
from tests.search.conftest import split_project

pytestmark = pytest.mark.skipif(not background.available(), reason="this system cannot fork")


def _scratch_folders() -> set[str]:
    """The search jobs' scratch folders this test could have left: not those of another build
    still running on the machine (a folder is named for the process that made it)."""
    try:
        names = [n for n in os.listdir(search.MEMORY) if n.startswith(search._PREFIX)]
    except OSError:
        return set()
    return {n for n in names if not _running_elsewhere(int(n[len(search._PREFIX):].split("-")[0]))}


def _running_elsewhere(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False  # gone: a folder it left is a leftover
    except PermissionError:
        return True
    return True


def test_areas_indexed_alongside_match_areas_indexed_in_turn(tmp_path):
    """start_areas + build_index gives the bundles build_index gives alone, byte for byte."""
    project = split_project(str(tmp_path / "project"))
    run = pipeline.prepare(os.path.join(project, "resources.yaml"), cache_dir=None)
    run.search_split_at = 3
    assert run.search_areas(), "the fixture catalog should be split"
    in_turn, alongside = str(tmp_path / "in-turn"), str(tmp_path / "alongside")
    for site in (in_turn, alongside):
        os.makedirs(site)
    run.index_search(in_turn)
    job = run.start_search(alongside)
    assert job is not None
    run.index_search(alongside, areas_job=job)
    bundles = site_digest(os.path.join(in_turn, "pagefind"))
    assert any(path.startswith(os.path.join("in", "")) for path in bundles)
    assert site_digest(os.path.join(alongside, "pagefind")) == bundles


def test_no_job_is_started_for_a_catalog_searched_whole(tmp_path):
    """Under the split size there are no areas, so nothing is forked."""
    project = split_project(str(tmp_path / "project"), "10000")
    run = pipeline.prepare(os.path.join(project, "resources.yaml"), cache_dir=None)
    run.search_split_at = 10_000
    assert run.start_search(str(tmp_path / "site")) is None


def test_a_build_that_fails_meanwhile_stops_the_area_job_and_leaves_nothing_behind(
        tmp_path, monkeypatch, capsys):
    """A refused page stops the build while the area job is still indexing: the job is told to
    stop and ends, its scratch folder is gone and the previous site is as it was."""
    project = split_project(str(tmp_path / "project"))
    assert build(project) == 0
    before = site_digest(os.path.join(project, "site"))
    scratch = _scratch_folders()
    marker = str(tmp_path / "area-job")
    real = search.run_pagefind

    def slow_areas(source, output, stop=None):
        if os.sep + "in" + os.sep not in output:
            return real(source, output, stop)
        deadline = time.monotonic() + 30  # never for ever, should the stop not come
        while time.monotonic() < deadline:
            if stop is not None and stop():
                with open(marker, "w", encoding="utf-8") as handle:
                    handle.write("stopped")
                raise Stopped
            time.sleep(0.02)
        with open(marker, "w", encoding="utf-8") as handle:
            handle.write("never stopped")

    monkeypatch.setattr(search, "run_pagefind", slow_areas)
    with open(os.path.join(project, "content", "about.md"), "a", encoding="utf-8") as handle:
        handle.write('\n<b onclick="steal()">hello</b>\n')
    capsys.readouterr()
    # --force: the catalog is unchanged, so the build cache would keep every area's bundle
    # (buildcache.py) and no area job would start.
    assert build(project, "--force") == 1
    err = capsys.readouterr().err
    assert "event handler: the attribute onclick runs script" in err and "Traceback" not in err
    with open(marker, encoding="utf-8") as handle:
        assert handle.read() == "stopped"
    assert multiprocessing.active_children() == []
    assert _scratch_folders() <= scratch
    assert site_digest(os.path.join(project, "site")) == before
