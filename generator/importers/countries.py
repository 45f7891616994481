"""Country names as sources type them ("Deutschland", "USA", "United States", "US") -> ISO
3166-1 alpha-2 codes, through pycountry's codes, names and their translations.

Nothing is guessed silently: ``country`` answers with the code and, when the text had to be read
loosely (a typo such as "Deutschlang"), what it was read as, so the importer can report it.
"""

from __future__ import annotations

import difflib
import functools
import gettext
import os
import unicodedata

import pycountry

# Close enough to be a typo of one name ("Deutschlang"), far enough that one country is never
# read as another ("Austria" / "Australia" stay apart).
_TYPO_CUTOFF = 0.88


def _key(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value).casefold().replace(".", "").split())


@functools.cache
def _names() -> dict[str, str]:
    """Every English and translated name of every country -> its code; a name that means two
    countries in two languages is left out rather than read as either."""
    found: dict[str, set[str]] = {}

    def add(name: str | None, code: str) -> None:
        if name:
            found.setdefault(_key(name), set()).add(code)

    languages = sorted(os.listdir(pycountry.LOCALES_DIR))
    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang],
                                        fallback=True) for lang in languages]
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            english = getattr(country, attr, None)
            add(english, country.alpha_2)
            for translation in translations:
                add(translation.gettext(english) if english else None, country.alpha_2)
    return {name: next(iter(codes)) for name, codes in found.items() if len(codes) == 1}


def country(value: str) -> tuple[str | None, str | None]:
    """(code, how it was read): ('DE', None) for an exact name or code, ('DE', 'Deutschland')
    for a close misspelling, (None, None) when the text names no country."""
    text = value.strip()
    if not text:
        return None, None
    try:
        # codes ("US", "USA", "U.S.A.") and English names
        return pycountry.countries.lookup(text.replace(".", "")).alpha_2, None
    except LookupError:
        pass
    names = _names()
    key = _key(text)
    if key in names:
        return names[key], None
    close = difflib.get_close_matches(key, names, n=2, cutoff=_TYPO_CUTOFF)
    if len(close) == 1 or (close and names[close[0]] == names[close[1]]):
        return names[close[0]], close[0]
    return None, None
