"""Which parts of the search index a build makes, which it keeps from the previous site
(the build cache: buildcache.py), and which a forked process makes while the pages are written.

    plan = SearchPlan(session, cache)   # what is kept, under which keys
    plan.start(session)                 # a large catalog's index forked beside the pages
    plan.make(session)                  # waits for it, or makes here what it does not
    plan.record()                       # what was made, for the next build
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable, Protocol

from . import buildcache, pipeline, search

if TYPE_CHECKING:
    from .background import Forked


class Build(Protocol):
    """What the plan reads of the build (build.Build)."""

    pages: list[str]  # the hand-written pages, in the site

    @property
    def options(self): ...  # build.Options: is there a search index at all (search)

    @property
    def run(self) -> pipeline.Run: ...

    @property
    def site_dir(self) -> str: ...

    def searched_pages(self) -> list[str]: ...


class SearchPlan:
    """Which parts of the search index the build cache keeps: the main bundle (regions and
    hand-written pages; it reads the whole catalog and those pages as written), and each
    area's bundle (its listings), when the catalog is searched area by area."""

    AREAS = search.BUNDLE + "/in"

    def __init__(self, session: Build, cache: buildcache.Cache | None, waiting: Iterable[str] = ()) -> None:
        """The areas' bundles; the main bundle once ``settle`` is called, when the hand-written
        pages are finished. A catalog searched area by area may settle after ``start``: its
        areas' bundles are then started alone. ``waiting``: the hand-written pages not finished
        yet (engine_replay.Late); the others are read now, before catalog pages replace some
        of them, so that the main bundle's key is the same whenever it settles."""
        self.cache = cache
        self.kept: frozenset[str] = frozenset()  # areas whose bundles are kept
        self.areas_to_make: dict[str, str | None] = {}  # area -> its key
        self.main_key: str | None = None
        self.main_kept, self.before = False, []
        self.settled = True  # whether the main bundle's key is known
        self.page_digests: dict[str, str] = {}  # the hand-written pages finished before ``settle``
        self.job: "Forked | None" = None  # a forked process making what is not kept
        self.whole = False  # whether that is the whole index or the areas alone
        run = session.run
        area_listings = run.search_area_listings() if session.options.search else {}
        self.split = bool(area_listings)  # whether the catalog is searched area by area
        if cache is None or not session.options.search:
            self.areas_to_make = dict.fromkeys(area_listings)
            return
        waiting = set(waiting)
        self.page_digests = {page: buildcache.file_digest(os.path.join(session.site_dir, page))
                             for page in session.pages if page not in waiting}
        kept = set()
        for area, listings in area_listings.items():
            key = cache.key(f"{self.AREAS}/{area}", listings)
            if cache.reuse_group("search:" + area, key):
                kept.add(area)
            else:
                self.areas_to_make[area] = key
        self.kept = frozenset(kept)
        # What is there before the index is made: another stage's files, and the kept groups'
        # (a group made again is recorded without them). Taken after the groups that are made
        # again have let go of the spare's files.
        self.before = cache.present(self.AREAS)
        self.settled = False

    def settle(self, session: Build) -> None:
        """Whether the main bundle is kept, now that the hand-written pages it reads are
        finished (its key holds their bytes)."""
        if self.settled:
            return
        self.settled = True
        cache, run = self.cache, session.run
        assert cache is not None
        pages = [part for page in sorted(session.pages)
                 for part in (page, self.page_digests.get(page)
                              or buildcache.file_digest(os.path.join(session.site_dir, page)))]
        if self.split:
            # The listings are in the areas' bundles: the main one holds the regions' documents
            # and the hand-written pages, so it is made again only when those change (their
            # text is the key), not after every listing's edit (1-1.5 s at 100,000 listings).
            texts = [part for pair in search.documents(run.directory, run.translators,
                                                       items=search.groups(run.directory, ()))
                     for part in pair]
            self.main_key = cache.key(search.BUNDLE, [], *pages, *texts)
        else:
            self.main_key = cache.key(search.BUNDLE, buildcache.EVERYTHING, *pages)
        self.main_kept = cache.reuse_group("search", self.main_key)
        self.before += cache.present(search.BUNDLE, leave=self.AREAS)

    def start(self, session: Build) -> None:
        """Fork the making of what is not kept for a large catalog, so that it runs while the
        pages, side files and exports are written: it needs only the catalog and, once settled,
        the finished hand-written pages. The main bundle stays in this process when PDFs are
        printed (they are written into the pages it indexes), is kept, or is not settled yet;
        then only a split catalog's areas fork."""
        o, run = session.options, session.run
        if not o.search:
            return
        # A small catalog's index takes a second at most: not worth a process, and forking is
        # best left to where it pays (it is not the default on every system Python runs on).
        if self.settled and not self.main_kept and not run.renderer.printing.pdf \
                and len(run.directory.entries) >= pipeline.LARGE_CATALOG:
            self.job = run.start_search(session.site_dir, self.kept, session.searched_pages())
            self.whole = self.job is not None
        if self.job is None and self.areas_to_make:
            self.job = run.start_search(session.site_dir, self.kept)

    def make(self, session: Build) -> None:
        """Wait for the forked process, and make in this process what it does not."""
        run = session.run
        self.settle(session)
        if self.job is not None and self.whole:
            self.job.wait()
        elif not self.main_kept:
            run.index_search(session.site_dir, session.pages, areas_job=self.job, keep=self.kept)
        elif self.job is not None:
            self.job.wait()
        elif self.areas_to_make:  # no forked process: made here
            search.index_areas(run.directory, run.translators, session.site_dir, run.search_split_at,
                               keep=self.kept)

    def cancel(self) -> None:
        """Stop the forked process after a failure (nothing to do once it was waited for)."""
        if self.job is not None:
            self.job.cancel()

    def record(self) -> None:
        """Record what was made (call once the index is complete)."""
        if self.cache is None:
            return
        if not self.main_kept:
            self.cache.record_group("search", self.main_key, search.BUNDLE, leave=self.AREAS,
                                    before=self.before)
        for area, key in self.areas_to_make.items():
            self.cache.record_group("search:" + area, key, f"{self.AREAS}/{area}", before=self.before)
