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
    """mypy over the modules that own the build (tool.mypy.files) reports no error."""
    result = _run("mypy", "--no-incremental", "--cache-dir", os.devnull)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
