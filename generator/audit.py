"""Post-build audit of every generated HTML page, before the site is published.

Catalog text is escaped when it is rendered and the browser enforces the Content-Security-Policy;
this audit is the third line: it reads the finished files and refuses the build when a page holds
an inline script that is not pinned in csp.py, an event-handler attribute (on...=), a resource
(script, stylesheet, image, frame, media...) loaded from another host, a <style> element, a script
link (javascript: or vbscript:, also when disguised with character references),
or lacks the policy itself. It is a few compiled regular expressions over each file's bytes, run
in parallel; tags that recur on every page (the theme's) are judged once and remembered.
"""

from __future__ import annotations

import functools
import html
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from . import csp
from .errors import CatalogError, Problem

MAX_PER_FILE = 10
MAX_FINDINGS = 200
PARALLEL_FROM = 2000  # files; below this, starting processes costs more than it saves

# Tags that load something, run something or change where links go. The tag's attributes are
# matched the way browsers read them: quoted values may hold '>'.
_TAG_NAMES = ("style link img image iframe frame embed object applet source video audio "
              "track input form button base meta use feimage body table td th portal fencedframe")


def _alternation(words: list[str]) -> str:
    """``a(?:b|c)`` rather than ``ab|ac``: the regex engine then tries one branch per letter."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(words):
        by_first.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in by_first.items())


_BLOB = rb"((?:[^>\"']+|\"[^\"]*\"|'[^']*')*)>?"
_TAG = re.compile(rb"<(" + _alternation(_TAG_NAMES.split()).encode() + rb")(?=[\s/>])" + _BLOB)
_SCRIPT_TAG = re.compile(rb"<script(?=[\s/>])" + _BLOB)
_STYLE_TAG = re.compile(rb"<style(?=[\s/>])" + _BLOB)
_ATTR = re.compile(rb"([^\s/>][^\s/>=]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]*)))?")
# An event handler: on + letters + '=' right after a space, slash or quote (as in a tag).
_EVENT = re.compile(rb"on(?<=[\s/\"']on)[a-z]+\s*=")
# 'script' then ':' (browsers skip tabs and newlines inside a URL's scheme, and decode
# character references in attributes); the text before decides whether it is javascript:.
_SCRIPT_SCHEME = re.compile(rb"script(?:[\x00-\x20]|&tab;|&newline;)*"
                            rb"(?::|&colon;|&#0*58(?![0-9]);?|&#x0*3a(?![0-9a-f]);?)")
# Character references that spell ':' or an ASCII letter: nothing on the site needs them, and
# they are how script links are disguised (&#106;avascript:).
_DISGUISE = re.compile(rb"&(?:colon;|#0*(?:58|6[5-9]|[7-9][0-9]|1[01][0-9]|12[0-2])(?![0-9])|"
                       rb"#x0*(?:3a|4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a])(?![0-9a-f]))")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_WHITESPACE = re.compile(r"[\x00-\x20]+")

# Attributes whose value is fetched by the browser (href only on the tags listed).
_URL_ATTRS = {"src", "srcset", "data", "poster", "background", "action", "formaction", "ping",
              "codebase", "archive", "lowsrc", "dynsrc", "longdesc", "manifest", "icon", "xlink:href"}
_HREF_LOADS = {"link", "image", "use", "feimage", "script"}
_LINK_NAVIGATION = {"canonical", "alternate", "prev", "next", "author", "license", "help", "me",
                    "search", "bookmark", "external", "nofollow", "noopener", "noreferrer"}
_DATA_IMAGES = {"img", "source", "input", "image", "feimage", "use"}

FIX_SCRIPT = ("move scripts into theme/assets and load them with src=; a reviewed theme script "
              "gets its hash pinned in generator/csp.py")


@dataclass(frozen=True)
class Rules:
    """What a page must carry and what it may run."""

    meta: bytes
    inline_scripts: frozenset[str]
    own_hosts: frozenset[str] = frozenset()
    inline_styles: frozenset[str] = frozenset()
    # The policy without the pinned hashes (csp.policy(pinned=False)): a page carrying it may run
    # no inline script or style at all.
    plain_meta: bytes = b""

    @classmethod
    def default(cls, site_url: str | None = None) -> "Rules":
        host = urlsplit(site_url).hostname if site_url else None
        return cls(csp.meta_tag().encode("utf-8"), frozenset(csp.INLINE_SCRIPTS),
                   frozenset([host]) if host else frozenset(), frozenset(csp.INLINE_STYLES),
                   csp.meta_tag(pinned=False).encode("utf-8"))

    @functools.cached_property
    def unpinned(self) -> "Rules":
        """The same rules for a page whose policy pins nothing."""
        return replace(self, inline_scripts=frozenset(), inline_styles=frozenset())


# ------------------------------------------------------------------ one page

class _Page:
    """The findings for one file; ``seen`` remembers verdicts on tags met before."""

    def __init__(self, data: bytes, path: str, rules: Rules, seen: dict):
        self.data, self.low, self.path, self.rules, self.seen = data, data.lower(), path, rules, seen
        self.found: list[Problem] = []

    def add(self, offset: int, field: str, message: str) -> None:
        if len(self.found) >= MAX_PER_FILE:
            return
        line = self.data.count(b"\n", 0, offset) + 1
        col = offset - (self.data.rfind(b"\n", 0, offset) + 1) + 1
        self.found.append(Problem(self.path, line, col, field, message))

    def check(self) -> list[Problem]:
        self.policy()
        self.tags()
        low = self.low
        for match in _EVENT.finditer(low):
            if self.in_tag(match.start()):
                name = match.group().split(b"=")[0].strip().decode("ascii", "replace")
                self.add(match.start(), "event handler", f"the attribute {name} runs script "
                         f"(blocked by the Content-Security-Policy); {FIX_SCRIPT}")
        self.text_patterns()
        return self.found

    def text_patterns(self) -> None:
        """Script links and disguising references, which need no tag around them."""
        low = self.low
        for match in _SCRIPT_SCHEME.finditer(low):
            before = _WHITESPACE.sub("", html.unescape(low[max(0, match.start() - 40):match.start()]
                                                      .decode("utf-8", "replace")))
            if before.endswith(("java", "vb", "live")):
                self.add(match.start(), "javascript", "a script link (javascript: or vbscript:); "
                         "links may only be https://, http://, tel: or mailto: addresses")
        for match in _DISGUISE.finditer(low):
            self.add(match.start(), "javascript", f"the character reference "
                     f"{match.group().decode('ascii')} spells a letter or ':', which only serves to "
                     "disguise a script link; write the character itself")

    def policy(self) -> None:
        at = self.data.find(self.rules.plain_meta) if self.rules.plain_meta else -1
        if at >= 0:
            self.rules = self.rules.unpinned
        else:
            at = self.data.find(self.rules.meta)
        if at < 0:
            self.add(0, "csp", "the page has no Content-Security-Policy meta tag, or an outdated "
                     "one; pages get it from theme/main.html (other templates: csp.meta_tag(pinned=False))")
            return
        for tag in (b"<script", b"<link", b"<style", b"<img"):
            first = self.low.find(tag, 0, at)
            if 0 <= first < at:
                self.add(first, "csp", f"{tag.decode()} comes before the Content-Security-Policy "
                         "meta tag, so the policy does not cover it; put the policy first in <head>")
                return

    def in_tag(self, offset: int) -> bool:
        """Whether an attribute name starts at ``offset``, reading the enclosing tag the way
        browsers do (so text inside a quoted value, or outside any tag, does not count)."""
        low = self.low
        start = low.rfind(b"<", 0, offset)
        while start >= 0:
            name = _TAG_NAME.match(low, start)
            if name:
                break
            start = low.rfind(b"<", 0, start)
        else:
            return False
        pos = name.end()
        while pos <= offset:
            attr = _ATTR_AT.match(low, pos)
            if not attr or attr.end() == pos:
                return False  # the tag ended before offset
            if attr.start(1) == offset:
                return True
            pos = attr.end()
        return False

    def tags(self) -> None:
        low, seen, rules = self.low, self.seen, self.rules
        for match in _SCRIPT_TAG.finditer(low):
            self.tag_findings(match, b"script")
        for match in _STYLE_TAG.finditer(low):
            self.inline_style(match)
        # Other tags are judged without their positions (the fast C-level findall); a page with a
        # finding is read again to place it.
        bad = False
        for key in _TAG.findall(low):
            verdict = seen.get(key)
            if verdict is None:
                verdict = seen[key] = _tag_verdict(key[0].decode(), key[1], rules)
            bad = bad or bool(verdict[0])
        if bad:
            for match in _TAG.finditer(low):
                self.tag_findings(match, match.group(1))

    def tag_findings(self, match: re.Match, name: bytes) -> None:
        key = (name, match.group(len(match.groups())))
        verdict = self.seen.get(key)
        if verdict is None:
            verdict = self.seen[key] = _tag_verdict(name.decode(), key[1], self.rules)
        findings, inline = verdict
        for field, message in findings:
            self.add(match.start(), field, message)
        if inline:
            self.inline_script(match)

    def inline_style(self, match: re.Match) -> None:
        """An inline <style> runs only when its hash is pinned (csp.INLINE_STYLES)."""
        end = self.low.find(b"</style", match.end())
        body = self.data[match.end():end].decode("utf-8", "replace") if end >= 0 else None
        if body is None or csp.script_hash(body) not in self.rules.inline_styles:
            self.add(match.start(), "style", "an inline <style> element is blocked by the "
                     "Content-Security-Policy; put the rules in theme/assets/navigator/navigator.css")

    def inline_script(self, match: re.Match) -> None:
        end = self.low.find(b"</script", match.end())
        if end < 0:
            self.add(match.start(), "script", "a <script> element is never closed")
            return
        body = self.data[match.end():end]
        key = (match.group(1), body, bool(self.rules.inline_scripts))  # pinned or not: see policy
        verdict = self.seen.get(key)
        if verdict is None:
            verdict = self.seen[key] = _script_verdict(match.group(1), body, self.rules)
        for field, message in verdict:
            self.add(match.start(), field, message)


_TAG_NAME = re.compile(rb"<[a-z][^\s/>]*")
_ATTR_AT = re.compile(rb"[\s/]*([^\s/>][^\s/>=]*)(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?")


def _attributes(blob: bytes) -> list[tuple[str, str]]:
    out = []
    for name, dq, sq, uq in _ATTR.findall(blob):
        value = dq or sq or uq
        out.append((name.decode("utf-8", "replace"), html.unescape(value.decode("utf-8", "replace"))))
    return out


def _script_verdict(blob: bytes, body: bytes, rules: Rules) -> tuple:
    kind = dict(_attributes(blob)).get("type", "").strip()
    if kind in csp.DATA_SCRIPT_TYPES:
        low = body.lower()
        if b"<!--" in low or b"<script" in low:
            return (("script", "a data block holds '<!--' or '<script', which can end it early; "
                     "write the data with |tojson"),)
        return ()
    digest = csp.script_hash(body.decode("utf-8", "replace"))
    if digest in rules.inline_scripts:
        return ()
    return (("script", f"an inline script that is not pinned ({digest}); {FIX_SCRIPT}"),)


def _tag_verdict(name: str, blob: bytes, rules: Rules) -> tuple[tuple, bool]:
    """Problems with one tag, judged from the tag alone (cached by its exact bytes), and whether
    it opens an inline script whose text must be checked."""
    if name == "meta" and b"http-equiv" not in blob:
        return (), False  # only a refresh can send readers anywhere
    attrs = _attributes(blob)
    values = dict(attrs)
    found = []
    rel = set(values.get("rel", "").split())
    if name == "base":
        found.append(("resource", "a <base> element changes where every relative link on the page "
                      "goes; remove it"))
    if name == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
        target = values.get("content", "").partition(";")[2].strip()
        target = re.sub(r"(?i)^url\s*=\s*", "", target).strip("'\" ")
        if target and _url_problem(target, name, rules):
            found.append(("resource", "a <meta> refresh sends readers elsewhere; link to the page "
                          "instead"))
    for attr, value in attrs:
        loads = attr in _URL_ATTRS or (attr == "href" and name in _HREF_LOADS and
                                        not (name == "link" and rel and rel <= _LINK_NAVIGATION))
        if not loads:
            continue
        urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] \
            if attr == "srcset" else [value]
        for url in urls:
            problem = _url_problem(url, name, rules)
            if problem:
                found.append(("resource", f"<{name} {attr}=\"{url[:80]}\"> {problem}"))
    return tuple(found), name == "script" and "src" not in values


def _url_problem(url: str, tag: str, rules: Rules) -> str | None:
    """Why the browser must not fetch ``url`` for this tag, or None."""
    clean = _WHITESPACE.sub("", url).replace("\\", "/").lower()
    scheme = _SCHEME.match(clean)
    if scheme:
        name = scheme.group(1)
        if name == "data":
            if tag in _DATA_IMAGES and clean.startswith("data:image/"):
                return None
            return "loads a data: address; ship the file in theme/assets instead"
        if name in ("http", "https"):
            host = urlsplit(clean).hostname
            if host and host in rules.own_hosts:
                return None
        return f"loads from {name}: (another host or a script); everything must come from this site"
    if clean.startswith("//"):
        return "loads from another host; everything must come from this site"
    return None


def audit_page(data: bytes, path: str, rules: Rules, seen: dict | None = None) -> list[Problem]:
    """The findings for one page's bytes (``path`` is how the finding names the file)."""
    return _Page(data, path, rules, {} if seen is None else seen).check()


