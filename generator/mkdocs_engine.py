"""The MkDocs 1.6 engine (engine.py): loads mkdocs.yml into build Options, renders the
hand-written pages by running MkDocs (the plugin's hooks hand them to the core), and publishes
with ghp-import the way ``mkdocs gh-deploy`` does. ProperDocs, the maintained fork of MkDocs 1.6,
runs the same code.

Everything that knows MkDocs' configuration lives here or in plugin.py; cli.py only calls it.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Mapping

from .mkdocs_compat import engine_name  # before MkDocs: ProperDocs stands in where installed
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from . import build as core
from . import budget, contrast, geocode, pages, pipeline, publish, stamp
from .engine import Session

PLUGIN = "navigator"
# Plugins whose output depends only on the pages: with no other, the engine's run can be kept.
REPLAYABLE_PLUGINS = frozenset({PLUGIN, "search", "material/search"})
SNIPPETS = "pymdownx.snippets"  # the Markdown extension that puts other files' text in a page
ERRORS = (PluginError, Abort, ConfigurationError)  # MkDocs' ways of saying a build failed


class MkDocsEngine:
    """Renders the hand-written pages of one build with MkDocs."""

    name = "mkdocs"

    def __init__(self, config) -> None:
        self.config = config

    def render(self, session: Session) -> None:
        from mkdocs.commands.build import build

        config = self.config
        plugin, final = config.plugins[PLUGIN], config.site_dir
        plugin.given = session  # the plugin serves this build instead of starting its own
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            plugin.given = None
            config.site_dir = final  # the plugin pointed MkDocs at the staging folder
        config.plugins.on_shutdown()

    def inputs_key(self, session) -> str | None:
        """What MkDocs reads to render the hand-written pages, but the catalog (engine_replay.py):
        the files of the project, content, theme and code folders by their bytes (the catalog's
        too where pages can include files), the settings as loaded, the build's options and the
        date. None with a plugin besides ours and search: another plugin may read what no key
        here sees (a page's git history, say)."""
        config = self.config
        if set(config.plugins) - REPLAYABLE_PLUGINS:
            return None
        catalog = session.run.catalog
        root = os.path.abspath(catalog.root_dir)
        skip_files = [os.path.join(root, path) for path in catalog.files]
        skip_files.append(geocode.cache_path(root))
        if SNIPPETS in config.markdown_extensions:
            skip_files = []  # a page may include any file, a catalog file too: each edit counts
        project, site = project_dir(config), os.path.abspath(config.site_dir)
        roots = [project, config.docs_dir, theme_dir(), os.path.dirname(os.path.abspath(__file__))]
        if config.theme.custom_dir:
            roots.append(config.theme.custom_dir)
        name = os.path.basename(site)
        options = sorted((k, v) for k, v in vars(session.options).items() if k != "reuse")
        settings = {"mkdocs": _plain(config), "options": repr(options), "date": pipeline.build_date().isoformat()}
        return stamp.contents(roots, [site, session.options.cache_dir],
                              (f".{name}-build-", f".{name}-old-", f".{name}-spare"), skip_files, settings)


def load(config_file: str, site_dir: str | None = None, search: bool = True, pdf: bool = False):
    """MkDocs' settings and the navigator plugin in them, with the command line's choices."""
    from mkdocs.config import load_config

    config = load_config(config_file, **({"site_dir": site_dir} if site_dir else {}))
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise ConfigurationError(f"{config_file}: add `- navigator` under `plugins:`")
    plugin.config.search = plugin.config.search and search
    plugin.config.pdf = plugin.config.pdf or pdf
    return config, plugin


def serve(config_file: str, dev_addr: str) -> None:
    """MkDocs' live-reload server; the plugin hands every rebuild to the preview."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(config_file, dev_addr=dev_addr, livereload=True)


class BudgetConfig(Config):
    """site_budget: what the built site may reach (budget.py); the defaults fit GitHub Pages."""

    megabytes = c.Type(int, default=budget.DEFAULT_MEGABYTES)
    files = c.Type(int, default=budget.DEFAULT_FILES)
    whole_exports = c.Type(int, default=budget.Budget.whole_exports)
    plain_exports = c.Type(int, default=budget.Budget.plain_exports)


class NavigatorConfig(Config):
    catalog = c.Type(str, default="resources.yaml")
    cache_dir = c.Type(str, default=".cache/navigator")
    search = c.Type(bool, default=True)
    search_split_at = c.Optional(c.Type(int))  # listings above which search goes area by area
    atomic = c.Type(bool, default=True)
    pdf = c.Type(bool, default=False)
    pdf_paper = c.Choice(("letter", "a4"), default="letter")
    pdf_browser = c.Type(str, default="/usr/bin/chromium")
    site_budget = c.SubConfig(BudgetConfig)
    # The correction loop (corrections.py, admin.py): the GitHub repository (owner/name) that
    # takes reports and edits, its branch, and an address for reports by email.
    repository = c.Type(str, default="")
    branch = c.Type(str, default="main")
    report_email = c.Type(str, default="")
    # The site's languages, the default first (each other one under its own folder, es/);
    # empty: the theme's language alone.
    languages = c.ListOfItems(c.Type(str), default=[])
    # Which listings have a page in the other languages: every one, or those with their own
    # translation (pages.TRANSLATED_LISTINGS; a national catalog's way into GitHub Pages' 1 GB).
    # Checked by the core (build.Options.problems), whose message names the line and the fix.
    other_language_listings = c.Type(str, default=pages.EVERY_LISTING)


def options(config, plugin_config) -> core.Options:
    """The build's settings from mkdocs.yml and the plugin's options."""
    base = project_dir(config)
    return core.Options(
        catalog=os.path.join(base, plugin_config.catalog),
        cache_dir=os.path.join(base, plugin_config.cache_dir),
        site_dir=config.site_dir, site_url=config.site_url, site_name=config.site_name,
        language=site_languages(config, plugin_config)[0],
        languages=site_languages(config, plugin_config),
        languages_line=option_line(config.config_file_path, "languages"),
        other_language_listings=plugin_config.other_language_listings,
        other_language_listings_line=option_line(config.config_file_path, "other_language_listings"),
        config_file=os.path.basename(config.config_file_path or "mkdocs.yml"),
        search=plugin_config.search, search_split_at=plugin_config.search_split_at,
        atomic=plugin_config.atomic, pdf=plugin_config.pdf, pdf_paper=plugin_config.pdf_paper,
        pdf_browser=plugin_config.pdf_browser, site_budget=site_budget(config, plugin_config),
        project_dir=base, repository=plugin_config.repository, repo_url=config.repo_url,
        branch=plugin_config.branch, report_email=plugin_config.report_email)


def site_languages(config, plugin_config) -> tuple[str, ...]:
    """The plugin's languages, or else the theme's one."""
    return tuple(plugin_config.languages) or (config.theme.get("language") or "en",)


def site_budget(config, plugin_config) -> budget.Budget:
    """The site_budget settings, with the lines of mkdocs.yml they were written on."""
    limits = plugin_config.site_budget
    lines = setting_lines(config.config_file_path, budget.SETTING)
    return budget.Budget(limits.megabytes, limits.files,
                         {k: v for k, v in lines.items()
                          if k in ("megabytes", "files", "whole_exports", "plain_exports")},
                         lines.get(PLUGIN, 1), limits.whole_exports, limits.plain_exports)


def option_line(config_file: str | None, option: str) -> int:
    """The line of the plugin's ``option:`` in mkdocs.yml (the first after the plugin's own
    line); 1 when it cannot be found."""
    start = setting_lines(config_file, option).get(PLUGIN)
    if start is None:
        return 1
    with open(config_file or "mkdocs.yml", encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    key = re.compile(rf"\s+{re.escape(option)}\s*:")
    return next((n for n, text in enumerate(lines[start:], start + 1) if key.match(text)), 1)


def setting_lines(config_file: str | None, option: str) -> dict[str, int]:
    """Lines (from 1) in mkdocs.yml of the navigator plugin's entry (key PLUGIN) and of the keys
    under its ``option``; {} when the file cannot be read as YAML (errors then name line 1).
    MkDocs keeps no positions, so the file is composed again: nodes only, no tags run."""
    import yaml

    try:
        with open(config_file or "mkdocs.yml", encoding="utf-8") as handle:
            root = yaml.compose(handle, Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return {}
    plugins = _child(root, "plugins")
    # plugins: is a list of names and one-key mappings, or one mapping of them all
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    for entry in entries:
        if isinstance(entry, yaml.ScalarNode) and entry.value == PLUGIN:
            return {PLUGIN: entry.start_mark.line + 1}
        settings = _child(entry, PLUGIN)
        if settings is not None:
            key = next(k for k, _v in entry.value if k.value == PLUGIN)
            found = {PLUGIN: key.start_mark.line + 1}
            under = _child(settings, option)
            if isinstance(under, yaml.MappingNode):
                found.update((k.value, k.start_mark.line + 1) for k, _v in under.value)
            return found
    return {}


def _child(node, key: str):
    """The value under ``key`` of a YAML mapping node; None when absent or not a mapping."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def theme_dir() -> str:
    """The navigator theme: inside the package when installed from a wheel (setup.py copies
    it there), theme/ beside the package in a checkout or an editable install."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "theme")
    return packaged if os.path.isdir(packaged) else os.path.join(os.path.dirname(here), "theme")


def add_theme(config) -> None:
    """Put the navigator theme above Material and below the project's own custom_dir, the way
    MkDocs plugins add templates; a project whose custom_dir is that theme has it already."""
    ours, dirs = theme_dir(), config.theme.dirs
    if not os.path.isdir(ours) or any(os.path.isdir(d) and os.path.samefile(d, ours) for d in dirs):
        return
    dirs.insert(1 if config.theme.custom_dir else 0, ours)


def project_dir(config) -> str:
    return os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))


def build(config, plugin, reuse: bool = True) -> core.Build:
    """The whole build through the core, MkDocs rendering the hand-written pages; ``reuse``
    keeps the previous site's files whose inputs are unchanged (buildcache.py)."""
    settings = options(config, plugin.config)
    settings.reuse = reuse
    return core.build(settings, MkDocsEngine(config), key_of_inputs(config, plugin))


