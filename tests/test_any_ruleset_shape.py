"""Any rule set's shape runs through every command and the site: one unit per rule set in rules/ plus a minimal
synthetic one (tests/data/rules/satu-komponen: one component, no hasil, three items) — scored, checked, compared,
followed through Git history, reported on a pull request, judged by the verdict, written into letters, exported and
re-imported, and published. Every reader takes its rows and labels from the rule set, so nothing may assume the
national LKE's pengungkit/hasil, its items or its predicates."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import git
import pytest
import yaml

from committed import commit
from conftest import ROOT
from realcopy import consistent
from sitecheck import mkdocs_build
from zi_evidence.cli import main as zi
from zi_evidence.repository import Repository

pytestmark = pytest.mark.slow  # builds the site once

SYNTHETIC = ROOT / "tests/data/rules/satu-komponen"
ACTOR = "dinaskesehat-zi"  # a maintainer in the demo's unit template


def answers_for(rules) -> dict:
    out: dict = {}
    for item in rules.items.values():
        if item.is_choice:
            out[item.id] = item.options[len(item.options) // 2].code
        elif item.survey:
            continue  # a survey answer needs the unit's survey record (survei.yaml); left unanswered
        elif item.range is not None:
            out[item.id] = round((item.range[0] + item.range[1]) * 0.6, 2)
        else:
            counts = {i.name: 5 for i in item.inputs}
            out[item.id] = {"answer": consistent(item, counts)}
    return out


def year_of(rules) -> int:
    span = rules.in_force or {}
    return int(span.get("until_year") or 2026)


@pytest.fixture(scope="module")
def shaped(tmp_path_factory) -> tuple[Path, git.Repo, dict[str, tuple[str, int]]]:
    root = tmp_path_factory.mktemp("shapes") / "repo"
    for name in ("rules", "units", "evidence", "docs", ".github"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(SYNTHETIC, root / "rules" / SYNTHETIC.name)
    template = (ROOT / "units/dinas-kesehatan/unit.yaml").read_text()
    units: dict[str, tuple[str, int]] = {}
    loader = Repository(root)
    for rules_id in sorted(p.parent.name for p in (root / "rules").glob("*/ruleset.yaml")):
        rules = loader.rules(rules_id)
        unit, year = f"uji-{rules_id}", year_of(rules)
        folder = root / "units" / unit
        (folder / "lke" / str(year)).mkdir(parents=True)
        (folder / "unit.yaml").write_text(template.replace("id: dinas-kesehatan", f"id: {unit}")
                                          .replace("name: Dinas Kesehatan", f"name: Unit Uji {rules_id}")
                                          .replace("rules: permenpanrb-90-2021", f"rules: {rules_id}")
                                          .replace("date: '2025-", f"date: '{year - 1}-"))
        for assessor in ("self", "tpi"):
            (folder / "lke" / str(year) / f"{assessor}.yaml").write_text(
                yaml.safe_dump({"rules": rules_id, "answers": answers_for(rules)}, allow_unicode=True, sort_keys=False))
        units[rules_id] = (unit, year)
    repo = git.Repo.init(root, initial_branch="main")
    commit(repo, "Data awal dengan satu unit per rule set", "organisasi-kota-contoh")
    repo.git.checkout("-b", "ubah")
    for rules_id, (unit, year) in units.items():  # one answer changed per unit: the PR report and history have a change
        path = root / "units" / unit / "lke" / str(year) / "self.yaml"
        data = yaml.safe_load(path.read_text())
        rules = loader.rules(rules_id)
        first = next(iter(rules.items.values()))
        data["answers"][first.id] = first.options[0].code if first.is_choice else (first.range[1] if first.range else data["answers"][first.id])
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    commit(repo, "Jawaban diperbarui", ACTOR)
    return root, repo, units


def test_every_rule_set_and_the_synthetic_one_lint_and_check(shaped, capsys):
    root, _repo, units = shaped
    assert "satu-komponen" in units and "permenpanrb-52-2014" in units
    assert zi(["rules", "lint", "satu-komponen", "--root", str(root)]) == 0
    assert zi(["check", str(root)]) == 0, capsys.readouterr().err


def test_score_compare_and_history_take_their_rows_from_the_rule_set(shaped, capsys):
    root, _repo, units = shaped
    loader = Repository(root)
    for rules_id, (unit, year) in units.items():
        rules = loader.rules(rules_id)
        path = root / "units" / unit / "lke" / str(year) / "self.yaml"
        assert zi(["score", str(path), "--root", str(root), "--format", "json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert set(rules.components) <= set(result) and (("hasil" in result) == ("hasil" in rules.components))
        assert zi(["score", str(path), "--root", str(root)]) == 0
        assert zi(["score", str(root / "units" / unit), "--compare", "--root", str(root)]) in (0, 1)
        capsys.readouterr()
        assert zi(["history", unit, "--year", str(year), "--root", str(root), "--format", "json"]) == 0
        last = json.loads(capsys.readouterr().out)["points"][-1]
        assert list(last["components"]) == list(rules.components) and last["total"] == pytest.approx(result["total"], abs=1e-9)
        assert zi(["history", unit, "--year", str(year), "--root", str(root)]) == 0
        table = capsys.readouterr().out
        for _key, (name, _w) in rules.components.items():
            assert name in table
        if "hasil" not in rules.components:
            assert "Hasil" not in table


def test_pr_report_and_verdict_on_a_change_to_every_rule_set(shaped, capsys):
    root, _repo, units = shaped
    capsys.readouterr()
    assert zi(["pr-report", "--root", str(root), "--base", "main", "--head", "ubah", "--format", "json"]) in (0, 1)
    report = json.loads(capsys.readouterr().out)
    by_unit = {u["unit"]: u for u in report["units"]}
    for rules_id, (unit, _year) in units.items():
        after = by_unit[unit]["after"]
        assert after is not None, (rules_id, by_unit[unit].get("problem"))
        assert list(after["components"]) == list(Repository(root).rules(rules_id).components)
    assert zi(["pr-report", "--root", str(root), "--base", "main", "--head", "ubah"]) in (0, 1)
    markdown = capsys.readouterr().out
    assert "`uji-satu-komponen`" in markdown
    out = root.parent / "verdict.md"
    assert zi(["verdict", "--root", str(root), "--base", "main", "--head", "ubah", "--actor", ACTOR, "--output", str(out)]) in (0, 1)
    assert "uji&#45;satu&#45;komponen" in out.read_text() or "uji-satu-komponen" in out.read_text()


def test_letters_reminders_review_and_exports_for_every_rule_set(shaped, tmp_path, capsys):
    root, _repo, units = shaped
    for rules_id, (unit, year) in units.items():
        assert zi(["letters", unit, "--year", str(year), "--out", str(tmp_path / unit), "--root", str(root)]) == 0, rules_id
        book = tmp_path / f"{unit}.xlsx"
        capsys.readouterr()
        assert zi(["export", "xlsx", unit, "--year", str(year), "--out", str(book), "--root", str(root)]) == 0
        target = root / "units" / unit / "lke" / str(year) / "tpi.yaml"
        assert zi(["import", "xlsx", str(book), "--out", str(target), "--assessor", "tpi", "--root", str(root)]) == 0, rules_id
        assert "tidak ada jawaban yang berubah" in capsys.readouterr().out
    monev = (tmp_path / "uji-satu-komponen" / "laporan-monev.md").read_text()
    assert re.search(r"\(pengungkit [\d.]+,\d\d\)", monev), monev  # its one component, no "hasil 0,00"
    assert zi(["reminders", "--root", str(root), "--date", "2026-12-04"]) == 0
    assert zi(["review", "--root", str(root), "--date", "2026-12-04"]) == 0
    assert zi(["export", "portalrb", "--out", str(tmp_path / "portalrb"), "--root", str(root)]) == 0


def test_the_site_builds_with_every_rule_set(shaped, tmp_path):
    root, repo, units = shaped
    repo.git.checkout("main")
    try:
        result = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    finally:
        repo.git.checkout("ubah")
    assert result.returncode == 0, result.stderr[-3000:]
    for rules_id, (unit, _year) in units.items():
        page = (tmp_path / "site" / "unit" / unit / "index.html").read_text()
        assert f"Unit Uji {rules_id}" in page
    lke = (tmp_path / "site" / "unit" / "uji-satu-komponen" / "lke-2026" / "index.html").read_text()
    assert "Pengungkit" in lke and "Prosedur operasional tetap" in lke
