"""The interface in several languages: the message catalogues are complete and current, plural
rules and formats come from Babel's locale data, a listing's own translations are used (and the
original is marked with its language when there is none), and the meeting type names are the
Meeting Guide spec's."""

from __future__ import annotations

import datetime as dt
import os
import sys

import pytest
from babel.messages.plurals import get_plural
from catalog_helpers import ROOT as CATALOG, run_validate, with_fields, write_catalog

from generator import i18n
from generator.errors import CatalogError
from generator.meeting_types import MEETING_TYPE_NAMES, MEETING_TYPES, type_name
from generator.render import own_text

PROJECT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, PROJECT)
from tools import meeting_types as meeting_types_tool  # noqa: E402
from tools import messages  # noqa: E402

TYPES_JSON = os.path.join(os.path.dirname(PROJECT), "shared", "fixtures", "meeting-guide", "spec",
                          "types.json")


# ---------------------------------------------------------------- the catalogues

def test_the_template_is_up_to_date_with_the_sources():
    """messages.pot holds exactly what Babel extracts now (run python -m tools.messages extract)."""
    with open(messages.POT, "rb") as handle:
        committed = handle.read()
    assert messages.render(messages.extract()) == committed, \
        "generator/locales/messages.pot is out of date: run python -m tools.messages extract"


@pytest.mark.parametrize("language", messages.languages())
def test_every_message_is_translated(language):
    """Every message of the template has a translation that is not fuzzy, in every catalogue."""
    assert messages.untranslated(language, messages.extract()) == []


def test_a_missing_or_fuzzy_translation_is_found(tmp_path, monkeypatch):
    """The check names a message left empty and one marked fuzzy (it is not a test that cannot fail)."""
    template = messages.extract()
    catalog = messages.read(messages.po_path("es"), "es")
    catalog.get("Home").string = ""
    catalog.get("Search").flags.add("fuzzy")
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_bytes(messages.render(catalog))
    monkeypatch.setattr(messages, "LOCALES", str(tmp_path))
    assert sorted(messages.untranslated("es", template)) == ["Home", "Search"]


def test_the_shipped_languages_all_have_catalogues():
    """The languages mkdocs.yml turns on are ones the interface can be shown in."""
    import yaml

    with open(os.path.join(PROJECT, "mkdocs.yml"), encoding="utf-8") as handle:
        text = handle.read()
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    plugins = next(v for k, v in root.value if k.value == "plugins")
    navigator = next(item for item in plugins.value if isinstance(item, yaml.MappingNode))
    settings = navigator.value[0][1]
    languages = [n.value for k, v in settings.value if k.value == "languages" for n in v.value]
    assert languages[0] == "en" and "es" in languages
    assert i18n.language_problems(tuple(languages), "mkdocs.yml") == []


def test_a_language_without_a_catalogue_is_a_problem_naming_the_file():
    """languages: [en, fr] without a French catalogue stops the build with the fix."""
    assert [str(p) for p in i18n.language_problems(("en", "fr", "en"), "mkdocs.yml")] == [
        "mkdocs.yml:1:1: languages: 'fr' has no translation of the interface (there is no "
        "generator/locales/fr/LC_MESSAGES/messages.po); write one of en, es, or add the catalogue "
        "(docs/translating.md)",
        "mkdocs.yml:1:1: languages: a language is listed twice; list each once"]


# ---------------------------------------------------------------- plurals and formats

def test_plural_rule_comes_from_babel():
    """The Spanish catalogue's plural rule is Babel's for the locale, and chooses the forms."""
    catalog = messages.read(messages.po_path("es"), "es")
    assert catalog.plural_forms == get_plural("es").plural_forms
    t = i18n.Translator("es")
    assert t.ngettext("%(num)s resource", "%(num)s resources", 1) % {"num": 1} == "1 recurso"
    assert t.ngettext("%(num)s resource", "%(num)s resources", 0) % {"num": 0} == "0 recursos"
    assert t.ngettext("%(num)s resource", "%(num)s resources", 2) % {"num": 2} == "2 recursos"


def test_plural_samples_cover_every_cldr_category():
    """The scripts' count messages are given for each CLDR category of the language (Spanish
    has 'many' for a million), each with the catalogue's form for a number of it."""
    es = i18n.Translator("es")
    assert es.plural_samples == {"many": 1_000_000, "one": 1, "other": 0}
    assert i18n.Translator("en").plural_samples == {"one": 1, "other": 0}


def test_times_dates_and_numbers_follow_the_locale():
    """12-hour clock and 1,234 in English; 24-hour clock and 1.234 in Spanish (Babel, CLDR)."""
    en, es = i18n.Translator("en"), i18n.Translator("es")
    assert (en.time("19:30"), es.time("19:30")) == ("7:30\u202fPM", "19:30")
    assert (en.number(12345), es.number(12345)) == ("12,345", "12.345")
    assert es.date(dt.date(2026, 3, 1)) == "1 de marzo de 2026"


