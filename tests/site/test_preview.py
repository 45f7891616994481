"""The live preview (`navigator serve`): catalog pages are made on request from the newest
catalog, so an edit shows without rewriting every page."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from html import escape as html_escape

from generator import pipeline, preview
from generator.shell import Shell
from tests.conftest import FIXTURE_SITE, copy_fixture_site

SHELL = Shell("<html><title>@@RN-TITLE@@</title><!-- <h1> -->@@RN-CONTENT@@</html>")


def test_page_url_accepts_folders_and_index_files_only():
    """Folder addresses and their index.html map to a page address; anything else does not."""
    assert preview.page_url("regions/ohio/") == "regions/ohio/"
    assert preview.page_url("/resources/x/index.html") == "resources/x/"
    for other in ("", "index.html", "data/meetings.json", "regions/ohio", "regions/../x/", "a//b/", "./a/"):
        assert preview.page_url(other) is None, other


def test_preview_makes_catalog_pages_on_request():
    """A resource page comes from the run it was given; unknown addresses are left to the disk."""
    run = pipeline.prepare(os.path.join(FIXTURE_SITE, "resources.yaml"), cache_dir=None)
    live = preview.Preview()
    entry = run.directory.entries[0]
    assert live.page(entry.url) is None  # nothing to show before the first build
    live.update(run=run, shells={("en", 1, "page"): SHELL, ("en", 2, "page"): SHELL})
    html = live.page(entry.url + "index.html").decode()
    assert f"<title>{html_escape(entry.res.name)}</title>" in html
    assert live.page("resources/no-such-thing/") is None
    assert live.page("about/") is None


def test_preview_makes_each_languages_pages():
    """With Spanish, the preview makes /es/ pages from the Spanish shells, in Spanish."""
    run = pipeline.prepare(os.path.join(FIXTURE_SITE, "resources.yaml"), cache_dir=None,
                           languages=("en", "es"))
    live = preview.Preview()
    spanish = Shell('<html lang="es"><title>@@RN-TITLE@@</title><!-- <h1> -->@@RN-CONTENT@@</html>')
    live.update(run=run, shells={("en", 1, "page"): SHELL, ("en", 2, "page"): SHELL, ("es", 1, "page"): spanish,
                               ("es", 2, "page"): spanish})
    html = live.page("es/find/").decode()
    assert html.startswith('<html lang="es">') and "Buscar ayuda" in html
    assert "Find help" in live.page("find/").decode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(url: str, needle: str, limit: float = 60.0) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if needle in _get(url):
            return True
        time.sleep(0.1)
    return False


def _start_preview(project: str, port: int, *extra: str) -> subprocess.Popen:
    """`navigator serve` in a session of its own (stop it with os.killpg); stderr as text."""
    return subprocess.Popen([sys.executable, "-m", "generator", "serve", *extra, "-a", f"127.0.0.1:{port}"],
                            cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


def test_an_edit_shows_in_the_running_preview(tmp_path):
    """Renaming a resource in its file changes the page the preview serves."""
    project = copy_fixture_site(str(tmp_path / "project"))
    path = os.path.join(project, "catalog", "franklin.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    old_name = 'name: Scioto <Detox> & "Withdrawal" Center'
    assert old_name in text
    port = _free_port()
    server = _start_preview(project, port)
    url = f"http://127.0.0.1:{port}/resources/franklin-detox/"
    try:
        assert _wait(url, "<h1>"), "the preview never served the page"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text.replace(old_name, "name: Renamed In Preview", 1))
        assert _wait(url, "<h1>Renamed In Preview</h1>"), "the edit never showed"
        assert "/livereload/" in _get(url)  # the page reloads itself after later edits
        # Exports follow in the background, from the edited catalog.
        assert _wait(f"http://127.0.0.1:{port}/data/hsds/services.json", "Renamed In Preview")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


TUCSON = """resources:
  - id: tucson-hotline
    name: {name}
    category: crisis-line
    regions: [arizona]
    online_only: true
    phones:
      - number: (520) 555-0123
        type: crisis
    last_verified: 2026-09-01
