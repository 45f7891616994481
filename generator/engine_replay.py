"""The engine's pages kept from the previous build when nothing they are made from changed.

The engine (engine.py) renders the hand-written pages and the theme shells whatever a listing
says: 1 s at 10,000 listings and 1.8 s at 100,000, a large part of a build after one edit. What
those pages are made from is the engine's own inputs (``Engine.inputs_key``: the project's files
but the catalog's, the settings, the installed packages and the date) and what the engine asks
the core on the way (``Build.check_page``, ``page_html``, ``crisis_bar``, ``add_shell``), which
is where the catalog reaches them: placeholders, the crisis lines, the print tools.

So a build records, while the engine renders, each question with a digest of its answer, and
keeps a copy of what the engine wrote (the staging folder before the catalog pages go in). The
next build with the same inputs key asks the same questions in the same order; when every
answer is the same, the copy stands in for the engine's run, which would have written the same
bytes. One different answer (a count on the home page, a new crisis line) and the engine runs.
The warnings the engine logged are logged again, so a kept run reads like a run.

A large catalog's data health report is made by a forked process, and the page showing it waits
for it (placeholders.Later: a mark the engine's finished page carries until then). Waiting for
the report before deciding would cost most of what keeping the run saves, so that page is
compared apart: the trace holds it as the engine finished it, marks and all, and once the
report is there (``_fill``, after the build cache's set-up) it is finished again with this
build's marks and written where it differs from the copy, as the engine would have written it.

    <cache_dir>/engine/trace.pickle     the key, the questions and answers, the session's lists
    <cache_dir>/engine/files/           what the engine wrote
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import shutil
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Container

from . import placeholders

if TYPE_CHECKING:
    from .engine import Engine

Build = Any  # build.Build, which imports this module

log = logging.getLogger("mkdocs.plugins.navigator")

FOLDER = "engine"
# Where the engine logs: MkDocs under "mkdocs", ProperDocs (its fork) under "properdocs".
ENGINE_LOGGERS = ("mkdocs", "properdocs")
TRACE = "trace.pickle"
FILES = "files"
VERSION = 1  # raise when what a trace holds changes: older ones are then not read


@dataclass
class Trace:
    """One run of the engine as the core saw it."""

    key: str
    # (method, arguments, digest of the answer, the marks of fragments it waited for) in the
    # order the engine asked them; a mark stands in the digest as LATER, whatever it was
    calls: list[tuple[str, tuple, str, tuple[str, ...]]] = field(default_factory=list)
    # The pages that waited for a fragment: (path in the site, the page as the engine finished
    # it, marks and all, digest of the file written)
    waited: list[tuple[str, str, str]] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    unaudited: list[str] = field(default_factory=list)
    asset_folders: list[str] = field(default_factory=list)
    warnings: list[tuple[str, int, str]] = field(default_factory=list)  # logger, level, text
    version: int = VERSION


LATER = "<!--navigator-later-->"


def answer_digest(answer: Any) -> str:
    text = placeholders.Later.MARK.sub(LATER, answer) if isinstance(answer, str) else repr(answer)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Recorder(logging.Handler):
    """What the engine asks while it renders (Build calls ``note``), and the warnings it logs."""

    def __init__(self, key: str) -> None:
        super().__init__(logging.WARNING)
        self.trace: Trace | None = Trace(key)
        self.answers: list[tuple[str, tuple, Any]] = []

    def note(self, name: str, args: tuple, answer: Any) -> None:
        self.answers.append((name, args, answer))

    def emit(self, record: logging.LogRecord) -> None:
        if self.trace is not None and not record.name.startswith(log.name):
            # the core's own are logged again by the replay, which asks the same questions
            self.trace.warnings.append((record.name, record.levelno, record.getMessage()))

    def keep(self, build: Build, cache_dir: str) -> None:
        """Copy what the engine wrote (``build.site_dir`` holds nothing else yet) beside the cache,
        and complete the trace; no trace when a page that waited for a fragment cannot be found
        (an engine that left the filling to the core: Build._fill_waiting)."""
        trace, waited = self.trace, []
        assert trace is not None
        for name, args, answer in self.answers:
            if name == "with_bundles":
                waited.append((args[0], answer))
            else:
                marks = tuple(placeholders.Later.MARK.findall(answer)) if name == "page_html" else ()
                trace.calls.append((name, args, answer_digest(answer), marks))
        self.answers = []
        asked = {mark for _name, _args, _digest, of_call in trace.calls for mark in of_call}
        found = _written(build.site_dir, [answer for _given, answer in waited])
        if None in found or asked - {m for given, _a in waited for m in placeholders.Later.MARK.findall(given)}:
            self.trace = None
            return
        trace.waited = [(str(path), given, answer_digest(answer)) for path, (given, answer) in zip(found, waited)]
        trace.pages, trace.unaudited = list(build.pages), list(build.unaudited)
        trace.asset_folders = list(build.asset_folders)
        folder = os.path.join(cache_dir, FOLDER)
        try:
            _remove(os.path.join(folder, FILES + ".new"))
            shutil.copytree(build.site_dir, os.path.join(folder, FILES + ".new"), symlinks=True)
        except OSError:
            self.trace = None  # no copy, no trace: the next build runs the engine

    def save(self, cache_dir: str) -> None:
        """Put this run's copy and trace in place of the previous ones (once the site is)."""
        folder = os.path.join(cache_dir, FOLDER)
        partial = os.path.join(folder, f"{TRACE}.{os.getpid()}.tmp")
        try:
            _remove(os.path.join(folder, TRACE))  # first: a half-replaced copy is never used
            if self.trace is None:
                return
            _remove(os.path.join(folder, FILES))
            os.replace(os.path.join(folder, FILES + ".new"), os.path.join(folder, FILES))
            with open(partial, "wb") as handle:
                pickle.dump(self.trace, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, os.path.join(folder, TRACE))
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            # Without a trace the next build runs the engine (a page's front matter that pickle
            # cannot hold is one way here).
            _remove(partial)


