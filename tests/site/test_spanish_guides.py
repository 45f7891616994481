"""Every mentor guide has a Spanish version in content/es/guides/ under the same file name, with the
same front matter keys, the same worksheet (checkboxes, ruled lines, blanks, tables, option
groups, placeholders), the same admonitions, links and named sources, and the same plain-language
limits as the English guides (sentences of 30 words or fewer, an easy reading score)."""

from __future__ import annotations

import glob
import os
import re

import pytest
import yaml

from tests.conftest import ROOT
from tests.guides.prose import GUIDES_DIR, blocks, body, prose, source

SPANISH_DIR = os.path.join(ROOT, "content", "es", "guides")
# The index and every guide: a new English guide is checked for its Spanish version too.
PAGES = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(GUIDES_DIR, "*.md")))
GUIDES = [name for name in PAGES if name != "index"]

MAX_WORDS = 30  # per sentence, as for the English guides
# Fernández-Huerta reading ease, Spanish's counterpart of Flesch: 70 and above reads "fairly
# easy", about the English guides' grade 8 or below.
MIN_EASE = 70.0
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»)]*\s+(?=[¿¡\"“«(]?[A-ZÁÉÍÓÚÑÜ0-9])")
_CHECKBOX = re.compile(r"^\s*- \[[ xX]\] ", re.M)
_LINES = re.compile(r'<div class="write-lines" data-lines="(\d+)"></div>')
_BLANK = re.compile(r"_{3,}")
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
_ADMONITION = re.compile(r"^!!! (\w+)", re.M)
_OPTIONS = re.compile(r'^<div class="rn-options" markdown>$', re.M)
_LINK = re.compile(r"\]\(([^)\s]+)\)")
# What names a source in a Sources line, in either language: acronyms (SAMHSA, TIP, CFR),
# numbers (988, 42), hyphenated names (Stanley-Brown, Al-Anon) and quoted titles ("Words Matter").
_NAMED = re.compile(r"\b[A-Z][A-Z0-9]+\b|\b\d+\b|\b[A-Z][a-z]+-[A-Z][a-z]+\b|[\"“«]([^\"”»]+)[\"”»]")


def spanish(name: str) -> str:
    with open(os.path.join(SPANISH_DIR, name + ".md"), encoding="utf-8") as handle:
        return handle.read()


def front_matter(text: str) -> dict:
    assert text.startswith("---\n"), "no front matter"
    return yaml.safe_load(text.split("---", 2)[1])


def tables(text: str) -> list[tuple[int, int]]:
    """(rows, columns) of each Markdown table, in order, the header and rule rows included."""
    shapes, rows = [], []
    for line in body(text).splitlines() + [""]:
        if line.startswith("|"):
            rows.append(line)
        elif rows:
            shapes.append((len(rows), rows[0].count("|") - 1))
            rows = []
    return shapes


def worksheet(text: str) -> dict:
    """Everything a reader writes in or ticks when the guide is printed."""
    return {
        "checkboxes": len(_CHECKBOX.findall(body(text))),
        "ruled lines": _LINES.findall(text),
        "blanks": len(_BLANK.findall(body(text))),
        "tables": tables(text),
        "option groups": len(_OPTIONS.findall(text)),
        "placeholders": _PLACEHOLDER.findall(text),
        "admonitions": _ADMONITION.findall(text),
    }


def links(text: str) -> set[str]:
    """The pages, numbers and sites a guide links to, without #anchors (headings differ by
    language)."""
    return {target.split("#")[0] or target for target in _LINK.findall(body(text))}


def sources_line(text: str) -> str:
    return text.rstrip().splitlines()[-1]


def named_sources(line: str) -> set[str]:
    return {quoted or whole for whole, quoted in
            ((m.group(0).strip("\"“”«»"), m.group(1)) for m in _NAMED.finditer(line))}


def spanish_sentences(text: str) -> list[str]:
    return [s for block in blocks(text) for s in _SENTENCE_END.split(block) if s.strip()]


def test_named_sources_reads_acronyms_numbers_names_and_titles():
    """The Sources reader picks out the names that identify a source, whatever the language."""
    line = ('**Fuentes:** SAMHSA (TIP 42), la Línea 988, Stanley-Brown y «Words Matter» de NIDA, '
            "en nuestras propias palabras.")
    assert named_sources(line) == {"SAMHSA", "TIP", "42", "988", "Stanley-Brown", "Words Matter",
                                   "NIDA"}


def test_worksheet_counts_what_a_reader_fills_in():
    """Checkboxes, ruled lines, blanks, table shapes, option groups, placeholders and admonitions
    are all counted, so a dropped field shows."""
    text = ('---\ntitle: T\n---\n!!! note "N"\n    x\n\n- [ ] a\n- [ ] b\n\n| A | B |\n|---|---|\n| | |\n\n'
            '<div class="rn-options" markdown>\n\n- [ ] c\n\n</div>\n\n'
            '<div class="write-lines" data-lines="2"></div>\n\nInitials: ______\n\n{{ crisis_lines }}\n')
    assert worksheet(text) == {"checkboxes": 3, "ruled lines": ["2"], "blanks": 1,
                               "tables": [(3, 2)], "option groups": 1,
                               "placeholders": ["{{ crisis_lines }}"], "admonitions": ["note"]}


@pytest.mark.parametrize("name", PAGES)
def test_spanish_version_has_the_same_front_matter_keys(name):
    """The Spanish page has the English page's front matter keys, printable alike, and its own
    title and description."""
    english, translated = front_matter(source(name)), front_matter(spanish(name))
    assert sorted(translated) == sorted(english)
    assert translated.get("printable") == english.get("printable")
    for key in ("title", "description"):
        assert translated[key] and translated[key] != english[key], key


@pytest.mark.parametrize("name", PAGES)
def test_spanish_version_has_the_same_worksheet(name):
    """Same checkboxes, ruled lines, blanks, tables, option groups, placeholders and
    admonitions, so the page prints and its boxes are named the same way."""
    assert worksheet(spanish(name)) == worksheet(source(name))


@pytest.mark.parametrize("name", PAGES)
def test_spanish_version_links_to_the_same_places(name):
    """The same guides (relative, so they open in Spanish), phone numbers and sites."""
    assert links(spanish(name)) == links(source(name))


@pytest.mark.parametrize("name", GUIDES)
def test_spanish_version_names_the_same_sources(name):
    """The Spanish guide ends with a Fuentes line naming the same sources as the English one."""
    english, translated = sources_line(source(name)), sources_line(spanish(name))
    assert translated.startswith("**Fuentes:** "), translated
    assert translated.endswith(", en nuestras propias palabras."), translated
    assert named_sources(translated) == named_sources(english), translated


@pytest.mark.parametrize("name", PAGES)
def test_spanish_sentences_are_thirty_words_or_fewer(name):
    """Each sentence of a Spanish guide, safety steps and sources included, has at most 30
    words."""
    assert [s for s in spanish_sentences(spanish(name)) if len(s.split()) > MAX_WORDS] == []


@pytest.mark.parametrize("name", PAGES)
def test_spanish_guide_reads_easily(name):
    """Each Spanish guide's running text scores 70 or more on Fernández-Huerta reading ease
    (textstat, offline)."""
    import textstat

    textstat.set_lang("es")
    try:
        ease = textstat.fernandez_huerta(prose(spanish(name)))
    finally:
        textstat.set_lang("en")  # textstat's language is global; the English checks need "en"
    assert ease >= MIN_EASE, ease


@pytest.mark.parametrize("name", PAGES)
def test_spanish_guide_says_988_answers_in_spanish(name):
    """Wherever a Spanish guide gives the 988 line, it says to press 2 for Spanish."""
    text = spanish(name)
    if "(tel:988)" in text or "{{ crisis_lines }}" in text:
        assert re.search(r"marquen? (el )?2", text), name


@pytest.mark.parametrize("name", PAGES)
def test_spanish_second_naloxone_dose_uses_a_new_device(name):
    """Wherever a Spanish guide mentions a second naloxone dose, it says to use a new device."""
    for sentence in spanish_sentences(spanish(name)):
        if "segunda dosis" in sentence:
            assert "dispositivo nuevo" in sentence, sentence


@pytest.mark.parametrize("name", [n for n in PAGES if "suicid" in source(n).lower()])
def test_spanish_suicide_risk_with_a_plan_means_or_injury_calls_911(name):
    """Where the English guide speaks of suicide, the Spanish one says to call 911 when there is
    a plan, the means or an injury."""
    assert re.search(r"plan[^.]*medios[^.]*herida[^.]*911|911[^.]*plan[^.]*medios",
                     prose(spanish(name))), name


def minutes(text: str, entry: str) -> dict[str, list[tuple[str, int | None]]]:
    """{section heading: [(guide, minutes or None), ...]} of a guides index."""
    parts = re.split(r"^## (.+)$", body(text), flags=re.M)
    pattern = re.compile(entry, re.M)
    return {heading: [(m[1], int(m[2]) if m[2] else None) for m in pattern.finditer(section)]
            for heading, section in zip(parts[1::2], parts[2::2])}


def test_spanish_index_lists_every_guide_with_the_same_time_and_moment():
    """The Spanish index has the four moments in order, each with the same guides and the same
    "unos N minutos" as the English index."""
    english = minutes(source("index"), r"^- \[[^\]]+\]\(([a-z0-9-]+)\.md\)(?:, about (\d+) minutes[^:]*)?: .+$")
    translated = minutes(spanish("index"), r"^- \[[^\]]+\]\(([a-z0-9-]+)\.md\)(?:, unos (\d+) minutos[^:]*)?: .+$")
    assert list(translated) == ["Para los primeros encuentros", "Cada semana", "Cuando algo sale mal",
                                "Para coordinadores y mentores en formación"]
    assert list(translated.values()) == list(english.values())
