"""bench/run.py's edit of one description: a change every time, and a description that never
grows past what validation allows however many rounds a comparison runs."""

from __future__ import annotations

import os
import sys

from tests.conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "bench"))
from run import edit_one_description  # noqa: E402


def test_each_edit_changes_the_description_and_two_give_it_back(tmp_path):
    """Every call changes the first description; every second call restores it."""
    (tmp_path / "catalog").mkdir()
    region = tmp_path / "catalog" / "ohio.yaml"
    original = "resources:\n  - id: a\n    description: Open daily.\n  - id: b\n    description: Other.\n"
    region.write_text(original, encoding="utf-8")
    seen = []
    for _ in range(100):
        edit_one_description(str(tmp_path))
        seen.append(region.read_text(encoding="utf-8"))
    assert all(a != b for a, b in zip([original] + seen, seen))
    assert seen[1::2] == [original] * 50 and "    description: Other.\n" in seen[0]
