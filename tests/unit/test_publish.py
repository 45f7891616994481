"""Building elsewhere and swapping into place; cleaning folders left by killed builds."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from generator import publish


def make_site(path, files: dict[str, str]) -> str:
    os.makedirs(path, exist_ok=True)
    for name, content in files.items():
        full = os.path.join(path, name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as handle:
            handle.write(content)
    return str(path)


def tree(path) -> dict[str, str]:
    out = {}
    for folder, _, names in os.walk(path):
        for name in names:
            full = os.path.join(folder, name)
            with open(full, encoding="utf-8") as handle:
                out[os.path.relpath(full, path)] = handle.read()
    return out


def dead_pid() -> int:
    """The id of a process that has exited and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture(params=["exchange", "two-renames"])
def swap_mode(request, monkeypatch):
    """Run the swap tests with renameat2 and with the two-rename fallback."""
    if request.param == "two-renames":
        monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    return request.param


def test_swap_replaces_an_existing_site(tmp_path, swap_mode):
    """After the swap the new site is at final, the old files are gone, and nothing is left over."""
    final = make_site(tmp_path / "site", {"index.html": "old", "old-only.html": "gone"})
    staging = make_site(tmp_path / ".site-build-1-x", {"index.html": "new", "sub/new.html": "n"})
    publish.swap_into_place(staging, final)
    assert tree(final) == {"index.html": "new", os.path.join("sub", "new.html"): "n"}
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_swap_when_final_does_not_exist(tmp_path, swap_mode):
    """With no previous site, the staging folder simply becomes the site."""
    staging = make_site(tmp_path / ".site-build-1-x", {"index.html": "new"})
    final = str(tmp_path / "site")
    publish.swap_into_place(staging, final)
    assert tree(final) == {"index.html": "new"}
    assert not os.path.exists(staging)
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_swap_uses_the_atomic_exchange_when_available(tmp_path, monkeypatch):
    """On Linux the swap goes through renameat2(RENAME_EXCHANGE), never a moment without a site."""
    calls = []
    real = publish._exchange

    def spy(a, b):
        result = real(a, b)
        calls.append(result)
        if result:  # the old site now sits at the staging path, the new one at final
            assert tree(b) == {"index.html": "new"}
            assert tree(a) == {"index.html": "old"}
        return result

    monkeypatch.setattr(publish, "_exchange", spy)
    final = make_site(tmp_path / "site", {"index.html": "old"})
    staging = make_site(tmp_path / ".site-build-1-x", {"index.html": "new"})
    publish.swap_into_place(staging, final)
    if calls != [True]:
        pytest.skip("renameat2 is not available on this system")
    assert tree(final) == {"index.html": "new"}


def test_staging_dir_is_beside_final_and_named_with_pid(tmp_path):
    """staging_dir() makes a fresh folder next to final whose name carries this process id."""
    staging = publish.staging_dir(str(tmp_path / "out" / "site"))
    assert os.path.isdir(staging)
    assert os.path.dirname(staging) == str(tmp_path / "out")
    assert os.path.basename(staging).startswith(f".site-build-{os.getpid()}-")


def test_clean_stale_removes_folders_of_dead_builders(tmp_path):
    """Build and old folders whose process is gone are removed; the site itself is untouched."""
    pid = dead_pid()
    make_site(tmp_path / "site", {"index.html": "live"})
    make_site(tmp_path / f".site-build-{pid}-x", {"a": "1"})
    make_site(tmp_path / f".site-old-{pid}-y", {"a": "1"})
    make_site(tmp_path / ".site-build-notapid-z", {"a": "1"})
    publish.clean_stale(str(tmp_path / "site"))
    assert sorted(os.listdir(tmp_path)) == ["site"]
    assert tree(tmp_path / "site") == {"index.html": "live"}


def test_clean_stale_keeps_folders_of_live_builders(tmp_path):
    """A folder whose builder process is still running (here: our parent) is left alone."""
    alive = os.getppid()
    pid = dead_pid()
    make_site(tmp_path / f".site-build-{alive}-x", {"a": "1"})
    make_site(tmp_path / f".site-build-{pid}-x", {"a": "1"})
    publish.clean_stale(str(tmp_path / "site"))
    assert sorted(os.listdir(tmp_path)) == [f".site-build-{alive}-x"]


