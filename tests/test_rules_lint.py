"""``zi rules lint`` passes on the national rules and reports what is wrong in broken copies."""

from __future__ import annotations

from pathlib import Path

from conftest import KUPANG, NATIONAL
from zi_evidence.cli import main
from zi_evidence.ruleset import RuleSetLoader
from zi_evidence.ruleset.lint import lint


def _lint(root: Path, rid: str):
    return lint(RuleSetLoader(root), rid)


def _errors(problems):
    return [p for p in problems if p.severity == "error"]


def test_national_rules_pass(loader):
    rules, problems = lint(loader, NATIONAL)
    assert rules is not None and _errors(problems) == []


def test_kupang_tlhp_is_reported_with_file_and_line(loader):
    _, problems = lint(loader, KUPANG)
    errors = _errors(problems)
    assert {p.code for p in errors} == {"rules.unknown_quantity"}
    assert len(errors) == 2  # WBK and WBBM
    for p in errors:
        assert p.file == "rules/perwal-kupang-23-2025/ruleset.yaml" and p.line
        assert "tlhp" in p.message


def test_cli_lint_exit_codes(capsys, monkeypatch):
    from conftest import ROOT
    monkeypatch.chdir(ROOT)
    assert main(["rules", "lint", NATIONAL]) == 0
    assert "LULUS" in capsys.readouterr().out
    assert main(["rules", "lint", KUPANG]) == 1
    captured = capsys.readouterr()
    assert "GAGAL" in captured.out and "ruleset.yaml:" in captured.err


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, count))


def test_wrong_subindicator_weight_is_found(repo_copy):
    _edit(repo_copy / "rules" / NATIONAL / "lke.yaml", "name: \"Penyusunan Tim Kerja\"\n            weight: 0.5",
          "name: \"Penyusunan Tim Kerja\"\n            weight: 0.75")
    _, problems = _lint(repo_copy, NATIONAL)
    messages = [str(p) for p in _errors(problems)]
    assert any("P.MP: jumlah bobot sub-indikator 4.25 ≠ bobot area 4" in m and "lke.yaml:" in m for m in messages)


def test_duplicate_item_id_and_missing_option_value(repo_copy):
    lke = repo_copy / "rules" / NATIONAL / "lke.yaml"
    _edit(lke, "- id: P.MP.1.b", "- id: P.MP.1.a")
    _, problems = _lint(repo_copy, NATIONAL)
    assert any("P.MP.1.a dipakai 2 kali" in p.message for p in problems)
    _edit(lke, "- id: P.MP.1.a", "- id: P.MP.1.b", 2)  # undo both, then break an option
    _edit(lke, "                  - code: C\n                    value: 0\n", "                  - code: C\n")
    rules, problems = _lint(repo_copy, NATIONAL)
    assert rules is None
    assert any("'value'" in p.message and p.line for p in problems)


def test_overlay_referencing_unknown_item_is_reported(repo_copy):
    path = repo_copy / "rules" / KUPANG / "ruleset.yaml"
    path.write_text(path.read_text() + "  items:\n    P.MP.9.z:\n      text: \"Butir yang tidak ada\"\n")
    _, problems = _lint(repo_copy, KUPANG)
    found = [p for p in problems if p.code == "rules.override_unknown"]
    assert found and found[0].file.endswith("perwal-kupang-23-2025/ruleset.yaml") and found[0].line


def test_malformed_rule_file_names_file_and_line(repo_copy):
    path = repo_copy / "rules" / NATIONAL / "predicates.yaml"
    path.write_text(path.read_text().replace("total: {label:", "total: {label", 1))
    rules, problems = _lint(repo_copy, NATIONAL)
    assert rules is None and problems[0].file.endswith("predicates.yaml") and problems[0].line
