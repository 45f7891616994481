"""Reports made with the "Report a change" form, on GitHub: a label per region on each new
report, an answer when the listing it names does not exist, and the open reports per region.

``triage`` decides from the issue and the catalog alone (tested on sample payloads); ``GitHub``
is the only part that talks to GitHub's API, and only when a workflow gives it the repository's
token. The public pages never call it.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from dataclasses import dataclass, field

from .enrich import Directory

REPORT_LABEL = "report"  # put on by the issue form itself
REGION_PREFIX = "region: "
API = "https://api.github.com"
# The issue form's labels (as GitHub writes them into the issue's body) -> its field ids.
FORM_LABELS = {"Listing id": "listing", "What is wrong": "wrong", "The right value": "right",
               "How you know": "how", "In the catalog at": "source", "Page": "page"}
_NO_RESPONSE = "_No response_"
_PAGE = re.compile(r"/(resources|regions)/([a-z0-9]+(?:-[a-z0-9]+)*)/?(?:[?#].*)?$")


@dataclass
class Triage:
    labels: list[str] = field(default_factory=list)
    comment: str | None = None


def form_fields(body: str | None) -> dict[str, str]:
    """The answers in an issue made with the form: GitHub writes each as '### Label' and the
    text below it ('_No response_' when left empty)."""
    out: dict[str, str] = {}
    for part in re.split(r"(?m)^### ", body or "")[1:]:
        label, _, value = part.partition("\n")
        value = value.strip()
        key = FORM_LABELS.get(label.strip())
        if key and value and value != _NO_RESPONSE:
            out[key] = value
    return out


def region_label(region_id: str) -> str:
    return REGION_PREFIX + region_id


def triage(issue: dict, directory: Directory) -> Triage:
    """The region labels for a report, and a comment when it names an unknown listing."""
    answers = form_fields(issue.get("body"))
    names = [label["name"] if isinstance(label, dict) else label for label in issue.get("labels", [])]
    if "wrong" not in answers and REPORT_LABEL not in names:
        return Triage()  # not made with the report form: not ours to label
    listing = answers.get("listing", "").strip().strip("`")
    by_id = {e.id: e for e in directory.entries}
    regions: list[str] = []
    if listing:
        entry = by_id.get(listing)
        if entry is None:
            return Triage(labels=[REPORT_LABEL], comment=(
                f"Thank you for the report. No listing has the id `{listing}`: it may have been "
                "renamed or removed, or the id was changed by hand. Could you edit the report and "
                "write the listing's name and address (or the address of the page you were on)? "
                "A coordinator will look at it either way."))
        regions = list(entry.res.regions)
    else:
        match = _PAGE.search(answers.get("page", ""))
        if match and match.group(1) == "resources" and match.group(2) in by_id:
            regions = list(by_id[match.group(2)].res.regions)
        elif match and match.group(1) == "regions" and match.group(2) in directory.regions:
            regions = [match.group(2)]
    # The form asks GitHub for the report label, which it adds only once the label exists in
    # the repository; adding it here creates it.
    return Triage(labels=[REPORT_LABEL] + [region_label(r) for r in regions])


def open_per_region(issues: list[dict]) -> dict[str, list[dict]]:
    """Open reports grouped by their region labels (reports without one under '')."""
    out: dict[str, list[dict]] = {}
    for issue in issues:
        if "pull_request" in issue:
            continue
        names = [label["name"] if isinstance(label, dict) else label for label in issue.get("labels", [])]
        regions = [n[len(REGION_PREFIX):] for n in names if n.startswith(REGION_PREFIX)] or [""]
        for region in regions:
            out.setdefault(region, []).append(issue)
    return out


def markdown(per_region: dict[str, list[dict]], directory: Directory) -> str:
    """Open reports per region for `navigator report` (and a job summary)."""
    total = len({i["number"] for issues in per_region.values() for i in issues})
    out = ["## Open reports", "", f"{total} open report{'s' if total != 1 else ''} of a change."]
    names = {rid: node.region.name for rid, node in directory.regions.items()}
    for region in sorted(per_region, key=lambda r: (r == "", (names.get(r) or r).casefold())):
        title = names.get(region, region) if region else "No region found"
        out += ["", f"### {title} ({len(per_region[region])})", ""]
        out += [f"- #{i['number']} {i.get('title', '')} ({i.get('html_url', '')})"
                for i in sorted(per_region[region], key=lambda i: i["number"])]
    return "\n".join(out) + "\n"


class GitHub:
    """GitHub's REST API with the repository's token (GITHUB_TOKEN in a workflow)."""

    def __init__(self, repository: str, token: str, api: str = API, timeout: float = 20.0):
        self.repository, self.token, self.api, self.timeout = repository, token, api.rstrip("/"), timeout

    @classmethod
    def from_environment(cls) -> "GitHub | None":
        """The client a workflow can make, or None offline / without a token."""
        token, repository = os.environ.get("GITHUB_TOKEN"), os.environ.get("GITHUB_REPOSITORY")
        if not token or not repository:
            return None
        return cls(repository, token, os.environ.get("GITHUB_API_URL", API))

    def _call(self, method: str, path: str, payload: dict | None = None):
        request = urllib.request.Request(
            f"{self.api}/repos/{self.repository}{path}", method=method,
            data=json.dumps(payload).encode("utf-8") if payload is not None else None,
            headers={"Authorization": f"Bearer {self.token}", "Accept": "application/vnd.github+json",
                     "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "recovery-navigator"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read() or b"null")

    def apply(self, number: int, result: Triage) -> None:
        if result.labels:
            self._call("POST", f"/issues/{number}/labels", {"labels": result.labels})
        if result.comment:
            self._call("POST", f"/issues/{number}/comments", {"body": result.comment})

    def open_reports(self, limit_pages: int = 20) -> list[dict]:
        issues: list[dict] = []
        for page in range(1, limit_pages + 1):
            batch = self._call("GET", f"/issues?state=open&labels={REPORT_LABEL}&per_page=100&page={page}")
            issues += batch
            if len(batch) < 100:
                break
        return issues


def install(renderer, log) -> None:
    """Give the data health page the open reports per region (fragments/open_reports.html),
    fetched once at build time when a workflow provides the token; offline, the page says that
    the list is made on GitHub's servers only."""
    github = GitHub.from_environment()
    listed = None
    if github is not None:
        try:
            per_region = open_per_region(github.open_reports())
        except (OSError, ValueError) as exc:
            log.warning(f"navigator: open reports not listed on the data health page: {exc}")
        else:
            names = {rid: node.region.name for rid, node in renderer.directory.regions.items()}
            listed = [(names.get(r, r) if r else "", sorted(
                (i for i in issues if str(i.get("html_url", "")).startswith("https://")),
                key=lambda i: i["number"]))
                      for r, issues in sorted(per_region.items(),
                                              key=lambda kv: (kv[0] == "", names.get(kv[0], kv[0]).casefold()))]
    renderer.env.globals["open_reports"] = listed