def test_clean_stale_removes_own_leftovers(tmp_path):
    """Folders named with this process's own id are earlier builds of this process and go."""
    make_site(tmp_path / f".site-build-{os.getpid()}-x", {"a": "1"})
    publish.clean_stale(str(tmp_path / "site"))
    assert os.listdir(tmp_path) == []


def test_clean_stale_ignores_other_sites(tmp_path):
    """Only folders for this site's name are touched."""
    pid = dead_pid()
    make_site(tmp_path / f".other-build-{pid}-x", {"a": "1"})
    publish.clean_stale(str(tmp_path / "site"))
    assert os.listdir(tmp_path) == [f".other-build-{pid}-x"]


def test_clean_stale_keeps_live_builder_of_hyphenated_site(tmp_path):
    """For final 'my-site', a live builder's .my-site-build-<pid>-x folder is kept."""
    alive = os.getppid()
    make_site(tmp_path / f".my-site-build-{alive}-x", {"a": "1"})
    publish.clean_stale(str(tmp_path / "my-site"))
    assert os.listdir(tmp_path) == [f".my-site-build-{alive}-x"]


def test_swap_can_leave_the_old_site_to_a_background_process(tmp_path):
    """With background=True the new site is in place at once and the old one goes soon after."""
    final = make_site(tmp_path / "site", {"index.html": "old", "a/b.html": "x"})
    staging = make_site(tmp_path / ".site-build-1-x", {"index.html": "new"})
    publish.swap_into_place(staging, final, background=True)
    assert tree(final) == {"index.html": "new"}
    for _ in range(100):
        if sorted(os.listdir(tmp_path)) == ["site"]:
            break
        time.sleep(0.1)
    assert sorted(os.listdir(tmp_path)) == ["site"]


@pytest.fixture
def deleters(monkeypatch, tmp_path):
    """Background deleters that only note, in a file named with their process id, the folder
    they were handed; returns the notes' folder."""
    notes = tmp_path.parent / f"{tmp_path.name}-notes"
    notes.mkdir()
    monkeypatch.setattr(publish, "_DELETE_NAMED_ON_STDIN",
                        f"import os, sys; open(os.path.join({str(notes)!r}, str(os.getpid())), 'wb')"
                        ".write(sys.stdin.buffer.read())")
    return notes


def handed(notes) -> tuple[int, str]:
    """The one deleter's process id and the name of the folder it was handed."""
    for _ in range(300):
        done = [n for n in os.listdir(notes) if os.path.getsize(notes / n)]
        if done:
            break
        time.sleep(0.1)
    (pid,) = done
    return int(pid), os.path.basename(os.fsdecode((notes / pid).read_bytes()))


def test_old_site_is_handed_to_a_deleter_under_its_name(tmp_path, deleters):
    """The replaced site is renamed after the process that deletes it, so a build starting
    meanwhile (clean_stale) leaves it alone instead of deleting it a second time (at 100,000
    listings that took a minute)."""
    final = make_site(tmp_path / "site", {"index.html": "old", "a/b.html": "x"})
    staging = make_site(tmp_path / ".site-build-1-x", {"index.html": "new"})
    publish.swap_into_place(staging, final, background=True)
    assert tree(final) == {"index.html": "new"}
    pid, name = handed(deleters)
    assert name.startswith(f".site-old-{pid}-")
    assert tree(tmp_path / name) == {"index.html": "old", "a/b.html": "x"}


def test_a_running_deleter_keeps_its_folder_from_clean_stale(tmp_path):
    """clean_stale leaves an old-site folder whose deleting process is alive."""
    alive = os.getppid()
    make_site(tmp_path / f".site-old-{alive}-q", {"a": "1"})
    publish.clean_stale(str(tmp_path / "site"))
    assert os.listdir(tmp_path) == [f".site-old-{alive}-q"]


