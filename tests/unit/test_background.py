"""background.Forked: work in a forked child, its problems raised in the parent, and a child
that stops when asked or when its parent dies."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

import pytest

from generator import background
from generator.errors import CatalogError, Problem, Stopped

pytestmark = pytest.mark.skipif(not background.available(), reason="this system cannot fork")


def _write(path: str, text: str, stop) -> dict:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return {"pid": os.getpid()}


def _refuse(stop) -> None:
    raise CatalogError([Problem("catalog/ohio.yaml", 3, 5, "name", "is missing; add one")])


def _crash(stop) -> None:
    raise ValueError("bad value")


def _die(stop) -> None:
    os._exit(3)


def _until_stopped(marker: str, stop) -> None:
    open(marker + ".started", "w").close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if stop():
            open(marker, "w").close()
            raise Stopped
        time.sleep(0.02)


def _wait_for(path: str, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if os.path.exists(path):
            return True
        time.sleep(0.02)
    return False


def _children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux's /proc)."""
    found = []
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1] == str(pid):
            found.append(int(name))
    return found


def _pool_ended_midway(stop=None) -> str:
    """A pool ended while its worker is busy, as leaving a ``with Pool`` block can (the worker
    then waits on a lock the ending pool holds): only SIGTERM ends that worker."""
    pool = multiprocessing.get_context("fork").Pool(1)
    pool.apply_async(time.sleep, (0.5,))
    time.sleep(0.2)
    pool.terminate()
    pool.join()
    return "ended"


def test_a_pool_the_work_starts_can_be_ended():
    """A pool's workers die of SIGTERM, as the pool expects, although the child that forked them
    handles SIGTERM itself; else leaving the pool hangs the child and the build."""
    job = background.Forked("search", "the search index", _pool_ended_midway)
    job._process.join(20)
    if job._process.is_alive():
        for pid in [*_children_of(job._process.pid), job._process.pid]:
            os.kill(pid, signal.SIGKILL)
        pytest.fail("the child hung ending its pool")
    assert job.wait() == "ended"


def test_work_runs_in_a_child_process(tmp_path):
    """The child's work is done by the time wait() returns its value, in a process of its own."""
    path = str(tmp_path / "out.txt")
    job = background.Forked("search", "the search index", _write, path, "done")
    assert job.wait() == {"pid": job._process.pid}
    with open(path, encoding="utf-8") as handle:
        assert handle.read() == "done"
    assert job._process.pid != os.getpid() and job._process.exitcode == 0
    assert job.wait() == {"pid": job._process.pid}  # asked again, the same answer


def test_the_childs_catalog_error_is_raised_with_its_problems():
    """A CatalogError in the child reaches the parent with the same problems."""
    job = background.Forked("search", "the search index", _refuse)
    with pytest.raises(CatalogError) as caught:
        job.wait()
    assert [str(p) for p in caught.value.problems] == ["catalog/ohio.yaml:3:5: name: is missing; add one"]


@pytest.mark.parametrize("work, problem", [
    (_crash, "could not be built (ValueError: bad value); run the build again, and report it if "
             "it keeps happening"),
    (_die, "could not be built: its process ended unexpectedly (exit code 3); run the build "
           "again, and report it if it keeps happening"),
], ids=["exception", "silent-exit"])
def test_a_failing_child_is_one_problem_naming_the_work(work, problem):
    """An unexpected exception, or a child gone without a word (killed, out of memory), is one
    problem naming the work: never a traceback, never a hang."""
    job = background.Forked("search", "the search index", work)
    with pytest.raises(CatalogError) as caught:
        job.wait()
    assert [str(p) for p in caught.value.problems] == [f"site:1:1: search: the search index {problem}"]


def test_cancel_asks_the_child_to_stop_and_waits_for_it(tmp_path):
    """cancel() makes the child's stop() true; the child ends before cancel() returns."""
    marker = str(tmp_path / "stopped")
    job = background.Forked("search", "the search index", _until_stopped, marker)
    assert _wait_for(marker + ".started")
    job.cancel()
    assert os.path.exists(marker) and not job._process.is_alive()
    job.cancel()  # a second call has nothing left to do
    job.wait()  # nor has wait(): a cancelled job reports nothing


def _large_value(stop) -> bytes:
    return b"x" * 4_000_000  # far more than a pipe holds


def test_cancel_ends_a_child_whose_value_fills_the_pipe():
    """Work that never asks stop() still finishes and sends a value larger than the pipe holds:
    cancel() reads it and drops it, instead of waiting for a child that waits for a reader."""
    job = background.Forked("data_health", "the data health report", _large_value)
    time.sleep(0.5)  # the child is blocked on its send by now
    cancelling = threading.Thread(target=job.cancel, daemon=True)
    cancelling.start()
    cancelling.join(15)
    if cancelling.is_alive():
        os.kill(job._process.pid, signal.SIGKILL)  # so that the thread and the test end
        cancelling.join()
        pytest.fail("cancel() waited for a child that waited for a reader")
    assert not job._process.is_alive()


def test_the_child_stops_when_its_parent_is_killed(tmp_path):
    """A parent killed with SIGKILL (a killed build) leaves its child's stop() true."""
    marker = str(tmp_path / "stopped")
    middle = os.fork()
    if middle == 0:  # the build that gets killed
        try:
            background.Forked("search", "the search index", _until_stopped, marker)
            time.sleep(60)
        finally:
            os._exit(0)
    assert _wait_for(marker + ".started")
    os.kill(middle, signal.SIGKILL)
    os.waitpid(middle, 0)
    assert _wait_for(marker), "the orphaned child went on working"


# ------------------------------------------------------------------ fork_map
def test_fork_map_gives_each_items_result_in_order_from_other_processes():
    """fork_map returns work(item) for every item, in the items' order, worked out in children."""
    parent = os.getpid()
    results = background.fork_map(lambda n: (n * n, os.getpid()), list(range(7)), 3)
    assert [square for square, _pid in results] == [n * n for n in range(7)]
    assert all(pid != parent for _square, pid in results)


def test_fork_map_work_reaches_what_the_parent_holds_without_pickling_it():
    """The work is a closure over an object that cannot be pickled: the children inherit it."""
    unpicklable = threading.Lock()  # pickling a lock raises TypeError
    held = {"lock": unpicklable, "names": ["ohio", "utah"]}
    assert background.fork_map(lambda i: f"{held['names'][i]}:{held['lock'].locked()}", [0, 1], 2) == \
        ["ohio:False", "utah:False"]


def test_fork_map_raises_the_works_error_and_can_be_called_again():
    """An error in the work reaches the caller; the next call runs its own work, not the last."""
    def fail(n):
        raise ValueError(f"item {n}")

    with pytest.raises(ValueError, match="item"):
        background.fork_map(fail, [1, 2], 2)
    assert background.fork_map(str, [1, 2], 2) == ["1", "2"]


def _squares_apart(count: int, stop) -> list[int]:
    return background.fork_map(lambda n: n * n, list(range(count)), 2)


def test_fork_map_runs_inside_work_handed_to_a_forked_process():
    """Work in a Forked child (the exports beside the side files) may share itself out again."""
    assert background.Forked("exports", "the open-data exports", _squares_apart, 4).wait() == [0, 1, 4, 9]
