"""The build warns about a placeholder site_url once the listings are real: printed sheets,
short links and QR codes would send readers to it. An example catalog says it is one."""

from __future__ import annotations

import pytest

from tests.cli.test_cli import run
from tests.conftest import copy_fixture_site

WARNING = ("WARNING: mkdocs.yml: site_url is https://example.org/directory/, a placeholder: printed "
           "sheets, short links and QR codes will show that address. Set site_url to the address the "
           "site is published at (for GitHub Pages, https://<user>.github.io/<repository>/)")


@pytest.mark.parametrize("example", [False, True])
def test_placeholder_site_url_warns_unless_the_catalog_is_an_example(tmp_path, example):
    """A catalog of real listings with site_url on example.org gets the warning, exit 0; the
    same catalog marked example_data builds without it."""
    project = tmp_path / "p"
    copy_fixture_site(str(project))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_url: https://fixture.example.org/",
                                                 "site_url: https://example.org/directory/"))
    if example:
        root = project / "resources.yaml"
        root.write_text(root.read_text().replace("site:\n", "site:\n  example_data: true\n", 1))
    result = run("build", "-f", str(config), "--no-search", cwd=str(project))
    assert result.returncode == 0, result.stderr
    assert (WARNING in result.stderr.splitlines()) is not example
