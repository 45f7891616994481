"""The engine behind the hand-written pages is the one the environment says it is: MkDocs, or
ProperDocs where it is installed instead (generator/mkdocs_compat.py); CI runs the whole-site
tests under both (.ci/run sets NAVIGATOR_ENGINE for the second run)."""

from __future__ import annotations

import importlib.util
import os

from generator.mkdocs_compat import engine_name


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
