"""Machine output that pipes: stdout holds only the document, fingerprints survive inserted lines, rules are described."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zi_evidence.cli import main as zi
from zi_evidence.problems import Problem
from zi_evidence.render.annotations import REPORTERS, describe_code, fingerprints, problem_codes

BROKEN = "units/dinas-kesehatan/lke/2026/self.yaml"


def _break(root: Path, above: str = "") -> None:
    """An invalid answer (and an unknown key in unit.yaml), with ``above`` inserted at the top of both files."""
    path = root / BROKEN
    path.write_text(above + path.read_text().replace("answers:\n", "answers:\n  P.MP.1.b: Z\n", 1).replace("\n  P.MP.1.b:\n", "\n", 1))
    unit = root / "units/dinas-kesehatan/unit.yaml"
    unit.write_text(above + unit.read_text() + "alamat_kantr: Jl. Contoh 1\n")


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_stdout_is_only_the_document(repo_copy, fmt):
    """`zi check --format sarif > f.sarif` gives valid JSON; the summary and the problems go to stderr."""
    _break(repo_copy)
    run = subprocess.run([sys.executable, "-m", "zi_evidence.cli.main", "check", str(repo_copy), "--format", fmt],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    document = json.loads(run.stdout)  # nothing else on stdout
    assert document
    assert "zi check:" in run.stderr and "GAGAL" in run.stderr


def test_fingerprints_ignore_line_numbers_but_tell_duplicates_apart(repo_copy, tmp_path):
    _break(repo_copy)
    assert zi(["check", str(repo_copy), "--format", "sarif", "--output", str(tmp_path / "a.sarif")]) == 1
    moved = tmp_path / "moved"
    import shutil
    shutil.copytree(repo_copy, moved)  # the same broken files, under two inserted comment lines
    original = {rel: (repo_copy / rel).read_text() for rel in (BROKEN, "units/dinas-kesehatan/unit.yaml")}
    for rel, text in original.items():
        (moved / rel).write_text("# catatan baru\n# satu lagi\n" + text)
    assert zi(["check", str(moved), "--format", "sarif", "--output", str(tmp_path / "b.sarif")]) == 1

    def results(path):
        return {r["partialFingerprints"]["zi/v2"]: r for r in json.loads(path.read_text())["runs"][0]["results"]}

    before, after = results(tmp_path / "a.sarif"), results(tmp_path / "b.sarif")
    assert before.keys() == after.keys()  # the same problems …
    for fp, result in before.items():  # … two lines further down
        a = result["locations"][0]["physicalLocation"].get("region", {}).get("startLine")
        b = after[fp]["locations"][0]["physicalLocation"].get("region", {}).get("startLine")
        if result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] in original:
            assert a is None or b == a + 2, (result, after[fp])
    same = [Problem("a.yaml", 3, "x"), Problem("a.yaml", 9, "x"), Problem("a.yaml", 4, "pertama di baris 2", code="yaml.duplicate_key")]
    prints = fingerprints(same)
    assert len(set(prints)) == 3
    assert fingerprints([Problem("a.yaml", 30, "x"), Problem("a.yaml", 90, "x"),
                         Problem("a.yaml", 40, "pertama di baris 20", code="yaml.duplicate_key")]) == prints


def test_unknown_key_points_at_its_own_line(repo_copy, capsys):
    _break(repo_copy)
    lines = (repo_copy / "units/dinas-kesehatan/unit.yaml").read_text().splitlines()
    expected = next(n for n, line in enumerate(lines, 1) if line.startswith("alamat_kantr:"))
    capsys.readouterr()
    assert zi(["check", str(repo_copy), "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)
    unknown = [p for p in problems if p["code"] == "schema.additionalProperties"]
    assert [(p["file"], p["line"]) for p in unknown] == [("units/dinas-kesehatan/unit.yaml", expected)]
    assert "'alamat_kantr' tidak dikenal" in unknown[0]["message"]


def test_sarif_rules_carry_a_short_description_and_help():
    problems = [Problem("a.yaml", 1, "x", code="yaml.too_deep"), Problem("b.yaml", 2, "y", code="schema.enum"), Problem("c.yaml", 3, "z")]
    run = json.loads(REPORTERS["sarif"](problems))["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"yaml.too_deep", "schema.enum", "zi-check"}
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["help"]["text"] and rule["fullDescription"]["text"]
    assert rules["yaml.too_deep"]["shortDescription"]["text"] == problem_codes()["yaml.too_deep"]["short"]
    assert rules["schema.enum"]["help"]["text"] == problem_codes()["schema"]["help"]  # the family's text
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert describe_code("kode.tak_dikenal") == problem_codes()["zi-check"]