# ------------------------------------------------------------------ the whole site

def html_files(site_dir: str) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(site_dir):
        dirs.sort()
        found += [os.path.join(folder, name) for name in sorted(files) if name.endswith((".html", ".htm"))]
    return found


def _audit_files(args: tuple[list[str], str, str, Rules]) -> list[Problem]:
    paths, site_dir, display, rules = args
    seen: dict = {}
    found: list[Problem] = []
    skip = len(os.path.join(site_dir, ""))
    for path in paths:
        with open(path, "rb") as handle:
            data = handle.read()
        if len(seen) > 20_000:  # tags unique to one page would otherwise pile up
            seen.clear()
        shown = display + "/" + path[skip:].replace(os.sep, "/")
        found += audit_page(data, shown, rules, seen)
        if len(found) >= MAX_FINDINGS:
            break
    return found


def audit_site(site_dir: str, rules: Rules, display: str = "site", workers: int | None = None) -> list[Problem]:
    """Every finding in every HTML file under ``site_dir`` (named as ``display``/...)."""
    paths = html_files(site_dir)
    workers = workers or min(os.cpu_count() or 1, 8)
    if workers < 2 or len(paths) < PARALLEL_FROM:
        return sorted(_audit_files((paths, site_dir, display, rules)))
    chunks = [paths[i::workers * 4] for i in range(workers * 4)]
    found: list[Problem] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(_audit_files, [(c, site_dir, display, rules) for c in chunks]):
            found += result
    return sorted(found)