def _written(site_dir: str, pages: list[str]) -> list[str | None]:
    """The path in the site of the file holding each of ``pages`` (as MkDocs writes a page)."""
    wanted = {_encoded(page): number for number, page in enumerate(pages)}
    sizes = {len(data) for data in wanted}
    found: list[str | None] = [None] * len(pages)
    for folder, _subfolders, names in os.walk(site_dir) if pages else ():
        for name in names:
            path = os.path.join(folder, name)
            if name.endswith(".html") and os.path.getsize(path) in sizes:
                with open(path, "rb") as handle:
                    number = wanted.get(handle.read())
                if number is not None:
                    found[number] = os.path.relpath(path, site_dir).replace(os.sep, "/")
    return found


def _encoded(page: str) -> bytes:
    return page.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes its pages


def render(engine: "Engine", build: Build, reuse: bool) -> None:
    """Have ``engine`` render ``build``'s hand-written pages, or put the previous run's in their
    place when its inputs and every answer are the same (``reuse``); a run of the engine is
    recorded for the next build when the engine names its inputs."""
    cache_dir = build.options.cache_dir
    inputs_key = getattr(engine, "inputs_key", None)
    # Only where the build cache works too: a published site built in a staging folder, no PDFs
    # (printed from the finished pages, which may then be the previous site's).
    key = None
    if inputs_key is not None and build.final_dir and not build.run.renderer.printing.pdf:
        key = inputs_key(build)
    if key is not None and reuse:
        started = time.perf_counter()
        trace = _load(cache_dir, key)
        if trace is not None and _replay(build, trace, os.path.join(cache_dir, FOLDER, FILES)):
            log.debug(f"navigator: the engine's pages kept from the previous build (the same inputs "
                      f"and answers) in {time.perf_counter() - started:.2f}s")
            return
    if key is None:
        engine.render(build)
        return
    recorder = build.recorder = Recorder(key)
    for name in ENGINE_LOGGERS:
        logging.getLogger(name).addHandler(recorder)
    try:
        engine.render(build)
    finally:
        for name in ENGINE_LOGGERS:
            logging.getLogger(name).removeHandler(recorder)


def _load(cache_dir: str, key: str) -> Trace | None:
    try:
        with open(os.path.join(cache_dir, FOLDER, TRACE), "rb") as handle:
            trace = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    if not isinstance(trace, Trace) or trace.version != VERSION or trace.key != key:
        return None
    return trace


def _replay(build: Build, trace: Trace, files: str) -> bool:
    """Ask the recorded questions again; when every answer is the same, copy the engine's files
    into the staging folder and hand over what the engine handed over. False (nothing kept, the
    printable pages as they were) at the first different answer. The fragments pages waited
    for are compared later (``_fill``), once the report they show is made."""
    if not os.path.isdir(files):
        return False
    printables = [(r, list(r.printing.printables)) for r in build.run.renderers]
    build.asset_folders = list(trace.asset_folders)
    shells: list[tuple] = []
    marks: dict[str, str] = {}  # a recorded fragment's mark -> this build's
    for name, args, digest, waited in trace.calls:
        if name == "add_shell":
            shells.append(args)
            continue
        answer = getattr(build, name)(*args)
        fresh = placeholders.Later.MARK.findall(answer) if name == "page_html" else []
        marks.update(zip(waited, fresh))
        if answer_digest(answer) != digest or len(fresh) != len(waited):
            for renderer, kept in printables:
                renderer.printing.printables[:] = kept
            log.debug(f"navigator: the engine runs: an answer differs from the previous build's ({name})")
            return False
    shutil.copytree(files, build.site_dir, symlinks=True, dirs_exist_ok=True)
    for args in shells:
        build.add_shell(*args)
    build.pages, build.unaudited = list(trace.pages), list(trace.unaudited)
    for name, level, text in trace.warnings:
        logging.getLogger(name).log(level, "%s", text)
    if trace.waited:
        build.engine_late = Late(list(trace.waited), marks)
    return True


@dataclass
class Late:
    """The pages that waited for a fragment (the data health report, made by a forked process),
    to be finished once it is there."""

    waited: list[tuple[str, str, str]]  # (path, the page as given, the finished page's digest)
    marks: dict[str, str]  # the recorded run's marks -> this build's

    @property
    def paths(self) -> list[str]:
        return [path for path, _given, _digest in self.waited]

    def __call__(self, build: Build, written: Container[str] = ()) -> None:
        """Finish the pages; those at paths a later stage has ``written`` already are that
        stage's: had the pages been finished first, it would have written over them."""
        _fill([item for item in self.waited if item[0] not in written], self.marks, build)


def _fill(waited: list[tuple[str, str, str]], marks: dict[str, str], build: Build) -> None:
    """The pages that waited for a fragment, finished as the engine finished them (its page with
    this build's marks in place of the recorded ones) and written where they differ from the
    kept copy: the engine would have written those bytes."""
    for path, given, digest in waited:
        page = placeholders.Later.MARK.sub(lambda match: marks.get(match[0], match[0]), given)
        finished = build.with_bundles(page)
        if answer_digest(finished) != digest:
            with open(os.path.join(build.site_dir, path), "wb") as handle:
                handle.write(_encoded(finished))


def _remove(path: str) -> None:
    """Remove a file or folder of the record if it is there (what cannot be removed stays: the
    step after it fails, and the next build runs the engine)."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.remove(path)
