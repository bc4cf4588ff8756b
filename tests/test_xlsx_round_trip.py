"""The Excel round trip on every demo answers file, in both layouts: `zi export xlsx` → `zi import xlsx` into the
existing file changes nothing (byte for byte: evidence, notes, review fields, comments and order stay), and a
workbook built straight from PortalRB's coordinates (rules' ``portalrb_workbook``, taken from the master question
list's excel_sheet/excel_baris) with one edited cell changes exactly that answer's line."""

from __future__ import annotations

import shutil

import pytest
import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.utils import column_index_from_string

from conftest import ROOT
from zi_evidence.cli import main as zi
from zi_evidence.portalrb import soal_map
from zi_evidence.repository import Repository
from zi_evidence.scoring.answers import canonical

FILES = sorted(p.relative_to(ROOT) for p in ROOT.glob("units/*/lke/*/*.yaml"))


def _rules_of(path):
    return yaml.safe_load(path.read_text())["rules"]


@pytest.mark.parametrize("layout", ["lampiran-iii", "portalrb"])
@pytest.mark.parametrize("relative", FILES, ids=str)
def test_export_then_import_into_the_file_changes_nothing(tmp_path, capsys, relative, layout):
    unit, year, assessor = relative.parts[1], relative.parts[3], relative.stem
    rules = Repository(ROOT).rules(_rules_of(ROOT / relative))
    if layout == "portalrb" and rules.portalrb_workbook is None:
        pytest.skip(f"{rules.id} has no PortalRB workbook (no soal ids before 90/2021)")
    book = tmp_path / "lke.xlsx"
    assert zi(["export", "xlsx", unit, "--year", year, "--layout", layout, "--out", str(book), "--root", str(ROOT)]) == 0
    target = tmp_path / "answers.yaml"
    shutil.copyfile(ROOT / relative, target)
    capsys.readouterr()
    code = zi(["import", "xlsx", str(book), "--out", str(target), "--assessor", assessor, "--root", str(ROOT)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "tidak ada jawaban yang berubah" in printed.out, printed.out
    assert target.read_bytes() == (ROOT / relative).read_bytes()


def portal_book(rules, answers: dict, path) -> dict[int, int]:
    """PortalRB's answer sheet written from the coordinates alone: no question text, headings in the gaps."""
    book = rules.portalrb_workbook
    wb = Workbook()
    ws = wb.active
    ws.title = book.sheet
    cols = {k: column_index_from_string(v) for k, v in book.columns.items()}
    rows = {}
    for soal_id, item_id, count in soal_map(rules):
        row = book.rows[soal_id]
        rows[soal_id] = row
        if row - 1 not in book.rows.values():
            ws.cell(row - 1, 1, "SUB AREA")  # a heading PortalRB prints in the gap
        value = canonical(rules.items[item_id], answers.get(item_id))
        if count is not None:
            value = value.get(count) if isinstance(value, dict) else None
        if value is not None and not isinstance(value, dict):
            ws.cell(row, cols["self"], value)
    wb.save(path)
    return rows


def test_a_portalrb_sheet_from_the_coordinates_merges_one_edited_cell(tmp_path, capsys):
    relative = next(p for p in FILES if p.parts[1] == "disdukcapil" and p.stem == "self")
    rules = Repository(ROOT).rules(_rules_of(ROOT / relative))
    answers = yaml.safe_load((ROOT / relative).read_text())["answers"]
    path = tmp_path / "jawaban.xlsx"
    rows = portal_book(rules, answers, path)
    target = tmp_path / "self.yaml"
    shutil.copyfile(ROOT / relative, target)
    assert zi(["import", "xlsx", str(path), "--out", str(target), "--root", str(ROOT)]) == 0
    assert "tidak ada jawaban yang berubah" in capsys.readouterr().out
    # one count of a computed item edited in the sheet: one line of the file changes, nothing else
    soal_id, item_id, count = next(s for s in soal_map(rules) if s[2] is not None)
    wb = load_workbook(path)
    ws = wb[rules.portalrb_workbook.sheet]
    col = column_index_from_string(rules.portalrb_workbook.columns["self"])
    old = ws.cell(rows[soal_id], col).value
    ws.cell(rows[soal_id], col, (old or 0) + 1)
    wb.save(path)
    original = target.read_text()
    assert zi(["import", "xlsx", str(path), "--out", str(target), "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert f"berubah: {item_id}:" in out and "1 jawaban berubah" in out
    changed = [(a, b) for a, b in zip(original.splitlines(), target.read_text().splitlines(), strict=True) if a != b]
    assert len(changed) == 1 and str((old or 0) + 1) in changed[0][1]