def audit_paths(site_dir: str, paths: list[str], rules: Rules, display: str = "site") -> list[Problem]:
    """The findings in the listed files (relative to ``site_dir``) that exist: the pages a build
    wrote without auditing them on the way (hand-written pages, copied files, theme templates)."""
    full = sorted({os.path.join(site_dir, p) for p in paths if os.path.isfile(os.path.join(site_dir, p))})
    return sorted(_audit_files((full, site_dir, display, rules)))


def check_site(site_dir: str, site_url: str | None = None, display: str = "site") -> None:
    """Raise CatalogError listing the findings, if any (the build then stops, unpublished)."""
    found = audit_site(site_dir, Rules.default(site_url), display)
    if found:
        raise CatalogError(found[:MAX_FINDINGS])


def main(argv: list[str] | None = None) -> int:
    """`python -m generator.audit SITE [SITE_URL]`: audit a built site, print findings and time."""
    import sys
    import time

    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m generator.audit SITE_DIR [SITE_URL]", file=sys.stderr)
        return 2
    started = time.perf_counter()
    found = audit_site(args[0], Rules.default(args[1] if len(args) > 1 else None),
                       display=os.path.basename(os.path.abspath(args[0])))
    for problem in found:
        print(problem, file=sys.stderr)
    print(f"{len(html_files(args[0]))} pages audited in {time.perf_counter() - started:.2f}s, "
          f"{len(found)} findings")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
