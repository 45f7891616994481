"""Every way of publishing goes through the one build (generator/build.py): `navigator build`,
`mkdocs build`, `mkdocs gh-deploy` and `navigator deploy` all build in a staging folder, audit
the pages, and publish nothing when the audit finds a problem."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from generator.mkdocs_compat import engine_name
from tests.conftest import build, copy_fixture_site

BIN = os.path.dirname(sys.executable)
ENGINE = engine_name()  # the engine's own command: mkdocs, or properdocs where it stands in
BAD_PAGE = '\n<b onclick="steal()">hello</b>\n'
FINDING = "event handler: the attribute onclick runs script"


def _git(cwd: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.org")
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)


def _repository(tmp_path) -> tuple[str, str]:
    """The fixture project as a git repository whose origin is a bare repository beside it."""
    project = copy_fixture_site(str(tmp_path / "project"))
    remote = str(tmp_path / "remote.git")
    assert _git(str(tmp_path), "init", "-q", "--bare", remote).returncode == 0
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "catalog"),
                 ("remote", "add", "origin", remote)):
        result = _git(project, *args)
        assert result.returncode == 0, result.stderr
    return project, remote


def _published(remote: str, path: str) -> str | None:
    """The file at ``path`` on the remote's gh-pages branch, or None."""
    result = _git(remote, "show", f"gh-pages:{path}")
    return result.stdout if result.returncode == 0 else None


def _spoil(project: str) -> None:
    with open(os.path.join(project, "content", "about.md"), "a", encoding="utf-8") as handle:
        handle.write(BAD_PAGE)


def _run(project: str, *command: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.org")
    return subprocess.run([os.path.join(BIN, command[0]), *command[1:]], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def test_navigator_build_audits(tmp_path, capsys):
    """`navigator build` stops at the audit with the page and rule, and leaves no site."""
    project = copy_fixture_site(str(tmp_path / "project"))
    _spoil(project)
    assert build(project, "--no-search") == 1
    err = capsys.readouterr().err
    assert "site/about/index.html:" in err and FINDING in err
    assert not os.path.exists(os.path.join(project, "site"))


@pytest.mark.parametrize("command", [(ENGINE, "build"), (ENGINE, "gh-deploy")])
def test_mkdocs_commands_audit_and_publish_nothing(tmp_path, command):
    """MkDocs' own build and gh-deploy run the same staging and audit: the finding is reported,
    the exit is not 0, no site is swapped in and nothing reaches the gh-pages branch."""
    project, remote = _repository(tmp_path)
    _spoil(project)
    result = _run(project, *command)
    assert result.returncode != 0
    assert FINDING in result.stderr and "site/about/index.html:" in result.stderr
    assert not os.path.exists(os.path.join(project, "site"))
    assert not [n for n in os.listdir(project) if n.startswith(".site-build-")]
    assert _published(remote, "index.html") is None


def test_mkdocs_gh_deploy_publishes_the_whole_staged_site(tmp_path):
    """A clean catalog: gh-deploy publishes catalog pages, exports and the search index, built
    in a staging folder and swapped into site/ first."""
    project, remote = _repository(tmp_path)
    result = _run(project, ENGINE, "gh-deploy")
    assert result.returncode == 0, result.stderr
    page = _published(remote, "regions/ohio/index.html")
    assert page is not None and "Content-Security-Policy" in page
    for path in ("data/meetings.json", "pagefind/pagefind-ui.js", "index.html"):
        assert _published(remote, path) is not None, path
    assert os.path.isfile(os.path.join(project, "site", "regions", "ohio", "index.html"))
    assert not [n for n in os.listdir(project) if n.startswith(".site-build-")]


def test_navigator_deploy_audits_then_publishes(tmp_path):
    """`navigator deploy` refuses a page the audit rejects (exit 1, the finding, nothing
    pushed); once the page is fixed it builds and pushes the site."""
    project, remote = _repository(tmp_path)
    _spoil(project)  # the fixture has no about page: this one holds only the bad tag
    result = _run(project, "navigator", "deploy", "--no-search")
    assert result.returncode == 1
    assert FINDING in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.rstrip().endswith("The build stopped; the previous site was left as it was.")
    assert _published(remote, "index.html") is None
    os.remove(os.path.join(project, "content", "about.md"))
    result = _run(project, "navigator", "deploy", "--no-search", "-m", "Publish the catalog")
    assert result.returncode == 0, result.stderr
    assert _published(remote, "resources/franklin-detox/index.html") is not None
    assert _git(remote, "log", "-1", "--format=%s", "gh-pages").stdout.strip() == "Publish the catalog"
