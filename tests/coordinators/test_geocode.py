"""Geocoding through geopy against a local fake Nominatim on 127.0.0.1: success, no result,
HTTP 429 and 500, timeouts and malformed JSON; the committed cache; the build-time fallback."""

from __future__ import annotations

import http.server
import json
import threading
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest

from generator import geocode
from generator.errors import CatalogError


class FakeNominatim(http.server.BaseHTTPRequestHandler):
    """Answers by street name, like Nominatim's /search with format=json."""

    hits: dict[str, int] = {}
    agents: list[str] = []
    released = threading.Event()  # ends the slow answers when the tests are done

    def log_message(self, *args):
        pass

    def do_GET(self):
        query = parse_qs(urlsplit(self.path).query)
        street = query.get("street", [""])[0]
        FakeNominatim.hits[street] = FakeNominatim.hits.get(street, 0) + 1
        FakeNominatim.agents.append(self.headers.get("User-Agent", ""))
        if street.startswith("1 Found"):
            self._send(200, json.dumps([{"lat": "40.1234567", "lon": "-82.9876543", "display_name": "x",
                                          "place_id": 1, "boundingbox": ["0", "0", "0", "0"]}]))
        elif street.startswith("2 Nowhere"):
            self._send(200, "[]")
        elif street.startswith("3 Busy"):
            if FakeNominatim.hits[street] == 1:
                self._send(429, "slow down", {"Retry-After": "7"})
            else:
                self._send(200, json.dumps([{"lat": "41", "lon": "-81", "display_name": "y"}]))
        elif street.startswith("4 Broken"):
            self._send(500, "internal error")
        elif street.startswith("5 Slow"):
            # Far beyond the 0.3 s timeout: on a loaded machine the client may only start
            # waiting a while after its request went out, and must still time out.
            FakeNominatim.released.wait(5)
            self._send(200, "[]")
        else:
            self._send(200, "{not json")

    def _send(self, status, body, headers=None):
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body.encode())
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as the timeout test means it to


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    FakeNominatim.released.set()
    httpd.shutdown()


def address(street: str, postal: str = "43215", country: str = "US"):
    return SimpleNamespace(address_1=street, city="Columbus", state_province="OH", postal_code=postal,
                           country=country)


def geocoder(server, waits: list):
    settings = geocode.Settings(domain=server, scheme="http", user_agent="Test Navigator (tests)",
                                timeout=0.3, min_delay=0, retries=2, backoff=0.5)
    return geocode.Geocoder(settings, sleep=waits.append)


def test_found(server):
    """A result gives rounded coordinates, and the request names the site in its user agent."""
    hit = geocoder(server, []).lookup(address("1 Found Street"))
    assert hit == {"status": "found", "latitude": 40.123457, "longitude": -82.987654}
    assert FakeNominatim.agents[-1] == "Test Navigator (tests)"


def test_no_result(server):
    """An empty answer is 'not-found', asked once."""
    assert geocoder(server, []).lookup(address("2 Nowhere Lane")) == {"status": "not-found"}
    assert FakeNominatim.hits["2 Nowhere Lane"] == 1


def test_rate_limited_waits_as_asked_then_succeeds(server):
    """HTTP 429 waits the Retry-After seconds, then the retry succeeds."""
    waits = []
    hit = geocoder(server, waits).lookup(address("3 Busy Road"))
    assert hit["status"] == "found" and waits == [7]


def test_server_error_retries_with_growing_waits(server):
    """HTTP 500: retried with doubling waits, then reported as failed."""
    waits = []
    hit = geocoder(server, waits).lookup(address("4 Broken Way"))
    assert hit["status"] == "failed" and waits == [0.5, 1.0]
    assert FakeNominatim.hits["4 Broken Way"] == 3


def test_timeout_is_a_failure_after_retries(server):
    """A server slower than the timeout: failed, with the reason."""
    hit = geocoder(server, []).lookup(address("5 Slow Street"))
    assert hit["status"] == "failed" and "Timed" in hit["error"]


def test_malformed_json_is_a_failure(server):
    """Text that is not JSON: failed, not a crash."""
    hit = geocoder(server, []).lookup(address("6 Garbled Street"))
    assert hit["status"] == "failed" and "Parse" in hit["error"]


