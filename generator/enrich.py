"""The validated catalog -> what pages need: derived fields, the region tree, crisis lines.

Nothing here reads files or knows about HTML; ``Directory`` is the input of render.py and of the
exporters.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urljoin

import phonenumbers

from . import phones, schedule
from .model import Phone, Region, Resource
from .validate import Catalog


LISTINGS = "resources/"  # every listing's page is in its own folder in here: resources/<id>/


@dataclass(eq=False, slots=True)  # 100,000 of them are made again after every preview edit
class Entry:
    """A resource with the facts derived from it."""

    res: Resource
    # Read for every listing in every stage of a build: kept here rather than read from the
    # resource, whose fields sit in a dict of their own (a cache miss each, ~1 us, at 100,000).
    id: str
    category: str
    regions: list[str]  # the resource's own list
    url: str
    timezone: str
    country: str
    attendance: str | None
    freshness: str  # fresh | warn | flag
    origin: tuple[str, int]
    approximate: bool = False
    window: str = "current"  # current | upcoming | ended (meetings with valid_from / valid_to)
    # Listed as a place to go: not ended and not inactive. Every page, sheet, calendar and feed
    # that leaves listings out reads this; the listing's own page stays, with its badge.
    current: bool = True
    is_meeting: bool = False  # res.is_meeting
    translated_in: tuple[str, ...] = ()  # the languages it has text of its own in (most: none)
    # The crisis lines in force where it is (Directory.crisis_lines_for its regions): its page's
    # crisis bar. One tuple for every listing of the same regions.
    crisis_lines: tuple["Entry", ...] = ()
    # The numbers and the address lines below are worked out when first read: a build reads the
    # numbers of the crisis lines alone, and the addresses of the pages it makes (after an edit,
    # few), while working them out for every listing took 1 s of 2.2 in enriching 100,000.
    # Not arguments: dataclasses.replace with another resource works them out again.
    _contacts: "tuple[Phone | None, Phone | None] | None" = field(default=None, init=False, repr=False)
    _where: tuple[str, str] | None = field(default=None, init=False, repr=False)

    @property
    def call(self) -> Phone | None:
        """The number to call: a crisis line first, never text or fax (contacts)."""
        if self._contacts is None:
            self._contacts = contacts(self.res)
        return self._contacts[0]

    @property
    def text(self) -> Phone | None:
        """The number to text (contacts)."""
        if self._contacts is None:
            self._contacts = contacts(self.res)
        return self._contacts[1]

    @property
    def street_address(self) -> str:
        """"100 Main St, Suite 2, Columbus, OH 43215"; "" without an address (addresses)."""
        if self._where is None:
            self._where = addresses(self.res)
        return self._where[0]

    @property
    def place(self) -> str:
        """The room or building first, then the street address (addresses)."""
        if self._where is None:
            self._where = addresses(self.res)
        return self._where[1]

    def page_url(self, site_url: str, path: str = "") -> str | None:
        """The listing's page as another site links to it: its page on this site (absolute,
        from ``site_url``), else the page it was imported from (``source_url``), else None.
        Exports carry it so that a network's national site links back to the state site;
        ``path``: the page's address from ``site_url`` when it is not the listing's own (a
        calendar in another language, whose base is that language's folder)."""
        if site_url:
            base = site_url.rstrip("/") + "/"
            # Another language's calendar reaches the default language's page by "../".
            return urljoin(base, path) if path.startswith("../") else base + (path or self.url)
        return self.res.source_url

    def translated(self, field: str, language: str) -> str | None:
        """The listing's ``field`` (model.TRANSLATED) in ``language``, when it has one of its
        own (``translations``); None otherwise: the caller shows the original."""
        if language not in self.translated_in:
            # most listings have none: the resource is then not read at all (a cache miss each,
            # 0.15-0.2 s a language for the short links alone at 100,000 listings)
            return None
        return getattr(self.res.translations[language], field)

    @property
    def hours_code(self) -> str:
        """The opening hours as the finder's scripts read them (schedule.hours_code)."""
        return schedule.hours_code(self.res)

    # The call and text numbers as keys (phone_key): worked out when first read, since
    # formatting costs ~15 us a number and most builds never compare them.
    @property
    def call_key(self) -> str:
        return phone_key(self.call, self.country)

    @property
    def text_key(self) -> str:
        return phone_key(self.text, self.country)


def contacts(res: Resource) -> tuple[Phone | None, Phone | None]:
    """The number to call (a crisis line first) and the number to text, either may be None."""
    calls = [p for p in res.phones if p.type not in ("text", "fax")]
    call = next((p for p in calls if p.type == "crisis"), calls[0] if calls else None)
    return call, next((p for p in res.phones if p.type == "text"), None)


def phone_key(phone: Phone | None, country: str) -> str:
    """A number as one key whatever way it was written: E.164 (or the bare short code) with
    any dial-in sequence, then "x" and the extension; "" for no number or one that cannot be
    formatted (validation reports those)."""
    if phone is None:
        return ""
    try:
        key = phones.dial_string(phone.number, country)
    except phonenumbers.NumberParseException:
        return ""
    return key + (f"x{phone.extension}" if phone.extension else "")


def addresses(res: Resource) -> tuple[str, str]:
    """The street address on one line, and the same after the room or building."""
    a = res.address
    if a is None:
        return "", ""
    street = a.line
    return street, ", ".join(x for x in (res.location, street) if x)


@dataclass(eq=False)
class RegionNode:
    region: Region
    url: str
    children: list["RegionNode"] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    crisis: list[Entry] = field(default_factory=list)
    # The crisis lines in force here: the national ones, then the region's own and those of
    # the areas around it (what the crisis bar, the sheet and the guides' placeholders show).
    crisis_lines: list[Entry] = field(default_factory=list)
    total: int = 0
    category_counts: Counter = field(default_factory=Counter)
    # The way up is a weak reference (the directory's regions dict holds every node): a tree
    # without cycles is freed the moment the live preview drops it, instead of waiting for
    # the garbage collector to walk everything it holds (4 s at 100,000 listings).
    _up: "weakref.ref[RegionNode] | None" = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.region.id

    @property
    def parent(self) -> "RegionNode | None":
        return self._up() if self._up is not None else None

    @parent.setter
    def parent(self, node: "RegionNode | None") -> None:
        self._up = weakref.ref(node) if node is not None else None

    def ancestors(self) -> list["RegionNode"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]


@dataclass
class Directory:
    catalog: Catalog
    today: dt.date
    entries: list[Entry]
    by_id: dict[str, Entry]
    regions: dict[str, RegionNode]
    roots: list[RegionNode]
    national_crisis: list[Entry]
    category_counts: Counter

    def crisis_lines_for(self, region_ids) -> list[Entry]:
        """The crisis lines in force for a listing in these regions: each region's
        ``crisis_lines`` in turn, every line once; the national ones for no region."""
        lines = {e.id: e for rid in region_ids for e in self.regions[rid].crisis_lines}
        return list(lines.values()) if lines else list(self.national_crisis)


def months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for dom in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, dom)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def attendance(res: Resource) -> str | None:
    """In person, online or hybrid, from the address and the conference link (Meeting Guide)."""
    if not res.is_meeting:
        return None
    online = bool(res.conference_url or res.conference_phone)
    if res.address is not None:
        return "hybrid" if online else "in-person"
    return "online"


