"""Which listings have a page in the site's other languages (other_language_listings), and how
pages, calendars, search documents and saved regions reach a listing that has none."""

from __future__ import annotations

import dataclasses

from export_catalogs import directories
from generator import offline, search
from generator.exporters import ics
from generator.i18n import Translator
from generator.model import Translation
from generator.pages import EVERY_LISTING, TRANSLATED_LISTINGS, has_listing_page
from generator.render import Renderer

LANGUAGES = ("en", "es")
SITE = "https://example.org/navigator/"


def entries():
    """A listing of the find catalog without a translation, and the same one with Spanish text."""
    plain = next(e for e in directories()["find"].entries if not e.res.translations)
    # translated_in is derived from the translations by enrich, so it changes with them
    own = dataclasses.replace(plain, res=plain.res.model_copy(
        update={"translations": {"es": Translation(name="Nombre propio")}}), translated_in=("es",))
    return plain, own


def spanish(listings: str) -> Renderer:
    return Renderer(directories()["find"], "en", "Navigator", SITE, None, None, LANGUAGES,
                    listings).for_language("es")


def test_every_listing_has_a_page_in_every_language_by_default():
    """With the default choice every language has every listing's page."""
    plain, _own = entries()
    assert has_listing_page(plain, "es", LANGUAGES, EVERY_LISTING)


def test_translated_choice_keeps_pages_of_listings_with_their_own_text():
    """With translated, another language has the pages of listings translated into it only;
    the default language keeps them all."""
    plain, own = entries()
    assert not has_listing_page(plain, "es", LANGUAGES, TRANSLATED_LISTINGS)
    assert has_listing_page(own, "es", LANGUAGES, TRANSLATED_LISTINGS)
    assert has_listing_page(plain, "en", LANGUAGES, TRANSLATED_LISTINGS)
    assert not has_listing_page(own, "fr", ("en", "es", "fr"), TRANSLATED_LISTINGS)


def test_spanish_links_lead_to_the_english_page_of_an_untranslated_listing():
    """A Spanish page's link to an untranslated listing climbs out of es/; a translated one's
    stays; from the site's root the addresses are resources/<id>/ and es/resources/<id>/."""
    plain, own = entries()
    t = spanish(TRANSLATED_LISTINGS).i18n
    assert t.listing_href(plain) == "../" + plain.url
    assert t.listing_href(own) == own.url
    assert t.listing_path(plain) == plain.url
    assert t.listing_path(own) == "es/" + own.url
    every = spanish(EVERY_LISTING).i18n
    assert every.listing_href(plain) == plain.url and every.listing_path(plain) == "es/" + plain.url


def test_listing_layout_without_counterpart():
    """The default language's page of an untranslated listing is filled into the shell that
    names no other language's version."""
    plain, own = entries()
    english = Renderer(directories()["find"], "en", "Navigator", SITE, None, None, LANGUAGES, TRANSLATED_LISTINGS)
    assert english.listing_layout(plain) == "listing-alone"
    assert english.listing_layout(own) == "listing"
    assert Renderer(directories()["find"], "en", "Navigator", SITE, None, None, LANGUAGES).listing_layout(plain) == "listing"


def test_spanish_jobs_skip_listings_without_a_spanish_page():
    """The Spanish renderer makes no page for an untranslated listing; the English one makes
    every listing's."""
    urls = {job.url for job in spanish(TRANSLATED_LISTINGS).page_jobs()}
    assert not any(url.startswith("resources/") for url in urls)  # the find catalog has no translation
    english = Renderer(directories()["find"], "en", "Navigator", SITE, None, None, LANGUAGES, TRANSLATED_LISTINGS)
    listed = {job.url for job in english.page_jobs() if job.url.startswith("resources/")}
    assert listed == {e.url for e in directories()["find"].entries}


def test_page_url_resolves_a_climb_out_of_the_language_folder():
    """An absolute page address from a language's base and a "../" path has no ".." left."""
    plain, _own = entries()
    assert plain.page_url(SITE + "es/", "../" + plain.url) == SITE + plain.url
    assert plain.page_url(SITE + "es/", plain.url) == SITE + "es/" + plain.url
    assert plain.page_url(SITE) == SITE + plain.url


def test_spanish_calendar_event_links_the_page_there_is():
    """A Spanish calendar's event URL is the English page of an untranslated meeting."""
    directory = directories()["find"]
    meeting = next(e for e in directory.entries if ics.has_dates(e, directory.today) and not e.res.translations)
    t = spanish(TRANSLATED_LISTINGS).i18n
    words = ics.Wording(t.gettext, "es", t.listing_href)
    assert ics.details(meeting, SITE + "es/", words)["url"] == SITE + meeting.url
    assert ics.details(meeting, SITE + "es/", ics.Wording(t.gettext, "es"))["url"] == SITE + "es/" + meeting.url


def test_spanish_search_document_names_the_page_there_is():
    """A region's Spanish search document gives each untranslated listing's heading the English
    page's address."""
    directory = directories()["find"]
    t = spanish(TRANSLATED_LISTINGS).i18n
    html = "".join(text for _name, text in search.documents(directory, [t]))
    assert 'id="es/resources/' not in html
    assert f'id="{directory.entries[0].url}"' in html


def test_saved_region_takes_the_default_language_page_where_there_is_no_other():
    """A saved region in Spanish holds a listing's Spanish page when the site has it, else
    the English one."""
    hashes = {"es/resources/a/index.html": "1", "resources/a/index.html": "2", "resources/b/index.html": "3"}
    assert offline._in_language("resources/a/", "es/", hashes) == "es/resources/a/"
    assert offline._in_language("resources/b/", "es/", hashes) == "resources/b/"
    assert offline._in_language("resources/b/", "", hashes) == "resources/b/"


def test_translator_alone_has_every_page():
    """A Translator no renderer set up names every listing's page in its own language."""
    plain, _own = entries()
    assert Translator("es", "es/").listing_path(plain) == "es/" + plain.url
