"""The shipped project (mkdocs.yml, content/, the example catalog) builds within its size budget,
and the breakdown counts each kind of page once per thing it is made from."""

from __future__ import annotations

import os

from generator import budget, mkdocs_engine, pipeline
from generator.validate import validate
from tests.conftest import EPOCH, ROOT, build
from tests.print.conftest import real_project


def test_shipped_site_is_within_its_budget_and_counted_by_kind(tmp_path, monkeypatch):
    """The shipped site, search included, builds under the budget mkdocs.yml sets (GitHub Pages'
    1 GB); it has one resource page and one short link per listing, one region page and one
    sheet per region."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    config, plugin = mkdocs_engine.load(os.path.join(ROOT, "mkdocs.yml"))
    limits = mkdocs_engine.site_budget(config, plugin.config)
    assert (limits.megabytes, limits.files) == (budget.DEFAULT_MEGABYTES, budget.DEFAULT_FILES)
    assert set(limits.lines) == {"megabytes", "files"}  # written down for forks to see
    project = real_project(str(tmp_path / "project"))
    assert build(project) == 0
    site = budget.measure(os.path.join(project, "site"))
    assert limits.check(site, "mkdocs.yml") == []
    catalog = validate(os.path.join(ROOT, "resources.yaml"), today=pipeline.build_date(), cache_dir=None)
    listings, regions = len(catalog.resources), len(catalog.regions)
    assert site.kinds["resource pages"][1] == site.kinds["short links"][1] == listings
    assert site.kinds["region pages"][1] == site.kinds["sheets"][1] == regions
    assert site.kinds["search index"][1] > 0
