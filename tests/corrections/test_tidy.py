"""`navigator tidy` after the form editor rewrote a whole region file: only the changed value's
line differs from the base revision; and a wrong repository setting stops the build with the
setting and the fix named."""

from __future__ import annotations

import os
import subprocess

import yaml

from generator.cli import main
from tests.conftest import build, copy_fixture_site
from tests.corrections import big_region


def git(folder: str, *args: str) -> str:
    return subprocess.run(["git", "-C", folder, *args], check=True, capture_output=True, text=True).stdout


def test_tidy_turns_a_rewritten_file_into_a_one_line_change(tmp_path, monkeypatch, capsys):
    """A 500-listing file rewritten by another YAML writer (no comments, its own layout) with one
    value changed comes back with exactly that line changed (exit 0)."""
    folder = str(tmp_path)
    git(folder, "init", "-q")
    os.makedirs(os.path.join(folder, "catalog"))
    path = big_region.write(os.path.join(folder, "catalog"))
    git(folder, "add", ".")
    git(folder, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    data["resources"][250]["name"] = "A New Name"
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(data, handle, sort_keys=True, width=60)  # as a form editor would
    assert int(git(folder, "diff", "--numstat").split()[0]) > 10000
    monkeypatch.chdir(folder)
    assert main(["tidy", "--base", "HEAD", "catalog/franklin-county.yaml"]) == 0
    assert capsys.readouterr().out == "catalog/franklin-county.yaml: only the changed values differ from HEAD\n"
    assert git(folder, "diff", "--numstat").split()[:2] == ["1", "1"]
    assert "+    name: A New Name" in git(folder, "diff")


def test_tidy_leaves_a_new_file_as_saved(tmp_path, monkeypatch, capsys):
    """A file the base revision does not have is left as the editor wrote it."""
    folder = str(tmp_path)
    git(folder, "init", "-q")
    (tmp_path / "a").write_text("x")
    git(folder, "add", ".")
    git(folder, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    (tmp_path / "new.yaml").write_text("resources: []\n")
    monkeypatch.chdir(folder)
    assert main(["tidy", "--base", "HEAD", "new.yaml"]) == 0
    assert capsys.readouterr().out == "new.yaml: new in this change (not in HEAD), left as it is\n"
    assert (tmp_path / "new.yaml").read_text() == "resources: []\n"


def test_wrong_repository_setting_is_named(tmp_path, capsys):
    """repository: with something that is not owner/name stops the build: file, setting, fix."""
    project = copy_fixture_site(str(tmp_path / "project"))
    config = os.path.join(project, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(text.replace("  - navigator\n", "  - navigator:\n      repository: not a repo\n"))
    assert build(project) == 1
    err = capsys.readouterr().err
    assert ("mkdocs.yml:1:1: repository: 'not a repo' is not a GitHub repository; write owner/name, "
            "for example my-org/recovery-navigator") in err
    assert "Traceback" not in err