def build_unless_current(config, plugin, force: bool = False) -> bool:
    """Build the site unless it is already current (``up_to_date``) and ``force`` is not set;
    True when there was nothing to do. ``force`` also makes every file again."""
    if not force and up_to_date(config, plugin):
        return True
    build(config, plugin, reuse=not force)
    return False


def deploy(config, message: str | None = None) -> None:
    """Publish the built site to the gh-pages branch (MkDocs' own step, ghp-import)."""
    from mkdocs.commands.gh_deploy import gh_deploy

    gh_deploy(config, message=message)


def up_to_date(config, plugin) -> bool:
    """Whether ``config.site_dir`` is the site a complete build made from exactly the present
    inputs (stamp.py), so ``navigator build`` has nothing to do; the folders of killed builds
    are cleared then too, as a build would have."""
    if not (plugin.config.atomic and stamp.is_current(_cache_dir(config, plugin), config.site_dir,
                                                      key_of_inputs(config, plugin))):
        return False
    publish.clean_stale(config.site_dir)
    return True


def key_of_inputs(config, plugin) -> str | None:
    """The stamp key: the project's files, the content, theme and catalog folders, the
    generator's code, MkDocs' settings as loaded (``!ENV`` values included) and the day."""
    if not plugin.config.atomic:
        return None
    settings = {"mkdocs": _plain(config), "site": os.path.abspath(config.site_dir),
                "date": pipeline.build_date().isoformat()}
    if plugin.config.pdf:
        settings["browser"] = _plain(_file_facts(plugin.config.pdf_browser))
    project = project_dir(config)
    roots = [project, config.docs_dir, os.path.dirname(os.path.join(project, plugin.config.catalog))]
    if config.theme.custom_dir:
        roots.append(config.theme.custom_dir)
    site = os.path.abspath(config.site_dir)
    name = os.path.basename(site)
    skip = [site, _cache_dir(config, plugin)]
    code = os.path.dirname(os.path.abspath(__file__))
    # The staging folders and the spare (publish.py) are the build's own output, never inputs.
    return stamp.key([*roots, code], skip, (f".{name}-build-", f".{name}-old-", f".{name}-spare"), settings)