def test_the_language_folder():
    """The first language lives at the root, every other one in its own folder."""
    assert i18n.prefix("en", ("en", "es")) == ""
    assert i18n.prefix("es", ("en", "es")) == "es/"


# ---------------------------------------------------------------- a listing's own translations

class _Res:
    name = "Lorain Avenue Medication Recovery"
    description = "**Buprenorphine** with counseling."
    hours_notes = None


class _Entry:
    res = _Res()

    def __init__(self, own: dict):
        self.own = own

    def translated(self, field, language):
        return self.own.get(language, {}).get(field)


def test_a_translation_is_shown_as_it_is():
    """A Spanish page shows the listing's own Spanish name, with no language mark."""
    entry = _Entry({"es": {"name": "Centro de Recuperación"}})
    assert own_text(entry, "name", "es", "en") == "Centro de Recuperación"


def test_without_a_translation_the_original_is_marked_english():
    """Missing on a Spanish page: the original, in an element with lang="en"; a description
    keeps its Markdown."""
    entry = _Entry({})
    assert own_text(entry, "name", "es", "en") == '<span lang="en">Lorain Avenue Medication Recovery</span>'
    assert own_text(entry, "description", "es", "en", as_markdown=True) == (
        '<div lang="en"><p><strong>Buprenorphine</strong> with counseling.</p>\n</div>')


def test_the_default_language_is_unmarked_and_escaped():
    """On the catalog's own language's pages the text is the original, escaped, unmarked."""
    class Risky(_Entry):
        res = type("R", (), {"name": "<b>A & B</b>"})()
    assert own_text(Risky({}), "name", "en", "en") == "&lt;b&gt;A &amp; B&lt;/b&gt;"
    assert own_text(Risky({"es": {"name": "<i>x</i>"}}), "name", "es", "en") == "&lt;i&gt;x&lt;/i&gt;"
    assert own_text(_Entry({}), "hours_notes", "es", "en") == ""


@pytest.mark.parametrize("fields, expected", [
    ("translations:\n  xx:\n    name: Hola\n",
     "resources.yaml:18:7: translations.xx: 'xx' is not an ISO 639-1 language code; use two "
     "letters such as en, es, fr"),
    ("translations:\n  es:\n    nombre: Hola\n",
     "resources.yaml:19:9: translations.es.nombre: unknown field 'nombre'; did you mean 'name'?"),
    ('translations:\n  es:\n    name: "Hola\\nmundo"\n',
     "resources.yaml:19:15: translations.es.name: must fit on one line; remove the line break"),
    ("translations:\n  es: Hola\n",
     "resources.yaml:18:11: translations.es: must be a group of fields (field: value lines "
     "indented under it)"),
])
def test_a_bad_translation_is_refused_with_its_line(tmp_path, fields, expected):
    """A wrong language code, field or value under translations names file:line and the fix."""
    with pytest.raises(CatalogError) as caught:
        run_validate(write_catalog(tmp_path, with_fields(fields, CATALOG)))
    assert [str(p) for p in caught.value.problems] == [expected]


def test_a_good_translation_is_kept(tmp_path):
    """A valid translation reaches the listing."""
    result = run_validate(write_catalog(tmp_path, with_fields(
        "translations:\n  es:\n    name: Línea de prueba\n    hours_notes: Cerrado los feriados.\n",
        CATALOG)))
    own = result.resources[0].translations["es"]
    assert (own.name, own.hours_notes, own.description) == ("Línea de prueba", "Cerrado los feriados.", None)


# ---------------------------------------------------------------- meeting types

def test_meeting_type_names_per_language():
    """Names come from the spec's table; a language it lacks falls back to English."""
    assert type_name("S", "es") == "Español" and type_name("BE", "es") == "Principiantes"
    assert type_name("BE", "xx") == MEETING_TYPES["BE"] == "Newcomer"
    assert type_name("NOPE", "es") is None
    assert i18n.Translator("es").meeting_types["RN-FAM"] == "Para familiares y amigos"
    # behind the catalogue, so a calendar's event text asking for the English name gets it too
    assert i18n.Translator("es").gettext("Newcomer") == "Principiantes"


def test_meeting_type_table_is_the_specs():
    """generator/meeting_types.py is what tools/meeting_types.py makes from the spec's types.json."""
    if not os.path.isfile(TYPES_JSON):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{TYPES_JSON} is missing")
        pytest.skip("the Meeting Guide spec fixtures (../shared) are not here")
    with open(meeting_types_tool.TARGET, encoding="utf-8") as handle:
        committed = handle.read()
    assert committed == meeting_types_tool.render(meeting_types_tool.read(TYPES_JSON)), \
        "run python -m tools.meeting_types ../shared/fixtures/meeting-guide/spec/types.json"
    assert len(MEETING_TYPE_NAMES) == len(meeting_types_tool.read(TYPES_JSON))
