"""The shipped project as a fork publishes it: GitHub Actions names the repository
(GITHUB_REPOSITORY, read by the shipped mkdocs.yml), and every listing page links to the
listing's real file and line; the form editor lists the shipped catalog files."""

from __future__ import annotations

import glob
import os
import re
import shutil

import yaml

from tests.conftest import EPOCH, ROOT, build


def test_shipped_site_links_to_the_forks_repository(tmp_path, monkeypatch):
    """With GITHUB_REPOSITORY set, a shipped listing's report link names its shipped file:line."""
    project = str(tmp_path / "project")
    os.makedirs(project)
    for name in ("mkdocs.yml", "resources.yaml"):
        shutil.copy(os.path.join(ROOT, name), project)
    for folder in ("catalog", "content", "theme", "schema"):
        shutil.copytree(os.path.join(ROOT, folder), os.path.join(project, folder))
    cms = os.path.join(ROOT, "cms", "node_modules")
    assert os.path.isdir(cms) or os.environ.get("CI") != "true", "CI runs npm ci --prefix cms first"
    if os.path.isdir(cms):
        shutil.copytree(cms, os.path.join(project, "cms", "node_modules"))
    monkeypatch.delenv("NAVIGATOR_REPOSITORY", raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "a-fork/recovery-navigator")
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project, "--no-search") == 0
    site = os.path.join(project, "site")
    with open(os.path.join(ROOT, "catalog", "ohio.yaml"), encoding="utf-8") as handle:
        line = next(n for n, text in enumerate(handle, 1) if text == "  - id: lake-to-river-peer-warmline\n")
    with open(os.path.join(site, "resources", "lake-to-river-peer-warmline", "index.html"), encoding="utf-8") as handle:
        page = handle.read()
    assert (f'href="https://github.com/a-fork/recovery-navigator/edit/main/catalog/ohio.yaml#L{line}"') in page
    assert f"source=catalog%2Fohio.yaml%3A{line}&amp;" in page
    if os.path.isdir(cms):
        with open(os.path.join(site, "admin", "config.yml"), encoding="utf-8") as handle:
            config = yaml.safe_load(handle)
        shipped = sorted(["resources.yaml"] + [os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "catalog", "*.yaml"))])
        assert sorted(f["file"] for f in config["collections"][0]["files"]) == shipped
        assert config["backend"]["repo"] == "a-fork/recovery-navigator"
    assert not re.search(r"api\.github\.com", page)
