"""navigator build against a size budget: the exit code, the exact message, the site kept."""

from __future__ import annotations

import os
import subprocess
import sys

from generator import budget
from tests.cli.test_cli import run
from tests.conftest import copy_fixture_site, site_digest


def test_a_site_over_its_budget_is_not_published(tmp_path):
    """A budget smaller than the fixture site stops the build with exit 1; the first line names
    mkdocs.yml at the setting, the figures and the largest kinds, and the previous site/ stays
    byte for byte."""
    project = tmp_path / "p"
    copy_fixture_site(str(project))
    config = project / "mkdocs.yml"
    assert run("build", "-f", str(config), "--no-search", cwd=str(project)).returncode == 0
    site = str(project / "site")
    before = site_digest(site)
    measured = budget.measure(site)  # the same inputs build the same bytes: these are its figures
    text = config.read_text()
    assert text.count("  - navigator\n") == 1
    config.write_text(text.replace("  - navigator\n", "  - navigator:\n      site_budget:\n"
                                   "        megabytes: 1\n"))
    result = run("build", "-f", str(config), "--no-search", cwd=str(project))
    assert result.returncode == 1
    largest = ", ".join(f"{kind} {size / 1e6:,.2f} MB" for kind, size, _f in measured.largest(0)[:3])
    lines = result.stderr.splitlines()
    at = config.read_text().splitlines().index("        megabytes: 1") + 1  # the setting's own line
    sizes = {kind: size for kind, size, _f in measured.largest(0)}
    plain = sum(sizes.get(k, 0) for k in ("data: HSDS JSON", "data: data health CSV", "data: HSDS CSV", "data: GeoJSON"))
    assert plain and "the other languages' resource pages" not in sizes  # one language
    assert lines[0] == (
        f"mkdocs.yml:{at}:1: site_budget.megabytes: the site is {measured.bytes / 1e6:,.2f} MB, over "
        f"its budget of 1 MB; largest: {largest}. Settings that make this site smaller: "
        f"site_budget: plain_exports: 0 (exports gzip-only but the Meeting Guide feed: about "
        f"{plain / 1e6:,.2f} MB less). Otherwise make the largest kinds smaller (fewer listings in "
        "this site, or fewer exports), or raise site_budget: megabytes: if the host publishes "
        "larger sites (GitHub Pages: 1000)")
    assert measured.largest(0)[0][0] == "assets (styles, scripts, images)"
    assert lines[1:] == ["1 error found; nothing was built. Fix it and run again.",
                         "The build stopped; the previous site was left as it was."]
    assert "Traceback" not in result.stderr
    assert site_digest(site) == before
    assert [n for n in os.listdir(project) if n.startswith(".site-")] == []


def test_verbose_build_prints_the_breakdown_by_kind(tmp_path):
    """navigator build -v lists each kind's size and files, then the whole site, under the budget."""
    project = copy_fixture_site(str(tmp_path / "p"))
    result = run("build", "-f", os.path.join(project, "mkdocs.yml"), "--no-search", "-v", cwd=project)
    assert result.returncode == 0, result.stderr
    measured = budget.measure(os.path.join(project, "site"))
    head = "DEBUG: navigator: the site by kind (budget 1,000 MB and 150,000 files):"
    lines = result.stderr.splitlines()
    start = lines.index(head)
    assert lines[start + 1:start + 2 + len(measured.kinds)] == measured.table().splitlines()
    pages = os.listdir(os.path.join(project, "site", "resources"))
    assert measured.kinds["resource pages"][1] == len(pages) > 0


def test_the_engines_own_build_keeps_the_file_budget_too(tmp_path):
    """`mkdocs build` goes through the same check: over a budget of 10 files it exits 1 with the
    problem at the files line, and the previous site/ stays."""
    from generator.mkdocs_compat import engine_name

    project = tmp_path / "p"
    copy_fixture_site(str(project))
    config = project / "mkdocs.yml"
    assert run("build", "-f", str(config), "--no-search", cwd=str(project)).returncode == 0
    site = str(project / "site")
    before, measured = site_digest(site), budget.measure(site)
    config.write_text(config.read_text().replace(
        "  - navigator\n", "  - navigator:\n      search: false\n      site_budget: {files: 10}\n"))
    command = os.path.join(os.path.dirname(sys.executable), engine_name())
    result = subprocess.run([command, "build", "-f", str(config)], cwd=str(project),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    largest = ", ".join(f"{kind} {files:,}" for kind, _b, files in measured.largest(1)[:3])
    at = config.read_text().splitlines().index("      site_budget: {files: 10}") + 1
    assert (f"mkdocs.yml:{at}:1: site_budget.files: the site has {measured.files:,} files, over its "
            f"budget of 10; largest: {largest}. Make the largest kinds smaller, or raise "
            "site_budget: files: if the host takes more") in result.stderr.splitlines()
    assert site_digest(site) == before
