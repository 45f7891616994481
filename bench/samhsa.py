"""The whole SAMHSA National Directory (12,176 facilities) imported and built: times each step.

    .venv/bin/python bench/samhsa.py [--out bench/out/samhsa]

Makes a project with one region per state under "united-states", imports
../shared/fixtures/samhsa/ndSA2022_Facilities_List.csv.gz into catalog/samhsa-<state>.yaml,
fills coordinates offline (ZIP code centres), validates and builds the site.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SOURCE = os.path.join(os.path.dirname(ROOT), "shared", "fixtures", "samhsa", "ndSA2022_Facilities_List.csv.gz")
ZONES = {"AK": "America/Anchorage", "AZ": "America/Phoenix", "CA": "America/Los_Angeles",
         "CO": "America/Denver", "HI": "Pacific/Honolulu", "ID": "America/Boise", "MT": "America/Denver",
         "NM": "America/Denver", "NV": "America/Los_Angeles", "OR": "America/Los_Angeles",
         "UT": "America/Denver", "WA": "America/Los_Angeles", "WY": "America/Denver",
         "PR": "America/Puerto_Rico", "GU": "Pacific/Guam", "VI": "America/St_Thomas",
         "AS": "Pacific/Pago_Pago", "MP": "Pacific/Saipan", "FM": "Pacific/Chuuk", "MH": "Pacific/Majuro",
         "PW": "Pacific/Palau", "AL": "America/Chicago", "AR": "America/Chicago", "IL": "America/Chicago",
         "IA": "America/Chicago", "KS": "America/Chicago", "LA": "America/Chicago", "MN": "America/Chicago",
         "MS": "America/Chicago", "MO": "America/Chicago", "NE": "America/Chicago", "ND": "America/Chicago",
         "OK": "America/Chicago", "SD": "America/Chicago", "TN": "America/Chicago", "TX": "America/Chicago",
         "WI": "America/Chicago"}


def project(dest: str) -> str:
    sys.path.insert(0, ROOT)
    from generator import text
    from generator.importers.records import US_STATES

    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(os.path.join(dest, "catalog"))
    lines = ["site:\n  country: US\nregions:\n  - id: united-states\n    name: United States\n"
             "    timezone: America/New_York\n"]
    for code, name in US_STATES.items():
        lines.append(f"  - id: {text.slugify(name)}\n    name: {name}\n    parent: united-states\n"
                     f"    timezone: {ZONES.get(code, 'America/New_York')}\n")
    lines.append("include:\n  - catalog/*.yaml\n")
    with open(os.path.join(dest, "resources.yaml"), "w", encoding="utf-8") as handle:
        handle.write("".join(lines))
    shutil.copytree(os.path.join(ROOT, "content"), os.path.join(dest, "content"))
    with open(os.path.join(ROOT, "mkdocs.yml"), encoding="utf-8") as handle:
        config = handle.read().replace("custom_dir: theme", f"custom_dir: {ROOT}/theme")
    with open(os.path.join(dest, "mkdocs.yml"), "w", encoding="utf-8") as handle:
        handle.write(config)
    return os.path.join(dest, "resources.yaml")


def step(name: str, *args: str, cwd: str) -> float:
    started = time.perf_counter()
    result = subprocess.run([os.path.join(ROOT, ".venv", "bin", "navigator"), *args], cwd=cwd,
                            capture_output=True, text=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1795219200"))
    elapsed = time.perf_counter() - started
    print(f"{name:<10} {elapsed:7.1f} s   exit {result.returncode}   {(result.stdout or result.stderr).splitlines()[0][:110]}")
    if result.returncode:
        print(result.stderr[-2000:])
        sys.exit(1)
    return elapsed


def prepare_samhsa(folder: str) -> dict:
    """Make the project in ``folder``, import the directory and place it (offline); the seconds
    each step took. bench/run.py then validates and builds it like the other catalogs."""
    project(folder)
    return {"import": round(step("import", "import", "samhsa", SOURCE, "--region", "united-states",
                                 "--out", "catalog/samhsa-{region}.yaml", cwd=folder), 1),
            "geocode": round(step("geocode", "geocode", "--offline", cwd=folder), 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(HERE, "out", "samhsa"))
    args = parser.parse_args()
    if not os.path.exists(SOURCE):
        sys.exit(f"{SOURCE} is absent; the benchmark needs ../shared/fixtures")
    prepare_samhsa(args.out)
    step("validate", "validate", "--cache-dir", "", cwd=args.out)
    step("build", "build", cwd=args.out)


if __name__ == "__main__":
    main()