def enrich(catalog: Catalog, today: dt.date, approximate: frozenset[str] = frozenset()) -> Directory:
    """Derive everything the pages need from the catalog; ``approximate`` names resources whose
    coordinates were derived rather than given."""
    warn_before = months_before(today, catalog.site.stale_warn_months)
    flag_before = months_before(today, catalog.site.stale_flag_months)
    regions = {rid: RegionNode(region, f"regions/{rid}/") for rid, region in catalog.regions.items()}
    for node in regions.values():
        if node.region.parent:
            node.parent = regions[node.region.parent]
            node.parent.children.append(node)
    default_country = catalog.site.country
    entries = []
    for res in sorted(catalog.resources, key=lambda r: (r.name.casefold(), r.id)):
        first_region = regions[res.regions[0]].region
        verified = res.as_of  # unknown (imported, undated, never checked): stale
        window = ("ended" if res.valid_to and res.valid_to < today else
                  "upcoming" if res.valid_from and res.valid_from > today else "current")
        entries.append(Entry(
            res=res,
            id=res.id,
            category=res.category,
            regions=res.regions,
            url=f"{LISTINGS}{res.id}/",
            timezone=res.timezone or first_region.timezone,
            country=res.address.country if res.address else default_country,
            attendance=attendance(res),
            freshness="flag" if verified is None or verified < flag_before else
                      "warn" if verified < warn_before else "fresh",
            origin=catalog.origins[res.id],
            approximate=res.id in approximate,
            window=window,
            current=window != "ended" and res.status != "inactive",
            is_meeting=res.is_meeting,
            # a tuple: the empty one is shared, an empty frozenset is 216 bytes a listing
            translated_in=tuple(sorted(code for code, own in res.translations.items() if own is not None)),
        ))
    by_id = {entry.id: entry for entry in entries}
    for entry in entries:
        for rid in entry.regions:
            regions[rid].entries.append(entry)
            regions[rid].category_counts[entry.category] += 1
    national = [by_id[rid] for rid in catalog.site.crisis_resources if rid in by_id]
    national_ids = {e.id for e in national}
    for node in regions.values():
        own = [e for e in node.entries if e.category == "crisis-line" and e.id not in national_ids
               and e.res.status == "active"]
        node.crisis = own
    for node in regions.values():
        seen = {e.id for e in node.crisis}
        for ancestor in reversed(node.ancestors()):
            for e in ancestor.crisis:
                if e.id not in seen:
                    node.crisis = node.crisis + [e]
                    seen.add(e.id)
    for node in regions.values():
        node.crisis_lines = national + [e for e in node.crisis if e.id not in national_ids]
    roots = sorted((n for n in regions.values() if n.parent is None), key=lambda n: n.region.name)
    for node in regions.values():
        node.children.sort(key=lambda n: n.region.name.casefold())

    def count(node: RegionNode) -> set[str]:
        ids = {e.id for e in node.entries}
        for child in node.children:
            ids |= count(child)
        node.total = len(ids)
        return ids

    for root in roots:
        count(root)
    counts = Counter(e.category for e in entries)
    directory = Directory(catalog, today, entries, by_id, regions, roots, national, counts)
    in_force: dict[tuple[str, ...], tuple[Entry, ...]] = {}
    for entry in entries:
        served = tuple(entry.regions)
        lines = in_force.get(served)
        if lines is None:
            lines = in_force[served] = tuple(directory.crisis_lines_for(served))
        entry.crisis_lines = lines
    return directory