"""


def test_a_folder_included_after_start_is_watched(tmp_path):
    """A catalog file in a folder the preview did not watch at start, once included, shows,
    and later edits to it show too (the preview watches what each rebuild reads)."""
    project = copy_fixture_site(str(tmp_path / "project"))
    port = _free_port()
    server = _start_preview(project, port)
    url = f"http://127.0.0.1:{port}/resources/tucson-hotline/"
    try:
        assert _wait(f"http://127.0.0.1:{port}/resources/franklin-detox/", "<h1>"), "no preview"
        os.mkdir(os.path.join(project, "arizona"))
        new_file = os.path.join(project, "arizona", "tucson.yaml")
        with open(new_file, "w", encoding="utf-8") as handle:
            handle.write(TUCSON.format(name="Tucson Hotline"))
        entry = os.path.join(project, "resources.yaml")
        with open(entry, encoding="utf-8") as handle:
            text = handle.read()
        with open(entry, "w", encoding="utf-8") as handle:
            handle.write(text.replace("  - catalog/*.yaml\n", "  - catalog/*.yaml\n  - arizona/*.yaml\n", 1))
        assert _wait(url, "<h1>Tucson Hotline</h1>"), "the included file never showed"
        with open(new_file, "w", encoding="utf-8") as handle:
            handle.write(TUCSON.format(name="Tucson Line Renamed"))
        assert _wait(url, "<h1>Tucson Line Renamed</h1>"), "an edit in the new folder never showed"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_an_edit_saved_during_the_first_build_shows(tmp_path):
    """MkDocs starts watching only after its first build; an edit saved after that build read
    the catalog is caught up with, not lost."""
    import threading

    project = copy_fixture_site(str(tmp_path / "project"))
    path = os.path.join(project, "catalog", "franklin.yaml")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    port = _free_port()
    server = _start_preview(project, port, "-v")
    validated, watching, lines = threading.Event(), threading.Event(), []

    def read():
        for line in server.stderr:
            lines.append(line)
            if "navigator: catalog validated" in line:
                validated.set()
            if "Watching paths for changes" in line:
                watching.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert validated.wait(60), "".join(lines)
        with open(path, "w", encoding="utf-8") as handle:  # the first build is still running
            handle.write(text.replace('name: Scioto <Detox> & "Withdrawal" Center',
                                      "name: Saved During The First Build", 1))
        assert not watching.is_set(), "the edit came too late to test anything"
        url = f"http://127.0.0.1:{port}/resources/franklin-detox/"
        assert _wait(url, "<h1>Saved During The First Build</h1>"), "".join(lines[-20:])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_every_page_job_knows_the_address_of_its_page():
    """A job's address is the address of the page it makes, and no two jobs share one."""
    run = pipeline.prepare(os.path.join(FIXTURE_SITE, "resources.yaml"), cache_dir=None)
    jobs = list(run.renderer.page_jobs())
    assert len({job.url for job in jobs}) == len(jobs)
    assert all(job().url == job.url for job in jobs)


def test_follow_up_runs_steps_in_order_and_stops_between_them():
    """Steps run one after another; stop() keeps later steps from starting; a failing step is
    reported and ends the run."""
    import threading

    done, gate, running = [], threading.Event(), threading.Event()
    work = preview.FollowUp()
    seen_stop = []
    work.start([("one", lambda stop: (done.append(1), running.set(), gate.wait(5), seen_stop.append(stop()))),
                ("two", lambda stop: done.append(2))])
    assert running.wait(5)
    work.stop()
    gate.set()
    work.wait()
    assert done == [1] and seen_stop == [True]  # a running step can see that it should stop
    work.start([("a", lambda stop: done.append("a")), ("bad", lambda stop: 1 / 0),
                ("c", lambda stop: done.append("c"))])
    work.wait()
    assert done == [1, "a"]


def test_the_preview_watches_catalog_folders_not_every_file():
    """Included files are watched through their folder (one poller each in MkDocs); the entry
    file beside mkdocs.yml is watched alone, so site/ never triggers a rebuild."""
    run = pipeline.prepare(os.path.join(FIXTURE_SITE, "resources.yaml"), cache_dir=None)
    assert run.watch_paths() == [os.path.join(FIXTURE_SITE, "catalog"),
                                 os.path.join(FIXTURE_SITE, "resources.yaml")]


