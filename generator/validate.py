"""Plain data -> the catalog model, collecting every problem with its file, line and field.

Two passes, like a compiler: each file is checked on its own here (cached by content, so an
unchanged region file is never parsed again), then the whole catalog is cross-checked
(crosscheck.py: unique ids, regions that exist, dates against the build date).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from pydantic import ValidationError

from . import __version__, crosscheck, errors, limits, load, text
from .crosscheck import Catalog
from .errors import CatalogError, Problem
from .meeting_types import MEETING_TYPES
from .model import MEETING_ONLY, CatalogFile, Region, Resource
from .vocab import EXTRA_MEETING_TYPES


@dataclass
class FileResult:
    """One file, validated on its own; pickled into the cache."""

    path: str
    model: CatalogFile | None
    lines: dict[tuple, int]
    problems: list[Problem]
    indexes: dict[str, list[int]] = field(default_factory=dict)  # source position of each entry
    failed: set[str] = field(default_factory=set)  # ids of entries that did not validate
    briefs: list | None = None  # Brief records instead of model.resources (validate only)
    set_aside: list = field(default_factory=list)  # SetAside records of the entries left out
    cached_key: str = ""  # set by a worker that left the result in the cache for the parent


# ---------------------------------------------------------------- per-file pass

def _field_name(loc: tuple) -> str:
    parts = list(loc[2:]) if len(loc) > 2 and loc[0] in ("resources", "regions") else list(loc)
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(error: dict, loc: tuple, model_fields: list[str]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        close = text.closest(loc[-1], model_fields)
        if close:
            return f"unknown field {loc[-1]!r}; did you mean {close!r}?"
        return f"unknown field {loc[-1]!r}; the fields allowed here are: {', '.join(model_fields)}"
    if kind == "missing":
        return "is required but missing; add it"
    if kind in ("list_type", "tuple_type"):
        return "must be a list; write each item on its own line starting with '- '"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a group of fields (field: value lines indented under it)"
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "string_too_long":
        return f"is too long: keep it under {error['ctx']['max_length']} characters"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = error["ctx"].get("ge", error["ctx"].get("le"))
        return f"{error['input']} is out of range (limit {bound}); check the value"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "extension":
        return "an extension is digits only, e.g. 204"
    if kind in ("string_type",) and error.get("input") is None:
        return "is empty; write a value or remove the line"
    return error["msg"]


def _fields_at(loc: tuple) -> list[str]:
    """Field names allowed in the mapping that ``loc`` points into (for 'did you mean')."""
    model, keyed = CatalogFile, False
    for part in loc[:-1]:
        if isinstance(part, int) or keyed:  # a list's index, or a key of a mapping (es:)
            keyed = False
            continue
        info = model.model_fields.get(part)
        if info is None:
            return []
        annotation = info.annotation
        keyed = getattr(annotation, "__origin__", None) is dict
        for candidate in getattr(annotation, "__args__", ()) + (annotation,):
            inner = getattr(candidate, "__args__", (candidate,))
            found = [c for c in inner if isinstance(c, type) and hasattr(c, "model_fields")]
            if found:
                model = found[0]
                break
        else:
            return []
    return [name for name in model.model_fields if name != "schema_"]


def check_file(parsed: load.Parsed, default_country: str) -> FileResult:
    """Validate one parsed file on its own, entry by entry, so that one bad entry does not hide
    the others from the cross-file checks; an entry the parser found a problem in is checked all
    the same (so its other problems show in the same run), then set aside."""
    lines = {loc: pos[0] for loc, pos in (parsed.positions or {}).items() if len(loc) == 2}
    if parsed.fatal or (parsed.problems and parsed.data is None):
        return FileResult(parsed.path, None, lines, list(parsed.problems))
    data = parsed.data
    if not isinstance(data, dict):
        what = "empty" if data is None else "not a set of fields"
        return FileResult(parsed.path, None, lines, list(parsed.problems) + [Problem(
            parsed.path, 1, 1, "", f"the file is {what}; it should start with 'regions:' or "
            "'resources:' (see the coordinators' guide for an example)")])
    errors: list[tuple[tuple, dict]] = []
    lists: dict[str, list] = {}
    indexes: dict[str, list[int]] = {}
    failed: set[str] = set()
    set_aside: list[SetAside] = []
    for name, kind in (("regions", Region), ("resources", Resource)):
        items = data.get(name)
        if not isinstance(items, list):
            continue
        good, indexes[name] = [], []
        for index, item in enumerate(items):
            try:
                checked = kind.model_validate(item, context={"country": _country_of(item, default_country)})
            except ValidationError as exc:
                errors += [((name, index) + tuple(e["loc"]), e) for e in exc.errors(include_url=False)]
                checked = None
            if checked is not None and (name, index) not in parsed.tainted:
                good.append(checked)
                indexes[name].append(index)
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                failed.add(item["id"])
                set_aside.append(SetAside.of(name, index, item))
        lists[name] = good
    shell = {k: v for k, v in data.items() if k not in lists}
    try:
        model = CatalogFile.model_validate(shell)
        for name, good in lists.items():
            setattr(model, name, good)
    except ValidationError as exc:
        # The entries are kept all the same: a mistake in site settings must not make every
        # region seem undefined to the other files.
        model = CatalogFile.model_construct(**{name: good for name, good in lists.items()})
        errors += [(tuple(e["loc"]), e) for e in exc.errors(include_url=False)]
    errors = [(loc, e) for loc, e in errors if not _follows_parser(loc, parsed)]
    problems = list(parsed.problems) + (_located(parsed, errors) if errors else [])
    if model is not None:
        problems += _file_rules(parsed, model, default_country, indexes)
    problems += [_comment_warning(parsed.path, *found) for found in parsed.comments]
    return FileResult(parsed.path, model, lines, problems, indexes, failed, set_aside=set_aside)


@dataclass(frozen=True)
class SetAside:
    """An entry left out of the catalog for its problems, as far as cross-file checks need it:
    its id still counts against duplicates, and its region ids are still checked."""

    kind: str  # "regions" or "resources"
    index: int
    id: str
    regions: tuple[str, ...] = ()

    @classmethod
    def of(cls, kind: str, index: int, item: dict) -> "SetAside":
        regions = item.get("regions") if kind == "resources" else None
        regions = tuple(r for r in regions if isinstance(r, str)) if isinstance(regions, list) else ()
        return cls(kind, index, item["id"], regions)


def _follows_parser(loc: tuple, parsed: load.Parsed) -> bool:
    """Whether a validation error only repeats what the parser reported: a value the parser
    could not keep (an alias), or a field whose value started with a comment."""
    for lost in parsed.lost:
        if loc[:len(lost)] == lost:
            return True
    return any(found[3] is None and loc[:len(found[0])] == found[0] for found in parsed.comments)


def _comment_warning(path: str, loc: tuple, line: int, col: int, value: str | None,
                     comment: str) -> Problem:
    if value is None:  # the whole value was read as a comment: nothing of it is kept
        whole = comment.replace("\\", "\\\\").replace('"', '\\"')
        return Problem(path, line, col, _field_name(loc),
                       f'the value starts with "#", which YAML reads as the start of a comment, so '
                       f'the field is empty; put the value in quotes: {loc[-1]}: "{whole}"')
    whole = f"{value} {comment}".replace("\\", "\\\\").replace('"', '\\"')
    return Problem(path, line, col, _field_name(loc),
                   f'the text from "{comment}" on is read as a comment and left out, so the value '
                   f'is "{value}"; if it belongs to the value, put the whole value in quotes: '
                   f'"{whole}"', "warning")


def _country_of(item, default: str) -> str:
    address = item.get("address") if isinstance(item, dict) else None
    country = address.get("country") if isinstance(address, dict) else None
    return country if isinstance(country, str) and len(country) == 2 and country.isupper() else default


def _located(parsed: load.Parsed, errors: list[tuple[tuple, dict]]) -> list[Problem]:
    located = load.parse(parsed.text, parsed.path, positions=True)  # type: ignore[attr-defined]
    problems = []
    for loc, error in errors:
        # A mapping's key refused (translations: {xx: ...}): pydantic ends the path with
        # "[key]"; the problem is the key itself, named and pointed at as a field.
        is_key = loc[-1:] == ("[key]",)
        loc = loc[:-1] if is_key else loc
        line, col = located.where(loc, prefer_key=error["type"] == "extra_forbidden" or is_key)
        problems.append(Problem(parsed.path, line, col, _field_name(loc),
                                _message(error, loc, _fields_at(loc))))
    return problems


def _file_rules(parsed: load.Parsed, model: CatalogFile, default_country: str,
                indexes: dict[str, list[int]]) -> list[Problem]:
    """Rules that need more than one field of an entry: phones per country, meeting fields."""
    problems: list[Problem] = []
    located: list[load.Parsed] = []

    def at(loc: tuple, fieldname: str, message: str, severity: str = "error") -> None:
        if not located:
            located.append(load.parse(parsed.text, parsed.path, positions=True))  # type: ignore[attr-defined]
        line, col = located[0].where(loc)
        problems.append(Problem(parsed.path, line, col, fieldname, message, severity))

    for index, res in zip(indexes.get("resources", []), model.resources):
        base = ("resources", index)
        if res.is_meeting:
            if not res.program:
                at(base, "program", "a meeting needs its program (aa, na, smart, ...)")
            if not res.schedule and not res.by_appointment:
                at(base, "schedule", "a meeting needs a schedule (day and time), or "
                   "by_appointment: true")
            for t_index, code in enumerate(res.types):
                if code not in MEETING_TYPES and code not in EXTRA_MEETING_TYPES:
                    close = text.closest(code, list(MEETING_TYPES) + list(EXTRA_MEETING_TYPES))
                    hint = f"did you mean {close!r}? " if close else ""
                    at(base + ("types", t_index), f"types[{t_index}]",
                       f"{code!r} is not a Meeting Guide type code; {hint}see the list on the "
                       "coordinators' page")
        else:
            for name in MEETING_ONLY:
                if getattr(res, name) not in (None, [], False):
                    at(base + (name,), name, "is only for meetings (category: meeting); remove it "
                       "or change the category")
    return problems


# ---------------------------------------------------------------- cache and parallel reading

@functools.cache
def _code_digest() -> str:
    """A digest of the modules that decide what a valid file is: a change to any of them
    invalidates the cache, so a stale cached result can never be used by newer code."""
    digest = hashlib.sha256(__version__.encode())
    here = os.path.dirname(os.path.abspath(__file__))
    for name in sorted(os.listdir(here)):
        if name.endswith(".py"):
            with open(os.path.join(here, name), "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()


def _cache_key(raw: bytes, default_country: str) -> str:
    digest = hashlib.sha256(raw)
    digest.update(f"\0{_code_digest()}\0{default_country}".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Brief:
    """What the cross-file checks need of a resource: enough to validate a catalog without
    loading (or sending between processes) every full entry."""

    id: str
    regions: tuple[str, ...]
    category: str
    last_verified: dt.date | None
    latitude: float | None
    longitude: float | None
    imported: dt.date | None = None
    source_updated: dt.date | None = None


def _briefly(result: FileResult) -> FileResult:
    """The same result with resources reduced to Briefs (for `navigator validate`)."""
    if result.model is None:
        return result
    model = result.model.model_copy(update={"resources": []})
    briefs = [Brief(r.id, tuple(r.regions), r.category, r.last_verified, r.latitude, r.longitude,
                    r.imported, r.source_updated) for r in result.model.resources]
    return FileResult(result.path, model, result.lines, result.problems, result.indexes,
                      result.failed, briefs, set_aside=result.set_aside)


def _check_path(args: tuple[str, str, str, str | None, bool]) -> FileResult:
    path, display, country, cache_dir, brief = args
    was_enabled = gc.isenabled()
    gc.disable()  # also in worker processes: every object made here is kept until returned
    try:
        return _check_path_inner(path, display, country, cache_dir, brief)
    finally:
        if was_enabled:
            gc.enable()


def _check_path_inner(path: str, display: str, country: str, cache_dir: str | None,
                      brief: bool = False) -> FileResult:
    try:
        raw, size = load.read_bytes(path)
    except OSError as exc:
        return FileResult(display, None, {}, [Problem(display, 1, 1, "", f"cannot read the file: "
                                                      f"{exc.strerror}")])
    key = _cache_key(raw, country) if cache_dir else ""
    if cache_dir:
        cached = _cache_get(cache_dir, key, brief)
        if cached is not None:
            cached.path = display
            return cached
    return _check_raw(raw, size, display, country, cache_dir, key, brief)


def _check_raw(raw: bytes, size: int, display: str, country: str, cache_dir: str | None, key: str,
               brief: bool, handoff: bool = False) -> FileResult:
    """Validate one file's bytes. With ``handoff`` (in a worker process), a result stored in
    the cache is not sent back: the parent reads it from there, which saves pickling twice."""
    text_, problems = load.decode(raw, display, size)
    if text_ is None:
        return FileResult(display, None, {}, problems)
    parsed = load.parse(text_, display)
    if parsed.problems:
        parsed = load.parse(text_, display, positions=True)
    parsed.text = text_  # type: ignore[attr-defined]
    result = check_file(parsed, country)
    short = _briefly(result) if (brief or cache_dir) else result
    if cache_dir and not result.problems and _cache_put(cache_dir, key, short, result) and handoff:
        return FileResult(display, None, {}, [], cached_key=key)
    return short if brief else result


_LENGTH = 8  # bytes: the length of the brief form, before it


def _cache_get(cache_dir: str, key: str, brief: bool) -> FileResult | None:
    """A cached result: the brief form first, after its length, so that reading it skips the
    full entries and reading those skips it (its Briefs were a tenth of a build's reading)."""
    try:
        with open(os.path.join(cache_dir, key + ".pickle"), "rb") as handle:
            length = int.from_bytes(handle.read(_LENGTH), "little")
            if not brief:
                handle.seek(_LENGTH + length)
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def _cache_put(cache_dir: str, key: str, short: FileResult, result: FileResult) -> bool:
    try:
        os.makedirs(cache_dir, exist_ok=True)
        temp = os.path.join(cache_dir, f".{key}.{os.getpid()}.tmp")
        first = pickle.dumps(short, protocol=pickle.HIGHEST_PROTOCOL)
        with open(temp, "wb") as handle:
            handle.write(len(first).to_bytes(_LENGTH, "little"))
            handle.write(first)
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, os.path.join(cache_dir, key + ".pickle"))
        return True
    except OSError:
        return False  # a cache that cannot be written only costs time


