"""The boundary between the core and the engine that renders the hand-written pages.

The core (build.py) owns the build; an engine only turns the Markdown in ``docs_dir`` into pages
inside the theme, and renders the theme shell the catalog pages are filled into (shell.py).
MkDocs 1.6 (and ProperDocs, its maintained fork) is one engine: mkdocs_engine.py with the
plugin's event hooks. Another engine implements ``Engine.render`` with the same contract:

* before rendering, add the pages the catalog needs when the project has not written them
  (``pipeline.DEFAULT_PAGES`` and ``pipeline.CATALOG_NAV_PAGES``, source path -> Markdown), and
  the shell pages ``shell.shell_path(depth)`` for depths 1 and 2, with ``shell.SHELL_MARKDOWN``,
  and ``shell.shell_path(shell.LISTING_DEPTH, layout=shell.LISTING)`` with
  ``shell.LISTING_MARKDOWN`` (a listing's own page, in the theme's ``navigator-listing.html``),
  all left out of the navigation; an engine without the listing shell gets the whole page's;
  with ``Options.other_language_listings`` other than ``all``, also the default language's
  ``shell.shell_path(shell.LISTING_DEPTH, layout=shell.LISTING_ALONE)``, rendered as a page
  that exists in no other language (no hreflang links; the switch leads to the address a page
  gives instead of its own: ``Page.switch_path``, its region's);
* for every hand-written page: ``session.check_page(markdown, path, first_line)`` on its
  Markdown, ``session.page_html(html, url, title, meta)`` on its HTML,
  ``session.crisis_bar(is_shell)`` as the theme's crisis block (the national lines: ask the
  session for them, with ``anchor`` for a jump target of another id, never the catalog, so that
  every answer the pages depend on passes through the session), and ``session.with_bundles(html)``
  on the finished page (it names the site's bundles and puts in the fragments that waited for
  the end of the page); a shell page's content is ``shell.CONTENT_MARK``;
* with several languages (``Options.languages``), do the same for each further language under
  its folder (``es/``: ``es/navigator-shell.md``...), rendering each page with its language's
  theme strings, navigation and ``session.crisis_bar(is_shell, url)``;
* before rendering the shells, set ``session.asset_folders`` to the folders the site's files come
  from, first found first (the files a listing layout bundles are read there: bundles.py);
* hand the rendered shells back with ``session.add_shell(depth, html, canonical_url, language,
  layout)`` (depth counted inside the language's folder, layout ``shell.shell_layout(path)``), list
  the site paths of the hand-written pages in ``session.pages`` (search) and of every other
  HTML file written in ``session.unaudited`` (the audit reads them from disk);
* write everything into ``session.site_dir`` (the staging folder) and return; the core then
  writes the catalog pages and the rest, audits, and publishes.

The theme must put ``csp.policy(pinned=False)`` (``csp.policy()`` on a page with the pinned inline
script or style) in a ``<meta http-equiv="Content-Security-Policy">`` and keep
the shell's marks where they are (theme/main.html shows how).
"""

from __future__ import annotations

from typing import Protocol


class Session(Protocol):
    """What an engine sees of a build (build.Build)."""

    pages: list[str]
    unaudited: list[str]

    @property
    def site_dir(self) -> str: ...

    def check_page(self, markdown: str, path: str, first_line: int = 1) -> None: ...

    def page_html(self, html: str, url: str, title: str, meta: dict) -> str: ...

    def crisis_bar(self, is_shell: bool, url: str = "", anchor: str = "") -> str: ...

    def add_shell(self, depth: int, html: str, canonical_url: str | None, language: str = "",
                  layout: str = "page") -> None: ...

    def bundle(self, names: list[str], gettext=str) -> tuple[str, bytes]: ...

    def with_bundles(self, html: str) -> str: ...


class Engine(Protocol):
    """Renders the hand-written pages and the theme shells of one build."""

    name: str

    def render(self, session: Session) -> None:
        """Write the hand-written pages into ``session.site_dir`` (see the module's contract);
        raises CatalogError for a problem in a page."""
        ...

    # Optional: ``inputs_key(session) -> str | None``, a digest of everything the engine reads
    # but the catalog (files, settings, packages, the date), or None when it cannot say. With
    # it, a build whose key and every answer of the core are the previous build's keeps that
    # build's pages instead of rendering them again (engine_replay.py).
