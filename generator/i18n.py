"""The one translation mechanism: gettext catalogues per language, and locale-aware formatting.

Templates call ``_()`` / ``ngettext()`` (Jinja's i18n extension); Python code calls
``Translator.gettext``. Catalogues live in ``generator/locales/<lang>/LC_MESSAGES/messages.po`` and
are read directly with Babel, so there is no compile step to forget.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import os

from babel import Locale, dates
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES_DIR = os.path.join(os.path.dirname(__file__), "locales")


@functools.lru_cache(maxsize=None)
def translations(language: str) -> gettext.NullTranslations:
    path = os.path.join(LOCALES_DIR, language, "LC_MESSAGES", "messages.po")
    if not os.path.exists(path):
        return gettext.NullTranslations()
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = Translations()
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            key = message.id if isinstance(message.id, str) else message.id[0]
            if isinstance(message.string, str):
                compiled._catalog[key] = message.string
            else:
                for index, form in enumerate(message.string):
                    compiled._catalog[(key, index)] = form
    compiled.plural = lambda n: int(n != 1) if language in ("en", "es") else 0
    return compiled


class Translator:
    """Formatting for one language; handed to templates as ``i18n``."""

    def __init__(self, language: str = "en"):
        self.language = language
        self.locale = Locale.parse(language)
        self.catalog = translations(language)
        self.gettext = self.catalog.gettext
        self.ngettext = self.catalog.ngettext

        # Babel takes ~15 us a call; a national build formats the same few thousand values often.
        self.date = functools.lru_cache(maxsize=8192)(self._date)
        self.time = functools.lru_cache(maxsize=2048)(self._time)

    def _date(self, value: dt.date, form: str = "long") -> str:
        return dates.format_date(value, format=form, locale=self.locale)

    def _time(self, hhmm: str) -> str:
        hour, minute = (int(part) for part in hhmm.split(":"))
        return dates.format_time(dt.time(hour, minute), format="short", locale=self.locale)

    def number(self, value: int) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale)
