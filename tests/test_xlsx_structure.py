"""Import by structure: workbooks laid out like Lampiran III (numbering in its own column, headings, percentage rows,
count rows, typed totals), with the traps of real ones — duplicate count labels under LHKPN and LHKASN, nested
headings, blank and shifted rows, merged cells, a typed total that differs from its parts, a broken AVERAGE range —
and the round trip `zi export xlsx` → `zi import xlsx` on random answer sets."""

from __future__ import annotations

import random

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from conftest import ROOT
from realcopy import consistent
from zi_evidence.cli import main as zi
from zi_evidence.numfmt import angka
from zi_evidence.repository import Repository
from zi_evidence.scoring import parse_answers
from zi_evidence.xlsx_export import build_workbook, write_workbook

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii"]


@pytest.fixture(scope="module")
def rules():
    return Repository(ROOT).rules("permenpanrb-90-2021")


def short_form(answers: dict) -> dict:
    """Imported answers as the expectations are written: a bare answer where only ``answer`` was recorded."""
    return {k: (v["answer"] if isinstance(v, dict) and set(v) == {"answer"} and not isinstance(v["answer"], dict) else v) for k, v in answers.items()}


def official_like(rules, path, *, lhkpn_typed=15, lhkpn_parts=(1, 9, 3), lhkpn_done=13, broken_range=True, drop_input=None,
                  duplicate_item=None, seed=1):
    """A Lampiran III–like sheet: A=numbering, B=text, C=Pilihan, D=Jawaban, E=Nilai. Returns (expected answers, cells)."""
    rng = random.Random(seed)
    wb = Workbook()
    ws = wb.active
    ws.title = "LKE"
    ws.append(["LEMBAR KERJA EVALUASI ZONA INTEGRITAS 2026"])
    ws.append(["No", "Komponen / Indikator", "Pilihan Jawaban", "Jawaban", "Nilai", "Catatan"])
    expected, cells = {}, {}

    def row(*values):
        ws.append(list(values))
        return ws.max_row

    for component, aspects in (("A. PENGUNGKIT", [a for a in rules.aspects if a.component == "pengungkit"]),
                               ("B. HASIL", [a for a in rules.aspects if a.component == "hasil"])):
        r = row(component.split(". ")[0], component.split(". ")[1])
        cells["component:" + component.split(". ")[1].lower()] = r
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=3)
        for k, aspect in enumerate(aspects, 1):
            if aspect.component == "pengungkit":
                row(["I", "II"][k - 1], aspect.name.upper())
            for n, part in enumerate(aspect.parts, 1):
                if aspect.component == "pengungkit":
                    cells[f"{part.aspect}.{part.area}"] = row(str(n), part.name.upper())
                else:
                    cells[f"{part.aspect}.{part.area}"] = row(["I", "II"][n - 1], part.name.upper())
                letter_base = 0
                for s, sub in enumerate(part.subindicators):
                    if aspect.component == "pengungkit":
                        sub_row = row(ROMAN[s], sub.name)
                        cells[sub.id] = sub_row
                        if rng.random() < 0.15:
                            row()  # an inserted blank row
                    item_rows = []
                    for j, item in enumerate(sub.items):
                        code = item.id.rsplit(".", 1)[1] if aspect.component == "pengungkit" else "abcdefgh"[letter_base + j]
                        if item.id == "R.PW.3.a":
                            row("i", "Penyampaian Laporan Harta Kekayaan Pejabat Negara (LHKPN)")
                        if item.id == "R.PW.3.b":
                            row("ii", "Penyampaian Laporan Harta Kekayaan Aparatur Sipil Negara (LHKASN)")
                        if item.is_choice:
                            answer = rng.choice([o.code for o in item.options])
                            r = row(code, item.text, "/".join(o.code for o in item.options), answer, item.option(answer).value)
                            expected[item.id] = answer
                        elif item.type == "survey":
                            r = row(code, item.text, "Nilai", 3.7, 3.7 / 4 * sub.weight)
                            expected[item.id] = 3.7
                        else:
                            r = row(None if item.id.startswith("R.PW.3") else code, item.text, "%", None, None)
                            counts = {}
                            if item.id == "R.PW.3.a":
                                row(None, "Jumlah yang harus melaporkan", "Jumlah", lhkpn_typed)
                                for inp, value in zip(item.inputs[:3], lhkpn_parts, strict=True):
                                    row("-", inp.label, "Jumlah", value)
                                    counts[inp.name] = value
                                row(None, "Jumlah yang sudah melaporkan", "Jumlah", lhkpn_done)
                                counts["sudah_lapor"] = lhkpn_done
                                ws.cell(r, 4, lhkpn_done / lhkpn_typed)  # the workbook's own (cached) percentage
                                cells["R.PW.3.a%"] = r
                            elif item.id == "R.PW.3.b":
                                row("-", "Jumlah yang harus melaporkan (ASN tidak wajib LHKPN)", "Jumlah", 6)
                                for inp, value in zip(item.inputs[:3], (2, 3, 1), strict=True):
                                    row("-", inp.label, "Jumlah", value)
                                    counts[inp.name] = value
                                row("-", "Jumlah yang sudah melaporkan", "Jumlah", 5)
                                counts["sudah_lapor"] = 5
                            else:
                                counts = consistent(item, {inp.name: rng.randint(1, 4) for inp in item.inputs})
                                for inp in item.inputs:
                                    if inp.name != drop_input:
                                        row("-", inp.label, "Jumlah", counts[inp.name])
                            expected[item.id] = {"answer": counts}
                        item_rows.append(r)
                        if item.id == duplicate_item:
                            row(code, item.text, "/".join(o.code for o in item.options), expected[item.id])
                    letter_base += len(sub.items)
                    if aspect.component == "pengungkit":
                        covered = item_rows[:-1] if broken_range and sub.id == "P.MP.2" else item_rows
                        ws.cell(sub_row, 5, f"=AVERAGE(E{covered[0]}:E{covered[-1]})*{sub.weight}")
    wb.save(path)
    return expected, cells


