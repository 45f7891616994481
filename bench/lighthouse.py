"""Lighthouse (mobile) on the built site, served with gzip as GitHub Pages serves it.

    make site
    npm install --prefix /some/dir lighthouse@13.5.0
    CHROME_PATH=/usr/bin/chromium LIGHTHOUSE=/some/dir/node_modules/.bin/lighthouse \\
        .venv/bin/python bench/lighthouse.py [site]

Prints performance, accessibility, best practices, SEO and CLS for the home page, a county
page, a resource page and find/. Nothing here goes into the test suite: Lighthouse takes about
half a minute a page and its performance score depends on the machine.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading

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
    """Static files under PREFIX, text gzipped when the browser accepts it."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = path.split("?", 1)[0]
        if not path.startswith(PREFIX):
            return os.path.join(self.directory, "no such file")
        return super().translate_path("/" + path[len(PREFIX):])

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
def serve(site: str):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Gzipped, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()


def audit(lighthouse: str, url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "report.json")
        subprocess.run([lighthouse, url, "--quiet", "--output=json", f"--output-path={out}",
                        "--form-factor=mobile", "--only-categories=" + ",".join(CATEGORIES),
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


def main(argv: list[str]) -> int:
    site = argv[0] if argv else "site"
    lighthouse = os.environ.get("LIGHTHOUSE", "lighthouse")
    out = io.StringIO()
    with serve(site) as base:
        print(f"{'page':9} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'CLS':>6} {'LCP ms':>7}", file=out)
        for name, path in PAGES.items():
            s = audit(lighthouse, base + path)
            print(f"{name:9} {s['performance']:4} {s['accessibility']:4} {s['best-practices']:4} "
                  f"{s['seo']:4} {s['cls']:6.3f} {s['lcp_ms']:7.0f}  {' '.join(s['failed'])}", file=out)
    sys.stdout.write(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