def test_the_preview_watches_the_geocoding_cache_once_it_exists(tmp_path):
    """Coordinates come from geocode-cache.json beside resources.yaml: when there is one, an
    edit to it (navigator geocode) rebuilds the preview."""
    project = copy_fixture_site(str(tmp_path / "p"))
    with open(os.path.join(project, "geocode-cache.json"), "w", encoding="utf-8") as handle:
        handle.write('{"version": 1, "addresses": {}}\n')
    run = pipeline.prepare(os.path.join(project, "resources.yaml"), cache_dir=None)
    assert os.path.join(project, "geocode-cache.json") in run.watch_paths()


def test_writing_files_ends_early_when_asked(tmp_path):
    """write_files with a stop function that says yes writes nothing more."""
    run = pipeline.prepare(os.path.join(FIXTURE_SITE, "resources.yaml"), cache_dir=None)
    run.write_files(str(tmp_path / "all"))
    run.write_files(str(tmp_path / "none"), stop=lambda: True)
    assert os.listdir(tmp_path / "all")
    assert not os.path.exists(tmp_path / "none")


def test_exports_and_search_give_up_when_asked(tmp_path):
    """The preview's slower steps end early (errors.Stopped) when the next edit says so."""
    from generator.errors import Stopped

    run = pipeline.prepare(os.path.join(FIXTURE_SITE, "resources.yaml"), cache_dir=None)
    for step in (lambda: run.write_exports(str(tmp_path / "a"), None, workers=1, stop=lambda: True),
                 lambda: run.index_search(str(tmp_path / "b"), (), workers=1, stop=lambda: True)):
        os.makedirs(tmp_path / "a", exist_ok=True)
        os.makedirs(tmp_path / "b", exist_ok=True)
        try:
            step()
        except Stopped:
            continue
        raise AssertionError("the step did not stop")
    assert not os.path.exists(tmp_path / "b" / "pagefind")


def test_files_beside_the_pages_come_from_the_current_folder_only(tmp_path):
    """Short links, calendars and exports are served from the folder in use; nothing above it."""
    live = preview.Preview()
    assert live.file("r/abc/") is None
    folder = tmp_path / "one"
    (folder / "r" / "abc").mkdir(parents=True)
    (folder / "r" / "abc" / "index.html").write_text("x")
    (tmp_path / "secret.txt").write_text("s")
    live.use_files(str(folder))
    assert live.file("r/abc/") == str(folder / "r" / "abc" / "index.html")
    assert live.file("/r/abc/index.html") == str(folder / "r" / "abc" / "index.html")
    for outside in ("../secret.txt", "r/../../secret.txt", "", "/", "r/abc"):
        assert live.file(outside) is None, outside


def test_folders_of_ended_previews_are_removed(tmp_path, monkeypatch):
    """A preview that was stopped leaves its folder behind; the next one has it removed (in the
    background), and not the folder of a preview that is still running."""
    monkeypatch.setattr(preview.tempfile, "tempdir", str(tmp_path))
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True).stdout.strip()
    (tmp_path / f"navigator-preview-{ended}-abc").mkdir()
    (tmp_path / f"navigator-preview-{os.getppid()}-def").mkdir()  # alive: this test's parent
    mine = preview.new_files_dir()
    assert f"navigator-preview-{ended}-abc" not in os.listdir(tmp_path)  # handed over at once
    expected = sorted([os.path.basename(mine), f"navigator-preview-{os.getppid()}-def"])
    deadline = time.monotonic() + 30
    while sorted(os.listdir(tmp_path)) != expected and time.monotonic() < deadline:
        time.sleep(0.1)  # deleted by a process of its own
    assert sorted(os.listdir(tmp_path)) == expected


class _FakeServer:
    """What catch_up uses of MkDocs' live-reload server: its public observer."""

    def __init__(self):
        self.observer = type("Observer", (), {"is_alive": lambda self: True})()


def test_catch_up_asks_for_a_rebuild_only_after_a_change(tmp_path, monkeypatch):
    """A watched file changed since the first build began: the settings file is saved again
    (its time only, the bytes unchanged), which MkDocs' watcher answers with a rebuild;
    nothing changed: the settings file is left alone."""
    watched = tmp_path / "catalog"
    watched.mkdir()
    (watched / "ohio.yaml").write_text("resources: []\n")
    settings = tmp_path / "mkdocs.yml"
    settings.write_text("site_name: x\n")
    old = time.time_ns() - 10_000_000_000
    os.utime(settings, ns=(old, old))
    time.sleep(0.2)
    monkeypatch.setattr(preview.Watching, "paths", {str(watched)})
    monkeypatch.setattr(preview.Watching, "first_build", time.time_ns())
    monkeypatch.setattr(preview.Watching, "config_file", str(settings))
    preview.catch_up(_FakeServer())
    assert settings.stat().st_mtime_ns == old
    (watched / "ohio.yaml").write_text("resources: {}\n")
    preview.catch_up(_FakeServer())
    assert settings.stat().st_mtime_ns > old and settings.read_text() == "site_name: x\n"