def test_structure_places_duplicate_labels_and_explains_the_workbooks_numbers(rules, tmp_path, capsys):
    book = tmp_path / "lke.xlsx"
    expected, cells = official_like(rules, book)
    out = tmp_path / "self.yaml"
    assert zi(["import", "xlsx", str(book), "--out", str(out), "--root", str(ROOT)]) == 0
    printed = capsys.readouterr().out
    assert "113/113 butir dikenali" in printed
    got = yaml.safe_load(out.read_text())["answers"]
    assert short_form(got) == expected
    assert got["R.PW.3.a"]["answer"] == {"wajib_kepala": 1, "wajib_pejabat": 9, "wajib_lainnya": 3, "sudah_lapor": 13}
    assert got["R.PW.3.b"]["answer"] == {"wajib_administrator": 2, "wajib_pengawas": 3, "wajib_fungsional_pelaksana": 1, "sudah_lapor": 5}
    # the workbook's cached 86,67 % for LHKPN beside ours (100 %), with its cause and cell
    assert f"selisih: LKE!D{cells['R.PW.3.a%']}: persentase R.PW.3.a di lembar kerja 86,67 %, dihitung ZI Evidence 100,00 %" in printed
    assert "membagi dengan jumlah yang diketik (15)" in printed
    assert "jumlah yang diketik (15) untuk R.PW.3.a berbeda dari jumlah rinciannya (13)" in printed
    # the broken AVERAGE range of P.MP.2, named by cell
    assert f"rumus: LKE!E{cells['P.MP.2']}: rumus =AVERAGE(" in printed and "padahal butir P.MP.2 ada di baris" in printed


def test_a_missing_count_row_is_an_error_naming_the_sheet(rules, tmp_path, capsys):
    book = tmp_path / "lke.xlsx"
    official_like(rules, book, drop_input="sasaran_total")
    out = tmp_path / "self.yaml"
    assert zi(["import", "xlsx", str(book), "--out", str(out), "--root", str(ROOT)]) == 1
    err = capsys.readouterr().err
    assert "LKE: R.AK.1.a tanpa baris untuk sasaran_total" in err and not out.exists()


def test_an_item_matched_twice_is_an_error_naming_the_cell(rules, tmp_path, capsys):
    book = tmp_path / "lke.xlsx"
    official_like(rules, book, duplicate_item="P.TL.1.a")
    assert zi(["import", "xlsx", str(book), "--out", str(tmp_path / "o.yaml"), "--root", str(ROOT)]) == 1
    err = capsys.readouterr().err
    assert "butir P.TL.1.a sudah dipetakan di baris" in err and "LKE!D" in err


