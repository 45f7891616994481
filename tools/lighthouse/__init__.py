"""Lighthouse (mobile) on a built site served with gzip under its site_url path, as GitHub Pages
serves it. Lighthouse itself is the npm package pinned in this folder's package.json
(`npm ci --prefix tools/lighthouse`); tests/browser/test_lighthouse.py and bench/lighthouse.py
both run it through here.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import subprocess
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
BINARY = os.path.join(HERE, "node_modules", ".bin", "lighthouse")

PAGES = {
    "home": "",
    "county": "regions/franklin-county/",
    "resource": "resources/olde-towne-east-withdrawal-center/",
    "find": "find/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PREFIX = "/recovery-navigator/"  # the path of the shipped site_url
COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml", "/")


class Gzipped(http.server.SimpleHTTPRequestHandler):
    """Static files under ``prefix``, text gzipped when the browser accepts it."""

    prefix = PREFIX

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = path.split("?", 1)[0]
        if not path.startswith(self.prefix):
            return os.path.join(self.directory, "no such file")
        return super().translate_path("/" + path[len(self.prefix):])

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and os.path.isfile(path) and self.path.split("?")[0].endswith(COMPRESS)):
            return super().do_GET()
        with open(path, "rb") as handle:
            body = gzip.compress(handle.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(site: str, prefix: str = PREFIX):
    """``site`` over HTTP on 127.0.0.1 under ``prefix`` for the duration; yields its base URL."""
    handler = type("Handler", (Gzipped,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()


def audit(url: str, lighthouse: str = BINARY) -> dict:
    """Scores 0-100 per category, CLS, LCP (ms) and the binary audits that failed. Lighthouse
    finds Chromium through CHROME_PATH (Debian's /usr/bin/chromium)."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "report.json")
        subprocess.run([lighthouse, url, "--quiet", "--output=json", f"--output-path={out}",
                        "--form-factor=mobile", "--only-categories=" + ",".join(CATEGORIES),
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, timeout=300)
        with open(out, encoding="utf-8") as handle:
            report = json.load(handle)
    scores = {k: round(report["categories"][k]["score"] * 100) for k in CATEGORIES}
    scores["cls"] = report["audits"]["cumulative-layout-shift"]["numericValue"]
    scores["lcp_ms"] = report["audits"]["largest-contentful-paint"]["numericValue"]
    scored = {ref["id"] for name in CATEGORIES for ref in report["categories"][name]["auditRefs"]}
    scores["failed"] = sorted(k for k in scored if report["audits"][k].get("score") is not None
                              and report["audits"][k]["score"] < 1
                              and report["audits"][k].get("scoreDisplayMode") == "binary")
    return scores


