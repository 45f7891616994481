"""The build stamp (generator/stamp.py): what a finished site was built from."""

from __future__ import annotations

import json
import os
import shutil
import time

import pytest

from generator import stamp


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A small project tree; files count as settled at once (the waiting is tested on its own)."""
    monkeypatch.setattr(stamp, "SETTLE_SECONDS", 0)
    root = tmp_path / "p"
    for path, text in {"mkdocs.yml": "site_name: x\n", "resources.yaml": "regions: []\n",
                       "catalog/ohio.yaml": "resources: []\n", "content/index.md": "# Hi\n",
                       "site/index.html": "old", ".cache/navigator/x.pickle": "cached",
                       ".site-build-1-a/index.html": "partial", ".git/HEAD": "ref"}.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


def key_of(root, settings=None):
    return stamp.key([str(root)], [str(root / "site"), str(root / ".cache" / "navigator")],
                     (".site-build-", ".site-old-"), settings or {"date": "2026-11-21"})


def rewrite(path, text):
    time.sleep(0.01)  # past the file system clock's tick, as any real edit is
    path.write_text(text)


def test_same_tree_same_key(project):
    """Nothing changed: the key is the same."""
    assert key_of(project) == key_of(project) is not None


def test_same_size_edit_changes_the_key(project):
    """An edit that keeps the file's size still changes the key (its times change)."""
    before = key_of(project)
    rewrite(project / "catalog" / "ohio.yaml", "resources: {}\n")
    assert key_of(project) != before


@pytest.mark.parametrize("change", ["add", "remove", "rename", "new folder"])
def test_added_removed_or_renamed_files_change_the_key(project, change):
    """A file added, removed or renamed anywhere in the project changes the key."""
    before = key_of(project)
    ohio = project / "catalog" / "ohio.yaml"
    if change == "add":
        (project / "catalog" / "erie.yaml").write_text("resources: []\n")
    elif change == "remove":
        ohio.unlink()
    elif change == "rename":
        ohio.rename(project / "catalog" / "ohio2.yaml")
    else:
        (project / "theme" / "partials").mkdir(parents=True)
        (project / "theme" / "partials" / "footer.html").write_text("x")
    assert key_of(project) != before


def test_settings_and_date_are_part_of_the_key(project):
    """Different settings, or another build date, give another key."""
    assert key_of(project, {"date": "2026-11-21"}) != key_of(project, {"date": "2026-11-22"})
    assert key_of(project, {"search": True}) != key_of(project, {"search": False})


def test_output_cache_and_tool_folders_are_not_inputs(project):
    """Writing the site, the cache, a staging folder or .git leaves the key alone."""
    before = key_of(project)
    for path in ("site/new.html", ".cache/navigator/y.pickle", ".site-build-1-a/more.html",
                 ".git/index", "content/__pycache__/x.pyc"):
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text("x")
    assert key_of(project) == before


def test_a_file_changed_moments_ago_gives_no_key(project, monkeypatch):
    """A file written within SETTLE_SECONDS could change again unseen: no key, so no stamp."""
    monkeypatch.setattr(stamp, "SETTLE_SECONDS", 60)
    assert key_of(project) is None


def test_symlinked_folder_is_followed_and_a_loop_ends(project):
    """A linked folder's files count; a link back to an ancestor does not loop for ever."""
    outside = project.parent / "shared-guides"
    outside.mkdir()
    (outside / "guide.md").write_text("# Guide\n")
    (project / "content" / "shared").symlink_to(outside)
    (project / "content" / "loop").symlink_to(project)
    before = key_of(project)
    rewrite(outside / "guide.md", "# Guide, longer\n")
    assert key_of(project) != before


def test_record_then_current(project):
    """A recorded site with the same key is current; another key is not."""
    cache, site = str(project / ".cache" / "navigator"), str(project / "site")
    stamp.record(cache, site, "abc")
    assert stamp.is_current(cache, site, "abc")
    assert not stamp.is_current(cache, site, "abd")
    assert not stamp.is_current(cache, site, None)


def test_a_replaced_site_folder_is_not_current(project):
    """A site folder deleted and made again (another inode) no longer matches its stamp."""
    cache, site = str(project / ".cache" / "navigator"), str(project / "site")
    stamp.record(cache, site, "abc")
    keep = project / "keep"
    os.rename(site, keep)  # hold the inode so the new folder cannot reuse its number
    os.mkdir(site)
    assert not stamp.is_current(cache, site, "abc")
    shutil.rmtree(site)
    assert not stamp.is_current(cache, site, "abc")


def test_recording_no_key_forgets_the_site(project):
    """A build whose key could not be trusted removes the site's old record."""
    cache, site = str(project / ".cache" / "navigator"), str(project / "site")
    stamp.record(cache, site, "abc")
    stamp.record(cache, site, None)
    assert not stamp.is_current(cache, site, "abc")
    assert json.loads((project / ".cache" / "navigator" / stamp.STAMP_NAME).read_text()) == {}


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"/x": 3}'])
def test_a_damaged_stamp_file_means_build(project, content):
    """An unreadable or odd stamp file is no stamp: build, never crash."""
    cache = project / ".cache" / "navigator"
    (cache / stamp.STAMP_NAME).write_text(content)
    assert not stamp.is_current(str(cache), str(project / "site"), "abc")
    stamp.record(str(cache), str(project / "site"), "abc")
    assert stamp.is_current(str(cache), str(project / "site"), "abc")


def test_changed_between_sees_edits_and_removals_in_the_window(project):
    """The preview's catch-up asks whether anything it watches changed in a window of time: an
    edited file counts, a removed one too (through its folder's times), later ones do not."""
    catalog = str(project / "catalog")
    start = time.time_ns()
    assert not stamp.changed_between([catalog], start, start + 10**9)
    rewrite(project / "catalog" / "ohio.yaml", "resources: {}\n")
    assert stamp.changed_between([catalog], start - 10**8, time.time_ns() + 10**8)
    time.sleep(0.05)
    later = time.time_ns()
    assert not stamp.changed_between([catalog], later, later + 10**9)
    (project / "catalog" / "ohio.yaml").unlink()
    assert stamp.changed_between([catalog], later - 10**7, time.time_ns() + 10**8)


def test_a_folder_changed_moments_ago_still_gives_a_key(project, monkeypatch):
    """Only files need to settle: a cache folder made beside the catalog (which moves the project
    folder's times) does not stop the build from keeping its stamp."""
    monkeypatch.setattr(stamp, "SETTLE_SECONDS", 0.5)
    time.sleep(0.6)
    (project / ".cache" / "other").mkdir()
    assert key_of(project) is not None


def test_a_folder_to_skip_that_is_a_root_is_still_read(project):
    """A cache folder set to the project folder itself must not hide the project's files."""
    before = stamp.key([str(project)], [str(project)], (), {})
    rewrite(project / "catalog" / "ohio.yaml", "resources: {}\n")
    assert stamp.key([str(project)], [str(project)], (), {}) != before