def test_the_preview_uses_only_public_attributes_of_the_server():
    """No module of the generator reads or sets an attribute of the live-reload server whose
    name starts with an underscore (MkDocs' private API)."""
    import ast

    root = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        "generator")
    private = []
    for name in sorted(os.listdir(root)):
        if not name.endswith(".py"):
            continue
        with open(os.path.join(root, name), encoding="utf-8") as handle:
            tree = ast.parse(handle.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and \
                    isinstance(node.value, ast.Name) and node.value.id == "server":
                private.append(f"{name}:{node.lineno}: server.{node.attr}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("getattr", "setattr") \
                    and node.args and getattr(node.args[0], "id", "") == "server":
                private.append(f"{name}:{node.lineno}: {node.func.id}(server, ...)")
    assert private == []


def test_a_waiting_fragment_fills_only_the_page_that_still_holds_its_mark(tmp_path):
    """The preview's follow-up makes what a page waits for (a large catalog's data health
    report) and puts it in the page; a page written again meanwhile by a newer edit's engine,
    with a mark of its own, keeps that mark for its own follow-up."""
    from types import SimpleNamespace

    from generator import placeholders
    from markupsafe import Markup

    run = SimpleNamespace(later=placeholders.Later())
    made = []
    old = run.later.defer(lambda: made.append(1) or Markup("<p>report</p>"))
    (tmp_path / "data-health").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "data-health" / "index.html").write_text(f"<main>{old}</main>", encoding="utf-8")
    (tmp_path / "other" / "index.html").write_text("<main>newer <!--navigator-later-00000000000000ff--></main>",
                                                   encoding="utf-8")
    pages = ["data-health/index.html", "other/index.html", "gone/index.html"]
    preview.fill_later(run, str(tmp_path), pages, lambda: True)
    assert made == [] and run.later.waiting  # asked to stop: nothing made
    preview.fill_later(run, str(tmp_path), pages)
    assert (tmp_path / "data-health" / "index.html").read_text(encoding="utf-8") == "<main><p>report</p></main>"
    assert "navigator-later-00000000000000ff" in (tmp_path / "other" / "index.html").read_text(encoding="utf-8")
    assert made == [1] and not run.later.waiting and sorted(os.listdir(tmp_path)) == ["data-health", "other"]


def test_the_data_health_page_waits_in_the_preview_of_a_large_catalog_only(monkeypatch, tmp_path):
    """A preview's run defers the data health report from LARGE_CATALOG listings on, and the
    engine's page keeps its mark for the follow-up; a build, or a smaller catalog, fills it."""
    from generator import build as core

    run = pipeline.prepare(os.path.join(FIXTURE_SITE, "resources.yaml"), cache_dir=None)
    assert str(run._later(lambda: "report")) == "report"
    run.defer_health = True
    mark = run._later(lambda: "report")
    assert mark.startswith("<!--navigator-later-") and run.later.fill(f"<p>{mark}</p>") == "<p>report</p>"
    sizes = {}
    for preview_mode in (True, False):
        for large in (1, 10 ** 9):
            monkeypatch.setattr(pipeline, "LARGE_CATALOG", large)
            options = core.Options(catalog=os.path.join(FIXTURE_SITE, "resources.yaml"),
                                   cache_dir=str(tmp_path / "cache"), site_dir=str(tmp_path / "site"))
            session = core.Build(options, preview=preview_mode)
            session._validate(None)
            sizes[preview_mode, large] = session.run.defer_health
            mark = session.run._later(lambda: "report")
            # the page the engine writes keeps the mark in a preview that defers, not in a build
            written = session.with_bundles(f"<p>{mark}</p>")
            assert written == (f"<p>{mark}</p>" if session.run.defer_health else "<p>report</p>")
            session.run.stop_health()  # a build of a "large" catalog forked its report
    assert sizes == {(True, 1): True, (True, 10 ** 9): False, (False, 1): False, (False, 10 ** 9): False}