def test_abandoned_folders_can_go_in_the_background(tmp_path, deleters):
    """With background=True a dead process's folder is renamed after a live deleter at once,
    so no other cleaner takes it up while that deleter works."""
    pid = dead_pid()
    make_site(tmp_path / f"navigator-preview-{pid}-a", {"x/y.html": "1"})
    publish.remove_abandoned(str(tmp_path), ("navigator-preview-",), background=True)
    deleter, name = handed(deleters)
    assert name.startswith(f"navigator-preview-{deleter}-")
    assert os.listdir(tmp_path) == [name] and tree(tmp_path / name) == {"x/y.html": "1"}


def test_swap_keeps_the_replaced_site_as_the_spare(tmp_path, swap_mode):
    """With spare=True the old site waits beside the new one as .site-spare, whole."""
    final = make_site(tmp_path / "site", {"index.html": "old", "a/b.html": "ab"})
    staging = make_site(tmp_path / ".site-build-1-x", {"index.html": "new"})
    publish.swap_into_place(staging, final, spare=True)
    assert tree(final) == {"index.html": "new"}
    assert tree(publish.spare_dir(final)) == {"index.html": "old", os.path.join("a", "b.html"): "ab"}
    assert sorted(os.listdir(tmp_path)) == [".site-spare", "site"]


def test_swap_without_a_spare_removes_an_earlier_one(tmp_path, swap_mode):
    """A build that keeps no spare leaves none: an earlier one would not match its record."""
    final = make_site(tmp_path / "site", {"index.html": "old"})
    make_site(tmp_path / ".site-spare", {"index.html": "older"})
    publish.swap_into_place(make_site(tmp_path / ".site-build-1-x", {"index.html": "new"}), final)
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_take_spare_only_when_it_is_the_folder_recorded(tmp_path):
    """The spare becomes a staging folder of this process when its identity (device, inode) is
    the recorded one; another folder under its name is removed and None returned."""
    final = str(tmp_path / "site")
    spare = make_site(tmp_path / ".site-spare", {"index.html": "old"})
    info = os.stat(spare)
    taken = publish.take_spare(final, [info.st_dev, info.st_ino])
    assert taken and os.path.basename(taken).startswith(f".site-build-{os.getpid()}-")
    assert tree(taken) == {"index.html": "old"} and not os.path.exists(spare)
    make_site(tmp_path / ".site-spare", {"index.html": "copied"})
    assert publish.take_spare(final, [info.st_dev, info.st_ino]) is None
    assert not os.path.exists(spare)
    assert publish.take_spare(final, [info.st_dev, info.st_ino]) is None  # none there


def test_trim_removes_the_files_and_the_folders_they_leave_empty(tmp_path):
    """Listed files go, with every folder left empty up the chain; others stay."""
    folder = make_site(tmp_path / "s", {"a/b/c.html": "1", "a/d.html": "2", "e/f/g.html": "3"})
    publish.trim(folder, ["a/b/c.html", "e/f/g.html", "missing/x.html"])
    assert tree(folder) == {os.path.join("a", "d.html"): "2"}
    assert sorted(os.listdir(folder)) == ["a"] and os.listdir(os.path.join(folder, "a")) == ["d.html"]


def test_merge_replaces_links_without_writing_into_them(tmp_path):
    """Merging the engine's folder into the spare moves a missing folder whole and replaces a
    file that is a hard link to a published one: the published file keeps its bytes, and the
    paths that held something are reported."""
    published = make_site(tmp_path / "site", {"page.html": "published"})
    target = make_site(tmp_path / "spare", {"keep.html": "k"})
    os.link(os.path.join(published, "page.html"), os.path.join(target, "page.html"))
    source = make_site(tmp_path / "engine", {"page.html": "engine", "new/x.html": "x", "keep.html": "k2"})
    replaced: list[str] = []
    publish.merge(source, target, replaced.append)
    assert tree(target) == {"page.html": "engine", "keep.html": "k2", os.path.join("new", "x.html"): "x"}
    assert tree(published) == {"page.html": "published"}
    assert sorted(replaced) == ["keep.html", "page.html"] and not os.path.exists(source)
