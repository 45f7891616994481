"""What a build loads before it starts: only what it uses."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_a_build_does_not_load_geopy_or_an_http_library():
    """The command line, the engine and the build import without geopy and the HTTP library it
    brings (about 0.1 s of every build's start-up); geocoding and distances import it when used."""
    code = ("import sys, generator.cli, generator.mkdocs_engine, generator.build, generator.plugin; "
            "print(sorted(m for m in ('geopy', 'requests', 'urllib3') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
