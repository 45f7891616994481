"""The live preview's memory: a replaced catalog is freed without the garbage collector, and
the catalog in use is kept out of the collector's walks (preview.Memory)."""

from __future__ import annotations

import gc
import os
import weakref

import pytest

from generator import pipeline, preview
from tests.conftest import FIXTURE_SITE


@pytest.fixture
def collector_paused():
    """The collector off for the test (so only reference counting frees anything), and the
    frozen objects given back afterwards."""
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    gc.unfreeze()
    if was:
        gc.enable()


def test_a_dropped_directory_is_freed_without_the_collector(collector_paused):
    """The region tree points up through weak references: no cycles keep a replaced catalog."""
    run = pipeline.prepare(os.path.join(FIXTURE_SITE, "resources.yaml"), cache_dir=None)
    nodes = list(run.directory.regions.values())
    child = next(node for node in nodes if node.parent is not None)
    assert child in child.parent.children  # the tree still reads both ways
    watched = [weakref.ref(node) for node in nodes]
    del nodes, child, run
    assert all(ref() is None for ref in watched)


def test_kept_objects_are_frozen_and_cycles_are_tidied_every_few_edits(collector_paused):
    """keep() freezes what is alive; after ``every`` edits tidy_due() says so, and tidy()
    frees the cycles the edits left, then freezes again."""
    memory = preview.Memory(every=2)

    class Cyclic:
        pass

    left = Cyclic()
    left.me = left
    ref = weakref.ref(left)
    memory.keep()
    assert gc.get_freeze_count() > 0 and not memory.tidy_due()
    del left  # now garbage, but frozen: no collection can see it
    gc.collect()
    assert ref() is not None
    memory.keep()
    assert memory.tidy_due()
    memory.tidy()
    assert ref() is None and gc.get_freeze_count() > 0 and not memory.tidy_due()


def test_a_build_freezes_its_catalog_before_the_collector_runs(tmp_path):
    """Build.start keeps the collector off from validation until the catalog is frozen: no
    collection walks the objects just made, and the collector is on again afterwards."""
    from generator import build

    collections: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    was = gc.isenabled()
    gc.collect()
    gc.enable()
    gc.callbacks.append(seen)
    session = build.Build(build.Options(catalog=os.path.join(FIXTURE_SITE, "resources.yaml"),
                                        cache_dir=str(tmp_path / "cache"), site_dir=str(tmp_path / "site")))
    try:
        session.start()
        assert collections == [] and gc.get_freeze_count() > 0 and gc.isenabled()
    finally:
        gc.callbacks.remove(seen)
        session.discard()
        gc.unfreeze()
        if not was:
            gc.disable()