def test_rate_limiter_keeps_one_request_a_second_by_default():
    """Nominatim's policy: geopy's RateLimiter waits at least a second between requests."""
    limiter = geocode.Geocoder(geocode.Settings()).limited
    assert limiter.min_delay_seconds == 1.0


def test_run_fills_the_cache_with_fallbacks(server, tmp_path):
    """Found addresses are cached exactly; unknown and failed ones get the ZIP code's centre,
    marked approximate, and failures are retried on the next run."""
    resources = [SimpleNamespace(id=f"r{i}", address=address(street), latitude=None)
                 for i, street in enumerate(["1 Found Street", "2 Nowhere Lane", "4 Broken Way"])]
    cache = geocode.Cache(str(tmp_path / geocode.CACHE_NAME), {})
    summary = geocode.run(resources, cache, geocoder(server, []))
    assert (summary.found, summary.not_found, summary.failed, summary.postal) == (1, 1, 1, 2)
    cache.save()
    again = geocode.Cache.load(cache.path)
    found = again.entries["1 Found Street, Columbus, OH 43215, US"]
    assert found == {"status": "found", "latitude": 40.123457, "longitude": -82.987654, "source": "nominatim"}
    nowhere = again.entries["2 Nowhere Lane, Columbus, OH 43215, US"]
    assert nowhere["approximate"] is True and nowhere["source"] == "postal-code"
    second = geocode.run(resources, again, geocoder(server, []))
    assert (second.cached, second.asked) == (2, 1)


def test_apply_reads_the_cache_and_marks_approximate(tmp_path):
    """At build time: cached coordinates are used as they are; without a cache entry the ZIP
    code's centre is used and the listing is marked approximate; no network."""
    cached = SimpleNamespace(id="cached", address=address("1 Found Street"), latitude=None, longitude=None)
    other = SimpleNamespace(id="other", address=address("9 Other Street"), latitude=None, longitude=None)
    abroad = SimpleNamespace(id="abroad", address=address("1 Rue", "H2X 1Y4", "CA"), latitude=None, longitude=None)
    (tmp_path / geocode.CACHE_NAME).write_text(json.dumps({"version": 1, "addresses": {
        "1 Found Street, Columbus, OH 43215, US": {"status": "found", "latitude": 40.5, "longitude": -83.5}}}))
    catalog = SimpleNamespace(resources=[cached, other, abroad], root_dir=str(tmp_path))
    assert geocode.apply(catalog) == frozenset({"other"})
    assert (cached.latitude, cached.longitude) == (40.5, -83.5)
    assert other.latitude == pytest.approx(39.96, abs=0.05) and abroad.latitude is None


def test_a_broken_cache_file_is_reported_with_its_line(tmp_path):
    """A cache that is not JSON stops the build with file:line, not a traceback."""
    path = tmp_path / geocode.CACHE_NAME
    path.write_text('{"version": 1,\n "addresses": {oops}}')
    with pytest.raises(CatalogError) as info:
        geocode.Cache.load(str(path))
    assert str(info.value.problems[0]).startswith("geocode-cache.json:2:")


def test_apply_again_takes_back_what_it_filled_in(tmp_path):
    """The same resources met again (a live preview's second validation) are filled from the
    current cache: coordinates it derived before are not mistaken for given ones."""
    cached = SimpleNamespace(id="cached", address=address("1 Found Street"), latitude=None, longitude=None)
    given = SimpleNamespace(id="given", address=address("2 Given Street"), latitude=1.0, longitude=2.0)
    catalog = SimpleNamespace(resources=[cached, given], root_dir=str(tmp_path))
    assert geocode.apply(catalog) == frozenset({"cached"})  # no cache yet: the ZIP centre
    (tmp_path / geocode.CACHE_NAME).write_text(json.dumps({"version": 1, "addresses": {
        "1 Found Street, Columbus, OH 43215, US": {"status": "found", "latitude": 40.5, "longitude": -83.5}}}))
    assert geocode.apply(catalog) == frozenset()
    assert (cached.latitude, cached.longitude) == (40.5, -83.5)
    assert (given.latitude, given.longitude) == (1.0, 2.0)
