"""The correction loop's links: "Report a change" (a prefilled GitHub issue form), the email
alternative, and "Edit this listing" (GitHub's web editor at the listing's file).

They are plain links built at build time: a page makes no request until one is tapped, and a
site with no repository configured shows none of them. The repository comes from the plugin's
``repository`` setting (GitHub Actions' GITHUB_REPOSITORY through ``!ENV`` in the shipped
mkdocs.yml), or from MkDocs' own ``repo_url`` when that names a GitHub repository.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .errors import CatalogError, Problem

GITHUB = "https://github.com/"
# The issue form in .github/ISSUE_TEMPLATE/; its field ids are the query's keys below.
FORM = "report-a-change.yml"
FORM_FIELDS = ("listing", "source", "page")
_REPOSITORY = re.compile(r"^(?:https?://github\.com/)?([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/"
                         r"[A-Za-z0-9._-]{1,100}?)(?:\.git)?/?$")
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")


@dataclass(frozen=True)
class Settings:
    """``repository`` is "owner/name" (empty: no links); ``base`` is the folder paths in the
    repository start from (the folder of mkdocs.yml)."""

    repository: str = ""
    branch: str = "main"
    email: str = ""
    base: str = "."


@dataclass(frozen=True)
class Links:
    report: str
    edit: str
    email: str
    source: str  # "catalog/ohio.yaml:12", as shown on the page
    file: str
    line: int


def settings(repository: str, repo_url: str | None, branch: str, email: str, base: str,
             config_file: str = "mkdocs.yml") -> Settings:
    """The settings from mkdocs.yml, or CatalogError naming the setting and the fix."""
    problems = []
    name = ""
    value = (repository or "").strip()
    if value:
        match = _REPOSITORY.match(value)
        if not match:
            problems.append(Problem(config_file, 1, 1, "repository", f"{value!r} is not a GitHub "
                                    "repository; write owner/name, for example my-org/recovery-navigator"))
        else:
            name = match.group(1)
    elif repo_url:
        match = _REPOSITORY.match(repo_url.strip())
        name = match.group(1) if match else ""  # another host's repository: no GitHub links
    email = (email or "").strip()
    if email and not _EMAIL.match(email):
        problems.append(Problem(config_file, 1, 1, "report_email", f"{email!r} is not an email "
                                "address; write one such as listings@example.org, or leave it out"))
    if problems:
        raise CatalogError(problems)
    return Settings(name, (branch or "main").strip(), email, base)


def links(settings: Settings, origin: tuple[str, int], root_dir: str, listing: str, name: str,
          page_url: str) -> Links | None:
    """The links for one listing (``origin`` as validate.Catalog.origins records it)."""
    if not settings.repository:
        return None
    path = os.path.relpath(os.path.join(root_dir, origin[0]), settings.base).replace(os.sep, "/")
    line = origin[1]
    source = f"{path}:{line}"
    title = f"Change: {name} ({listing})"
    edit = f"{GITHUB}{settings.repository}/edit/{quote(settings.branch)}/{quote(path)}#L{line}"
    return Links(_report(settings, title, listing=listing, source=source, page=page_url), edit,
                 _email(settings, title, f"Listing: {listing}\nIn the catalog at: {source}\n"
                        f"Page: {page_url}\n"), source, path, line)


def install(renderer, settings: Settings) -> None:
    """Give the renderer's templates ``correction_links(entry)`` (fragments/report_change.html)."""
    directory = renderer.directory
    root_dir = directory.catalog.root_dir
    site_url = renderer.site_url

    def correction_links(entry) -> Links | None:
        return links(settings, entry.origin, root_dir, entry.id, entry.res.name,
                     site_url + entry.url if site_url else entry.url)

    def correction_region_links(node) -> Links | None:
        return region_links(settings, node.region.name, site_url + node.url if site_url else node.url)

    renderer.env.globals["correction_links"] = correction_links
    renderer.env.globals["correction_region_links"] = correction_region_links


def region_links(settings: Settings, region: str, page_url: str) -> Links | None:
    """A region page's report link (the printed sheet's QR code lands there): no listing is
    named, the reporter says which one; the page address tells the workflow the region."""
    if not settings.repository:
        return None
    title = f"Change in {region}"
    return Links(_report(settings, title, page=page_url), "",
                 _email(settings, title, f"Page: {page_url}\nListing (name or address):\n"), "", "", 0)


def _report(settings: Settings, title: str, **fields: str) -> str:
    """The issue form's address with its fields filled in (GitHub reads them from the query)."""
    return (f"{GITHUB}{settings.repository}/issues/new?"
            + urlencode({"template": FORM, "title": title, **fields}, quote_via=quote))


def _email(settings: Settings, subject: str, facts: str) -> str:
    """The same report as an email with the form's questions, when an address is configured."""
    if not settings.email:
        return ""
    body = facts + "\nWhat is wrong:\n\nThe right value:\n\nHow I know:\n"
    return f"mailto:{settings.email}?" + urlencode({"subject": subject, "body": body}, quote_via=quote)
