"""The engine's run kept (generator/engine_replay.py): after an edit no hand-written page shows,
`navigator build` puts the previous run's pages in place of running MkDocs, and the site is
byte for byte a cold build's; any other edit runs MkDocs."""

from __future__ import annotations

import logging
import os
import pickle

import pytest

from generator import background, engine_replay, mkdocs_engine, pipeline, stamp
from tests.conftest import build, copy_shipped_project, site_digest
from tests.site.test_build_cache import edit, inodes, rebuilt_like_cold, shipped_like_cold, warm  # noqa: F401  (warm: a fixture)

DETOX = ("catalog", "franklin.yaml")


@pytest.fixture
def runs(monkeypatch) -> list[str]:
    """The engine's runs from here on, each named by its project folder."""
    seen: list[str] = []
    render = mkdocs_engine.MkDocsEngine.render

    def counted(self, session):
        seen.append(os.path.dirname(self.config.config_file_path))
        return render(self, session)

    monkeypatch.setattr(mkdocs_engine.MkDocsEngine, "render", counted)
    return seen


def engine_runs_in(project: str, runs: list[str]) -> int:
    return sum(1 for folder in runs if os.path.samefile(folder, project))


def test_a_description_edit_keeps_the_engines_run(tmp_path, warm, runs):  # noqa: F811
    """A listing's new description reaches no hand-written page: MkDocs does not run, and the
    site is a cold build's."""
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, *DETOX), "Medically supervised detox.", "Medically supervised detox, open all night."))
    assert engine_runs_in(warm, runs) == 0
    assert "resources/franklin-detox/index.html" in made


def test_a_new_answer_runs_the_engine(tmp_path, warm, runs):  # noqa: F811
    """A national crisis line's new name is in every hand-written page's crisis bar: the answer
    differs from the recorded one, so MkDocs runs."""
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, "resources.yaml"), "name: 988 Suicide & Crisis Lifeline",
        "name: 988 Suicide and Crisis Lifeline"))
    assert engine_runs_in(warm, runs) == 1
    assert "index.html" in made


def test_a_count_on_the_home_page_runs_the_engine(tmp_path, warm, runs):  # noqa: F811
    """A listing moved to another category changes the home page's counts (a placeholder)."""
    kept, made = rebuilt_like_cold(tmp_path, warm, lambda p: edit(
        os.path.join(p, *DETOX), "category: detox", "category: outpatient"))
    assert engine_runs_in(warm, runs) == 1
    assert "index.html" in made


def test_a_page_edit_runs_the_engine(warm, runs):  # noqa: F811
    """The engine's own inputs changed (a hand-written page): MkDocs runs and the page says the
    new text."""
    edit(os.path.join(warm, "content", "index.md"), "# Fixture home", "# Fixture home, edited")
    assert build(warm) == 0
    assert engine_runs_in(warm, runs) == 1
    with open(os.path.join(warm, "site", "index.html"), encoding="utf-8") as handle:
        assert "Fixture home, edited" in handle.read()


def test_a_damaged_record_runs_the_engine(warm, runs):  # noqa: F811
    """A trace that cannot be read is no trace: MkDocs runs, and records a good one again."""
    trace = os.path.join(warm, ".cache", "navigator", engine_replay.FOLDER, engine_replay.TRACE)
    with open(trace, "wb") as handle:
        handle.write(b"not a pickle")
    edit(os.path.join(warm, *DETOX), "Medically supervised detox.", "Medically supervised detox, all night.")
    assert build(warm) == 0
    assert engine_runs_in(warm, runs) == 1
    with open(trace, "rb") as handle:
        assert isinstance(pickle.load(handle), engine_replay.Trace)


def test_force_runs_the_engine_and_records_it(warm, runs):  # noqa: F811
    """--force makes every file again, the engine's pages too; the next build keeps that run."""
    assert build(warm, "--force") == 0
    edit(os.path.join(warm, *DETOX), "Medically supervised detox.", "Medically supervised detox, all night.")
    assert build(warm) == 0
    assert engine_runs_in(warm, runs) == 1


class _Warnings(logging.Handler):
    """The warnings the engine logs (under MkDocs' or ProperDocs' name), as (logger, text)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append((record.name, record.getMessage()))


def test_the_engines_warnings_are_said_again(warm, runs):  # noqa: F811
    """A warning MkDocs gave about a page is given again when its run is kept, once, from the
    same logger."""
    heard = _Warnings()
    for name in engine_replay.ENGINE_LOGGERS:
        logging.getLogger(name).addHandler(heard)
    try:
        edit(os.path.join(warm, "content", "index.md"), "# Fixture home", "# Fixture home\n\n[gone](missing.md)")
        assert build(warm) == 0
        first, heard.seen = heard.seen, []
        edit(os.path.join(warm, *DETOX), "Medically supervised detox.", "Medically supervised detox, all night.")
        assert build(warm) == 0
    finally:
        for name in engine_replay.ENGINE_LOGGERS:
            logging.getLogger(name).removeHandler(heard)
    assert engine_runs_in(warm, runs) == 1
    warnings = [seen for seen in first if "missing.md" in seen[1]]
    assert len(warnings) == 1 and [seen for seen in heard.seen if "missing.md" in seen[1]] == warnings


def test_another_plugin_turns_the_replay_off(warm):  # noqa: F811
    """A plugin besides ours and search may read anything: the engine names no inputs key."""
    edit(os.path.join(warm, "mkdocs.yml"), "  - navigator\n", "  - navigator\n  - material/tags\n")
    config, _plugin = mkdocs_engine.load(os.path.join(warm, "mkdocs.yml"))
    assert mkdocs_engine.MkDocsEngine(config).inputs_key(None) is None


def test_contents_key_reads_bytes_not_times(tmp_path):
    """stamp.contents: a file touched keeps the key, a byte changed changes it, and a file
    left out (a catalog file) changes nothing."""
    (tmp_path / "page.md").write_text("one")
    (tmp_path / "catalog.yaml").write_text("listings")

    def key() -> str:
        return stamp.contents([str(tmp_path)], [], (), [str(tmp_path / "catalog.yaml")], {"a": 1})

    first = key()
    os.utime(tmp_path / "page.md", (1, 1))
    assert key() == first
    (tmp_path / "catalog.yaml").write_text("other listings")
    assert key() == first
    (tmp_path / "page.md").write_text("two")
    assert key() != first


def split_search(project: str) -> None:
    """Search area by area (by state) from 3 listings on, as a national catalog's is."""
    edit(os.path.join(project, "mkdocs.yml"), "  - navigator:\n", "  - navigator:\n      search_split_at: 3\n")


