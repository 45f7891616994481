"""The site's languages on the MkDocs side: which language a page is in, the navigation each
language shows, and the links from a page to the same page in the other languages.

The default language's pages are the docs folder as it is; every other language mirrors it in a
folder named for it (content/es/guides/boundaries.md is the Spanish guides/boundaries.md, at
/es/guides/boundaries/). The navigation configured in mkdocs.yml is the default language's; the
others' is made from it: each page that has a counterpart in the language, titled by that page
(its own heading), sections titled through the language's catalogue, pages without a
counterpart left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.utils import nest_paths

from .i18n import Translator, prefix


@dataclass(frozen=True)
class Alternate:
    """One language's version of the page being rendered."""

    lang: str
    name: str  # the language's own name (Español), as its readers look for it
    href: str  # relative to the page, so that the site works wherever it is published
    absolute: str  # under site_url; "" without one
    current: bool
    same_page: bool = True  # False: the page is not in this language, href is its home


class Languages:
    """The site's languages (the default first) for one MkDocs build."""

    def __init__(self, languages: tuple[str, ...]):
        self.codes = languages
        self.translators = {code: Translator(code, prefix(code, languages)) for code in languages}
        self.navs: dict[str, Navigation] = {}

    @property
    def default(self) -> str:
        return self.codes[0]

    def split(self, path: str) -> tuple[str, str]:
        """(language, path inside it) of a source path or URL of the site."""
        for code in self.codes[1:]:
            if path.startswith(code + "/"):
                return code, path[len(code) + 1:]
        return self.default, path

    def mark_files(self, files) -> None:
        """Keep the other languages' pages out of the default language's navigation (they get
        navigations of their own in make_navs)."""
        for file in files.documentation_pages():
            if self.split(file.src_uri)[0] != self.default:
                file.inclusion = InclusionLevel.NOT_IN_NAV

    def make_navs(self, nav: Navigation, files, config) -> None:
        """The default language's navigation is MkDocs' own; the others' are made from it."""
        self.navs = {self.default: nav}
        configured = config["nav"]
        for code in self.codes[1:]:
            folder = prefix(code, self.codes)
            if configured is not None:
                data = _mirror(configured, folder, files, self.translators[code].gettext)
            else:
                inside = [f.src_uri[len(folder):] for f in files.documentation_pages()
                          if f.src_uri.startswith(folder) and "navigator-shell" not in f.src_uri]
                data = _mirror(nest_paths(sorted(inside)), folder, files, self.translators[code].gettext)
            try:
                config["nav"] = data
                other = get_navigation(files, config)
            finally:
                config["nav"] = configured
            home = files.get_file_from_path(folder + "index.md")
            other.homepage = home.page if home is not None else None
            self.navs[code] = other

    def alternates(self, src_uri: str, url: str, files, site_url: str | None,
                   path_mark: str | None = None, alone: bool = False) -> list[Alternate]:
        """Every language's version of the page at ``src_uri`` / ``url``: the same page when
        it exists in that language, else that language's home (its find page while it has no
        home page written: that one the catalog always has). ``path_mark`` stands for the
        page's address inside its language (the shells of catalog pages, which exist in every
        language, but for an ``alone`` shell's: pages of the default language only, whose
        switch leads to the address the page gives in place of its own, its region's)."""
        current, inside_src = self.split(src_uri)
        inside_url = path_mark if path_mark is not None else self.split(url)[1]
        up = "../" * url.count("/")
        base = site_url.rstrip("/") + "/" if site_url else ""
        out = []
        for code in self.codes:
            folder = prefix(code, self.codes)
            if path_mark is not None:
                # A shell leads to the address its page fills in, in every language; an alone
                # shell's page exists in its own language only (no hreflang to the others).
                exists, target = code == current or not alone, folder + inside_url
            else:
                exists = files.get_file_from_path(folder + inside_src) is not None
                home = "" if files.get_file_from_path(folder + "index.md") is not None else "find/"
                target = folder + (inside_url if exists else home)
            out.append(Alternate(code, language_name(code), up + target, base + target if base else "",
                                 code == current, exists))
        return out


    def homes(self, base_path: str, current: str) -> list[Alternate]:
        """Each language's home page, for a page that exists in no language (the 404 page,
        whose addresses start at ``base_path``, the path of site_url)."""
        base = base_path.rstrip("/") + "/"
        return [Alternate(code, language_name(code), base + prefix(code, self.codes), "", code == current,
                          False) for code in self.codes]


def language_name(code: str) -> str:
    """A language's name in itself, capitalised as a menu item (Español, English)."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def _mirror(data, folder: str, files, gettext):
    """mkdocs.yml's nav for the language in ``folder``: pages with a counterpart there, as bare
    paths (so that each takes its title from the page), sections translated, links kept."""
    if isinstance(data, str):
        return _page(data, folder, files)
    if isinstance(data, list):
        items = [_mirror(item, folder, files, gettext) for item in data]
        return [item for item in items if item]
    if isinstance(data, dict):
        out: list = []
        for title, value in data.items():
            if isinstance(value, str) and "://" in value:
                out.append({gettext(title): value})
            elif isinstance(value, str):
                found = _page(value, folder, files)
                if found:
                    out.append(found)
            else:
                children = _mirror(value, folder, files, gettext)
                if children:
                    out.append({gettext(title): children})
        return out if len(out) != 1 else out[0]
    return None


def _page(path: str, folder: str, files) -> str | None:
    if "://" in path:
        return path
    return folder + path if files.get_file_from_path(folder + path) is not None else None
