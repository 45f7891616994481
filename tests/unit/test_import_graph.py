"""The core's modules import each other in one direction only (tools/import_cycles.py)."""

from __future__ import annotations

import os
import subprocess
import sys

from tools import import_cycles

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_generator_has_no_import_cycle():
    """No two modules of generator/ reach each other through imports, lazy or type-only."""
    assert import_cycles.cycles(os.path.join(ROOT, "generator")) == []


def _package(tmp_path, files: dict[str, str]) -> str:
    root = tmp_path / "pkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return str(root)


def test_a_lazy_or_type_only_cycle_is_found(tmp_path):
    """An import inside a function, or under TYPE_CHECKING, still closes a cycle."""
    root = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "from . import b\n",
        "b.py": "def f():\n    from .c import thing\n",
        "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n",
        "d.py": "from .a import b\nimport pkg.sub.e\n",
        "sub/__init__.py": "",
        "sub/e.py": "from ..b import f\n",
    })
    assert import_cycles.cycles(root) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_the_command_names_the_cycle_and_exits_1(tmp_path):
    """python -m tools.import_cycles prints each cycle and exits 1; 0 when there is none."""
    root = _package(tmp_path, {"__init__.py": "", "a.py": "from .b import y\n", "b.py": "from . import a\n"})
    result = subprocess.run([sys.executable, "-m", "tools.import_cycles", root], cwd=ROOT,
                            capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (1, "import cycle: pkg.a <-> pkg.b\n")
    result = subprocess.run([sys.executable, "-m", "tools.import_cycles", "generator"], cwd=ROOT,
                            capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "")
