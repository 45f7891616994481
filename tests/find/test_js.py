"""Runs the JavaScript unit tests (tests/find/js/*.test.js) with node's own test runner; skipped
locally without node, an error under CI=true."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess

import pytest

from generator import schedule

HERE = os.path.dirname(os.path.abspath(__file__))


def test_javascript_unit_tests_pass():
    """Every node --test file for schedule.js, near.js, share.js, qr.js and find.js passes."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is needed for the JavaScript tests in CI (apt-get install nodejs)")
        pytest.skip("node is not installed")
    files = sorted(glob.glob(os.path.join(HERE, "js", "*.test.js")))
    assert files, "no JavaScript test files found"
    result = subprocess.run([node, "--test", *files], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "TZ": "UTC",
                                 "RN_TIMES_OF_DAY": json.dumps(schedule.TIMES_OF_DAY)})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
