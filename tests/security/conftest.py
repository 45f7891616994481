"""Fixtures for the security tests: the payload site, built once, and helpers to attack a copy
of the fixture site through the command line."""

from __future__ import annotations

import os

import pytest

from tests.conftest import EPOCH, build, copy_fixture_site, served, site_digest
from tests.security import payloads



digest = site_digest


def html_files(site: str) -> list[str]:
    return sorted(os.path.join(folder, name) for folder, _dirs, files in os.walk(site)
                  for name in files if name.endswith(".html"))


@pytest.fixture(scope="session")
def payload_project(tmp_path_factory) -> str:
    """The payload catalog built once (with the search index); returns the project folder."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    project = payloads.make_project(str(tmp_path_factory.mktemp("payload") / "project"))
    assert build(project) == 0
    return project


@pytest.fixture(scope="session")
def payload_site(payload_project) -> str:
    return os.path.join(payload_project, "site")


@pytest.fixture(scope="session")
def serve_payload(payload_site):
    """The payload site over HTTP on 127.0.0.1; yields its base URL."""
    with served(payload_site) as url:
        yield url


class Attack:
    """A built copy of the fixture site; ``run`` drops one hostile file in and builds again."""

    def __init__(self, project: str):
        self.project = project
        self.site = os.path.join(project, "site")
        self.before = digest(self.site)

    def run(self, capsys, relpath: str, content: bytes | str, *args: str) -> tuple[int, str]:
        """Write ``content`` to ``relpath`` in the project, build, remove the file again; returns
        the exit code and everything printed."""
        path = os.path.join(self.project, relpath)
        existed = os.path.exists(path)
        old = open(path, "rb").read() if existed else None
        with open(path, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
        capsys.readouterr()
        try:
            code = build(self.project, "--no-search", *args)
        finally:
            if existed:
                with open(path, "wb") as handle:
                    handle.write(old)
            else:
                os.remove(path)
        out = capsys.readouterr()
        return code, out.out + out.err

    def rebuilt(self) -> None:
        """The site changed on purpose (an accepted case): take it as the new previous site."""
        self.before = digest(self.site)

    def assert_refused(self, code: int, output: str, *expected: str) -> None:
        """Exit 1, each expected line printed, no traceback, and the old site byte for byte."""
        assert code == 1, output
        for line in expected:
            assert line in output.splitlines(), f"{line!r} not in:\n{output}"
        assert "Traceback" not in output
        assert "The build stopped; the previous site was left as it was." in output
        assert digest(self.site) == self.before
        # .site-spare, the site an earlier swap replaced, is kept for the next build on purpose.
        leftovers = [n for n in os.listdir(self.project) if n.startswith((".site-build-", ".site-old-"))]
        assert leftovers == []


@pytest.fixture(scope="module")
def attack(tmp_path_factory) -> Attack:
    """A copy of the fixture site, built once per module without the search index."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_fixture_site(str(tmp_path_factory.mktemp("attack") / "project"))
    assert build(project, "--no-search") == 0
    return Attack(project)