def _random_answers(rules, rng):
    out = {}
    for item in rules.items.values():
        if rng.random() < 0.15:
            continue  # unanswered
        if item.is_choice:
            out[item.id] = rng.choice([o.code for o in item.options])
        elif item.type == "survey":
            out[item.id] = round(rng.uniform(0, 4), 2)
        else:
            out[item.id] = {"answer": consistent(item, {i.name: rng.randint(0, 6) for i in item.inputs})}
    return out


@pytest.mark.parametrize("seed", range(4))
def test_round_trip_export_then_import(rules, tmp_path, capsys, seed):
    answers = _random_answers(rules, random.Random(seed))
    assert parse_answers(rules, answers, "x").ok
    book = tmp_path / "lke.xlsx"
    write_workbook(build_workbook(rules, "Dinas Uji", 2026, {"self": answers}), book)
    out = tmp_path / "self.yaml"
    assert zi(["import", "xlsx", str(book), "--out", str(out), "--root", str(ROOT)]) == 0, capsys.readouterr()
    got = yaml.safe_load(out.read_text())["answers"]
    assert short_form(got) == answers


def test_typed_area_and_component_values_are_compared_with_their_parts(rules, tmp_path, capsys):
    """Area, aspect and component rows hold typed numbers in real workbooks; each is compared with ours and with the sum of
    its own parts in the workbook, so "the area total was typed over" is told apart from "an item above differs"."""
    book = tmp_path / "lke.xlsx"
    expected, cells = official_like(rules, book, broken_range=False)
    out = tmp_path / "self.yaml"
    assert zi(["import", "xlsx", str(book), "--out", str(out), "--root", str(ROOT)]) == 0
    capsys.readouterr()
    parsed = parse_answers(rules, yaml.safe_load(out.read_text())["answers"], "x")
    ours = Repository(ROOT).score_answers(rules, parsed, [])
    wb = load_workbook(book)
    ws = wb["LKE"]
    part = next(p for a in rules.aspects for p in a.parts if f"{p.aspect}.{p.area}" == "P.TL")
    for sub in part.subindicators:
        ws.cell(cells[sub.id], 5).value = round(ours["subindicators"][sub.id], 6)  # the workbook's sub values agree with ours
    ws.cell(cells["P.TL"], 5).value = 9.5  # … but the area total was typed over
    ws.cell(cells["component:pengungkit"], 5).value = round(ours["pengungkit"], 6)  # agrees: nothing printed for it
    ws.cell(cells["component:hasil"], 5).value = round(ours["hasil"], 2) + 1  # differs, parts unknown
    wb.save(book)
    assert zi(["import", "xlsx", str(book), "--out", str(out), "--root", str(ROOT), "--replace"]) == 0
    printed = capsys.readouterr().out
    parts_sum = sum(ours["subindicators"][x.id] for x in part.subindicators)
    assert f"LKE!E{cells['P.TL']}: area P.TL di lembar kerja 9,50, dihitung ZI Evidence {angka(parts_sum)}" in printed
    assert f"nilai yang diketik berbeda dari jumlah rinciannya di lembar kerja ({angka(parts_sum)}" in printed
    assert f"LKE!E{cells['component:pengungkit']}:" not in printed
    assert f"LKE!E{cells['component:hasil']}: komponen hasil di lembar kerja" in printed
    for sub in part.subindicators:
        assert f"LKE!E{cells[sub.id]}:" not in printed  # equal values are not differences


def test_two_row_header_tells_unit_and_tpi_columns_apart(rules, tmp_path, capsys):
    """Many copies group "Jawaban | Nilai" under merged "Penilaian Mandiri" and "Penilaian TPI" headings."""
    wb = Workbook()
    ws = wb.active
    ws.title = "LKE"
    ws.append(["No", "Komponen", "Penilaian Mandiri Unit", None, "Penilaian TPI", None])
    ws.merge_cells("C1:D1")
    ws.merge_cells("E1:F1")
    ws.append([None, None, "Jawaban", "Nilai", "Jawaban", "Nilai"])
    sub = rules.subindicators["P.MP.1"]
    ws.append(["i", sub.name])
    expected_self, expected_tpi = {}, {}
    for item, (mine, theirs) in zip(sub.items, (("Ya", "Tidak"), ("A", "B"), ("B", "C"), ("C", "D")), strict=False):
        mine = mine if mine in item.options_by_code else item.options[0].code
        theirs = theirs if theirs in item.options_by_code else item.options[-1].code
        ws.append([item.id.rsplit(".", 1)[1], item.text, mine, None, theirs, None])
        expected_self[item.id], expected_tpi[item.id] = mine, theirs
    book = tmp_path / "two-rows.xlsx"
    wb.save(book)
    for who, expected in (("self", expected_self), ("tpi", expected_tpi)):
        out = tmp_path / f"{who}.yaml"
        assert zi(["import", "xlsx", str(book), "--out", str(out), "--root", str(ROOT), "--assessor", who]) == 0, capsys.readouterr()
        assert short_form(yaml.safe_load(out.read_text())["answers"]) == expected


