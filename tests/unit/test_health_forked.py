"""The data health report made by a forked process while the build goes on (report.start and
finish, pipeline.prepare's fork_health): the same report as one made in the build's process,
its listings the build's own objects."""

from __future__ import annotations

import logging
import os

import pytest

from generator import background, pipeline, report
from generator.errors import CatalogError, Problem

from tests.conftest import FIXTURE_SITE

pytestmark = pytest.mark.skipif(not background.available(), reason="this system cannot fork")


def _prepare(**options) -> pipeline.Run:
    return pipeline.prepare(os.path.join(FIXTURE_SITE, "resources.yaml"), cache_dir=None, **options)


def _written(health: report.Health) -> tuple:
    """The report as plain values: each listing by its id."""
    def ids(entries):
        return [e.id for e in entries]
    regions = []
    for r in health.regions:
        lists = {name: ids(getattr(r, name)) for name in ("flag", "warn", "unverified", "no_phone", "no_hours",
                                                          "no_coordinates", "approximate", "outside")}
        groups = [(d.reason, d.detail, ids(d.entries)) for d in r.duplicates + r.shared]
        regions.append((r.id, r.name, r.total, lists, groups))
    return (health.today, health.warn_months, health.flag_months, health.warn_before, health.flag_before,
            regions)


def test_the_forked_report_is_the_one_made_here_with_the_builds_own_listings():
    """finish(start(d), d) equals health(d), and every listing in it is an object of d.entries."""
    run = _prepare()
    directory = run.directory
    here = report.health(directory)
    job = report.start(directory)
    assert isinstance(job.wait(), bytes) and job._process.pid != os.getpid()  # made over there
    apart = report.finish(job, directory)
    assert _written(apart) == _written(here)
    assert any(r.duplicates or r.flag for r in here.regions)  # the fixture has findings to compare
    own = {id(e) for e in directory.entries}
    for region in apart.regions:
        for entry in region.flag + region.no_hours + [e for d in region.duplicates for e in d.entries]:
            assert id(entry) in own


def _refuse(directory, stop=None) -> bytes:
    raise CatalogError([Problem("site", 1, 1, "data_health", "failed")])


def test_a_failed_forked_report_is_made_here_instead(caplog):
    """A forked process that failed (killed, out of memory) costs time, not the build, and
    says so at -v (debug)."""
    run = _prepare()
    job = background.Forked("data_health", "the data health report", _refuse, run.directory)
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.navigator"):
        assert _written(report.finish(job, run.directory)) == _written(report.health(run.directory))
    assert [r.getMessage() for r in caplog.records] == [
        "navigator: the data health report's own process failed, so it was made in the build's: failed"]


def test_prepare_forks_the_report_for_a_large_catalog_only_when_asked(monkeypatch):
    """fork_health starts the forked report from LARGE_CATALOG listings on; Run.health takes it
    once, and a build that stops early ends it (stop_health)."""
    monkeypatch.setattr(pipeline, "LARGE_CATALOG", 1)
    assert _prepare().health_job is None  # not asked: the live preview, the toolkit
    run = _prepare(fork_health=True)
    assert run.health_job is not None
    assert _written(run.health()) == _written(report.health(run.directory))
    assert run.health_job is None and run.health() is run.health()
    stopped = _prepare(fork_health=True)
    job = stopped.health_job
    stopped.stop_health()
    assert stopped.health_job is None and not job._process.is_alive()
    monkeypatch.setattr(pipeline, "LARGE_CATALOG", 10**9)
    assert _prepare(fork_health=True).health_job is None
