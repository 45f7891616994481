"""The reports workflow's script on sample issue payloads: region labels from the listing's
regions, an answer for an unknown listing id, and the calls it makes to GitHub's API (a local
stand-in on 127.0.0.1; nothing leaves the machine)."""

from __future__ import annotations

import copy
import http.server
import json
import os
import shutil
import threading

import pytest

from generator import reports
from generator.cli import main
from generator.pipeline import prepare
from tests.conftest import FIXTURE_SITE, ROOT

EVENT = os.path.join(ROOT, "tests", "fixtures", "corrections", "issue-opened.json")
CATALOG = os.path.join(FIXTURE_SITE, "resources.yaml")


@pytest.fixture(scope="module")
def directory():
    return prepare(CATALOG, cache_dir=None).directory


@pytest.fixture
def issue():
    with open(EVENT, encoding="utf-8") as handle:
        return json.load(handle)["issue"]


def test_form_answers_are_read_from_the_body(issue):
    """Each '### Label' of the form becomes its field id; '_No response_' counts as empty."""
    answers = reports.form_fields(issue["body"])
    assert answers["listing"] == "franklin-detox" and "right" not in answers
    assert answers["page"] == "https://fixture.example.org/resources/franklin-detox/"


def test_known_listing_gets_its_regions_labels(issue, directory):
    """A report on a listing is labelled with each of the listing's regions and not answered."""
    result = reports.triage(issue, directory)
    assert result.labels == ["report", "region: franklin"] and result.comment is None


def test_unknown_listing_is_answered(issue, directory):
    """A listing id that does not exist gets a comment asking for the name and address."""
    issue["body"] = issue["body"].replace("\n\nfranklin-detox\n", "\n\nno-such-listing\n")
    result = reports.triage(issue, directory)
    assert result.labels == ["report"]
    assert "No listing has the id `no-such-listing`" in result.comment


def test_report_from_a_region_page_gets_that_region(issue, directory):
    """From a region page (a printed sheet's QR code), the page address gives the region."""
    issue["body"] = (issue["body"].replace("\n\nfranklin-detox\n", "\n\n_No response_\n")
                     .replace("resources/franklin-detox/", "regions/ohio/"))
    assert reports.triage(issue, directory).labels == ["report", "region: ohio"]


def test_other_issues_are_left_alone(issue, directory):
    """An issue not made with the report form gets no label and no comment."""
    issue.update(body="The search box is slow on my phone.", labels=[])
    result = reports.triage(issue, directory)
    assert result.labels == [] and result.comment is None


def test_dry_run_prints_the_decision(capsys):
    """`navigator triage-report --dry-run` prints the labels and sends nothing (exit 0)."""
    assert main(["triage-report", "--event", EVENT, "--catalog", CATALOG, "--dry-run"]) == 0
    assert capsys.readouterr().out == "labels: report, region: franklin\n"


def test_without_token_nothing_is_sent(capsys, monkeypatch):
    """Outside a workflow (no token) the command says so and exits 1."""
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert main(["triage-report", "--event", EVENT, "--catalog", CATALOG]) == 1
    assert capsys.readouterr().err == ("GITHUB_TOKEN and GITHUB_REPOSITORY are not set: nothing was "
                                       "sent (use --dry-run outside a workflow)\n")


class _FakeGitHub(http.server.BaseHTTPRequestHandler):
    calls: list = []
    issues: list = []

    def log_message(self, *args):
        pass

    def _answer(self, data) -> None:
        body = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.calls.append(("POST", self.path, self.headers["Authorization"], json.loads(self.rfile.read(length))))
        self._answer({})

    def do_GET(self):
        self.calls.append(("GET", self.path, self.headers["Authorization"], None))
        self._answer(self.issues)


