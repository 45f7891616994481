"""The engine behind the hand-written pages is the one the environment says it is: MkDocs, or
ProperDocs where it is installed instead (generator/mkdocs_compat.py); CI runs the whole-site
tests under both (.ci/run sets NAVIGATOR_ENGINE for the second run)."""

from __future__ import annotations

import importlib.util
import os

from generator.mkdocs_compat import engine_name
from tests.cli.test_cli import run
from tests.conftest import copy_fixture_site

BROKEN_LINK = ("WARNING: Doc file 'index.md' contains a link 'missing.md', but the target is not "
               "found among documentation files.")


def test_the_engine_in_use_is_the_one_installed():
    """With MkDocs installed it is MkDocs; with only ProperDocs, mkdocs.* imports load ProperDocs."""
    installed = "mkdocs" if importlib.util.find_spec("mkdocs").origin.find("properdocs") < 0 else "properdocs"
    assert engine_name() == installed
    expected = os.environ.get("NAVIGATOR_ENGINE")
    if expected:
        assert engine_name() == expected


def test_the_plugin_is_found_by_the_engine_in_use():
    """The engine's plugin registry finds the navigator plugin by its entry point."""
    from mkdocs.plugins import get_plugins

    assert get_plugins()["navigator"].value == "generator.plugin:NavigatorPlugin"


def _broken_link_project(tmp_path, strict: bool) -> str:
    project = str(tmp_path / "p")
    copy_fixture_site(project)
    with open(os.path.join(project, "content", "index.md"), "a", encoding="utf-8") as handle:
        handle.write("\nSee [the missing page](missing.md).\n")
    if strict:
        with open(os.path.join(project, "mkdocs.yml"), "a", encoding="utf-8") as handle:
            handle.write("strict: true\n")
    return project


def test_the_engines_warnings_are_printed(tmp_path):
    """A hand-written page's broken link is the engine's warning, printed by `navigator build`
    under either engine (ProperDocs logs under its own name), and the build succeeds."""
    project = _broken_link_project(tmp_path, strict=False)
    result = run("build", "-f", os.path.join(project, "mkdocs.yml"), "--no-search", cwd=project)
    assert result.returncode == 0, result.stderr
    assert BROKEN_LINK in result.stderr.splitlines()


def test_strict_mode_stops_on_the_engines_warning(tmp_path):
    """With strict: true the same warning stops the build, exit 1, the warning printed once, and
    the previous site is left as it was."""
    project = _broken_link_project(tmp_path, strict=True)
    result = run("build", "-f", os.path.join(project, "mkdocs.yml"), "--no-search", cwd=project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines.count(BROKEN_LINK) == 1
    assert lines[-1] == "The build stopped; the previous site was left as it was."
    assert "Traceback" not in result.stderr
