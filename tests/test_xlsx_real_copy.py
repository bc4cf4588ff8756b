"""`zi import xlsx` on workbooks laid out like a local government's filled copy (tests/realcopy.py): the item row of a
computed item carrying "-" or its formula, the item's explanation beside its question, merged two-row headers, blank
and note rows, rows moved within a block, a typed total that disagrees with its details, a cached fraction where a
count belongs and the LHKASN total that sums the LHKPN rows again. The imported answers must score what the regulation
gives (an independent scorer, tests/reference_scorer.py), and every number of the workbook that differs must be named
by cell with both values."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import ROOT
from realcopy import real_copy
from reference_scorer import reference_score
from zi_evidence.cli import main as zi
from zi_evidence.numfmt import persen
from zi_evidence.repository import Repository
from zi_evidence.scoring import item_value


@pytest.fixture(scope="module")
def rules():
    return Repository(ROOT).rules("permenpanrb-90-2021")


def bare(answers: dict) -> dict:
    return {k: (v["answer"] if isinstance(v, dict) and "answer" in v else v) for k, v in answers.items()}


def imported(tmp_path, book, *extra) -> tuple[int, str, str, dict]:
    out = tmp_path / "self.yaml"
    out.unlink(missing_ok=True)
    code = zi(["import", "xlsx", str(book), "--out", str(out), "--root", str(ROOT), *extra])
    return code, out, bare(yaml.safe_load(out.read_text())["answers"]) if out.exists() else {}


@pytest.mark.parametrize(("item_mark", "seed"), [("-", 1), ("formula", 2), ("", 3), ("-", 4)])
def test_a_real_copy_imports_every_answer_and_scores_what_the_regulation_gives(rules, tmp_path, capsys, item_mark, seed):
    book = tmp_path / "lke.xlsx"
    copy = real_copy(rules, book, seed=seed, item_mark=item_mark)
    code, out, got = imported(tmp_path, book)
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "113/113 butir dikenali" in printed.out and "galat" not in printed.err
    assert got == bare(copy.expected)
    assert zi(["score", str(out), "--root", str(ROOT), "--format", "json"]) == 0
    total = json.loads(capsys.readouterr().out)["total"]
    assert total == pytest.approx(reference_score(bare(copy.expected))["total"], abs=1e-9)


def test_the_lhkasn_total_that_counts_lhkpn_twice_is_named_by_cell_with_both_values(rules, tmp_path, capsys):
    book = tmp_path / "lke.xlsx"
    copy = real_copy(rules, book, item_mark="formula")
    code, _out, got = imported(tmp_path, book)
    printed = capsys.readouterr().out
    assert code == 0
    lhkpn, lhkasn = rules.items["R.PW.3.a"], rules.items["R.PW.3.b"]
    rows = copy.rows
    typed = rows["R.PW.3.b:typed"]
    details = sum(got["R.PW.3.b"][i.name] for i in lhkasn.inputs[:3])
    workbook_total = copy.cached[f"F{typed}"]
    assert workbook_total > details
    lhkpn_rows = f"{rows['R.PW.3.a:typed']}–{rows['R.PW.3.a:' + lhkpn.inputs[2].name]}"
    assert (f"rumus: LKE ZI!F{typed}: rumus =SUM(F{rows['R.PW.3.a:typed']}:F{rows['R.PW.3.a:' + lhkpn.inputs[2].name]})"
            in printed)
    line = next(x for x in printed.splitlines() if x.startswith(f"rumus: LKE ZI!F{typed}:"))
    assert f"juga menjumlahkan baris {lhkpn_rows} milik R.PW.3.a" in line
    assert f"lembar kerja {workbook_total}, menurut regulasi {details}" in line
    # the percentage that divides by it: the workbook's number and the regulation's, by cell
    ratio_row = rows["R.PW.3.b%"]
    ours = persen(item_value(lhkasn, got["R.PW.3.b"])[0])
    theirs = persen(copy.cached[f"F{ratio_row}"])
    line = next(x for x in printed.splitlines() if x.startswith(f"rumus: LKE ZI!F{ratio_row}:"))
    assert f"lembar kerja {theirs}, menurut regulasi {ours}" in line and "milik R.PW.3.a" in line


def test_a_copy_whose_formulas_follow_the_regulation_gets_no_formula_finding(rules, tmp_path, capsys):
    book = tmp_path / "lke.xlsx"
    real_copy(rules, book, item_mark="formula", doubled_lhkasn=False, lhkpn_typed=None)
    code, _out, _got = imported(tmp_path, book)
    printed = capsys.readouterr().out
    assert code == 0 and "rumus:" not in printed and "selisih:" not in printed


def test_a_cached_fraction_in_a_count_row_is_an_error_and_never_a_count(rules, tmp_path, capsys):
    book = tmp_path / "lke.xlsx"
    item = rules.items["R.AK.1.a"]
    name = item.inputs[0].name
    copy = real_copy(rules, book, fraction_in=f"R.AK.1.a:{name}")
    code, out, _got = imported(tmp_path, book)
    err = capsys.readouterr().err
    assert code == 1 and f"LKE ZI!F{copy.rows['R.AK.1.a:' + name]}: R.AK.1.a/{name} berisi pecahan 0,60" in err
    assert not out.exists()
    code, out, got = imported(tmp_path, book, "--force")
    assert code == 0 and "R.AK.1.a" not in got  # unanswered (completeness drops), never {sasaran_total: 0}
    expected = {k: v for k, v in bare(copy.expected).items() if k != "R.AK.1.a"}
    assert got == expected
