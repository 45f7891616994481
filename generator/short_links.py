"""Short links without a folder each: ``r/<code>/`` is answered by the site's 404 page
(GitHub Pages serves 404.html for any address it does not have), whose script finds the code in
a lookup page of the codes sharing its first two letters, ``r/<xy>.html``, and goes on to the
listing. The lookup pages are plain HTML, so a reader without scripts can follow them too, from
the list of all of them at ``r/`` that the 404 page links to.

A national catalog of 100,000 listings had 100,000 short-link folders (93 MB); this is at most
1,025 small pages (32 x 32 first letters and the list).

Another language's lookup pages (``es/r/``) hold only the listings with a page of their own in
it (other_language_listings: translated). A code they lack is looked up next in the default
language's pages, so ``es/r/<code>/`` still opens the listing, in the default language, with
no second table of every listing.

    files(renderer) -> Iterator[(path, bytes)]    # paths relative to the site
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Callable, Iterator

from markupsafe import Markup

from . import csp, share

if TYPE_CHECKING:
    from .pages import Renderer

SHARD = 2  # letters of the code that name its lookup page (theme/partials/page-not-found.js)
FOLDER = share.FOLDER


def lookup_page(code: str) -> str:
    """The site-relative address of the page that holds ``code``."""
    return f"{FOLDER}{code[:SHARD]}.html"


def files(renderer: "Renderer", kept: "Callable[..., bool] | None" = None) -> Iterator[tuple[str, bytes]]:
    """The lookup pages, in the order of their names, then the list of them. ``kept(path,
    listings it reads, *what else)`` says a page is the previous site's (side_files.files): it
    is then not made (rendering every lookup page again took 1.5 s of a national edit)."""
    d = renderer.directory
    shards: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    translator = renderer.i18n
    elsewhere = False  # some codes are only in the default language's pages
    for entry in d.entries:
        if translator.prefix and not translator.has_listing_page(entry):
            elsewhere = True  # the 404 page looks its code up there next
            continue
        code = renderer.short_codes[entry.id]
        name = entry.translated("name", renderer.i18n.language) or entry.res.name
        shards[code[:SHARD]].append((code, "../" + renderer.i18n.listing_href(entry), name))
    template = renderer.env.get_template("short_links.html")
    context = {"d": d, "csp_meta": Markup(csp.meta_tag(pinned=False))}
    # Each page shows the national crisis lines besides its links: their listings are read too.
    crisis = list(d.national_crisis)
    for prefix in sorted(shards):
        links = sorted(shards[prefix])
        if kept is None or not kept(lookup_page(prefix), crisis, repr(links)):
            html = template.render(**context, prefix=prefix, links=links)
            yield lookup_page(prefix), html.encode("utf-8")
    default_list = "../" * (translator.prefix.count("/") + 1) + FOLDER if elsewhere else ""
    pages = [(p, lookup_page(p)[len(FOLDER):]) for p in sorted(shards)]
    if kept is None or not kept(FOLDER + "index.html", crisis, repr(pages), default_list):
        html = template.render(**context, prefix="", pages=pages, default_list=default_list)
        yield FOLDER + "index.html", html.encode("utf-8")
