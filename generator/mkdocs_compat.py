"""MkDocs 1.6 or ProperDocs, its maintained fork: the same engine under two names.

ProperDocs answers ``mkdocs.*`` imports once its ``replacement`` module is loaded (its own
command line loads it first). Where ProperDocs is installed and MkDocs is not, this loads it
for ``navigator build``, ``navigator serve`` and the plugin too; import this module before any
``mkdocs`` import. With MkDocs installed, nothing changes.
"""

from __future__ import annotations

import importlib.util

if importlib.util.find_spec("mkdocs") is None and importlib.util.find_spec("properdocs") is not None:
    import properdocs.replacement  # noqa: F401  (mkdocs.* now loads properdocs.*)


def engine_name() -> str:
    """"properdocs" when the mkdocs modules in use are ProperDocs', else "mkdocs"."""
    import mkdocs

    return "properdocs" if mkdocs.__name__ == "properdocs" else "mkdocs"
