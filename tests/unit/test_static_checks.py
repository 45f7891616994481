"""The core passes its linter and its type checker (settings in pyproject.toml)."""

from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def test_ruff_finds_nothing():
    """ruff check over generator/ and tools/ reports no problem."""
    result = _run("ruff", "check", "--no-cache", "generator", "tools")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_core():
    """mypy over the whole package (tool.mypy.files) reports no error outside the ignore list."""
    result = _run("mypy", "--no-incremental", "--cache-dir", os.devnull)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_the_mypy_ignore_list_names_exactly_the_modules_with_errors(tmp_path):
    """Checked without the overrides, the modules with errors are exactly those listed as
    ignored: a module fixed must leave the list, a new error cannot hide in an unlisted one."""
    import re
    import tomllib

    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        settings = tomllib.load(f)["tool"]["mypy"]
    listed = {m for o in settings.get("overrides", []) if o.get("ignore_errors") for m in o["module"]}
    plain = tmp_path / "mypy.ini"
    plain.write_text("[mypy]\npython_version = 3.11\nignore_missing_imports = True\n"
                     "follow_imports = silent\n", encoding="utf-8")
    result = _run("mypy", "--no-incremental", "--cache-dir", os.devnull, "--config-file", str(plain),
                  *settings["files"])
    failing = {re.sub(r"\.py$", "", path).replace("/", ".")
               for path in re.findall(r"^([\w/]+\.py):\d+: error:", result.stdout, re.M)}
    assert result.returncode in (0, 1) and "error: " not in result.stderr, result.stderr
    assert sorted(listed - failing) == [], "clean now: delete from [[tool.mypy.overrides]]"
    assert sorted(failing - listed) == [], result.stdout
