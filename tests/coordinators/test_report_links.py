"""The freshness report on a catalog with known stale and duplicate entries, and link checking
against local servers only (a test host name is resolved to 127.0.0.1)."""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest

from generator import linkcheck, report
from generator.cli import main
from generator.enrich import enrich
from generator.validate import validate
from tests.coordinators.conftest import TODAY


@pytest.fixture
def health(project):
    catalog = validate(project, today=TODAY, cache_dir=None, workers=1)
    return report.health(enrich(catalog, TODAY))


def ids(entries):
    return [e.id for e in entries]


def test_report_finds_each_known_problem(health):
    """Flagged, due, no phone, no hours, no coordinates and both kinds of duplicate, per region."""
    ohio = next(r for r in health.regions if r.id == "ohio")
    assert ids(ohio.flag) == ["stale-flagged"] and ids(ohio.warn) == ["stale-warned"]
    assert ids(ohio.no_phone) == ["no-phone-no-hours"] and ids(ohio.no_hours) == ["no-phone-no-hours"]
    assert [(d.reason, ids(d.entries)) for d in ohio.duplicates] == [
        ("same name and address", ["duplicate-one", "duplicate-two"]),
        ("same phone number", ["shared-phone-a", "shared-phone-b"])]
    alberta = next(r for r in health.regions if r.id == "alberta")
    assert ids(alberta.no_coordinates) == ["not-located"]


def test_report_text_and_markdown(health):
    """Text lists file:line for each problem; Markdown has a table row per region."""
    text = report.text(health)
    assert "    catalog/health.yaml:3: stale-flagged (verified 2025-01-10)" in text
    assert "  possible duplicate (same phone number: (614) 555-0150):" in text
    md = report.markdown(health)
    assert "| Ohio | 8 | 1 | 1 | 0 | 1 | 1 | 1 | 2 |" in md  # no geocoding applied here
    assert "- `catalog/health.yaml:3` Old Harbor Detox (verified 2025-01-10)" in md


def test_report_command(project, capsys, monkeypatch):
    """navigator report exits 0; --fail-on-flagged exits 1 when listings are flagged."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    assert main(["report", project]) == 0
    assert capsys.readouterr().out.startswith("Data health on 2026-11-21: 9 listings; 1 flagged")
    assert main(["report", project, "--format", "markdown", "--fail-on-flagged"]) == 1


class Site(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def answer(self, head):
        routes = {"/ok": 200, "/gone": 404, "/moved": 301, "/moved-gone": 302}
        if self.path == "/no-head" and head:
            return self.reply(405)
        if self.path == "/slow":
            time.sleep(0.6)
        status = routes.get(self.path, 200 if self.path in ("/no-head", "/slow") else 404)
        location = {"/moved": "/ok", "/moved-gone": "/gone"}.get(self.path)
        self.reply(status, location)

    def reply(self, status, location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def site():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_check_head_then_get_redirects_and_timeouts(site):
    """HEAD refused -> GET; redirects followed; 404 and a redirect to 404 broken; slow = broken."""
    place = linkcheck.Place("catalog/x.yaml", 3, 10, "url", "x")
    urls = {f"{site}{p}": [place] for p in ("/ok", "/no-head", "/gone", "/moved", "/moved-gone", "/slow")}
    results = {r.url[len(site):]: r for r in linkcheck.check(urls, workers=3, per_host_delay=0, timeout=0.3)}
    assert {k: r.ok for k, r in results.items()} == {"/ok": True, "/no-head": True, "/gone": False,
                                                     "/moved": True, "/moved-gone": False, "/slow": False}
    assert results["/gone"].message == "HTTP 404 Not Found"
    assert "no answer within 0.3 s" in results["/slow"].message


def test_check_links_command_reports_file_and_line(project, site, monkeypatch, capsys):
    """Broken addresses are listed as path:line:col: field: message and the exit code is 1.
    The catalog's test host name resolves to the local server: nothing leaves the machine."""
    port = site.rsplit(":", 1)[1]
    path = project.replace("resources.yaml", "catalog/health.yaml")
    text = open(path, encoding="utf-8").read()
    text = text.replace("    last_verified: 2025-01-10\n",
                        f"    url: http://links.test:{port}/gone\n    last_verified: 2025-01-10\n")
    text = text.replace("    last_verified: 2026-03-01\n",
                        f"    url: http://links.test:{port}/ok\n    last_verified: 2026-03-01\n")
    open(path, "w", encoding="utf-8").write(text)
    real = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: real(
        "127.0.0.1" if host == "links.test" else host, *a, **k))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    assert main(["check-links", project, "--delay", "0"]) == 1
    out = capsys.readouterr()
    assert out.err.splitlines() == [f"catalog/health.yaml:12:10: url: http://links.test:{port}/gone is "
                                    "broken (HTTP 404 Not Found); fix or remove it"]
    assert out.out == "Checked 2 addresses: 1 broken.\n"