@pytest.fixture(params=[False, True], ids=["one-bundle", "split-search"])
def shipped_forked(request, tmp_path, monkeypatch):
    """The shipped project built once, its data health report made by a forked process as a
    national catalog's is (so the health page waits for it: placeholders.Later); with its
    search split by state too, as a national catalog's (the index's main bundle, which reads
    the health page, is then settled after the catalog pages: search_plan.py)."""
    if not background.available():
        pytest.skip("no fork here: the report is made in the build's own process")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    monkeypatch.setattr(stamp, "SETTLE_SECONDS", 0)
    monkeypatch.setattr(pipeline, "LARGE_CATALOG", 1)
    project = copy_shipped_project(str(tmp_path / "warm"))
    if request.param:
        split_search(project)
    assert build(project) == 0
    with open(os.path.join(project, ".cache", "navigator", engine_replay.FOLDER, engine_replay.TRACE), "rb") as handle:
        waited = pickle.load(handle).waited
    assert [path for path, _page, _digest in waited] == ["data-health/index.html", "es/data-health/index.html"]
    return project


@pytest.mark.parametrize("old, new, health_changes", [
    ("coffee, phone charging", "coffee, tea, phone charging", False),  # a description
    ("last_verified: 2026-10-02", "last_verified: 2024-10-02", True),  # now a stale listing
])
def test_a_page_that_waited_for_the_report_is_finished_as_the_engine_would(
        tmp_path, shipped_forked, runs, old, new, health_changes):
    """With the report made apart, the data health page waits for it: a kept run compares that
    page once the report is made, and writes it again only when the report changed; either
    way MkDocs does not run, and the site is a cold build's."""
    page = os.path.join(shipped_forked, "site", "data-health", "index.html")
    with open(page, "rb") as handle:
        before = handle.read()
    with open(os.path.join(shipped_forked, "mkdocs.yml"), encoding="utf-8") as handle:
        split = "search_split_at" in handle.read()

    def change(project: str) -> None:
        edit(os.path.join(project, "catalog", "philadelphia.yaml"), old, new)
        if split and project != shipped_forked:
            split_search(project)

    shipped_like_cold(tmp_path, shipped_forked, change)
    assert engine_runs_in(shipped_forked, runs) == 0
    with open(page, "rb") as handle:
        assert (handle.read() != before) is health_changes


def test_pages_that_include_files_make_the_catalog_an_input(warm):  # noqa: F811
    """With pymdownx.snippets a page can include any file, a catalog file too: the engine's key
    then changes with the catalog, and without it, it does not."""
    def key() -> str:
        config, _plugin = mkdocs_engine.load(os.path.join(warm, "mkdocs.yml"))
        session = build_session(config, _plugin)
        return mkdocs_engine.MkDocsEngine(config).inputs_key(session)

    plain = key()
    edit(os.path.join(warm, *DETOX), "Medically supervised detox.", "Medically supervised detox, all night.")
    assert key() == plain
    edit(os.path.join(warm, "mkdocs.yml"), "markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets\n")
    with_snippets = key()
    edit(os.path.join(warm, *DETOX), "detox, all night.", "detox, every night.")
    assert key() != with_snippets


def build_session(config, plugin):
    """A build of ``config`` validated, as the engine sees it before rendering."""
    from generator import build as core

    session = core.Build(mkdocs_engine.options(config, plugin.config))
    session.start()
    session.discard()
    return session


@pytest.mark.parametrize("shipped_forked", [True], indirect=True, ids=["split-search"])
def test_the_main_search_bundle_is_kept_whenever_it_settles(shipped_forked, runs):
    """Search split by area: after a build that ran the engine, a description edit settles the
    main bundle after the catalog pages (the health page waits), yet reads the hand-written
    pages as the engine left them, so the main bundle's key is the same and its files are kept."""
    site = os.path.join(shipped_forked, "site")
    main = sorted(path for path in site_digest(site) if path.startswith("pagefind/") and not path.startswith("pagefind/in/"))
    assert main
    before = inodes(shipped_forked)
    edit(os.path.join(shipped_forked, "catalog", "philadelphia.yaml"), "coffee, phone charging", "coffee, tea, phone charging")
    assert build(shipped_forked) == 0
    assert engine_runs_in(shipped_forked, runs) == 0
    after = inodes(shipped_forked)
    assert [path for path in main if after.get(path) != before[path]] == []