def source_path(page, config) -> str:
    """The page's file as a coordinator would open it (relative to mkdocs.yml)."""
    if page.file.abs_src_path:
        return os.path.relpath(page.file.abs_src_path, project_dir(config))
    return page.file.src_uri


def first_line(page, markdown: str) -> int:
    """The file's line number of the Markdown's first line: MkDocs hands on the page without
    its front matter, and errors must name the line a writer sees in the file."""
    try:
        source = page.file.content_string
    except (OSError, UnicodeDecodeError):
        return 1
    if not markdown or not source.endswith(markdown):
        return 1
    return source[:len(source) - len(markdown)].count("\n") + 1


def _cache_dir(config, plugin) -> str:
    return os.path.join(project_dir(config), plugin.config.cache_dir)


def _plain(value):
    """MkDocs' loaded settings as plain data for the stamp key; objects without a stable form
    (their text shows a memory address) count by their kind, their source being in mkdocs.yml."""
    from mkdocs.plugins import BasePlugin

    if isinstance(value, BasePlugin):
        return _plain(value.config)
    if hasattr(value, "dirs") and hasattr(value, "items"):  # the theme
        return {"dirs": list(value.dirs), "settings": _plain(dict(value.items()))}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    text = str(value)
    return type(value).__name__ if " at 0x" in text else text


