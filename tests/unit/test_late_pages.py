"""engine_replay.Late: a kept engine run's pages that waited for a fragment are finished with
this build's marks, and a page a later stage has written already stays that stage's."""

from __future__ import annotations

import os
from types import SimpleNamespace

from generator import engine_replay

OLD, NEW = "<!--navigator-later-00000000000000aa-->", "<!--navigator-later-00000000000000bb-->"


def _build(site_dir: str) -> SimpleNamespace:
    """A build whose fragment for NEW is this build's report."""
    return SimpleNamespace(site_dir=site_dir, with_bundles=lambda page: page.replace(NEW, "<p>report</p>"))


def _late(tmp_path, names: list[str]) -> engine_replay.Late:
    waited = []
    for name in names:
        (tmp_path / name).write_text("kept copy", encoding="utf-8")
        waited.append((name, f"<main>{OLD}</main>", engine_replay.answer_digest("<main>old report</main>")))
    return engine_replay.Late(waited, {OLD: NEW})


def test_waiting_pages_are_finished_with_this_builds_fragment(tmp_path):
    """Each waiting page is written with the fragment its mark now stands for."""
    _late(tmp_path, ["a.html", "b.html"])(_build(str(tmp_path)))
    for name in ("a.html", "b.html"):
        assert (tmp_path / name).read_text(encoding="utf-8") == "<main><p>report</p></main>"


def test_a_page_written_by_a_later_stage_is_left_alone(tmp_path):
    """A path a catalog page or side file has written already is not written over."""
    late = _late(tmp_path, ["a.html", "b.html"])
    late(_build(str(tmp_path)), written={"b.html": "key"})
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == "<main><p>report</p></main>"
    assert (tmp_path / "b.html").read_text(encoding="utf-8") == "kept copy"


def test_an_unchanged_page_is_not_written(tmp_path):
    """When the finished page's digest is the recorded one, the kept copy stays as it is."""
    (tmp_path / "a.html").write_text("kept copy", encoding="utf-8")
    same = "<main><p>report</p></main>"
    late = engine_replay.Late([("a.html", f"<main>{OLD}</main>", engine_replay.answer_digest(same))], {OLD: NEW})
    before = os.stat(tmp_path / "a.html").st_mtime_ns
    late(_build(str(tmp_path)))
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == "kept copy"
    assert os.stat(tmp_path / "a.html").st_mtime_ns == before
