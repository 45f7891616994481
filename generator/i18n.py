"""The one translation mechanism: gettext catalogues per language, and locale-aware formatting.

Templates call ``_()`` / ``ngettext()`` (Jinja's i18n extension); Python code calls
``Translator.gettext``. Messages are extracted with Babel (``babel.cfg`` at the project's root,
``pybabel extract``) into ``generator/locales/messages.pot``; each language's catalogue is
``generator/locales/<lang>/LC_MESSAGES/messages.po``, read directly with Babel, so there is no
compile step to forget. Plural rules come from Babel's locale data (the catalogue's
Plural-Forms, which Babel writes from CLDR), never from a rule written here.

The site's languages are configured once (the plugin's ``languages:``, first = default); every
other language lives under its own folder (``es/``) at the same paths.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import os
from typing import Any, Callable

from babel import Locale, dates
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from .errors import Problem
from .meeting_types import MEETING_TYPE_NAMES, type_name
from .vocab import EXTRA_MEETING_TYPES

LOCALES_DIR = os.path.join(os.path.dirname(__file__), "locales")
TEMPLATE = os.path.join(LOCALES_DIR, "messages.pot")
SOURCE_LANGUAGE = "en"  # the language the messages are written in: it needs no catalogue
# CLDR's minimumGroupingDigits where it is not 1: how many digits must stand before the first
# group separator. Babel's locale data leaves it out, and without it Spanish pages would write
# 1.234 where CLDR, and the browser's Intl that the scripts format with, write 1234.
# tests/unit/test_numbers.py compares every language of the site with Node's Intl (ICU's CLDR).
MIN_GROUPING_DIGITS = {"es": 2}


def catalog_path(language: str) -> str:
    return os.path.join(LOCALES_DIR, language, "LC_MESSAGES", "messages.po")


def available() -> list[str]:
    """The languages the interface can be shown in: English and every catalogue present."""
    found = [name for name in sorted(os.listdir(LOCALES_DIR))
             if os.path.isfile(catalog_path(name))] if os.path.isdir(LOCALES_DIR) else []
    return [SOURCE_LANGUAGE] + [name for name in found if name != SOURCE_LANGUAGE]


@functools.lru_cache(maxsize=None)
def translations(language: str) -> gettext.NullTranslations:
    """The language's catalogue (fuzzy entries left out, as gettext's msgfmt does); English
    and a language without a catalogue show the messages as written."""
    path = catalog_path(language)
    if language == SOURCE_LANGUAGE or not os.path.exists(path):
        return gettext.NullTranslations()
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)  # carries Babel's Plural-Forms for the locale
    buffer.seek(0)
    compiled = Translations(fp=buffer)
    # Behind the catalogue, the Meeting Guide spec's own names of meeting types in the language
    # (meeting_types.py), so that any text that asks for a type's English name (a calendar's
    # event, a filter) gets the spec's translation rather than one typed again here.
    compiled.add_fallback(_TypeNames(language))
    return compiled


class _TypeNames(gettext.NullTranslations):
    """The spec's meeting type names in one language, keyed by their English names."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.names = {names["en"]: names[language] for names in MEETING_TYPE_NAMES.values()
                      if language in names}

    def gettext(self, message: str) -> str:
        return self.names.get(message, message)


def language_problems(languages: tuple[str, ...], config_file: str, line: int = 1) -> list[Problem]:
    """Configured languages the interface cannot be shown in, as problems naming the file."""
    known, out = available(), []
    for code in languages:
        if code not in known:
            out.append(Problem(
                config_file, line, 1, "languages",
                f"{code!r} has no translation of the interface (there is no "
                f"generator/locales/{code}/LC_MESSAGES/messages.po); write one of "
                f"{', '.join(known)}, or add the catalogue (docs/translating.md)"))
    if len(set(languages)) != len(languages):
        out.append(Problem(config_file, line, 1, "languages", "a language is listed twice; list each once"))
    return out


def prefix(language: str, languages: list[str] | tuple[str, ...]) -> str:
    """Where a language's pages live in the site: the first (default) language at the root,
    each other one in a folder named for it."""
    return "" if not languages or language == languages[0] else f"{language}/"


def _always(_entry) -> bool:
    return True


class Translator:
    """Formatting for one language; handed to templates as ``i18n``. ``prefix`` is the
    language's folder in the site ("" for the default language, "es/" for Spanish)."""

    def __init__(self, language: str = "en", prefix: str = ""):
        self.language = language
        self.prefix = prefix
        # Whether a listing has a page of its own in this language (render.Renderer sets the
        # site's rule, pages.has_listing_page); one that has none links to the default
        # language's page.
        self.has_listing_page: Callable[[Any], bool] = _always
        self.locale = Locale.parse(language)
        self.catalog = translations(language)
        self.gettext = self.catalog.gettext
        self.ngettext = self.catalog.ngettext

        # Babel takes ~15 us a call; a national build formats the same few thousand values often.
        self.date = functools.lru_cache(maxsize=8192)(self._date)
        self.time = functools.lru_cache(maxsize=2048)(self._time)
        self.number = functools.lru_cache(maxsize=4096)(self._number)
        # Below this a number is written without group separators (MIN_GROUPING_DIGITS).
        group = self.locale.decimal_formats[None].grouping[0]
        self._ungrouped_below = 10 ** (group + MIN_GROUPING_DIGITS.get(language, 1) - 1)

    def listing_href(self, entry) -> str:
        """The listing's page from this language's root (see has_listing_page)."""
        return entry.url if self.has_listing_page(entry) else "../" * self.prefix.count("/") + entry.url

    def listing_path(self, entry) -> str:
        """The listing's page from the site's root (see has_listing_page)."""
        return self.prefix + entry.url if self.has_listing_page(entry) else entry.url

    def _date(self, value: dt.date, form: str = "long") -> str:
        return dates.format_date(value, format=form, locale=self.locale)

    def _time(self, hhmm: str) -> str:
        # The locale's own short time: 12 hours with AM/PM for en-US, 24 hours for Spanish.
        hour, minute = (int(part) for part in hhmm.split(":"))
        return dates.format_time(dt.time(hour, minute), format="short", locale=self.locale)

    def _number(self, value: int | float) -> str:
        """A count or measure as the language writes it, the one way numbers reach a page: 1,234
        and 12,345 in English; 1234 and 12.345 in Spanish (CLDR groups Spanish numbers only
        from five digits), 2,5 for 2.5."""
        grouped = abs(value) >= self._ungrouped_below
        return format_decimal(value, locale=self.locale, group_separator=grouped)

    def plural_category(self, count: int) -> str:
        """CLDR's plural category of ``count`` in this language (one, other, many...)."""
        return self.locale.plural_form(count)

    @functools.cached_property
    def plural_samples(self) -> dict[str, int]:
        """A whole number of each CLDR plural category the language has (the smallest tried),
        so that a script choosing by category finds the catalogue's form for it."""
        samples: dict[str, int] = {}
        for number in (*range(0, 200), 1000, 10_000, 100_000, 1_000_000):
            samples.setdefault(self.plural_category(number), number)
        return dict(sorted(samples.items()))

    @functools.cached_property
    def meeting_types(self) -> dict[str, str]:
        """Meeting type code -> name in this language: the spec's own names (types.json), and
        the project's extra codes through the catalogue."""
        names = {code: type_name(code, self.language) or code for code in MEETING_TYPE_NAMES}
        names.update((code, self.gettext(name)) for code, name in EXTRA_MEETING_TYPES.items())
        return names
