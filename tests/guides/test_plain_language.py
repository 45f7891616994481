"""Plain language as a checked property of every guide: a Flesch-Kincaid grade of 8 or below
(textstat, measured offline), no sentence over 30 words, and terms of art explained where a
guide first uses them."""

from __future__ import annotations

import re
import socket

import pytest

from tests.guides.prose import blocks, guide_names, prose, sentences, source

MAX_GRADE = 8.0
MAX_WORDS = 30  # per sentence; the safety steps are well under it
# A term of art, and the form in which its first use in a guide explains it.
TERMS = {
    "MOUD": r"[Mm]edication for opioid use disorder,? \(?(or )?MOUD\)?",
    "playing the tape forward": r"playing the tape forward \(thinking it through",
    "paraphernalia": r"paraphernalia \(pipes, needles",
    "interim services": r"interim services \(help while",
    "IOP": r"intensive outpatient \(IOP\)",
    "42 CFR Part 2": r"rule[^.]{0,40}42 CFR Part 2",
    "warm hand-off": r"A warm hand-off means",
    "naloxone": r"[Nn]aloxone(, the medicine that reverses| \([^)]*\) reverses)",
    "xylazine": r"xylazine \(\"tranq\", an animal sedative",
    "CRAFT": r"CRAFT \(Community Reinforcement and Family Training\)",
    "recovery position": r"recovery position \((below|on their side)",
    "delirium tremens": r"delirium tremens \(the DTs:",
    "change talk": r"[Ll]isten for change talk: the",
    "OARS": r"remember them as OARS",
    "standard drink": r"one standard drink is",
}


@pytest.fixture
def offline(monkeypatch):
    """No network: any attempt to open a connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("textstat tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def grade(text: str) -> float:
    import textstat

    return textstat.flesch_kincaid_grade(text)


def test_textstat_measures_without_the_network(offline):
    """The pinned textstat counts syllables from data it ships: no download at run time."""
    assert grade("The cat sat on the mat. It was a warm day.") < 2
    assert grade("Buprenorphine considerably diminishes withdrawal symptomatology.") > 12


def test_prose_keeps_sentences_and_drops_markup():
    """Links keep their words, tables, worksheet boxes, placeholders and headings go, and each
    list item is its own sentence."""
    text = ("---\ntitle: T\n---\n# Title\n\nCall [988](tel:988) **now**.\n\n| a | b |\n|---|---|\n\n"
            '<div class="write-lines" data-lines="2"></div>\n\n{{ crisis_lines }}\n\n'
            "- [ ] Naloxone is at home\n1. Roll them over\n\n!!! danger \"Now\"\n    Call 911.\n")
    assert blocks(text) == ["Call 988 now.", "Naloxone is at home", "Roll them over", "Call 911."]
    assert prose(text) == "Call 988 now. Naloxone is at home. Roll them over. Call 911."


@pytest.mark.parametrize("name", guide_names())
def test_guide_reads_at_grade_eight_or_below(offline, name):
    """Each guide's running text is at Flesch-Kincaid grade 8 or below."""
    assert grade(prose(source(name))) <= MAX_GRADE


@pytest.mark.parametrize("name", guide_names())
def test_no_sentence_is_longer_than_thirty_words(name):
    """Each sentence of a guide, safety steps included, has at most 30 words."""
    long = [s for s in sentences(source(name)) if len(s.split()) > MAX_WORDS]
    assert long == []


@pytest.mark.parametrize("name", guide_names())
def test_terms_of_art_are_explained_at_first_use(name):
    """Where a guide first uses a term of art, it says what the term means."""
    text = prose(source(name))
    for term, explained in TERMS.items():
        first = re.search(rf"(?<!-)\b{re.escape(term)}\b", text, re.I)  # not the code RN-MOUD
        if first is None:
            continue
        spans = [m.span() for m in re.finditer(explained, text)]
        assert any(a <= first.start() < b for a, b in spans), (
            term, text[max(0, first.start() - 80):first.start() + 80])
