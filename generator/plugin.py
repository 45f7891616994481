"""The MkDocs plugin: event hooks that hand MkDocs' pages to the core build (build.py).

``navigator build`` starts the build itself and gives the plugin its session
(mkdocs_engine.py); ``mkdocs build`` and ``mkdocs gh-deploy`` start one here and finish it at
``on_post_build``, through the same staging, audit and swap. ``serve`` hands each rebuild to the
live preview (preview.py).
"""

from __future__ import annotations

from typing import Any

from . import mkdocs_compat  # noqa: F401  (before MkDocs: ProperDocs stands in where installed)
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from . import build, csp, mkdocs_engine, mkdocs_languages, overlay, pages, pipeline, preview, shell
from .errors import CatalogError


class NavigatorPlugin(BasePlugin[mkdocs_engine.NavigatorConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.given: build.Build | None = None  # the session of navigator build (mkdocs_engine)
        self.session: build.Build | None = None  # that one, or one this plugin started
        self.languages = mkdocs_languages.Languages(("en",))  # the session's, from on_config
        self._files: Any = None  # this build's files (on_files), for the language switch's targets
        self._env: Any = None  # the theme's Jinja environment (on_env), for the other 404 pages
        self._404_context: dict = {}  # the default 404 page's context, for the other languages'

    @property
    def failure(self) -> CatalogError | None:
        return self.session.failure if self.session else None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config):
        serving = self.command == "serve"
        if serving:
            preview.edited()
        if not config.use_directory_urls:
            raise PluginError("navigator: set use_directory_urls: true in mkdocs.yml (catalog pages "
                              "live at folder addresses such as regions/ohio/)")
        self.session = self.given
        if self.given is None:  # MkDocs' own command: the session starts and ends here
            self.session = build.Build(mkdocs_engine.options(config, self.config), preview=serving)
            if serving:
                self._guard(preview.start, self.session)
            else:
                self._guard(self.session.start, mkdocs_engine.key_of_inputs(config, self))
        if serving:
            preview.validated(self.session, config.site_url or "")
        config.site_dir = self.session.site_dir
        self.languages = mkdocs_languages.Languages(self.session.options.languages or
                                                    (self.session.options.language,))
        if len(self.languages.codes) > 1:
            # Shows the theme's language menu (partials/alternate.html, the switch). True, not a
            # list: the theme would also link every page to the languages' home pages.
            config.extra["alternate"] = True
        mkdocs_engine.add_theme(config)  # after the stamp key: navigator build takes it before too
        self.session.asset_folders = [config.docs_dir, *config.theme.dirs]
        mkdocs_engine.warn_about(config)
        self.stylesheets = mkdocs_engine.take_stylesheets(config)  # after the warnings read them
        mkdocs_engine.check_stylesheets(config, self.stylesheets[0], self.session)
        return config

    def on_template_context(self, context, *, template_name, config):
        # The 404 page is a theme template, not a page: it gets the crisis bar here.
        context["navigator_crisis"] = self.session.crisis_bar(False)
        homes = self.languages.homes(context.get("base_url", ""), self.languages.default)
        context.update(self._language_context(self.languages.default, homes))
        context["navigator_hreflang"] = False  # an error page has no versions to announce
        if template_name == "404.html":
            context["navigator_404"] = self._404_sections(context.get("base_url", ""), self.languages.default)
            self._404_context = dict(context)
        return context

    def on_post_template(self, output_content, *, template_name, config):
        # GitHub Pages answers every missing address with /404.html; each other language gets
        # its own copy at es/404.html, for forks on hosts that serve one per folder.
        if template_name == "404.html":
            for code in self.languages.codes[1:]:
                self._other_404(code)
        return self.session.with_bundles(output_content)

    def on_files(self, files, *, config):
        s = self.session
        s.unaudited = [f.dest_uri for f in files if not f.is_documentation_page()
                       and f.dest_uri.lower().endswith((".html", ".htm"))]
        s.unaudited += sorted(t for t in config.theme.static_templates if t.endswith((".html", ".htm")))
        # Catalog pages link to these; a fork that has not written its own gets ours (in each
        # language, titled in it).
        for code, t in self.languages.translators.items():
            stand_ins = {**pipeline.default_pages(t.gettext), **pipeline.catalog_nav_pages(t.gettext)}
            for src_uri, content in stand_ins.items():
                if files.get_file_from_path(t.prefix + src_uri) is None:
                    files.append(File.generated(config, t.prefix + src_uri, content=content))
            for depth in (1, 2):
                files.append(File.generated(config, shell.shell_path(depth, t.prefix),
                                            content=shell.SHELL_MARKDOWN, inclusion=InclusionLevel.NOT_IN_NAV))
            files.append(File.generated(config, shell.shell_path(shell.LISTING_DEPTH, t.prefix, shell.LISTING),
                                        content=shell.LISTING_MARKDOWN, inclusion=InclusionLevel.NOT_IN_NAV))
        if self.session.options.other_language_listings != pages.EVERY_LISTING and len(self.languages.codes) > 1:
            # Listings without a page in another language (pages.TRANSLATED_LISTINGS): the
            # default language's page is filled into a shell that has no counterpart there.
            files.append(File.generated(config, shell.shell_path(shell.LISTING_DEPTH, "", shell.LISTING_ALONE),
                                        content=shell.LISTING_MARKDOWN, inclusion=InclusionLevel.NOT_IN_NAV))
        self.languages.mark_files(files)
        s.pages = [f.dest_uri for f in files.documentation_pages()]
        self._files = files
        return files

    def on_nav(self, nav, *, config, files):
        self.languages.make_navs(nav, files, config)
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        if self._is_shell(page):
            return markdown
        try:
            self.session.check_page(markdown, mkdocs_engine.source_path(page, config),
                                    mkdocs_engine.first_line(page, markdown))
        except CatalogError as exc:
            if self.command == "serve" and overlay.OVERLAY.noted(exc):
                return markdown  # shown on every page, like a catalog error
            raise PluginError("\n" + exc.report()) from None
        return markdown

    def on_page_content(self, html, *, page, config, files):
        if self._is_shell(page):
            return shell.CONTENT_MARK
        return self.session.page_html(html, page.url, page.title, page.meta)

    def on_env(self, env, *, config, files):
        env.globals["navigator_csp"] = csp.policy(pinned=False)  # no page but the 404 runs inline code
        env.globals["navigator_csp_pinned"] = csp.policy()
        env.globals["navigator_styles"], env.globals["navigator_other_css"] = self.stylesheets
        self._env = env
        return env

    def on_page_context(self, context, *, page, config, nav):
        is_shell = self._is_shell(page)
        context["navigator_crisis"] = self.session.crisis_bar(is_shell, page.url)
        context["navigator_shell"] = is_shell
        code = self.languages.split(page.url)[0]
        context["nav"] = self.languages.navs.get(code, nav)
        alone = is_shell and shell.shell_layout(self.languages.split(page.file.src_uri)[1]) == shell.LISTING_ALONE
        context.update(self._language_context(code, self.languages.alternates(
            page.file.src_uri, page.url, self._files, config.site_url,
            shell.PATH_MARK if is_shell else None, alone)))
        return context

    def _language_context(self, code: str, alternates: list) -> dict:
        """What the theme's language pieces read (partials/language.html, alternate.html,
        navigator-i18n.html)."""
        t = self.languages.translators[code]
        return {"navigator_lang": code, "navigator_alternates": alternates,
                "_": t.gettext, "navigator_home": t.prefix}

    def _404_sections(self, base_url: str, first: str) -> list[dict]:
        """The 404 page's part in each language, ``first`` first (partials/page-not-found.html):
        its words, home, crisis bar and switch; the ids of all but the default language's carry
        its code, as GitHub Pages serves the one page for every language's missing addresses."""
        session = self.session
        assert session is not None  # set by on_config, before any page or template
        out = []
        for code in sorted(self.languages.codes, key=lambda c: c != first):
            t = self.languages.translators[code]
            own = f"-{code}" if t.prefix else ""
            # The bar and its jump link, with ids of their own in every language but the default.
            bar = session.crisis_bar(False, t.prefix, anchor="rn-crisis" + own)
            out.append({"code": code, "folder": t.prefix, "own": own, "gettext": t.gettext,
                        "home": base_url.rstrip("/") + "/" + t.prefix,
                        "crisis": bar,
                        "alternates": self.languages.homes(base_url, code),
                        "jump": f"{mkdocs_languages.language_name(code)}: {t.gettext('Page not found')}"})
        return out

    def _other_404(self, code: str) -> None:
        """The 404 page in ``code``: the theme's template again, with that language's context."""
        import os

        t, session = self.languages.translators[code], self.session
        assert session is not None  # set by on_config, before any page or template
        base_url = self._404_context.get("base_url", "")
        context = {**self._404_context, "nav": self.languages.navs.get(code),
                   "navigator_crisis": session.crisis_bar(False, t.prefix),
                   "navigator_404": self._404_sections(base_url, code),
                   **self._language_context(code, self.languages.homes(base_url, code))}
        html = session.with_bundles(self._env.get_template("404.html").render(context))
        folder = os.path.join(session.site_dir, t.prefix)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "404.html"), "w", encoding="utf-8") as out:
            out.write(html)
        session.unaudited.append(t.prefix + "404.html")

    def on_post_page(self, output, *, page, config):
        if self._is_shell(page):
            code, inside = self.languages.split(page.url)
            layout = shell.shell_layout(self.languages.split(page.file.src_uri)[1])
            try:
                self.session.add_shell(inside.count("/"), output, page.canonical_url, code, layout)
            except (ValueError, OSError) as exc:  # a theme template the shells cannot use
                template = "navigator-listing.html" if layout == shell.LISTING else "main.html"
                raise PluginError(f"navigator: the theme's {template} cannot hold catalog pages: {exc}") from None
        else:
            self.session.unaudited.append(page.file.dest_uri)
            output = self.session.with_bundles(output)
        return output

    def on_post_build(self, *, config):
        if self.command == "serve":
            preview.rebuilt(self.session)
        elif self.given is None:
            self._guard(self.session.finish)
            config.site_dir = self.session.options.site_dir

    def on_build_error(self, *, error):
        if self.session is not None and self.given is None:
            self.session.discard()

    def on_serve(self, server, *, config, builder):
        return preview.serve(server, config, self.session)

    def _guard(self, step, *args):
        """Run a core step; its CatalogError becomes MkDocs' PluginError (the report is kept
        on the session for the command line)."""
        try:
            return step(*args)
        except CatalogError as exc:
            raise PluginError("\n" + exc.report()) from None

    def _is_shell(self, page) -> bool:
        return self.languages.split(page.file.src_uri)[1].startswith("navigator-shell")
