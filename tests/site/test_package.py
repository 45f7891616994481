"""The installed package is the whole generator: the wheel holds the theme, the templates and
every sub-package, builds without setuptools warnings, and a project with no theme/ folder of
its own builds a complete, policy-carrying site from the wheel alone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT, copy_fixture_site


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[str, str]:
    """The project's wheel, and pip's verbose output while making it (from a copy of the
    sources, so that the build leaves nothing in the project)."""
    out, source = tmp_path_factory.mktemp("wheel"), tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE"):
        shutil.copy(os.path.join(ROOT, name), source)
    for name in ("generator", "theme"):
        shutil.copytree(os.path.join(ROOT, name), source / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", str(out), str(source)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    names = [n for n in os.listdir(out) if n.endswith(".whl")]
    assert len(names) == 1, names
    return os.path.join(out, names[0]), result.stdout + result.stderr


def test_the_wheel_holds_the_theme_and_every_part_of_the_generator(wheel):
    """Theme files, page templates, message catalogues, exporters and importers are all inside
    the package."""
    path, _log = wheel
    assert os.path.basename(path).startswith("recovery_navigator-")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    for folder, wanted in ((os.path.join(ROOT, "theme"), "generator/theme/"),
                           (os.path.join(ROOT, "generator", "templates"), "generator/templates/"),
                           (os.path.join(ROOT, "generator", "locales"), "generator/locales/"),
                           (os.path.join(ROOT, "generator", "exporters"), "generator/exporters/"),
                           (os.path.join(ROOT, "generator", "importers"), "generator/importers/")):
        for base, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in files:
                if name.endswith(".pyc"):
                    continue
                rel = os.path.relpath(os.path.join(base, name), folder).replace(os.sep, "/")
                assert wanted + rel in names, wanted + rel


def test_making_the_wheel_prints_no_setuptools_warning(wheel):
    """No "Package would be ignored" or other setuptools warning while the package is built."""
    _path, log = wheel
    assert not re.findall(r".*(?:Warning|would be ignored).*", log)


def test_a_project_without_its_own_theme_builds_from_the_wheel(wheel, tmp_path):
    """Unpacked on its own (no checkout beside it), the package gives the site its theme: the
    policy tag, the navigator styles and the crisis bar are all there."""
    path, _log = wheel
    unpacked = tmp_path / "lib"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(unpacked)
    project = copy_fixture_site(str(tmp_path / "project"))
    config = os.path.join(project, "mkdocs.yml")
    with open(config, encoding="utf-8") as handle:
        text = handle.read()
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(re.sub(r"\n\s*custom_dir: .*", "", text))
    env = dict(os.environ, PYTHONPATH=str(unpacked), SOURCE_DATE_EPOCH="1796256000")
    where = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                           cwd=project, env=env, capture_output=True, text=True)
    assert where.stdout.startswith(str(unpacked)), where.stdout
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--no-search"], cwd=project,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    site = os.path.join(project, "site")
    with open(os.path.join(unpacked, "generator", "theme", "assets", "navigator", "navigator.css"), encoding="utf-8") as handle:
        ours = handle.read().strip()
    for page in ("index.html", "regions/ohio/index.html"):
        with open(os.path.join(site, page), encoding="utf-8") as handle:
            html = handle.read()
        assert 'http-equiv="Content-Security-Policy"' in html, page
        style = re.search(r'href="(?:\.{1,2}/)*(assets/navigator/shared/style-[0-9a-f]+\.css)"', html)
        assert style, page
        with open(os.path.join(site, style.group(1)), encoding="utf-8") as handle:
            assert ours in handle.read(), page  # the theme's styles, from the wheel
