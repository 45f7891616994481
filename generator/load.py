"""YAML catalog files -> plain data (dicts, lists, strings), strictly, with source positions.

libyaml does the parsing; we read its event stream and build the data ourselves, so that values
stay exactly as written (``19:30``, ``NO`` and ``02139`` remain strings), and so that anchors,
aliases, merge keys, explicit tags, duplicate keys, several documents and deep nesting are all
refused before anything is expanded. The fast path records no positions; when a file has a
problem, ``parse(..., positions=True)`` reads it again to place every problem exactly.
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import errors, slips
from .errors import Problem

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 24
# The parser's own problems kept per file: a file with thousands of aliases is one mistake
# repeated, and every one of them would be grouped into a single line anyway (errors.py).
MAX_PROBLEMS = 1000
SHOWN_COPIES = 3  # anchors and aliases reported one by one; the rest in one line
NULLS = {"", "~", "null", "Null", "NULL"}

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Parsed:
    """One file's data; ``positions`` maps a path tuple to the (line, col) of its value and
    ``keys`` to the (line, col) of the key that introduced it (both 1-based)."""

    path: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    positions: dict[tuple, tuple[int, int]] | None = None
    keys: dict[tuple, tuple[int, int]] | None = None
    # (path, line, col, value, comment) of plain values followed on their line by a "#word"
    # that YAML reads as a comment: "Suite #200" loses its "#200" (see trailing_comment).
    comments: list[tuple[tuple, int, int, str | None, str]] = field(default_factory=list)
    # Entries (paths such as ("regions", 2)) holding a problem the parser reported: the rest of
    # the file is still checked, but these entries are set aside, as entries that fail to
    # validate are. ``lost`` holds the paths whose value the parser could not keep (an alias):
    # a check of those values would only repeat the parser's problem.
    tainted: set[tuple] = field(default_factory=set)
    lost: set[tuple] = field(default_factory=set)
    fatal: bool = False  # no data at all: the YAML could not be read to its end

    def where(self, loc: tuple, prefer_key: bool = False) -> tuple[int, int]:
        """The closest known position for ``loc``, walking up to a parent when needed."""
        if self.positions is None:
            return (1, 1)
        loc = tuple(loc)
        while True:
            if prefer_key and self.keys and loc in self.keys:
                return self.keys[loc]
            if loc in self.positions:
                return self.positions[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]
            prefer_key = False


def _problem(path: str, line: int, col: int, message: str, fieldname: str = "") -> Problem:
    return Problem(path, line, col, fieldname, message)


def read_bytes(path: str) -> tuple[bytes, int]:
    """At most MAX_FILE_BYTES + 1 bytes of a file (enough to tell it is too big), and its size."""
    with open(path, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
        size = os.fstat(handle.fileno()).st_size if len(raw) > MAX_FILE_BYTES else len(raw)
    return raw, size


def decode(raw: bytes, path: str, size: int | None = None) -> tuple[str | None, list[Problem]]:
    """Bytes -> text, or the position of the first byte that is not UTF-8; ``size`` is the
    whole file's when ``raw`` was cut short."""
    size = len(raw) if size is None else size
    if size > MAX_FILE_BYTES:
        return None, [_problem(path, 1, 1, f"the file is {size // (1024 * 1024)} MB, over the "
                               f"{MAX_FILE_BYTES // (1024 * 1024)} MB limit; split it into several "
                               "files listed under include")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [_problem(path, 1, 1, "the file is saved as UTF-16; save it as UTF-8")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark is harmless; editors on Windows add it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [_problem(path, line, col, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; "
                               "save the file as UTF-8")]
    bad = _control_character(text)
    if bad:
        index, char = bad
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        return None, [_problem(path, line, col, f"contains the control character U+{ord(char):04X}; "
                               "delete it (it is invisible in most editors)")]
    return text, []


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _control_character(text: str) -> tuple[int, str] | None:
    match = _CONTROL.search(text)
    return (match.start(), match.group()) if match else None


_YAML_HINTS = [
    ("mapping values are not allowed",
     "a colon followed by a space inside a value; put the whole value in double quotes"),
    ("found undefined alias", "aliases (*name) are not allowed; write the value out in full"),
    ("expected <block end>, but found", "the indentation does not line up with the lines above"),
    ("did not find expected key", "the indentation does not line up with the lines above"),
    ("could not find expected ':'", "a line is missing the ':' after its field name, "
     "or a quoted value is not closed"),
    ("found unexpected end of stream", "a quoted value is not closed; add the closing quote"),
]


def _yaml_problem(path: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    raw = f"{exc.context + '; ' if exc.context else ''}{exc.problem or 'invalid YAML'}"
    if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return _problem(path, line, col, "a tab is used for indentation; YAML needs spaces, "
                        "so replace the tab with spaces")
    context = exc.context_mark.line + 1 if exc.context_mark else None
    slip = slips.explain(text, raw, line, context)
    if slip is not None:
        return _problem(path, slip.line, slip.col, slip.message)
    for needle, hint in _YAML_HINTS:
        if needle in raw:
            return _problem(path, line, col, f"{hint} ({raw})")
    return _problem(path, line, col, f"invalid YAML: {raw}")


def parse(text: str, path: str, positions: bool = False) -> Parsed:
    """Build plain data from ``text``; refuse everything beyond plain YAML maps, lists and text.

    The fast path (``positions=False``) still records where each top-level entry starts (paths
    of length two such as ``("resources", 3)``), which cross-file checks need.
    """
    out = Parsed(path, positions={}, keys={})
    size = len(text)
    limit = 10_000 if positions else 2
    problems, pos, keys = out.problems, out.positions, out.keys
    assert keys is not None  # made just above
    stack: list[list] = []  # frames: [container, pending key, path, detached]
    documents = 0
    root: Any = None

    copies: list[int] = []  # lines of anchors and aliases past the first few

    def refuse(ev, message: str, here: tuple | None = None, copy: bool = False) -> None:
        if here is None:
            here = stack[-1][2] if stack else ()
        out.tainted.add(here[:2])
        if copy:
            copies.append(ev.start_mark.line + 1)
            if len(copies) > SHOWN_COPIES:
                return  # one mistake repeated (an "alias bomb" repeats it thousands of times)
        if len(problems) < MAX_PROBLEMS:
            problems.append(_problem(path, ev.start_mark.line + 1, ev.start_mark.column + 1, message))

    def slot(ev) -> tuple | None:
        """Where the next value goes: its path, or None when it is a mapping key."""
        if not stack:
            return ()
        frame = stack[-1]
        container = frame[0]
        if container.__class__ is dict:
            return None if frame[1] is _NO_KEY else frame[2] + (frame[1],)
        return frame[2] + (len(container),)

    def take_key(value: Any, ev) -> None:
        frame = stack[-1]
        if value.__class__ is not str:
            refuse(ev, "a field has no name before its ':'" if value is None
                   else "a field name must be plain text, not a list or mapping")
            frame[1] = _BAD_KEY
            return
        if value == "<<":
            refuse(ev, "merge keys (<<) are not allowed; write the fields out in full")
            frame[1] = _BAD_KEY  # its value is never kept, so it is not an unknown field too
            return
        if value in frame[0]:
            first = keys.get(frame[2] + (value,))
            where = f" (first at line {first[0]})" if first else ""
            refuse(ev, f"the field {value!r} appears twice in the same entry{where}; "
                       "keep one and delete the other")
            frame[1] = _BAD_KEY
            return
        frame[1] = value
        if len(stack) <= limit:
            keys[frame[2] + (value,)] = (ev.start_mark.line + 1, ev.start_mark.column + 1)

    def put(value: Any) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        if frame[0].__class__ is dict:
            key, frame[1] = frame[1], _NO_KEY
            if key is not _BAD_KEY:
                frame[0][key] = value
        else:
            frame[0].append(value)

    Scalar, MapStart, SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    MapEnd, SeqEnd, Alias, DocStart = (yaml.MappingEndEvent, yaml.SequenceEndEvent,
                                       yaml.AliasEvent, yaml.DocumentStartEvent)
    parser = _Loader(text)
    get_event = parser.get_event
    StreamEnd = yaml.StreamEndEvent
    try:
        while True:
            ev = get_event()
            cls = ev.__class__
            if cls is StreamEnd:
                break
            if cls is Scalar or cls is Alias:
                if cls is Alias:
                    lost = slot(ev)
                    refuse(ev, f"aliases (*{ev.anchor}) are not allowed; write the value out in full",
                           lost, copy=True)
                    if lost is not None:
                        out.lost.add(lost)
                    value = None
                else:
                    if ev.anchor is not None:
                        refuse(ev, f"anchors (&{ev.anchor}) are not allowed; write each value out in full",
                               copy=True)
                    if ev.tag is not None:
                        refuse(ev, f"explicit tags ({ev.tag}) are not allowed; remove the tag and, "
                                   "if needed, put the value in quotes")
                    value = ev.value
                    if not ev.style and value in NULLS:
                        value = None
                here = slot(ev)
                if here is None:
                    take_key(value, ev)
                    continue
                if len(stack) <= limit:
                    pos[here] = (ev.start_mark.line + 1, ev.start_mark.column + 1)
                if cls is Scalar and not ev.style:
                    # Most values end their line: one character tells, so this costs little.
                    end = ev.end_mark.index
                    if end < size and text[end] in " \t":
                        comment = trailing_comment(text, end)
                        if comment:
                            out.comments.append((here, ev.end_mark.line + 1,
                                                 text.index("#", end) - text.rfind("\n", 0, end), value,
                                                 comment))
                put(value)
            elif cls is MapStart or cls is SeqStart:
                if ev.anchor is not None:
                    refuse(ev, f"anchors (&{ev.anchor}) are not allowed; write each entry out in full",
                           slot(ev), copy=True)
                if ev.tag is not None:
                    refuse(ev, f"explicit tags ({ev.tag}) are not allowed; remove the tag", slot(ev))
                if len(stack) >= MAX_DEPTH:
                    refuse(ev, f"nesting is deeper than {MAX_DEPTH} levels; the catalog format never "
                               "needs this much, so check the indentation")
                    out.fatal = True
                    return out
                container: Any = {} if cls is MapStart else []
                here = slot(ev)
                if here is None:  # a list or mapping used as a field name
                    take_key(container, ev)
                    stack.append([container, _NO_KEY, (), True])
                    continue
                if len(stack) <= limit:
                    pos[here] = (ev.start_mark.line + 1, ev.start_mark.column + 1)
                stack.append([container, _NO_KEY, here, False])
            elif cls is MapEnd or cls is SeqEnd:
                frame = stack.pop()
                if not frame[3]:
                    put(frame[0])
            elif cls is DocStart:
                documents += 1
                if documents > 1:
                    refuse(ev, "the file holds several YAML documents; remove the extra '---' line "
                               "and merge them, or move them to another file")
                    out.fatal = True
                    return out
    except yaml.MarkedYAMLError as exc:
        problems.append(_yaml_problem(path, exc, text))
        out.fatal = True
        return out
    except yaml.YAMLError as exc:  # reader errors carry a position of their own
        problems.append(_problem(path, getattr(exc, "line", 0) + 1, getattr(exc, "column", 0) + 1,
                                 f"invalid YAML: {exc}"))
        out.fatal = True
        return out
    finally:
        parser.dispose()
        if len(copies) > SHOWN_COPIES:
            more = copies[SHOWN_COPIES:]
            problems.append(_problem(path, more[0], 1, f"{len(more):,} more anchors (&) and aliases "
                                     f"(*) ({errors.places([(path, n) for n in more])}); write every "
                                     "value out in full"))
    out.data = root
    return out


_NO_KEY = object()
_BAD_KEY = object()


def trailing_comment(text: str, end: int) -> str:
    """The "#..." that follows a plain value ending at ``end`` on its line, when it looks like
    part of the value ("Suite #200", "Room #3": no space after the #) rather than a note to
    other coordinators ("# moved in May"); else ""."""
    line_end = text.find("\n", end)
    rest = text[end:line_end if line_end >= 0 else len(text)].rstrip("\r")
    words = rest.lstrip(" \t")
    if len(words) > 1 and words[0] == "#" and not words[1].isspace():
        return words.rstrip()
    return ""


def read(path: str, display: str, positions: bool = False) -> Parsed:
    """Read and parse one file; a problem found on the fast path is located by a second read."""
    try:
        raw, size = read_bytes(path)
    except OSError as exc:
        return Parsed(display, problems=[_problem(display, 1, 1, f"cannot read the file: {exc.strerror}")])
    return from_bytes(raw, size, display, positions)


def from_bytes(raw: bytes, size: int, display: str, positions: bool = False) -> Parsed:
    """``read`` of bytes already read (``read_bytes``), for a caller that also hashes them."""
    text, problems = decode(raw, display, size)
    if text is None:
        return Parsed(display, problems=problems)
    parsed = parse(text, display, positions=positions)
    if parsed.problems and not positions:
        parsed = parse(text, display, positions=True)
    parsed.text = text  # type: ignore[attr-defined]
    return parsed


def _linked_folder(root_dir: str, display: str) -> str | None:
    """The first folder on the way from ``root_dir`` to ``display`` that is a symbolic link."""
    parts = display.split("/")[:-1]
    if parts[:1] == [".."]:
        return None  # outside the catalog folder: reported as such
    for depth in range(1, len(parts) + 1):
        folder = "/".join(parts[:depth])
        if os.path.islink(os.path.join(root_dir, folder)):
            return folder
    return None


def resolve_includes(root_dir: str, parsed: Parsed) -> tuple[list[tuple[str, str]], list[Problem]]:
    """The files the root file includes, as (absolute, display) pairs, all inside ``root_dir``."""
    data = parsed.data if isinstance(parsed.data, dict) else {}
    entries = data.get("include") or []
    if not isinstance(entries, list):
        return [], []  # the validator reports the wrong shape
    files: list[tuple[str, str]] = []
    problems: list[Problem] = []
    real_root = os.path.realpath(root_dir)
    seen: set[str] = {os.path.realpath(os.path.join(root_dir, parsed.path))}  # never itself
    linked: set[str] = set()  # symbolic-link folders already reported
    for index, entry in enumerate(entries):
        if not isinstance(entry, str):
            continue
        line, col = parsed.where(("include", index))

        def bad(message: str) -> None:
            problems.append(Problem(parsed.path, line, col, "include", message))

        if os.path.isabs(entry) or entry.startswith("~"):
            bad(f"{entry!r} is an absolute path; write it relative to {parsed.path}, "
                "e.g. catalog/ohio.yaml")
            continue
        pattern = os.path.join(root_dir, entry)
        matches = sorted(glob.glob(pattern)) if glob.has_magic(entry) else [pattern]
        if not matches:
            bad(f"no file matches {entry!r}")
            continue
        for match in matches:
            real = os.path.realpath(match)
            display = os.path.relpath(match, root_dir).replace(os.sep, "/")
            # Name the file itself when a pattern matched it, so the coordinator knows which.
            name = display if glob.has_magic(entry) else entry
            folder = _linked_folder(root_dir, display)
            if folder is not None:
                # One cause, said once: every file a pattern finds through the link would
                # otherwise repeat it (a linked catalog/ of 600 files, 600 problems).
                if folder not in linked:
                    linked.add(folder)
                    bad(f"the folder '{folder}/' is a symbolic link; the catalog includes only files "
                        f"in real folders inside it: put the files in a folder of their own there")
            elif os.path.commonpath([real, real_root]) != real_root:
                bad(f"{name!r} points outside the catalog folder; keep catalog files inside it")
            elif real != os.path.normpath(os.path.join(real_root, display)):
                bad(f"{name!r} is or passes through a symbolic link; include the file itself")
            elif not os.path.isfile(match):
                bad(f"the file {name!r} does not exist; check the name (paths are relative to "
                    f"{parsed.path})")
            elif not match.endswith((".yaml", ".yml")):
                bad(f"{name!r} is not a .yaml file")
            elif real in seen:
                bad(f"{name!r} is included twice; list each file once")
            else:
                seen.add(real)
                files.append((match, display))
    return files, problems
