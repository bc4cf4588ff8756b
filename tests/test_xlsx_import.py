"""Importing LKE workbooks built here the way units really have them: Lampiran III copies with inserted rows,
typos, merged cells, lowercase and wrong letters, a typed total that disagrees with its parts, a hidden extra sheet,
the workbook's own (blank-skipping) total; and PortalRB's "Jawaban" sheet with unit and TPI columns."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from conftest import ROOT
from test_xlsx_structure import short_form
from zi_evidence.cli import main as zi
from zi_evidence.repository import Repository
from zi_evidence.scoring import parse_answers, score
from zi_evidence.xlsx_import import skip_blank_average


@pytest.fixture(scope="module")
def rules():
    return Repository(ROOT).rules("permenpanrb-90-2021")


def typo(text: str, rng: random.Random) -> str:
    """An OCR-like slip: two neighbouring letters swapped in a long word."""
    words = text.split()
    k = max(range(len(words)), key=lambda i: len(words[i]))
    w = words[k]
    if len(w) > 5:
        j = rng.randrange(1, len(w) - 2)
        words[k] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


def messy_lampiran_iii(rules, path, seed=3):
    rng = random.Random(seed)
    expected, wrong = {}, []
    wb = Workbook()
    wb.active.title = "Petunjuk"
    wb.active["A1"] = "Petunjuk pengisian: isi kolom Jawaban."
    hidden = wb.create_sheet("Data")
    hidden.append(["Kode", "Jawaban"])
    hidden.append(["x", "A"])
    hidden.sheet_state = "hidden"
    ws = wb.create_sheet("LKE ZI 2026")
    ws.append(["LEMBAR KERJA EVALUASI ZONA INTEGRITAS"])
    ws.append(["Unit: Dinas Contoh"])
    ws.append([])
    ws.append(["No", "Komponen", None, "Pertanyaan / Indikator", "Bobot", "Penjelasan", "Pilihan Jawaban", "Jawaban", "Nilai", "Bukti Dukung"])
    for aspect in rules.aspects:
        ws.append([None, aspect.name.upper()])
        ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=4)
        for part in aspect.parts:
            ws.append([None, part.name, None, None, part.weight])
            for sub in part.subindicators:
                ws.append([sub.number, None, sub.name, None, sub.weight])
                if rng.random() < 0.2:
                    ws.append([])  # inserted blank row
                for n, item in enumerate(sub.items):
                    question = typo(item.text, rng) if rng.random() < 0.3 else item.text
                    row = [None, None, None, question, None, item.explanation, "\n".join(f"{o.code}. {o.text or ''}" for o in item.options)]
                    if item.is_choice:
                        best = max(item.options, key=lambda o: o.value).code
                        roll = rng.random()
                        if roll < 0.1:
                            answer = None
                        elif roll < 0.2 and item.type != "yesno":
                            answer = "F"
                            wrong.append(item.id)
                        elif roll < 0.4:
                            answer = best.lower()
                        elif roll < 0.5:
                            answer = f"{best}. {item.option(best).text or ''}"[:40]
                        else:
                            answer = best
                        if answer is not None and item.id not in wrong:
                            expected[item.id] = best
                        ws.append(row + [answer, None, "https://drive.example.go.id/bukti/" + item.id if n == 0 and rng.random() < 0.2 else None])
                    elif item.type == "survey":
                        ws.append(row + ["3,6"])
                        expected[item.id] = 3.6
                    else:
                        ws.append(row + [None])
                        counts = {}
                        for count in item.inputs:
                            if item.id == "R.PW.3.a" and count.name == "wajib_kepala":
                                ws.append([None, None, None, "Jumlah yang harus melaporkan (wajib LHKPN)", None, None, None, 99])
                            value = rng.randint(1, 5)
                            counts[count.name] = value
                            ws.append([None, None, None, f"- {count.label}", None, None, None, value])
                        f = item.formula
                        if f.kind == "ratio" and not f.numerator_may_exceed_denominator:  # keep counts consistent
                            den = sum(counts[n] for n in f.denominator)
                            for c in item.constraints:
                                for name in c.sum:
                                    if name not in f.numerator:
                                        counts[name] = 0
                            counts[f.numerator[0]] = min(counts[f.numerator[0]], den)
                            # rewrite the rows just written with the adjusted counts
                            for r in range(ws.max_row - len(item.inputs) + 1, ws.max_row + 1):
                                label = ws.cell(r, 4).value[2:]
                                name = next(i.name for i in item.inputs if i.label == label)
                                ws.cell(r, 8).value = counts[name]
                        if f.kind == "decrease":
                            counts[f.current] = min(counts[f.current], counts[f.previous])
                            for r in range(ws.max_row - len(item.inputs) + 1, ws.max_row + 1):
                                label = ws.cell(r, 4).value[2:]
                                name = next(i.name for i in item.inputs if i.label == label)
                                ws.cell(r, 8).value = counts[name]
                        expected[item.id] = {"answer": counts}
    parsed = parse_answers(rules, expected, "x")
    assert parsed.ok, parsed.problems
    values = {i: v["value"] for i, v in score(rules, parsed.values, [])["items"].items() if v["answered"]}
    ws.append([None, None, None, "Nilai Total", None, None, None, None, round(skip_blank_average(rules, values), 4)])
    wb.save(path)
    return expected, wrong


def test_messy_lampiran_iii_workbook(rules, tmp_path, capsys):
    workbook = tmp_path / "lke-dinas.xlsx"
    expected, wrong = messy_lampiran_iii(rules, workbook)
    out = tmp_path / "self.yaml"
    assert zi(["import", "xlsx", str(workbook), "--out", str(out), "--root", str(ROOT)]) == 0
    printed = capsys.readouterr().out
    assert "lembar 'LKE ZI 2026'" in printed and "113/113 butir dikenali" in printed
    got = yaml.safe_load(out.read_text())["answers"]
    assert short_form(got) == expected
    for item_id in wrong:
        assert f"jawaban 'F' bukan pilihan butir {item_id}" in printed
    assert "jumlah yang diketik (99) untuk R.PW.3.a berbeda dari jumlah rinciannya" in printed
    # the workbook's own total, explained
    assert "nilai total di lembar kerja" in printed and f"AVERAGE lembar kerja melewati {rules.item_count - len(expected)} butir kosong" in printed
    assert "zi evidence add <unit> https://drive.example.go.id/bukti/" in printed or "bukti dukung" not in printed
    assert zi(["score", str(out), "--root", str(ROOT)]) == 0


def test_portalrb_jawaban_sheet_with_unit_and_tpi_columns(rules, tmp_path, capsys):
    wb = Workbook()
    ws = wb.active
    ws.title = "Jawaban"
    header = [None] * 17
    header[0], header[1] = "No", "Pertanyaan"
    header[10], header[11], header[12], header[13], header[16] = "Jawaban Unit", "Catatan Unit", "Bukti Dukung Unit", "Jawaban TPI", "Catatan TPI"
    ws.append(["LKE ZONA INTEGRITAS 2026"])
    ws.append(header)
    expected_self, expected_tpi = {}, {}
    for item in rules.items.values():
        if item.type == "computed":
            counts = {i.name: 0 if not i.scored and item.constraints else 2 for i in item.inputs}
            for count in item.inputs:
                row = [None] * 17
                row[1], row[10], row[13] = count.label, counts[count.name], counts[count.name]
                ws.append(row)
            expected_self[item.id] = expected_tpi[item.id] = {"answer": counts}
            continue
        row = [None] * 17
        row[1] = item.text
        if item.is_choice:
            codes = [o.code for o in item.options]
            row[10], row[13] = codes[0], codes[-1]
            expected_self[item.id], expected_tpi[item.id] = codes[0], {"answer": codes[-1], "note": "TPI: belum cukup"}
            row[16] = "TPI: belum cukup"
        else:
            row[10] = row[13] = 3.5
            expected_self[item.id] = expected_tpi[item.id] = 3.5
        ws.append(row)
    path = tmp_path / "portalrb.xlsx"
    wb.save(path)
    for assessor, expected in (("self", expected_self), ("tpi", expected_tpi)):
        out = tmp_path / f"{assessor}.yaml"
        assert zi(["import", "xlsx", str(path), "--out", str(out), "--assessor", assessor, "--root", str(ROOT)]) == 0
        assert "(format portalrb)" in capsys.readouterr().out
        assert yaml.safe_load(out.read_text())["answers"] == expected


def test_not_a_workbook_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "bukan.xlsx"
    bad.write_text("bukan excel")
    assert zi(["import", "xlsx", str(bad), "--out", str(tmp_path / "o.yaml"), "--root", str(ROOT)]) == 2
    assert not (tmp_path / "o.yaml").exists()


def _rezip(source: Path, target: Path, change) -> None:
    """Copy the workbook ``source`` to ``target`` with ``change(name, data) -> data`` applied to every member."""
    import zipfile
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info)))


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
          b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&d;</t></si></sst>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&x;</t></si></sst>')


@pytest.mark.parametrize("attack", ["xxe", "laughs", "bomb", "truncated", "macro"])
def test_hostile_workbooks_get_one_line_and_stay_bounded(rules, tmp_path, capsys, attack):
    import time
    import zipfile
    clean = tmp_path / "bersih.xlsx"
    messy_lampiran_iii(rules, clean)
    bad = tmp_path / f"{attack}.xlsx"
    if attack in ("xxe", "laughs"):
        _rezip(clean, bad, lambda name, data: (XXE if attack == "xxe" else LAUGHS) if name == "xl/sharedStrings.xml" else data)
        if "xl/sharedStrings.xml" not in zipfile.ZipFile(clean).namelist():
            with zipfile.ZipFile(bad, "a") as z:
                z.writestr("xl/sharedStrings.xml", XXE if attack == "xxe" else LAUGHS)
    elif attack == "bomb":
        _rezip(clean, bad, lambda name, data: data + b"<!-- " + b"0" * (80 * 1024 * 1024) + b" -->" if name == "xl/worksheets/sheet1.xml" else data)
    elif attack == "truncated":
        bad.write_bytes(clean.read_bytes()[: len(clean.read_bytes()) // 2])
    else:
        _rezip(clean, bad, lambda name, data: data)
        with zipfile.ZipFile(bad, "a") as z:
            z.writestr("xl/vbaProject.bin", b"\x00" * 100)
    capsys.readouterr()
    started = time.monotonic()
    assert zi(["import", "xlsx", str(bad), "--out", str(tmp_path / "o.yaml"), "--root", str(ROOT)]) == 2
    err = capsys.readouterr().err
    assert time.monotonic() - started < 10
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and str(bad) in err, err
    assert "root:" not in err and not (tmp_path / "o.yaml").exists()
