"""Lighthouse (mobile) on the built site, served with gzip as GitHub Pages serves it.

    make site
    npm ci --prefix tools/lighthouse
    .venv/bin/python bench/lighthouse.py [site]

Prints performance, accessibility, best practices, SEO, CLS and LCP for the home page, a county
page, a resource page and find/. tests/browser/test_lighthouse.py checks the scores that do not
depend on the machine (accessibility, best practices, SEO, CLS); performance is measured here,
since it follows the machine's load. LIGHTHOUSE names another Lighthouse binary.
"""

from __future__ import annotations

import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from tools import lighthouse as lh  # noqa: E402


def main(argv: list[str]) -> int:
    site = argv[0] if argv else "site"
    binary = os.environ.get("LIGHTHOUSE", lh.BINARY)
    out = io.StringIO()
    with lh.serve(site) as base:
        print(f"{'page':9} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'CLS':>6} {'LCP ms':>7}", file=out)
        for name, path in lh.PAGES.items():
            s = lh.audit(base + path, binary)
            print(f"{name:9} {s['performance']:4} {s['accessibility']:4} {s['best-practices']:4} "
                  f"{s['seo']:4} {s['cls']:6.3f} {s['lcp_ms']:7.0f}  {' '.join(s['failed'])}", file=out)
    sys.stdout.write(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
