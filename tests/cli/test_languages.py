"""The site's languages come from one line of mkdocs.yml: a language the interface has no
catalogue for stops the build at that line, naming the fix; English and Spanish build."""

from __future__ import annotations

import os

from tests.cli.test_cli import run
from tests.conftest import copy_fixture_site


def _with_languages(tmp_path, line: str):
    project = tmp_path / "p"
    copy_fixture_site(str(project))
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert text.count("  - navigator\n") == 1  # the fixture sets no options of the plugin
    config.write_text(text.replace("  - navigator\n", "  - navigator:\n" + line, 1))
    return project, config, config.read_text().splitlines().index(line.rstrip("\n")) + 1


def test_a_language_without_a_catalogue_stops_the_build_at_its_line(tmp_path):
    """languages: [en, fr] without French messages: exit 1, the file, line and the fix."""
    project, config, line = _with_languages(tmp_path, "      languages: [en, fr]\n")
    result = run("build", "-f", str(config), "--no-search", cwd=str(project))
    assert result.returncode == 1
    assert (f"mkdocs.yml:{line}:1: languages: 'fr' has no translation of the interface (there is no "
            "generator/locales/fr/LC_MESSAGES/messages.po); write one of en, es, or add the catalogue "
            "(docs/translating.md)") in result.stdout + result.stderr
    assert not os.path.isdir(project / "site" / "fr")


def test_english_and_spanish_build(tmp_path):
    """languages: [en, es] on the fixture project: exit 0, the Spanish pages under es/."""
    project, config, _line = _with_languages(tmp_path, "      languages: [en, es]\n")
    result = run("build", "-f", str(config), "--no-search", cwd=str(project))
    assert result.returncode == 0, result.stderr
    with open(project / "site" / "es" / "find" / "index.html", encoding="utf-8") as handle:
        assert '<html lang="es"' in handle.read()
    # No Spanish pages written: the English home's switch leads to the Spanish find page.
    with open(project / "site" / "index.html", encoding="utf-8") as handle:
        assert 'href="es/find/" hreflang="es"' in handle.read()


def test_an_unknown_listing_pages_choice_stops_the_build_at_its_line(tmp_path):
    """other_language_listings: some: exit 1, the file, its line, the choices; nothing built."""
    project, config, _line = _with_languages(tmp_path, "      languages: [en, es]\n")
    config.write_text(config.read_text().replace(
        "      languages: [en, es]\n", "      languages: [en, es]\n      other_language_listings: some\n"))
    line = config.read_text().splitlines().index("      other_language_listings: some") + 1
    result = run("build", "-f", str(config), "--no-search", cwd=str(project))
    assert result.returncode == 1
    assert (f"mkdocs.yml:{line}:1: other_language_listings: 'some' is not a choice; write all (a page "
            "per listing in every language) or translated (in the other languages, pages only for "
            "listings translated into them)") in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not os.path.isdir(project / "site")
