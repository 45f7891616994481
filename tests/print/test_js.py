"""Runs the JavaScript unit tests of list.js (tests/print/js/*.test.js) with node's own test
runner; skipped locally without node, an error under CI=true."""

from __future__ import annotations

import glob
import os
import subprocess

from tests.print.conftest import need

HERE = os.path.dirname(os.path.abspath(__file__))


def test_list_js_unit_tests_pass():
    """Every node --test file for list.js passes."""
    files = sorted(glob.glob(os.path.join(HERE, "js", "*.test.js")))
    assert files, "no JavaScript test files found"
    result = subprocess.run([need("node"), "--test", *files], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
