"""Crash safety: `navigator build` killed with SIGKILL at random moments, again and again, never
leaves site/ incomplete or changed; the next build clears what the killed ones left behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from tests.conftest import copy_fixture_site
from tests.security.conftest import EPOCH, digest

ROUNDS = 10 if os.environ.get("CI") == "true" else 5


def _start(project: str, *args: str) -> subprocess.Popen:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    # A session of its own, so the kill takes the search indexer with it, as a killed CI job would.
    return subprocess.Popen([sys.executable, "-m", "generator", "build", *args], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _leftovers(project: str) -> list[str]:
    return sorted(n for n in os.listdir(project) if n.startswith((".site-build-", ".site-old-")))


def _kill_rounds(start, site: str, whole: dict, duration: float, seed: int) -> None:
    """ROUNDS builds from ``start()``, each killed at a random moment of its expected
    ``duration`` when still running; site/ must stay ``whole`` after each."""
    rng = random.Random(seed)
    killed = 0
    for _round in range(ROUNDS):
        process = start()
        time.sleep(rng.uniform(0.05, duration * 0.95))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            killed += 1
        process.wait(timeout=60)
        assert digest(site) == whole, f"site/ changed after a kill at round {_round}"
    assert killed >= ROUNDS // 2  # most kills landed mid-build


def test_killed_builds_leave_the_previous_site_whole(tmp_path):
    """After each SIGKILL, site/ is byte for byte a complete build; the next build removes the
    staging folders of the killed ones."""
    project = copy_fixture_site(str(tmp_path / "p"))
    started = time.monotonic()
    first = _start(project)
    assert first.wait(timeout=300) == 0
    duration = time.monotonic() - started
    site = os.path.join(project, "site")
    whole = digest(site)
    assert "index.html" in whole and any(name.startswith("pagefind") for name in whole)

    # a whole build each time, though nothing changed
    _kill_rounds(lambda: _start(project, "--force"), site, whole, duration, int(EPOCH))

    assert _start(project).wait(timeout=300) == 0
    assert digest(site) == whole
    assert _leftovers(project) == []


def test_killed_warm_builds_on_the_spare_leave_the_site_whole(tmp_path):
    """Warm builds take the site before the previous one (.site-spare) as their staging folder,
    whose files are links to the published site's. Killed at random moments, with a catalog
    file touched before each (so that each builds, and keeps every file), they leave site/
    byte for byte as it was; the next build removes what they left and still keeps a spare."""
    project = copy_fixture_site(str(tmp_path / "p"))
    catalog = os.path.join(project, "catalog", "franklin.yaml")
    site = os.path.join(project, "site")

    def touched_build() -> subprocess.Popen:
        moment = time.time() + 1
        os.utime(catalog, (moment, moment))
        return _start(project)

    assert _start(project).wait(timeout=300) == 0
    assert touched_build().wait(timeout=300) == 0
    started = time.monotonic()
    assert touched_build().wait(timeout=300) == 0
    duration = time.monotonic() - started
    assert os.path.isdir(os.path.join(project, ".site-spare"))
    whole = digest(site)
    _kill_rounds(touched_build, site, whole, duration, int(EPOCH) + 1)
    assert touched_build().wait(timeout=300) == 0
    assert digest(site) == whole and _leftovers(project) == []
    assert os.path.isdir(os.path.join(project, ".site-spare"))