def test_reimporting_our_export_merges_and_keeps_evidence_review_and_comments(repo_copy, tmp_path, capsys):
    """The Excel round trip loses nothing: importing into the existing answers file changes only the answers that
    changed (printed item by item) and keeps evidence, the TPI's status/catatan, the unit's tanggapan, comments and order."""
    from openpyxl import load_workbook
    root = str(repo_copy)
    target = repo_copy / "units/dinas-sosial/lke/2026/tpi.yaml"
    original = "# catatan tangan tim penilai\n" + target.read_text()
    target.write_text(original)
    book = tmp_path / "lke.xlsx"
    assert zi(["export", "xlsx", "dinas-sosial", "--year", "2026", "--out", str(book), "--root", root]) == 0
    capsys.readouterr()
    assert zi(["import", "xlsx", str(book), "--out", str(target), "--assessor", "tpi", "--root", root]) == 0
    assert "tidak ada jawaban yang berubah" in capsys.readouterr().out and target.read_text() == original  # nothing to do
    wb = load_workbook(book)
    ws = wb["LKE"]
    header = next(r for r in range(1, 12) if any(str(ws.cell(r, c).value or "") == "Jawaban TPI" for c in range(1, 12)))
    col = next(c for c in range(1, 12) if str(ws.cell(header, c).value or "") == "Jawaban TPI")
    row = next(r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, 1).value == "P.MP.1.a")
    before = yaml.safe_load(original)["answers"]["P.MP.1.a"]
    old = before["answer"] if isinstance(before, dict) else before
    new = "Tidak" if old == "Ya" else "Ya"
    ws.cell(row, col).value = new
    wb.save(book)
    assert zi(["import", "xlsx", str(book), "--out", str(target), "--assessor", "tpi", "--root", root]) == 0
    out = capsys.readouterr().out
    assert f"berubah: P.MP.1.a: {old} → {new}" in out and "1 jawaban berubah" in out
    text = target.read_text()
    assert text.startswith("# catatan tangan tim penilai\n")
    changed = [(a, b) for a, b in zip(original.splitlines(), text.splitlines(), strict=True) if a != b]
    assert len(changed) == 1 and new in changed[0][1]  # one line changed, everything else byte for byte


@pytest.mark.parametrize("cell_value", [0.6, None, "tidak tahu"])
def test_an_unreadable_count_is_never_answered_zero(rules, tmp_path, capsys, cell_value):
    """A cached fraction where a count belongs is an error naming its cell; with --force the item stays unanswered (so
    completeness shows it), never counted as 0 — which would invent a failure of the area."""
    from openpyxl import load_workbook
    book = tmp_path / "lke.xlsx"
    official_like(rules, book, broken_range=False)
    item = rules.items["R.AK.1.a"]
    wb = load_workbook(book)
    ws = wb["LKE"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == item.inputs[0].label and ws.cell(r, 1).value == "-")
    ws.cell(row, 4).value = cell_value
    wb.save(book)
    out = tmp_path / "self.yaml"
    capsys.readouterr()
    code = zi(["import", "xlsx", str(book), "--out", str(out), "--root", str(ROOT)])
    printed = capsys.readouterr()
    if cell_value == 0.6:
        assert code == 1 and f"LKE!D{row}: R.AK.1.a/{item.inputs[0].name} berisi pecahan 0,60" in printed.err and not out.exists()
    assert zi(["import", "xlsx", str(book), "--out", str(out), "--root", str(ROOT), "--force", "--replace"]) == 0
    answers = yaml.safe_load(out.read_text())["answers"]
    assert "R.AK.1.a" not in answers  # unanswered, not {…: 0}
    assert "R.AK.1.a (self): jumlah" in capsys.readouterr().out
