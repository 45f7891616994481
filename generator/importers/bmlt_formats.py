"""BMLT meeting formats -> the catalog's meeting types, languages and attendance.

Each BMLT server names its formats with its own keys ("KT", "nfh", "Sp1"); what a format means
across servers is its NAWS code, ``world_id``. Formats whose NAWS code means the same as a
Meeting Guide type become that type; the rest stay the service body's own format, with the
name and description the server gives in its own language.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .. import text
from ..meeting_types import MEETING_TYPES
from .records import clean

# NAWS codes with a Meeting Guide type of the same meaning. Codes not listed here (BT, JFT, IW,
# LC, SWG, SPAD, QA, TOP, VAR, NC, NS, RA, IP, CPT, ...) have none and stay the server's own.
WORLD_TYPES = {
    "OPEN": "O", "CLOSED": "C", "BEG": "BE", "WCHR": "X", "W": "W", "M": "M", "Y": "Y",
    "GL": "LGBTQ", "MED": "MED", "LIT": "LIT", "SPK": "SP", "STEP": "ST", "TRAD": "TR",
    "SMOK": "SM", "CW": "CF", "DISC": "D", "CAN": "CAN",
}
# NAWS codes that say how to attend: the catalog expresses them as address + conference link.
ONLINE, HYBRID, CLOSED_FOR_NOW = "VM", "HYBR", "TC"


@dataclass(frozen=True)
class Format:
    """One entry of a GetFormats answer."""

    id: str
    key: str
    name: str | None
    description: str | None
    world_id: str
    kind: str  # format_type_enum: FC1, O, LANG, ... (free text on some servers)
    lang: str
    server: str | None


@dataclass
class Meaning:
    """What one format says about a meeting in the catalog's terms."""

    type: str | None = None  # a Meeting Guide type code
    language: str | None = None  # an ISO 639-1 code
    attendance: str | None = None  # ONLINE, HYBRID or CLOSED_FOR_NOW
    own: dict | None = None  # the service body's own format: code, name, description


def read_format(item: object) -> Format | None:
    """A GetFormats item, or None when it is not one (no key_string or id)."""
    if not isinstance(item, dict):
        return None
    key, ident = clean(item.get("key_string")), clean(item.get("id"))
    if key is None or ident is None:
        return None
    name = clean(item.get("name_string"))
    description = clean(item.get("description_string"))
    return Format(ident, key, name, description if description != name else None,
                  (clean(item.get("world_id")) or "").upper(),
                  (clean(item.get("format_type_enum")) or "").upper(), clean(item.get("lang")) or "",
                  clean(item.get("root_server_uri")))


class Formats:
    """The formats of one server, found by id (unique) or by key, in a preferred language."""

    def __init__(self, formats: list[Format]):
        self.all = formats
        self.only_server = False  # True: one server's formats used for another's meetings
        self.by_id: dict[str, list[Format]] = {}
        self.by_key: dict[str, list[Format]] = {}
        for fmt in formats:
            self.by_id.setdefault(fmt.id, []).append(fmt)
            self.by_key.setdefault(fmt.key, []).append(fmt)

    @property
    def servers(self) -> set[str]:
        return {f.server.rstrip("/") for f in self.all if f.server}

    @staticmethod
    def _pick(found: list[Format], lang: str) -> Format | None:
        return next((f for f in found if f.lang == lang), found[0] if found else None)

    def get(self, key: str, lang: str, server: str) -> Format | None:
        """The format a meeting of ``server`` names by ``key`` (``formats`` holds keys; the ids
        in ``format_shared_id_list`` come sorted by number, not in the same order). Formats
        that name their server (an aggregator's) serve only that server's meetings."""
        found = self.by_key.get(key, [])
        if not self.only_server:
            found = [f for f in found if f.server is None or f.server.rstrip("/") == server]
        return self._pick(found, lang)

    def agrees(self, keys: list[str], ids: list[str]) -> bool:
        """Whether a meeting's keys are the formats its ids name here."""
        return {f.id for k in keys for f in self.by_key.get(k, [])[:1]} == set(ids)


@functools.cache
def _language_types() -> dict[str, str]:
    """ISO 639-1 code -> the Meeting Guide type for meetings held in that language, matched
    through the language's English name ('ru' -> 'Russian' -> 'RUS')."""
    from babel import Locale

    english = Locale("en").languages
    by_name = {name: code for code, name in MEETING_TYPES.items()}
    return {lang: by_name[english[lang]] for lang in text.ISO_639_1
            if english.get(lang) in by_name}


def meaning(fmt: Format) -> Meaning:
    world = fmt.world_id
    if world in (ONLINE, HYBRID, CLOSED_FOR_NOW):
        return Meaning(attendance=world)
    if world in WORLD_TYPES:
        return Meaning(type=WORLD_TYPES[world])
    lang = fmt.key.lower()
    if "LANG" in (world, fmt.kind) and lang in text.ISO_639_1:  # language formats are keyed by ISO 639-1
        return Meaning(type=_language_types().get(lang), language=lang)
    own = {"code": fmt.key, "name": fmt.name or fmt.key}
    if fmt.description:
        own["description"] = fmt.description
    if fmt.lang in text.ISO_639_1:  # BMLT's own codes are ISO 639-1 but for "dk" (Danish)
        own["language"] = fmt.lang
    return Meaning(own=own)
