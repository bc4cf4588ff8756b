"""Survey answers bound to survey records (DESIGN §4; issue Trust II): 35 of 100 points may not be typed freely."""

from __future__ import annotations

import json

from test_check import edit, line_of_text
from zi_evidence.check import check_repository
from zi_evidence.cli import main

UNIT = "disdukcapil"


def test_an_answer_that_differs_from_the_record_is_an_error(repo_copy):
    lke = repo_copy / "units" / UNIT / "lke" / "2026" / "self.yaml"
    edit(lke, "H.BA.1.a: 3.7", "H.BA.1.a: 3.95")
    found = [p for p in check_repository(repo_copy).errors if p.code == "survey.mismatch"]
    assert [(p.file, p.line) for p in found] == [(f"units/{UNIT}/lke/2026/self.yaml", line_of_text(lke, "H.BA.1.a: 3.95"))]
    assert "3.7" in found[0].message and "survei.yaml" in found[0].message


def test_a_unit_without_a_survey_earns_no_free_points(repo_copy, capsys):
    (repo_copy / "units" / UNIT / "survei.yaml").unlink()
    found = {(p.code, p.line) for p in check_repository(repo_copy).errors if p.file == f"units/{UNIT}/lke/2026/self.yaml"}
    lke = repo_copy / "units" / UNIT / "lke" / "2026" / "self.yaml"
    assert found == {("survey.missing", line_of_text(lke, "H.BA.1.a:")), ("survey.missing", line_of_text(lke, "H.PP.1.a:"))}
    # zi score inside the repository warns (the number is still scored: the check is the gate)
    assert main(["score", str(lke), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {w["code"] for w in result["warnings"]} >= {"survey.missing"}


def test_a_survey_of_another_year_does_not_count(repo_copy):
    path = repo_copy / "units" / UNIT / "survei.yaml"
    text = path.read_text().replace("'2026-02-27'", "'2024-02-27'").replace("'2026-01-05'", "'2024-01-05'")
    path.write_text(text)
    assert {p.code for p in check_repository(repo_copy).errors} == {"survey.missing"}


def test_fewer_than_30_respondents_is_a_warning_citing_lampiran_ii(repo_copy):
    path = repo_copy / "units" / UNIT / "survei.yaml"
    text = path.read_text()
    start = text.index("kind: IPAK")
    path.write_text(text[:start] + text[start:].replace("respondents: 100", "respondents: 24", 1))
    report = check_repository(repo_copy)
    assert report.errors == []
    warnings = [p for p in report.warnings if p.code == "survey.sample"]
    assert len(warnings) == 2 and "Lampiran II" in warnings[0].message and "24" in warnings[0].message  # self and tpi


def test_a_file_outside_the_repository_scores_what_it_holds(tmp_path, capsys):
    from conftest import ROOT

    imported = tmp_path / "impor.yaml"
    imported.write_text("rules: permenpanrb-90-2021\nanswers:\n  H.BA.1.a: 3.95\n")
    assert main(["score", str(imported), "--root", str(ROOT), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert abs(result["ipak"] - 17.5 * 3.95 / 4) < 1e-9 and not [w for w in result["warnings"] if w["code"].startswith("survey")]
