"""What `navigator validate` prints when a pull request brings many problems: bounded text and
GitHub annotations within GitHub's limits, exit code 1 and no traceback."""

from __future__ import annotations

from tests.cli.test_cli import BROKEN, run, write_catalog

ENTRY = ("  - id: same\n    name: Same\n    category: detox\n    regions: [ohio]\n"
         "    online_only: true\n    last_verified: 2026-01-01\n")
BOMB = "".join(f"l{n}: &l{n} [" + ",".join([f"*l{n - 1}" if n else "x"] * 9) + "]\n" for n in range(9))


def test_ten_thousand_duplicate_ids_print_one_line(tmp_path):
    """10,000 listings with one id: one line naming the first places and the count."""
    result = run("validate", write_catalog(tmp_path, "resources:\n" + ENTRY * 10_000),
                 "--cache-dir", "", cwd=str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "catalog/ohio.yaml:8:9: id: id 'same' is used 10,000 times: lines 2, 8, 14 and 9,997 more; "
        "ids must be unique across all files (they become web addresses)",
        "1 error found in the catalog. Fix it and run again."]


def test_github_format_stays_within_the_annotation_limit(tmp_path):
    """40 broken listings: 10 error annotations, the last saying how many more, and the rest as
    plain lines of the log."""
    listings = "resources:\n" + "".join(
        ENTRY.replace("id: same", f"id: same-{n}").replace("online_only: true", f"online_only: y{n}")
        for n in range(40))
    result = run("validate", write_catalog(tmp_path, listings), "--format", "github",
                 "--cache-dir", "", cwd=str(tmp_path))
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert sum(line.startswith("::error") for line in out) == 10
    assert out[9] == ("::error::31 more errors were found; GitHub shows only 10 of a step, so they "
                      "are listed in this step's log (or run `navigator validate` on your computer)")
    assert out[10] == "catalog/ohio.yaml:60:18: online_only: write true or false (got 'y9')"
    assert len(out) == 10 + 31


def test_github_format_below_the_limit_is_unchanged(tmp_path):
    """A handful of problems are all annotations, one a line."""
    result = run("validate", write_catalog(tmp_path, BROKEN), "--format", "github",
                 "--cache-dir", "", cwd=str(tmp_path))
    assert result.returncode == 1
    assert [line.split("::")[1].split(" ")[0] for line in result.stdout.splitlines()] == ["error"] * 3


def test_an_anchor_bomb_prints_a_bounded_report(tmp_path):
    """Nine levels of nine aliases each: the first three are shown, the other 78 in one line;
    nothing expands."""
    result = run("validate", write_catalog(tmp_path, BOMB), "--cache-dir", "", cwd=str(tmp_path))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[2] == ("catalog/ohio.yaml:2:1: 78 more anchors (&) and aliases (*) (lines 2, 3, 4 "
                        "and 5 more); write every value out in full")
    assert len(lines) == 14 and len(result.stderr) < 2000
    assert "Traceback" not in result.stderr


def test_broken_link_annotations_stay_within_the_limit():
    """check-links --format github: 10 warning annotations at most, the tenth saying how many
    more were found, the others as plain lines."""
    from generator.cli_toolkit import github_link_lines
    from generator.linkcheck import Place, Result

    results = [Result(f"https://e{n}.example.org/", False, 404, "HTTP 404 Not Found",
                      [Place("catalog/ohio.yaml", n + 1, 10, "url", f"r{n}")]) for n in range(12)]
    lines = github_link_lines(results)
    assert lines[0] == ("::warning file=catalog/ohio.yaml,line=1,col=10::url: https://e0.example.org/ "
                        "is broken (HTTP 404 Not Found); fix or remove it")
    assert sum(line.startswith("::warning") for line in lines) == 10
    assert lines[9].startswith("::warning::3 more warnings were found")
    assert lines[10:] == [f"catalog/ohio.yaml:{n + 1}:10: warning: url: https://e{n}.example.org/ is "
                          "broken (HTTP 404 Not Found); fix or remove it" for n in (9, 10, 11)]
