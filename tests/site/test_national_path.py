"""The way a national catalog is built (pages and exports by several processes, search areas by
a forked process meanwhile), tried on the fixture catalog: the same site as the plain way, and a
clean stop when the forked step fails."""

from __future__ import annotations

import os

import pytest

from generator import background, pipeline, search
from generator.errors import CatalogError, Problem
from tests.conftest import build, site_digest
from tests.search.conftest import split_project

pytestmark = pytest.mark.skipif(not background.available(), reason="this system cannot fork")


def test_national_path_builds_the_same_site_as_the_plain_one(tmp_path, monkeypatch):
    """Byte for byte, with every step that forks at 100,000 listings forking here too (the
    plain build indexes its areas in turn, after the pages)."""
    plain = split_project(str(tmp_path / "plain"))
    with monkeypatch.context() as patch:
        patch.setattr(pipeline.Run, "start_search", lambda self, *args: None)
        patch.setenv("NAVIGATOR_WORKERS", "1")
        assert build(plain) == 0
    national = split_project(str(tmp_path / "national"))
    started = []
    start = pipeline.Run.start_search

    def record(self, *args, **kwargs):
        job = start(self, *args, **kwargs)
        started.append(job)
        return job

    monkeypatch.setattr(pipeline, "LARGE_CATALOG", 1)
    monkeypatch.setattr(pipeline.Run, "start_search", record)
    monkeypatch.setenv("NAVIGATOR_WORKERS", "2")
    assert build(national) == 0
    assert started and started[0] is not None, "the search areas were not forked"
    assert site_digest(os.path.join(national, "site")) == site_digest(os.path.join(plain, "site"))


def test_a_failed_search_area_stops_the_build_with_its_message(tmp_path, monkeypatch, capsys):
    """Pagefind failing in the forked area job: its problem, exit 1, no traceback, and the
    previous site left as it was."""
    project = split_project(str(tmp_path / "project"))
    assert build(project) == 0
    before = site_digest(os.path.join(project, "site"))
    real = search.run_pagefind

    def failing(source, output, stop=None):
        if os.sep + "in" + os.sep in output:
            raise CatalogError([Problem("site", 1, 1, "search", "the search index could not be "
                                        "built: Error: out of disk space")])
        return real(source, output, stop)

    monkeypatch.setattr(search, "run_pagefind", failing)
    capsys.readouterr()
    assert build(project, "--force") == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == ("site:1:1: search: the search index could not be built: Error: "
                                   "out of disk space")
    assert "Traceback" not in err and "previous site was left as it was" in err
    assert site_digest(os.path.join(project, "site")) == before
