"""The exported workbook recomputes our scores: LibreOffice (headless) recalculates it and we compare with zi score."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from conftest import ROOT
from zi_evidence.cli import main as zi
from zi_evidence.repository import Repository

pytestmark = pytest.mark.slow  # LibreOffice recalculation

CASES = [("disdukcapil", 2026), ("dinas-sosial", 2026), ("dinas-kesehatan", 2026)]  # the last one is half answered


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        if os.environ.get("ZI_REQUIRE_LIBREOFFICE"):
            pytest.fail("LibreOffice not found but ZI_REQUIRE_LIBREOFFICE is set (CI installs libreoffice-calc)")
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-calc)")
    return path


def recalculated_summary(workbook, tmp_path) -> list[list[str]]:
    out = tmp_path / "lo"
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--calc", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2", "--outdir", str(out), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    [summary] = out.glob("*Ringkasan*.csv")
    with open(summary, encoding="utf-8") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize(("unit", "year"), CASES)
def test_libreoffice_recalculation_matches_zi_score(tmp_path, unit, year):
    target = tmp_path / f"{unit}.xlsx"
    assert zi(["export", "xlsx", unit, "--year", str(year), "--out", str(target), "--root", str(ROOT)]) == 0
    rows = {r[0]: r for r in recalculated_summary(target, tmp_path)}
    record = Repository(ROOT).unit(unit)
    for assessor, column in (("self", 2), ("tpi", 3)):
        entry = record.scored(year, assessor)
        if entry is None:
            continue
        result = entry.result
        assert float(rows["NILAI TOTAL"][column]) == pytest.approx(result["total"], abs=1e-9)
        assert float(rows["Pengungkit"][column]) == pytest.approx(result["pengungkit"], abs=1e-9)
        assert float(rows["Hasil"][column]) == pytest.approx(result["hasil"], abs=1e-9)
        for key, area in result["areas"].items():
            assert float(rows[f"{area['name']} ({key})"][column]) == pytest.approx(area["value"], abs=1e-9)


def test_workbook_holds_answers_and_formulas(tmp_path):
    target = tmp_path / "d.xlsx"
    assert zi(["export", "xlsx", "disdukcapil", "--year", "2026", "--out", str(target), "--root", str(ROOT)]) == 0
    ws = load_workbook(target)["LKE"]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    r = rows["P.MP.1.a"]
    assert ws.cell(r, 5).value == "Ya" and ws.cell(r, 7).value == "Tidak"
    assert ws.cell(r, 6).value == f'=IF(E{r}="Ya",1,IF(E{r}="Tidak",0,0))'
    assert ws.cell(rows["R.AK.1.a:sasaran_total"], 5).value == 6
    assert str(ws.cell(rows["R.AK.1.a"], 6).value).startswith("=IF(COUNT(E")
    assert not list(tmp_path.glob(".*.tmp"))
