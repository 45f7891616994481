"""Freshness and quality of the listings, per region: what a coordinator should re-check.

Listings not verified within the site's ``stale_warn_months`` (6 by default) are due for a
check, past ``stale_flag_months`` (12) they are flagged on the site; services without a phone
or opening hours, addresses without coordinates (or with only the postal code's centre), and
likely duplicates (the same name and address, or the same phone number, in different entries).
A number on more than SHARED_LINE listings is a shared line (an intake, helpline or central
office number many listings give), named in the terminal's report but not as a duplicate.

The same report is printed for the terminal (text), posted on pull requests (Markdown) and
shown on the site's data health page (fragments/data_health.html).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import pickle
import re
from dataclasses import dataclass, field

from . import background, phones
from .enrich import Directory, Entry, months_before, phone_key
from .errors import CatalogError

log = logging.getLogger("mkdocs.plugins.navigator")


@dataclass
class Duplicate:
    reason: str  # "same name and address" | "same phone number" | "shared line"
    detail: str
    entries: list[Entry]


@dataclass
class RegionHealth:
    id: str
    name: str
    total: int = 0
    flag: list[Entry] = field(default_factory=list)
    warn: list[Entry] = field(default_factory=list)
    unverified: list[Entry] = field(default_factory=list)  # imported, no person has checked
    no_phone: list[Entry] = field(default_factory=list)
    no_hours: list[Entry] = field(default_factory=list)
    no_coordinates: list[Entry] = field(default_factory=list)
    approximate: list[Entry] = field(default_factory=list)
    outside: list[Entry] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    shared: list[Duplicate] = field(default_factory=list)  # shared lines: not problems

    @property
    def issues(self) -> int:
        return (len(self.flag) + len(self.warn) + len(self.unverified) + len(self.no_phone) + len(self.no_hours)
                + len(self.no_coordinates) + len(self.outside) + len(self.duplicates))


@dataclass
class Health:
    today: dt.date
    warn_months: int
    flag_months: int
    warn_before: dt.date
    flag_before: dt.date
    regions: list[RegionHealth]

    @property
    def totals(self) -> dict[str, int]:
        keys = ("total", "flag", "warn", "unverified", "no_phone", "no_hours", "no_coordinates", "approximate",
                "outside", "duplicates")
        return {k: sum(r.total if k == "total" else len(getattr(r, k)) for r in self.regions) for k in keys}


def _needs_phone(entry: Entry) -> bool:
    return not entry.is_meeting and entry.current


def _needs_hours(entry: Entry) -> bool:
    return not entry.is_meeting and entry.current and not entry.res.always_open


_NOT_PLAIN = re.compile(r"[^a-z0-9 ]")
_NOT_DIGIT = re.compile(r"\D")


def _norm(value: str) -> str:
    value = _NOT_PLAIN.sub(" ", value.casefold())
    for long, short in ((" street", " st"), (" avenue", " ave"), (" road", " rd"), (" boulevard", " blvd"),
                        (" drive", " dr"), (" suite", " ste")):
        value = value.replace(long, short)
    return " ".join(value.split())


# Why 10: in SAMHSA's national directory (12,176 facilities) 516 numbers are on two facilities
# and 118 on three, where a duplicate is likely; 19 are on 11 to 33, a provider's intake line
# for all its sites. Listing each of those as a possible duplicate buried the real ones.
SHARED_LINE = 10


def duplicates(entries: list[Entry]) -> list[Duplicate]:
    """Groups of different entries with the same name and address, or the same phone number:
    on more than SHARED_LINE of them, a "shared line" rather than a likely duplicate."""
    by_place: dict[tuple, list[Entry]] = {}
    by_phone: dict[str, list[Entry]] = {}
    # Each entry's name and street line made comparable once (a shared line's group holds
    # hundreds of entries at national size, and is compared by them too).
    named: dict[int, tuple[str, str]] = {}
    for entry in entries:
        res = entry.res
        name, street = _norm(res.name), _norm(res.address.address_1) if res.address is not None else ""
        named[id(entry)] = (name, street)
        if res.address is not None:
            place = (name, street, (res.address.postal_code or res.address.city)[:5])
            by_place.setdefault(place, []).append(entry)
        numbers = {key for phone in res.phones if phone.type != "fax"
                   if len(_NOT_DIGIT.sub("", (key := phone_key(phone, entry.country)).split("x")[0])) >= 7}
        for number in numbers:
            by_phone.setdefault(number, []).append(entry)
    for groups in (by_place, by_phone):
        for group in groups.values():
            group.sort(key=lambda e: e.origin)
    out = [Duplicate("same name and address", f"{group[0].res.name}, {group[0].res.address.address_1}",  # type: ignore[union-attr]
                     group) for group in by_place.values() if len(group) > 1]  # (only entries with an address)
    for number, group in by_phone.items():
        if len(group) > 1 and not _same_place(group, named):
            shown = phones.display(group[0].res.phones[0].number, group[0].country) if group[0].res.phones else number
            kind = "shared line" if len(group) > SHARED_LINE else "same phone number"
            out.append(Duplicate(kind, _phone_of(group[0], number) or shown, group))
    return out


def _phone_of(entry: Entry, key: str) -> str | None:
    for phone in entry.res.phones:
        if phone_key(phone, entry.country) == key:
            return phones.display(phone.number, entry.country)
    return None


def _same_place(group: list[Entry], named: dict[int, tuple[str, str]]) -> bool:
    """Entries sharing a number and an identical name and address are reported once, above."""
    first = named[id(group[0])]
    return all(named[id(e)] == first for e in group)


def health(directory: Directory) -> Health:
    site = directory.catalog.site
    today = directory.today
    regions: dict[str, RegionHealth] = {}
    order = sorted(directory.regions.values(), key=lambda n: ([a.region.name.casefold() for a in n.ancestors()]
                                                              + [n.region.name.casefold()]))
    for node in order:
        regions[node.id] = RegionHealth(node.id, node.region.name)
    for entry in directory.entries:
        home = regions[entry.res.regions[0]]
        home.total += 1
        res = entry.res
        if res.status == "inactive":
            continue
        if entry.freshness == "flag":
            home.flag.append(entry)
        elif entry.freshness == "warn":
            home.warn.append(entry)
        if not res.verified:
            home.unverified.append(entry)
        if _needs_phone(entry) and not res.phones:
            home.no_phone.append(entry)
        if _needs_hours(entry) and not res.hours and not res.hours_notes:
            home.no_hours.append(entry)
        if res.address is not None and res.latitude is None:
            home.no_coordinates.append(entry)
        elif entry.approximate:
            home.approximate.append(entry)
        bounds = directory.regions[res.regions[0]].region.bounds
        if (res.latitude is not None and res.longitude is not None and bounds is not None
                and not bounds.contains(res.latitude, res.longitude)):
            home.outside.append(entry)
    for group in duplicates(directory.entries):
        home = regions[group.entries[0].res.regions[0]]
        (home.shared if group.reason == "shared line" else home.duplicates).append(group)
    for region in regions.values():
        for name in ("no_phone", "no_hours", "no_coordinates", "approximate", "outside"):
            getattr(region, name).sort(key=lambda e: e.origin)
        for name in ("flag", "warn", "unverified"):
            getattr(region, name).sort(key=lambda e: (e.res.as_of or dt.date.min, e.res.name.casefold()))
    return Health(today, site.stale_warn_months, site.stale_flag_months,
                  months_before(today, site.stale_warn_months), months_before(today, site.stale_flag_months),
                  [r for r in regions.values() if r.total])


def start(directory: Directory) -> background.Forked:
    """The report made by a forked process while the build goes on (the renderer is made and
    the engine reads its first pages in the meantime); ``finish`` takes it back. Call only
    from a process without threads."""
    return background.Forked("data_health", "the data health report", _made_apart, directory)


def _made_apart(directory: Directory, stop=None) -> bytes:
    """The report, pickled with each listing as its place in ``directory.entries``: the
    parent has the same listings, so only the findings travel (sending the listings too
    would copy the catalog)."""
    place = {id(entry): number for number, entry in enumerate(directory.entries)}
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = lambda thing: place[id(thing)] if isinstance(thing, Entry) else None  # type: ignore[method-assign]
    pickler.dump(health(directory))
    return out.getvalue()


def finish(job: background.Forked, directory: Directory) -> Health:
    """The report ``start`` made, its listings those of ``directory``; made here instead when
    the forked process failed (killed, out of memory), so that the build goes on."""
    try:
        data = job.wait()
    except CatalogError as failure:
        # The site is the same either way; the line (shown with -v) makes a failure that keeps
        # coming back visible, since it costs every large build the report's time again.
        log.debug(
            f"navigator: the data health report's own process failed, so it was made in the build's: "
            f"{'; '.join(p.message for p in failure.problems)}")
        return health(directory)
    reader = pickle.Unpickler(io.BytesIO(data))
    reader.persistent_load = directory.entries.__getitem__  # type: ignore[method-assign]
    return reader.load()


# The data health page names at most this many listings in all (about 250 bytes each), so that
# it stays a page to read at any catalog size (a national one: 15.8 MB when each list showed 50);
# every listing and problem is in the CSV tables of the open data (exporters/health_csv.py).
PAGE_ITEMS = 600
MOST_A_LIST = 50  # what one list shows when the budget allows
FEWEST_A_LIST = 3  # below this the page shows only the table of counts, with links to the CSV
GROUP_SHOWN = 5  # listings named for one group of possible duplicates (one phone: hundreds)
TABLE_ROWS = 100  # above this many regions, the page's table counts by state (the CSV by region)


def page_limit(report: "Health") -> int:
    """How many listings (or groups of duplicates) each list on the data health page shows:
    PAGE_ITEMS shared among the lists that have any, a group counting GROUP_SHOWN listings, at
    most MOST_A_LIST; 0 when fewer than FEWEST_A_LIST would fit."""
    lists = sum(1 for r in report.regions for key, _t in SECTIONS if getattr(r, key)) + \
        GROUP_SHOWN * sum(1 for r in report.regions if r.duplicates)
    limit = min(MOST_A_LIST, PAGE_ITEMS // max(1, lists))
    return limit if limit >= FEWEST_A_LIST else 0


def rolled_up(report: "Health", state_of, names: dict[str, str]) -> list[RegionHealth]:
    """The regions' figures added up per state (``state_of``: region id -> state id), in the
    order the states first appear; for a table of counts that stays short on a national catalog."""
    out: dict[str, RegionHealth] = {}
    for region in report.regions:
        key = state_of(region.id)
        total = out.setdefault(key, RegionHealth(key, names[key]))
        total.total += region.total
        for name in ("flag", "warn", "unverified", "no_phone", "no_hours", "no_coordinates",
                     "approximate", "outside", "duplicates"):
            getattr(total, name).extend(getattr(region, name))
    return list(out.values())


# ---------------------------------------------------------------- text and Markdown

SECTIONS = (
    ("flag", "not verified for over {flag} months (flagged on the site)"),
    ("warn", "not verified for over {warn} months"),
    ("unverified", "imported and not verified by a person since"),
    ("no_phone", "no phone number"),
    ("no_hours", "no opening hours (add hours, hours_notes or always_open)"),
    ("no_coordinates", "no coordinates (run navigator geocode)"),
    ("outside", "coordinates outside the region's bounds (check the address)"),
    ("approximate", "only approximate coordinates (the postal code's centre)"),
)


def checked(res) -> str:
    """'verified 2026-03-01', or for an imported listing nobody has checked, since when and
    what date its source gave."""
    if res.last_verified:
        return f"verified {res.last_verified.isoformat()}"
    source = f"source dated {res.source_updated.isoformat()}" if res.source_updated else \
        "source date unknown"
    return f"not verified since import on {res.imported.isoformat()}, {source}"


def _where(entry: Entry) -> str:
    return f"{entry.origin[0]}:{entry.origin[1]}"


def _title(key: str, report: Health) -> str:
    return dict(SECTIONS)[key].format(flag=report.flag_months, warn=report.warn_months)


def text(report: Health, limit: int = 20) -> str:
    """For the terminal: per region, each problem with the file:line to open."""
    t = report.totals
    out = [f"Data health on {report.today.isoformat()}: {t['total']} listings; {t['flag']} flagged "
           f"(verified before {report.flag_before.isoformat()} or never), {t['warn']} due for a check, "
           f"{t['unverified']} imported and not verified by a person, "
           f"{t['no_phone']} without a phone, {t['no_hours']} without hours, {t['no_coordinates']} "
           f"without coordinates, {t['duplicates']} possible duplicates."]
    for region in report.regions:
        if not region.issues and not region.approximate and not region.shared:
            continue
        out.append("")
        out.append(f"{region.name} ({region.id}): {region.total} listings")
        for key, _title_text in SECTIONS:
            items = getattr(region, key)
            if not items:
                continue
            out.append(f"  {len(items)} {_title(key, report)}:")
            for entry in items[:limit]:
                extra = f" ({checked(entry.res)})" if key in ("flag", "warn", "unverified") else ""
                out.append(f"    {_where(entry)}: {entry.id}{extra}")
            if len(items) > limit:
                out.append(f"    ... and {len(items) - limit} more")
        for group in region.duplicates[:limit]:
            out.append(f"  possible duplicate ({group.reason}: {group.detail}):")
            out += [f"    {_where(e)}: {e.id}" for e in group.entries]
        if len(region.duplicates) > limit:
            out.append(f"  ... and {len(region.duplicates) - limit} more possible duplicates")
        if region.shared:
            lines = ", ".join(f"{g.detail} ({len(g.entries):,} listings, first {_where(g.entries[0])})"
                              for g in region.shared[:limit])
            more = f" and {len(region.shared) - limit} more" if len(region.shared) > limit else ""
            out.append(f"  {len(region.shared)} number{'s' if len(region.shared) != 1 else ''} on more than "
                       f"{SHARED_LINE} listings each, read as shared lines (an intake or central office), not "
                       f"as duplicates: {lines}{more}")
    return "\n".join(out) + "\n"


def _md(value: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", value)


def markdown(report: Health, limit: int = 15) -> str:
    """For a pull-request comment or the job summary: a table, then details per region."""
    t = report.totals
    out = ["## Catalog freshness", "",
           f"{t['total']} listings on {report.today.isoformat()}: **{t['flag']} flagged** (not verified "
           f"for {report.flag_months} months), {t['warn']} due for a check ({report.warn_months} months), "
           f"{t['unverified']} imported and not verified by a person, "
           f"{t['duplicates']} possible duplicates.", "",
           "| Region | Listings | Flagged | Due | Not verified | No phone | No hours | No coordinates | Duplicates |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in report.regions:
        out.append(f"| {_md(r.name)} | {r.total} | {len(r.flag)} | {len(r.warn)} | {len(r.unverified)} | {len(r.no_phone)} | "
                   f"{len(r.no_hours)} | {len(r.no_coordinates)} | {len(r.duplicates)} |")
    for region in report.regions:
        if not region.issues:
            continue
        out += ["", f"<details><summary>{_md(region.name)}: {region.issues} to look at</summary>", ""]
        for key, _title_text in SECTIONS[:7]:
            items = getattr(region, key)
            if items:
                out.append(f"**{len(items)} {_md(_title(key, report))}**")
                out += [f"- `{_where(e)}` {_md(e.res.name)}" +
                        (f" ({checked(e.res)})" if key in ("flag", "warn", "unverified") else "")
                        for e in items[:limit]]
                if len(items) > limit:
                    out.append(f"- … and {len(items) - limit} more")
                out.append("")
        for group in region.duplicates[:limit]:
            out.append(f"**Possible duplicate** ({group.reason}: {_md(group.detail)}): " +
                       ", ".join(f"`{_where(e)}`" for e in group.entries))
            out.append("")
        out.append("</details>")
    return "\n".join(out) + "\n"