@pytest.fixture
def fake_github(monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeGitHub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _FakeGitHub.calls = []
    monkeypatch.setenv("GITHUB_TOKEN", "t0ken")
    monkeypatch.setenv("GITHUB_REPOSITORY", "fixture-org/navigator")
    monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{server.server_address[1]}")
    yield _FakeGitHub
    server.shutdown()


def test_workflow_run_labels_and_answers(fake_github, tmp_path):
    """In the workflow, the labels go to the issue's labels and the answer to its comments."""
    assert main(["triage-report", "--event", EVENT, "--catalog", CATALOG]) == 0
    assert fake_github.calls == [("POST", "/repos/fixture-org/navigator/issues/42/labels", "Bearer t0ken",
                                  {"labels": ["report", "region: franklin"]})]
    with open(EVENT, encoding="utf-8") as handle:
        event = json.load(handle)
    event["issue"]["body"] = event["issue"]["body"].replace("\n\nfranklin-detox\n", "\n\ngone-away\n")
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    fake_github.calls = []
    assert main(["triage-report", "--event", str(path), "--catalog", CATALOG]) == 0
    assert [c[1] for c in fake_github.calls] == ["/repos/fixture-org/navigator/issues/42/labels",
                                                 "/repos/fixture-org/navigator/issues/42/comments"]


def test_report_lists_open_reports_per_region(fake_github, capsys, issue):
    """`navigator report` adds the open reports per region when it has the token."""
    other = copy.deepcopy(issue)
    other.update(number=7, title="Change in Ohio", labels=[{"name": "report"}, {"name": "region: ohio"}],
                 html_url="https://github.com/fixture-org/navigator/issues/7")
    issue.update(labels=[{"name": "report"}, {"name": "region: franklin"}],
                 html_url="https://github.com/fixture-org/navigator/issues/42")
    fake_github.issues = [issue, other]
    assert main(["report", CATALOG, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert fake_github.calls[0][1] == "/repos/fixture-org/navigator/issues?state=open&labels=report&per_page=100&page=1"
    section = out[out.index("## Open reports"):]
    assert "2 open reports of a change." in section
    assert section.index("### Franklin County (1)") < section.index("### Ohio (1)")
    assert "- #42 Change: Franklin Detox (franklin-detox) (https://github.com/fixture-org/navigator/issues/42)" in section


def test_report_offline_skips_cleanly(capsys, monkeypatch):
    """Without a token, `navigator report` says the open reports were skipped and still succeeds."""
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert main(["report", CATALOG]) == 0
    captured = capsys.readouterr()
    assert "Open reports" not in captured.out
    assert captured.err == "Open reports: skipped (no GITHUB_TOKEN and GITHUB_REPOSITORY).\n"


def test_data_health_page_lists_open_reports_when_built_with_token(fake_github, issue, tmp_path):
    """A build in a workflow (token set) lists open reports per region on the data health page;
    the page links to the reports and makes no request of its own."""
    from tests.conftest import EPOCH, build, copy_fixture_site

    issue.update(labels=[{"name": "report"}, {"name": "region: franklin"}],
                 html_url="https://github.com/fixture-org/navigator/issues/42")
    fake_github.issues = [issue]
    project = copy_fixture_site(str(tmp_path / "project"))
    # The fixture has no data health page: it gets the shipped one.
    shutil.copyfile(os.path.join(ROOT, "content", "data-health.md"),
                    os.path.join(project, "content", "data-health.md"))
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    assert build(project, "--no-search") == 0
    with open(os.path.join(project, "site", "data-health", "index.html"), encoding="utf-8") as handle:
        page = handle.read()
    assert '<summary>Franklin County (1)</summary>' in page
    assert ('<a href="https://github.com/fixture-org/navigator/issues/42" rel="nofollow noreferrer">'
            '#42 Change: Franklin Detox (franklin-detox)</a>') in page
    assert "api.github.com" not in page and "127.0.0.1" not in page


def test_an_edited_report_is_not_answered_twice(fake_github, tmp_path):
    """Editing a report that names an unknown id relabels it but posts no second answer."""
    with open(EVENT, encoding="utf-8") as handle:
        event = json.load(handle)
    event["action"] = "edited"
    event["issue"]["body"] = event["issue"]["body"].replace("\n\nfranklin-detox\n", "\n\ngone-away\n")
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    assert main(["triage-report", "--event", str(path), "--catalog", CATALOG]) == 0
    assert [c[1] for c in fake_github.calls] == ["/repos/fixture-org/navigator/issues/42/labels"]