def _file_facts(path: str) -> list:
    try:
        info = os.stat(path)
    except OSError:
        return [path, None]
    return [path, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


class Errors(logging.Handler):
    """Holds MkDocs' error lines so a build failure is reported once, cleanly."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage().strip())


class _BelowErrors(logging.Filter):
    def filter(self, record):
        return record.levelno < logging.ERROR


def quiet_logging(verbose: bool) -> Errors:
    """MkDocs logs warnings and above (info with -v); errors are collected, not printed twice.
    Our own messages log as "mkdocs.plugins.navigator"; ProperDocs logs its own as
    "properdocs.*", so both names get the same handlers."""
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    console.addFilter(_BelowErrors())
    errors = Errors()
    for handler in (console, errors):
        setattr(handler, "_navigator", True)  # marks the handlers this module added
    for name in dict.fromkeys(("mkdocs", engine_name())):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
        logger.propagate = False
        for old in list(logger.handlers):
            if getattr(old, "_navigator", False):
                logger.removeHandler(old)
        logger.addHandler(console)
        logger.addHandler(errors)
    logging.getLogger("mkdocs.plugins.navigator").setLevel(logging.DEBUG if verbose else logging.INFO)
    return errors


# Material's own stylesheets, by the names its base.html links (they change with Material's
# version, which constraints.txt pins).
MATERIAL_CSS = "assets/stylesheets/main.57a0d79d.min.css"
PALETTE_CSS = "assets/stylesheets/palette.fb2fffe2.min.css"
_ADDRESS = re.compile(r"^([a-z][a-z0-9+.-]*:|/)|[?#]", re.I)


def take_stylesheets(config) -> tuple[list[str], list[str]]:
    """The site's stylesheets, in the order Material links them, as (the files inside the site
    that make its one stylesheet, bundles.py; the others, linked as they are). mkdocs.yml's
    extra_css moves here: Material would otherwise link each file again on every page."""
    extra = [str(path) for path in config.extra_css]
    config.extra_css = []
    own = [path for path in extra if path.endswith(".css") and not _ADDRESS.search(path)]
    names = [MATERIAL_CSS] + ([PALETTE_CSS] if config.theme.get("palette") else []) + own + \
        ["assets/navigator/printable.css", "assets/navigator/print.css"]
    return names, [path for path in extra if path not in own]


def check_stylesheets(config, names: list[str], session) -> None:
    """Make the site's one stylesheet before any page (the session keeps it for the pages), or
    refuse stylesheets it cannot hold (a missing file, an @import: bundles.py), naming
    mkdocs.yml's extra_css line."""
    try:
        session.bundle(names)
    except (ValueError, OSError) as exc:
        path = config.config_file_path or "mkdocs.yml"
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        line = next((n for n, text in enumerate(lines, 1) if re.match(r"extra_css\s*:", text)), 1)
        raise PluginError(f"{os.path.basename(path)}:{line}: extra_css: {exc}") from None


def config_warnings(config) -> list[str]:
    """Warnings about mkdocs.yml's theme: colours under WCAG AA (the placeholder site_url is
    the core build's warning: it depends on the catalog)."""
    folders = [config.docs_dir, config.theme.custom_dir or ""]
    return contrast.palette_warnings(dict(config.theme), list(config.extra_css), folders)


def warn_about(config) -> None:
    """Print config_warnings as the build's own warnings."""
    for warning in config_warnings(config):
        logging.getLogger("mkdocs.plugins.navigator").warning(warning)
