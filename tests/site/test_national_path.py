"""The way a national catalog is built (pages and exports by several processes, search areas by
a forked process meanwhile), tried on the fixture catalog: the same site as the plain way, and a
clean stop when the forked step fails."""

from __future__ import annotations

import os

import pytest

from generator import background, pipeline, placeholders, report, search
from generator.errors import CatalogError, Problem
from tests.conftest import build, site_digest
from tests.search.conftest import split_project

pytestmark = pytest.mark.skipif(not background.available(), reason="this system cannot fork")


def _with_health_page(project: str) -> str:
    """The project with a data health page (the fixture has none), which the report fills."""
    with open(os.path.join(project, "content", "data-health.md"), "w", encoding="utf-8") as page:
        page.write("# Data health\n\n{{ data_health }}\n")
    return project


@pytest.mark.parametrize("split_at", ["3", "10000"])
def test_national_path_builds_the_same_site_as_the_plain_one(tmp_path, monkeypatch, split_at):
    """Byte for byte, with every step that forks at 100,000 listings forking here too (the
    plain build indexes in turn, after the pages, and makes the data health report when its
    page asks), whether the catalog is searched area by area or in one bundle: either way the
    whole index is made by the forked process."""
    plain = _with_health_page(split_project(str(tmp_path / "plain"), split_at))
    with monkeypatch.context() as patch:
        patch.setattr(pipeline.Run, "start_search", lambda self, *args, **kwargs: None)
        patch.setenv("NAVIGATOR_WORKERS", "1")
        assert build(plain) == 0
    national = _with_health_page(split_project(str(tmp_path / "national"), split_at))
    started = []
    start = pipeline.Run.start_search

    def record(self, *args, **kwargs):
        job = start(self, *args, **kwargs)
        started.append(job)
        assert len(args) > 2 or "pages" in kwargs, "a first build forks the whole index"
        return job

    reports, deferred = [], []
    start_report, defer = report.start, placeholders.Later.defer
    monkeypatch.setattr(report, "start", lambda directory: reports.append(start_report(directory)) or reports[-1])
    monkeypatch.setattr(placeholders.Later, "defer", lambda self, make: deferred.append(1) or defer(self, make))
    monkeypatch.setattr(pipeline, "LARGE_CATALOG", 1)
    monkeypatch.setattr(pipeline.Run, "start_search", record)
    monkeypatch.setenv("NAVIGATOR_WORKERS", "2")
    assert build(national) == 0
    assert started and started[0] is not None, "the search index was not forked"
    assert len(reports) == 1 and deferred, "the data health report was not made beside the engine"
    assert site_digest(os.path.join(national, "site")) == site_digest(os.path.join(plain, "site"))


@pytest.mark.parametrize("split_at", ["3", "10000"])
def test_a_failed_search_area_stops_the_build_with_its_message(tmp_path, monkeypatch, capsys, split_at):
    """Pagefind failing in the forked job (an area's bundle, or the one bundle): its problem,
    exit 1, no traceback, and the previous site left as it was."""
    project = split_project(str(tmp_path / "project"), split_at)
    assert build(project) == 0
    before = site_digest(os.path.join(project, "site"))
    real = search.run_pagefind
    monkeypatch.setattr(pipeline, "LARGE_CATALOG", 1)  # the one bundle is forked, as at 5,000

    def failing(source, output, stop=None):
        if split_at == "10000" or os.sep + "in" + os.sep in output:
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


def test_a_small_catalog_is_indexed_in_the_build_process(tmp_path, monkeypatch):
    """Under LARGE_CATALOG listings (and not split), nothing is forked for the search index: it
    takes a second at most there."""
    project = split_project(str(tmp_path / "project"), "10000")
    started = []
    monkeypatch.setattr(pipeline.Run, "start_search", lambda self, *args, **kwargs: started.append(args))
    assert build(project) == 0
    assert started == []
    assert os.path.isfile(os.path.join(project, "site", "pagefind", "pagefind-entry.json"))


def test_a_build_stopped_after_the_report_started_leaves_no_process(tmp_path, monkeypatch, capsys):
    """A setting refused after the catalog was read (the report already forked): exit 1 with the
    setting's message, and the report's process ended, not left to block the exit."""
    import multiprocessing

    project = split_project(str(tmp_path / "project"), "10000")
    config = os.path.join(project, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(text.replace("  - navigator:\n", "  - navigator:\n      repository: not a repo\n"))
    reports = []
    start_report = report.start
    monkeypatch.setattr(report, "start", lambda directory: reports.append(start_report(directory)) or reports[-1])
    monkeypatch.setattr(pipeline, "LARGE_CATALOG", 1)
    assert build(project) == 1
    assert "repository: 'not a repo' is not a GitHub repository" in capsys.readouterr().err
    assert len(reports) == 1 and reports[0]._finished and not reports[0]._process.is_alive()
    assert not [child for child in multiprocessing.active_children() if child is reports[0]._process]


def test_exports_failing_in_their_process_stop_the_build_with_their_message(tmp_path, monkeypatch, capsys):
    """The exports written by a forked process (a large catalog's) and failing there: their
    problem, exit 1, no traceback, and the previous site left as it was."""
    from generator.exporters import datasets

    project = split_project(str(tmp_path / "project"), "10000")
    assert build(project) == 0
    before = site_digest(os.path.join(project, "site"))

    def failing(*args, **kwargs):
        raise CatalogError([Problem("mkdocs.yml", 1, 1, "site_budget", "the exports are over their limit")])

    monkeypatch.setattr(datasets, "write", failing)
    monkeypatch.setattr(pipeline, "LARGE_CATALOG", 1)
    capsys.readouterr()
    assert build(project, "--force") == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "mkdocs.yml:1:1: site_budget: the exports are over their limit"
    assert "Traceback" not in err and "previous site was left as it was" in err
    assert site_digest(os.path.join(project, "site")) == before
