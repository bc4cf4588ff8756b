"""``zi score`` as CI and people use it: JSON contract, Indonesian table, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import NATIONAL, best_answers
from zi_evidence.cli import main

REQUIRED = {"unit", "year", "assessor", "rules", "total", "pengungkit", "pemenuhan", "reform", "hasil", "ipak", "kinerja", "ipkp",
            "bersih_akuntabel", "completeness", "areas", "subindicators", "eligibility", "warnings"}


def write_lke(root: Path, unit: str, year: int, assessor: str, answers: dict, rules: str = NATIONAL) -> Path:
    path = root / "units" / unit / "lke" / str(year) / f"{assessor}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"rules": rules, "answers": answers}, allow_unicode=True, sort_keys=False))
    return path


def test_json_for_one_file_is_an_object_with_the_contract_fields(repo_copy, rules, capsys):
    path = write_lke(repo_copy, "dinas-uji", 2025, "tpi", best_answers(rules))
    assert main(["score", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert REQUIRED <= set(data)
    assert (data["unit"], data["year"], data["assessor"], data["rules"]) == ("dinas-uji", 2025, "tpi", NATIONAL)
    assert abs(data["total"] - 100) < 1e-9
    assert set(data["areas"]["MP"]) >= {"value", "percent", "pemenuhan", "reform"}
    assert data["eligibility"]["WBK"] == {**data["eligibility"]["WBK"], "eligible": True, "failed": []}
    assert data["eligibility"]["WBBM"]["failed"] == ["holds_wbk"]   # no unit.yaml says it holds WBK


def test_several_files_print_an_array_in_order_and_unit_yaml_gives_held_predicates(repo_copy, rules, capsys):
    a = write_lke(repo_copy, "dinas-uji", 2025, "self", best_answers(rules))
    b = write_lke(repo_copy, "dinas-uji", 2024, "tpi", {"P.MP.1.a": "Ya"})
    (repo_copy / "units" / "dinas-uji" / "unit.yaml").write_text("predicates:\n  - predicate: WBK\n    granted: 2024-12-01\n")
    assert main(["score", str(a), str(b), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["year"] for d in data] == [2025, 2024]
    assert data[0]["eligibility"]["WBBM"]["eligible"] is True
    assert data[1]["completeness"] == 1 / 113


def test_unit_folder_scores_every_answers_file(repo_copy, rules, capsys):
    write_lke(repo_copy, "dinas-uji", 2025, "self", best_answers(rules))
    write_lke(repo_copy, "dinas-uji", 2025, "tpi", {})
    assert main(["score", str(repo_copy / "units" / "dinas-uji"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["assessor"] for d in data] == ["self", "tpi"]


def test_table_is_indonesian_and_shows_failed_numbers(repo_copy, rules, capsys):
    answers = best_answers(rules)
    for item_id in list(answers):
        if item_id.startswith("R.PW"):
            answers.pop(item_id)
    path = write_lke(repo_copy, "dinas-uji", 2025, "tpi", answers)
    assert main(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Penguatan Pengawasan (PW)" in out and "50,00 %" in out
    assert "✗ Nilai minimal pengungkit 52,50 < 48,00" not in out
    assert "✗ Bobot nilai minimal per area pengungkit 50,00 % < 60,00 %" in out
    assert "NILAI TOTAL: 92,50 / 100,00" in out
    assert "Kelayakan predikat:" in out and "BELUM MEMENUHI SYARAT" in out


def test_maxima_in_the_table_come_from_the_rule_set(repo_copy, rules, capsys):
    from zi_evidence.render.text import format_score
    path = write_lke(repo_copy, "dinas-uji", 2025, "self", best_answers(rules))
    assert main(["score", str(path), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["weights"] == {"pengungkit": 60.0, "hasil": 40.0, "total": 100.0}
    text = format_score({**result, "weights": {"pengungkit": 70.0, "hasil": 30.0, "total": 100.0}}, rules)
    assert "/ 70,00" in text and "/ 30,00" in text and "/ 60,00" not in text


def test_invalid_answer_exits_1_with_file_and_line(repo_copy, capsys):
    path = write_lke(repo_copy, "dinas-uji", 2025, "self", {"P.MP.1.a": "Ya", "P.MP.1.b": "D"})
    assert main(["score", str(path), "--root", str(repo_copy)]) == 1
    err = capsys.readouterr().err
    assert "units/dinas-uji/lke/2025/self.yaml:4: pilihan 'D' tidak ada untuk butir P.MP.1.b" in err


def test_missing_path_and_bad_flags_are_usage_errors(repo_copy, capsys):
    assert main(["score", str(repo_copy / "nope.yaml")]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err


def test_file_outside_the_repository_with_root(tmp_path, repo_copy, rules, capsys):
    outside = tmp_path / "elsewhere" / "jawaban.yaml"
    outside.parent.mkdir()
    outside.write_text(yaml.safe_dump({"rules": NATIONAL, "answers": best_answers(rules)}))
    assert main(["score", str(outside), "--root", str(repo_copy), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unit"] is None and abs(data["total"] - 100) < 1e-9


def test_unknown_rule_set_is_reported(repo_copy, capsys):
    path = write_lke(repo_copy, "dinas-uji", 2025, "self", {}, rules="tidak-ada")
    assert main(["score", str(path)]) == 1
    assert "rules: tidak-ada tidak boleh dipilih berkas LKE" in capsys.readouterr().err