# In a long-lived process (the live preview validates again after every edit), the full results
# of the last run, by file and cache key: unchanged files are taken from here instead of being
# unpickled. The file is part of the key because a result carries its path: two files with the
# same bytes (two empty region files, say) must not share one. Nothing later changes a result,
# except geocode.apply, which undoes its own changes first.
_RECENT: dict[tuple[str, str], FileResult] = {}


def _check_all(jobs: list[tuple[str, str, str, str | None, bool]], workers: int) -> list[FileResult]:
    """Results in job order: cache hits read here, the rest validated by worker processes."""
    global _RECENT
    results: list[FileResult | None] = [None] * len(jobs)
    keys: list[str] = [""] * len(jobs)
    misses = []
    for index, job in enumerate(jobs):
        path, display, country, cache_dir, brief = job
        if cache_dir:
            try:
                raw, _size = load.read_bytes(path)
            except OSError:
                raw = None
            if raw is not None:
                keys[index] = key = _cache_key(raw, country)
                cached = None if brief else _RECENT.get((display, key))
                cached = cached or _cache_get(cache_dir, key, brief)
                if cached is not None:
                    cached.path = display
                    results[index] = cached
                    continue
        misses.append(index)
    done = None
    if workers > 1 and len(misses) > 1:
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                done = list(pool.map(_check_path_handoff, [jobs[i] for i in misses],
                                     chunksize=max(1, len(misses) // (workers * 4))))
        except (OSError, RuntimeError):
            done = None  # no processes available (sandboxed runner): fall back to one
    if done is None:
        done = [_check_path(jobs[i]) for i in misses]
    for index, result in zip(misses, done):
        if result.cached_key:
            cache_dir, brief = jobs[index][3], jobs[index][4]
            loaded = _cache_get(cache_dir, result.cached_key, brief)
            result = loaded if loaded is not None else _check_path(jobs[index])
            result.path = jobs[index][1]
        results[index] = result
    if not any(job[4] for job in jobs):
        _RECENT = {(job[1], key): result for job, key, result in zip(jobs, keys, results)
                   if key and result is not None and result.briefs is None and not result.problems}
    cache_dirs = {job[3] for job in jobs}
    if len(cache_dirs) == 1 and None not in cache_dirs:
        _prune(str(next(iter(cache_dirs))), {key for key in keys if key})
    return results  # type: ignore[return-value]


def _prune(cache_dir: str, keep: set[str]) -> None:
    """Remove the cached results of file versions the catalog no longer holds. Every edit adds
    one and every new version of the code a whole set (about 64 MB at 100,000 listings), which
    the deploy workflow would otherwise restore and save again on every run."""
    try:
        names = os.listdir(cache_dir)
    except OSError:
        return
    for name in names:
        if name.endswith(".pickle") and name[:-len(".pickle")] not in keep:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(cache_dir, name))


def _check_path_handoff(args: tuple[str, str, str, str | None, bool]) -> FileResult:
    path, display, country, cache_dir, brief = args
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            raw, size = load.read_bytes(path)
        except OSError:
            return _check_path_inner(path, display, country, cache_dir, brief)
        key = _cache_key(raw, country) if cache_dir else ""
        return _check_raw(raw, size, display, country, cache_dir, key, brief, handoff=True)
    finally:
        if was_enabled:
            gc.enable()


# ---------------------------------------------------------------- whole catalog

def validate(root_file: str, today: dt.date | None = None, cache_dir: str | None = None,
             workers: int | None = None, brief: bool = False) -> Catalog:
    """Load and validate the catalog rooted at ``root_file``; raise CatalogError listing every
    problem when anything is wrong. With ``brief``, included files' resources come back as
    ``Brief`` records (all a check needs), which is much faster for large catalogs."""
    today = today or dt.date.today()
    root_dir = os.path.dirname(os.path.abspath(root_file))
    display = os.path.basename(root_file)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the bulk pass allocates millions of small objects that are all kept
    try:
        root_parsed = load.read(root_file, display)
        country = _root_country(root_parsed)
        root_result = check_file(root_parsed, country)
        problems = list(root_result.problems)
        includes, include_problems = load.resolve_includes(root_dir, root_parsed)
        problems += include_problems
        budgets = limits.limits_of(root_parsed.data)
        includes, unread, over = limits.sizes(includes, _size(root_file), budgets, display)
        problems += over
        if workers is None:
            workers = min(os.cpu_count() or 1, 4) if len(includes) >= 4 else 1
        results = [root_result] + _check_all(
            [(path, shown, country, cache_dir, brief) for path, shown in includes], workers)
        # Still without the collector: its first pass would walk every object read so far
        # (3 of 7 seconds at 100,000 listings went to it while the files were assembled).
        return _assemble(results, root_dir, today, problems, budgets, display, unread)
    finally:
        if gc_was_enabled:
            gc.enable()


def _assemble(results: list[FileResult], root_dir: str, today: dt.date, problems: list[Problem],
              budgets, display: str, unread: list[str]) -> Catalog:
    """The files' results made one catalog; raises CatalogError when any problem is an error."""
    for result in results:
        problems += limits.listings(result.path, result.lines, budgets, display)
    for result in results[1:]:
        problems += result.problems
    results += [FileResult(shown, None, {}, []) for shown in unread]  # what they define is unknown
    catalog = crosscheck.assemble(results, root_dir, today, problems)
    problems = _refine(problems, results, root_dir)
    if any(p.severity == "error" for p in problems):
        raise CatalogError(problems, catalog.files)
    catalog.warnings = errors.ordered(problems, catalog.files)  # warnings only, by now
    return catalog


def _refine(problems: list[Problem], results: list[FileResult], root_dir: str) -> list[Problem]:
    """Point cross-file problems (found knowing only an entry's first line) at the field itself,
    reading the affected files once more with positions; the fast path never pays for this."""
    by_path = {r.path: r for r in results}
    parsed_files: dict[str, load.Parsed] = {}
    refined = []
    for problem in problems:
        result = by_path.get(problem.path)
        entry = None
        if result is not None and problem.col == 1 and problem.field:
            entry = next((loc for loc, line in result.lines.items()
                          if line == problem.line and len(loc) == 2), None)
        if entry is None:
            refined.append(problem)
            continue
        if problem.path not in parsed_files:
            parsed_files[problem.path] = load.read(os.path.join(root_dir, problem.path), problem.path,
                                                   positions=True)
        field_name = problem.field.split(".")[0].split("[")[0]
        line, col = parsed_files[problem.path].where(entry + (field_name,))
        refined.append(Problem(problem.path, line, col, problem.field, problem.message,
                               problem.severity))
    return refined


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _root_country(parsed: load.Parsed) -> str:
    data = parsed.data if isinstance(parsed.data, dict) else {}
    site = data.get("site") if isinstance(data.get("site"), dict) else {}
    country = site.get("country") if isinstance(site.get("country"), str) else "US"
    return country if len(country) == 2 and country.isupper() else "US"
