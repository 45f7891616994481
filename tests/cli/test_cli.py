"""The command line: exit codes and the exact text coordinators see."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from tests.conftest import FIXTURE_SITE, ROOT, copy_fixture_site

ROOT_YAML = textwrap.dedent("""\
    regions:
      - id: ohio
        name: Ohio
        timezone: America/New_York
    include:
      - catalog/*.yaml
    """)

BROKEN = textwrap.dedent("""\
    resources:
      - id: bad-meeting
        name: Broken Meeting
        category: meeting
        program: aa
        regions: [ohoi]
        online_only: true
        conference_url: https://meet.example.org/x
        schedule:
          - day: tuesday
            time: 7:30 PM
        last_verified: 2026-01-01
        walk_in: yes
    """)


def run(*args: str, cwd: str = ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=ROOT, SOURCE_DATE_EPOCH="1795219200")
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def write_catalog(tmp_path, region_text: str) -> str:
    (tmp_path / "catalog").mkdir()
    (tmp_path / "resources.yaml").write_text(ROOT_YAML)
    (tmp_path / "catalog" / "ohio.yaml").write_text(region_text)
    return str(tmp_path / "resources.yaml")


def test_validate_ok_summary():
    """A valid catalog exits 0 and says how much it checked."""
    result = run("validate", os.path.join(FIXTURE_SITE, "resources.yaml"), "--cache-dir", "")
    assert result.returncode == 0, result.stderr
    assert "OK: 6 resources (2 meetings) in 3 regions from 2 files, 0 warnings" in result.stdout


def test_validate_summary_counts_one_of_each_in_the_singular(tmp_path):
    """One resource, region, file and warning are counted as such, not as "1 resources"."""
    path = write_catalog(tmp_path, textwrap.dedent("""\
        resources:
          - id: one
            name: Harbor Outreach
            category: harm-reduction
            regions: [ohio]
            online_only: true
            url: https://harbor.example.org/
            last_verified: 2026-10-01
            description: Syringe services #2
        """))
    result = run("validate", path, "--cache-dir", "")
    assert result.returncode == 0, result.stderr
    assert "OK: 1 resource (0 meetings) in 1 region from 2 files, 1 warning (" in result.stdout


def test_hash_word_after_a_value_is_a_warning_with_the_quoted_fix(tmp_path):
    """"Suite #200" unquoted loses "#200" to YAML's comment rule: a warning says where, what was
    kept and how to quote it; a comment with a space after # is left alone; the exit is 0."""
    path = write_catalog(tmp_path, textwrap.dedent("""\
        resources:
          - id: suite
            name: Harbor Outreach  # checked by phone
            category: harm-reduction
            regions: [ohio]
            address:
              address_1: 100 Main St
              address_2: Suite #200
              city: Columbus
              state_province: OH
              postal_code: "43215"
            description: |
              Room #5 is upstairs.
            last_verified: 2026-10-01
        """))
    result = run("validate", path, "--cache-dir", "")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        'catalog/ohio.yaml:8:24: warning: address.address_2: the text from "#200" on is read as a '
        'comment and left out, so the value is "Suite"; if it belongs to the value, put the whole '
        'value in quotes: "Suite #200"']


def test_validate_lists_every_problem_with_location(tmp_path):
    """Every mistake is reported at once as path:line:col: field: message, then exit 1: the
    wrong region id too, although the listing has other mistakes."""
    result = run("validate", write_catalog(tmp_path, BROKEN), "--cache-dir", "", cwd=str(tmp_path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "catalog/ohio.yaml:6:14: regions: region 'ohoi' does not exist; did you mean 'ohio'? "
        "regions are listed in resources.yaml",
        "catalog/ohio.yaml:11:15: schedule[0].time: '7:30 PM' is not a 24-hour time; write the "
        "time as \"19:30\"",
        "catalog/ohio.yaml:13:14: walk_in: write true or false (got 'yes')",
        "3 errors found in the catalog. Fix them and run again.",
    ]
    assert "Traceback" not in result.stderr


def test_validate_reports_cross_file_problems(tmp_path):
    """References between files are checked (unknown region) for well-formed entries too."""
    fixed = BROKEN.replace("7:30 PM", '"19:30"').replace("walk_in: yes\n", "")
    result = run("validate", write_catalog(tmp_path, fixed), "--cache-dir", "", cwd=str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "catalog/ohio.yaml:6:14: regions: region 'ohoi' does not exist; did you mean 'ohio'? "
        "regions are listed in resources.yaml")


def test_validate_github_annotations(tmp_path):
    """--format github prints one workflow annotation per problem on standard output."""
    result = run("validate", write_catalog(tmp_path, BROKEN), "--format", "github",
                 "--cache-dir", "", cwd=str(tmp_path))
    assert result.returncode == 1
    assert result.stdout.splitlines()[1] == (
        "::error file=catalog/ohio.yaml,line=11,col=15::schedule[0].time: '7:30 PM' is not a "
        "24-hour time; write the time as \"19:30\"")


def test_yaml_syntax_error_has_position_and_no_traceback(tmp_path):
    """A tab used for indentation is reported at its line with the fix."""
    result = run("validate", write_catalog(tmp_path, "resources:\n\t- id: x\n"), "--cache-dir", "",
                 cwd=str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "catalog/ohio.yaml:2:1: a tab is used for indentation; YAML needs spaces, so replace the "
        "tab with spaces")
    assert "Traceback" not in result.stderr


def test_build_failure_exit_code_and_message(tmp_path):
    """navigator build on a broken catalog exits 1 with the problem list and no traceback."""
    project = tmp_path / "p"
    copy_fixture_site(str(project))
    config = project / "mkdocs.yml"
    franklin = project / "catalog" / "franklin.yaml"
    franklin.write_text(franklin.read_text().replace("category: detox", "category: detoks"))
    result = run("build", "-f", str(config), "--no-search", cwd=str(project))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("catalog/franklin.yaml:4:15: category: 'detoks' is not a known category; "
                        "did you mean \"detox\"? use one of: crisis-line, detox, residential, "
                        "outpatient, moud, meeting, recovery-housing, harm-reduction, peer-support, "
                        "family-support, mental-health, legal, employment, housing, health, other")
    assert lines[-1] == "The build stopped; the previous site was left as it was."
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_schema_command_prints_json_schema():
    """navigator schema prints a JSON Schema that forbids unknown fields."""
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$defs"]["Resource"]["additionalProperties"] is False
    assert "category" in schema["$defs"]["Resource"]["required"]


def test_shipped_schema_is_current():
    """schema/catalog.schema.json matches the models (regenerate with make schema)."""
    result = run("schema")
    with open(os.path.join(ROOT, "schema", "catalog.schema.json"), encoding="utf-8") as handle:
        assert handle.read() == result.stdout


def test_python_dash_m_and_console_script_agree():
    """`python -m generator --version` works like the navigator command."""
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("navigator ")
