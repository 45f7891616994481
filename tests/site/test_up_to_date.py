"""`navigator build` with nothing changed since the last build leaves the site as it is
(generator/stamp.py); any change to what the site is made from builds it again."""

from __future__ import annotations

import os
import re
import time

import pytest

from generator import stamp
from tests.conftest import build, copy_fixture_site, site_digest

UP_TO_DATE = re.compile(r"The site in (.+)/ is up to date: nothing it is built from has changed "
                        r"since it was built \(\d+\.\ds\)\. `navigator build --force` builds it again\.")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """The fixture site built once, its files taken as settled straight away."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    monkeypatch.setattr(stamp, "SETTLE_SECONDS", 0)
    root = copy_fixture_site(str(tmp_path / "p"))
    assert build(root, "--no-search") == 0
    return root


def outcome(capsys, project: str, *args: str) -> str:
    """Build; 'skipped' when the site was up to date, 'built' when it was built."""
    capsys.readouterr()
    assert build(project, *args) == 0
    out = capsys.readouterr().out
    if UP_TO_DATE.fullmatch(out.strip()):
        return "skipped"
    assert out.startswith("Built the site in "), out
    return "built"


def edit(path: str, old: str, new: str) -> None:
    time.sleep(0.01)  # past the file system clock's tick, as any real edit is
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert old in text
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new, 1))


def test_second_build_with_nothing_changed_leaves_the_site(project, capsys):
    """Exit 0, the exact message, and the very same site folder and bytes."""
    site = os.path.join(project, "site")
    before, inode = site_digest(site), os.stat(site).st_ino
    capsys.readouterr()
    assert build(project, "--no-search") == 0
    out = capsys.readouterr().out.strip()
    match = UP_TO_DATE.fullmatch(out)
    assert match, out
    assert os.path.basename(match.group(1)) == "site"
    assert os.stat(site).st_ino == inode and site_digest(site) == before


@pytest.mark.parametrize("where, old, new", [
    ("catalog/franklin.yaml", 'time: "19:30"', 'time: "19:45"'),
    ("content/index.md", "#", "# "),
    ("mkdocs.yml", "site_name:", "site_description: Changed\nsite_name:"),
])
def test_an_edit_to_catalog_content_or_settings_builds_again(project, capsys, where, old, new):
    """Editing a catalog file, a page or mkdocs.yml means a real build, with the change in it."""
    edit(os.path.join(project, where), old, new)
    assert outcome(capsys, project, "--no-search") == "built"
    assert outcome(capsys, project, "--no-search") == "skipped"


def test_other_options_or_date_or_force_build_again(project, capsys, monkeypatch):
    """The search option, another build date and --force each mean a real build."""
    assert outcome(capsys, project) == "built"  # with search, after a build without
    assert outcome(capsys, project) == "skipped"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1795219200 + 86400))
    assert outcome(capsys, project) == "built"
    assert outcome(capsys, project, "--force") == "built"


def test_a_deleted_site_is_built_again(project, capsys):
    """Removing site/ by hand is noticed: the next build makes it."""
    import shutil

    shutil.rmtree(os.path.join(project, "site"))
    assert outcome(capsys, project, "--no-search") == "built"
    assert os.path.isfile(os.path.join(project, "site", "index.html"))


def test_after_a_refused_build_the_fixed_catalog_is_built_once(project, capsys):
    """A refused build leaves the site alone; once the mistake is fixed the next build runs
    (the file's times differ from those the site was made from) and the one after is skipped."""
    path = os.path.join(project, "catalog", "franklin.yaml")
    edit(path, 'time: "19:30"', 'time: "7:30 PM"')
    capsys.readouterr()
    assert build(project, "--no-search") == 1
    assert "The build stopped; the previous site was left as it was." in capsys.readouterr().err
    edit(path, 'time: "7:30 PM"', 'time: "19:30"')
    assert outcome(capsys, project, "--no-search") == "built"
    assert outcome(capsys, project, "--no-search") == "skipped"


def test_plain_mkdocs_build_always_builds_and_leaves_a_stamp(project, capsys):
    """mkdocs build (no --force there) builds every time; navigator build then sees it current."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    site = os.path.join(project, "site")
    config = load_config(os.path.join(project, "mkdocs.yml"))
    config.plugins["navigator"].config.search = False
    inode = os.stat(site).st_ino
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)
    assert os.stat(site).st_ino != inode  # a new site was swapped in
    assert outcome(capsys, project, "--no-search") == "skipped"


def test_the_spare_is_not_an_input(project, capsys):
    """Once a build has kept the site it replaced beside site/ (.site-spare, the next build's
    staging folder), a build with nothing changed still leaves the site as it is."""
    catalog = os.path.join(project, "catalog", "franklin.yaml")
    edit(catalog, "Medically supervised detox.", "Medically supervised detox, open all night.")
    assert outcome(capsys, project, "--no-search") == "built"
    edit(catalog, "open all night.", "open day and night.")
    assert outcome(capsys, project, "--no-search") == "built"
    assert os.path.isdir(os.path.join(project, ".site-spare"))
    assert outcome(capsys, project, "--no-search") == "skipped"
