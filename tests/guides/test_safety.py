"""The safety statements of the guides: naloxone nasal sprays are single-use, overdoses from
alcohol and stimulants are covered, only methadone and buprenorphine are said to lower overdose
deaths, suicide talk with a plan, means or injury means 911, a mentor's never-do list, the limits
of confidentiality as a list, the matching form's consent and privacy note, and each guide's
sources."""

from __future__ import annotations

import re

import pytest

from tests.guides.prose import blocks, guide_names, prose, sentences, source


def section(name: str, heading: str) -> str:
    """The Markdown of one ``## heading`` section of a guide, up to the next heading."""
    text = source(name)
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)]


@pytest.mark.parametrize("name", guide_names())
def test_a_second_naloxone_dose_always_uses_a_new_device(name):
    """Wherever a guide mentions a second naloxone dose, it says to use a new device."""
    for sentence in sentences(source(name)):
        if "second dose" in sentence:
            assert "new device" in sentence, sentence


def test_overdose_guide_says_each_nasal_spray_is_one_dose():
    """The naloxone steps say a spray holds one dose and can't be used again."""
    steps = section("overdose", "Opioid overdose and naloxone")
    assert "Each nasal spray holds one dose and can't be used again." in steps
    assert "give a second dose with a new device, in the other nostril" in steps


def test_overdose_guide_covers_alcohol_and_stimulants_and_what_naloxone_cannot_do():
    """Alcohol poisoning and stimulant overdose have their signs; naloxone is said not to
    reverse alcohol or xylazine; the recovery position is taught; nobody sleeps it off."""
    text = prose(source("overdose"))
    assert "Too much alcohol (alcohol poisoning):" in text
    assert "Too much cocaine, meth or other stimulants:" in text
    assert re.search(r"It does not reverse alcohol[^.]*\.", text)
    assert "It also does not reverse xylazine" in text
    assert "Roll them onto their side." in text
    assert 'Never let them "sleep it off"' in text
    assert "Never let them sleep it off." in prose(source("alcohol"))


@pytest.mark.parametrize("name", guide_names())
def test_only_methadone_and_buprenorphine_are_said_to_lower_overdose_deaths(name):
    """A sentence about a lower risk of dying from an overdose follows one that names methadone
    and buprenorphine, and never names naltrexone, acamprosate or alcohol medicines."""
    said = sentences(source(name))
    for i, sentence in enumerate(said):
        if re.search(r"risk of (dying|death)", sentence):
            assert not re.search(r"naltrexone|acamprosate|alcohol", sentence, re.I), sentence
            assert "Methadone and buprenorphine" in said[i - 1] + sentence, sentence


def test_naltrexone_warns_of_withdrawal_and_lost_tolerance():
    """The medication section says naltrexone can bring on withdrawal, that tolerance is low
    after it, and that acamprosate is only for alcohol."""
    text = prose(source("navigating-services"))
    assert "or it can bring on sudden withdrawal" in text
    assert "After naltrexone wears off, tolerance is low and the risk of overdose is high." in text
    assert "Acamprosate is only for alcohol. None of these protects against an opioid overdose." in text


@pytest.mark.parametrize("name", [n for n in guide_names() if "suicide" in source(n).lower()])
def test_suicide_risk_with_a_plan_means_or_injury_calls_911(name):
    """Every guide that speaks of suicide says to call 911 when there is a plan, the means or
    an injury, not only 988."""
    text = prose(source(name))
    assert re.search(r"plan[^.]*means[^.]*injury[^.]*911|911[^.]*plan[^.]*means", text), name


def test_being_a_good_mentor_lists_what_a_mentor_never_does():
    """A plain list: never diagnose, never tell anyone to start, stop or change a medicine,
    methadone and buprenorphine included."""
    items = blocks(section("being-a-good-mentor", "What a mentor never does"))
    assert "Diagnose an illness or a mental health condition" in items
    assert ("Tell a mentee to start, stop or change a medicine. This includes methadone and "
            "buprenorphine.") in items
    assert len(items) >= 6


def test_confidentiality_limits_are_a_list_with_reporting_duties_and_what_stays_private():
    """The limits are a numbered list (self, others, abuse with state reporting duties, program
    rules, courts), and the mentee's recovery, program and medicine stay private."""
    limits = section("first-conversation", "Confidentiality and its limits")
    numbered = re.findall(r"^\d\. (.+)$", limits, re.M)
    assert len(numbered) == 5
    assert "Learn your state's rules." in numbered[2]
    assert "which program they go to, and any medicine they take" in limits
    assert all(len(s.split()) <= 30 for s in sentences(limits))


def test_matching_form_has_consent_storage_withdrawal_and_readiness_fields():
    """The questionnaire says why it asks, who sees it, where it is kept, how to withdraw, when
    42 CFR Part 2 applies, and the coordinator records a mentor's readiness."""
    privacy = section("matching-questionnaire", "Your privacy and your consent")
    for needle in ("**Why we ask:**", "**Who sees it:**", "**Where it is kept:**",
                   "**Changing your mind:** you can take back your consent", "(42 CFR Part 2)",
                   "I agree that the coordinator may keep this form"):
        assert needle in privacy, needle
    coordinator = section("matching-questionnaire", "For the coordinator")
    assert "| Mentor: time in recovery | Training (date) | Screening, if required |" in coordinator
    assert "| Consent signed |" in coordinator and "Delete by |" in coordinator


@pytest.mark.parametrize("name", guide_names())
def test_guide_names_its_sources(name):
    """Each guide ends with a Sources line naming the public guidance it follows."""
    last = source(name).rstrip().splitlines()[-1]
    assert last.startswith("**Sources:** ") and last.endswith(", in our own words."), last
    assert re.search(r"SAMHSA|FDA|NIDA|NIAAA|Stanley-Brown|988|Alcoholics Anonymous|SMART Recovery|"
                     r"42 CFR Part 2", last), last
