"""Work handed to a forked process while the build goes on with the next step.

Why: a build is a chain of steps that each keep one or two cores busy at a time, and the
search index of a national catalog (Pagefind over 100,000 listings, about 35 s) needs nothing
the other steps make. Run beside them, it fills the gaps a single-process step leaves.

    job = Forked("search", "the search index", work, *args)   # work(*args, stop=...), in a child
    job.wait()                     # work's return value; its CatalogError raised here, and
                                   # any other error as one
    job.cancel()                   # asks it to stop; a no-op once it has finished

    background.fork_map(work, items, workers)   # [work(item) for item in items], shared
                                                # between forked processes

The child is forked, so it inherits the validated catalog instead of receiving a copy: fork only
from a process without threads (a build; never the live preview's server). ``stop`` answers true
once the parent asked the child to end (SIGTERM) or has died: a build killed with SIGKILL leaves
no process writing into its abandoned staging folder for long.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from typing import Any, Callable, Sequence, TypeVar

from .errors import CatalogError, Problem, Stopped

T = TypeVar("T")
R = TypeVar("R")

WHERE = ("site", 1, 1)  # problems of the machinery itself point at the site as a whole


def available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def fork_map(work: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """``work(item)`` for every item, in order, by up to ``workers`` forked processes. They
    inherit what ``work`` reaches (a closure over the validated catalog, say) rather than
    receiving a copy: only the items and the results are pickled. Call from a process without
    threads, and only where fork is ``available``."""
    global _WORK
    _WORK = work  # read by the pool's processes, which are forked right here
    try:
        with multiprocessing.get_context("fork").Pool(max(1, min(workers, len(items)))) as pool:
            return pool.map(_call, items, chunksize=1)  # each item is a large share of the work
    finally:
        _WORK = None


_WORK: Callable | None = None


def _call(item):
    assert _WORK is not None, "set by fork_map before the pool forks"
    return _WORK(item)


class Forked:
    """``work`` running in a forked child; ``field`` and ``what`` name it in problems."""

    def __init__(self, field: str, what: str, work: Callable[..., Any], *args) -> None:
        self.field, self.what = field, what
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        # Not a daemon, so that work may start processes of its own through multiprocessing.
        self._process = context.Process(
            target=_child, args=(writer, os.getpid(), field, what, work, args))
        self._process.start()
        writer.close()  # the child holds the only writing end: its exit ends our wait
        self._problems: list[Problem] = []
        self._value = None
        self._finished = False

    def wait(self):
        """Until the child ends; returns what ``work`` returned (it must pickle), or raises
        CatalogError with the child's problems."""
        if not self._finished:
            try:
                self._value, self._problems = self._reader.recv()
            except EOFError:  # ended without a word: killed, or out of memory
                self._process.join()
                self._problems = [Problem(*WHERE, self.field, f"{self.what} could not be built: "
                                          "its process ended unexpectedly (exit code "
                                          f"{self._process.exitcode}); run the build again, and "
                                          "report it if it keeps happening")]
            self._process.join()
            self._reader.close()
            self._finished = True
        if self._problems:
            raise CatalogError(self._problems)
        return self._value

    def cancel(self) -> None:
        """Ask the child to stop and wait for it (it removes its own scratch files)."""
        if self._finished:
            return
        self._finished = True
        if self._process.is_alive() and self._process.pid is not None:
            os.kill(self._process.pid, signal.SIGTERM)
        # Work that does not ask ``stop`` finishes and sends its value: read and dropped, or
        # a value larger than the pipe holds would keep the child (and this join) waiting.
        while self._process.is_alive():
            if self._reader.poll(0.05):
                try:
                    self._reader.recv()
                except EOFError:
                    break
        self._process.join()
        self._reader.close()


def _child(writer, parent: int, field: str, what: str, work: Callable[..., Any],
           args: tuple) -> None:
    asked: list[int] = []
    signal.signal(signal.SIGTERM, lambda number, frame: asked.append(number))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which cancels us
    # A process the work forks (a pool's worker) would inherit that handler; but a pool ends
    # its workers with SIGTERM, so they must die of it as usual, or leaving the pool hangs.
    os.register_at_fork(after_in_child=_default_sigterm)

    def stop() -> bool:
        return bool(asked) or os.getppid() != parent

    value, problems = None, []
    try:
        value = work(*args, stop=stop)
    except CatalogError as error:
        problems = error.problems
    except Stopped:
        pass
    except Exception as error:  # noqa: BLE001 - reported to the parent, which reports it as ours
        problems = [Problem(*WHERE, field, f"{what} could not be built ({type(error).__name__}: "
                            f"{error}); run the build again, and report it if it keeps happening")]
    try:
        writer.send((value, problems))
    finally:
        writer.close()


def _default_sigterm() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
