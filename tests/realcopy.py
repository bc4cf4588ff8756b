"""A workbook laid out like a local government's filled copy of the Lampiran III worksheet, traps included.

What real copies do that our own export never does: a title block and a two-row header whose vertically merged cells
name some columns only on the upper row (so "Uraian"/"Penjelasan" is not known as a column to skip); each item's
explanation beside its question; a computed item's own row carrying "-" or the percentage formula in the answer
column, its count rows following; a typed "Jumlah yang harus melaporkan" that disagrees with its detail rows; blank
and note rows; rows moved within a block; and the LHKASN total formula that sums the LHKPN rows again. Formula cells
get the cached values Excel would store, so the reader sees both the formula and its number.
"""

from __future__ import annotations

import random
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii"]
ANSWER_COL = "F"


@dataclass
class RealCopy:
    expected: dict  # item id -> the answer a careful reader takes from the sheet
    rows: dict[str, int] = field(default_factory=dict)  # "R.PW.3.b%" item rows, "R.PW.3.b:typed" typed totals, inputs "id:name"
    cached: dict[str, float] = field(default_factory=dict)  # cell -> the value the workbook stores for a formula


def consistent(item, counts: dict) -> dict:
    """Counts that do not contradict themselves (a numerator within its denominator, the item's constraints kept)."""
    f = item.formula
    if f.kind == "ratio" and not f.numerator_may_exceed_denominator:
        counts[f.numerator[0]] = min(counts[f.numerator[0]], sum(counts[n] for n in f.denominator))
    for c in item.constraints:
        for name in c.sum:
            counts[name] = min(counts[name], sum(counts[n] for n in c.at_most))
    return counts


def real_copy(rules, path: Path, *, seed: int = 1, item_mark: str = "-", doubled_lhkasn: bool = True,
              lhkpn_typed: int | None = 15, moved_inputs: bool = True, fraction_in: str | None = None) -> RealCopy:
    """Write the workbook. ``item_mark``: what a computed item's own row holds in the answer column ("-", "formula", "").
    ``fraction_in``: "item:input" whose count cell holds a cached fraction (0.6) instead of a count."""
    rng = random.Random(seed)
    wb = Workbook()
    ws = wb.active
    ws.title = "LKE ZI"
    ws.append(["LEMBAR KERJA EVALUASI ZONA INTEGRITAS MENUJU WBK/WBBM"])
    ws.append(["UNIT KERJA : DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KABUPATEN CONTOH"])
    ws.append([])
    ws.append(["NO", "KOMPONEN / SUB KOMPONEN / INDIKATOR", "BOBOT", "URAIAN", "PILIHAN JAWABAN", "PENILAIAN UNIT KERJA", None, None,
               "CATATAN"])
    ws.append([None, None, None, None, None, "JAWABAN", "NILAI", "%", None])
    for col in "ABCDEI":
        ws.merge_cells(f"{col}4:{col}5")
    ws.merge_cells("F4:H4")
    ws.freeze_panes = "A6"
    copy = RealCopy({})
    formulas: dict[str, str] = {}

    def row(*values) -> int:
        ws.append(list(values))
        return ws.max_row

    def blank_or_note() -> None:
        roll = rng.random()
        if roll < 0.08:
            row()
        elif roll < 0.12:
            row(None, "Catatan: data per 31 Desember tahun lalu, sumber aplikasi kepegawaian")

    def counts_rows(item, counts: dict, names: list[str]) -> None:
        for name in names:
            inp = next(i for i in item.inputs if i.name == name)
            value: float = counts[name]
            if fraction_in == f"{item.id}:{name}":
                value = 0.6
            r = row("-", inp.label, None, None, "Jumlah", value)
            copy.rows[f"{item.id}:{name}"] = r
            blank_or_note()

    def computed(item, code: str) -> None:  # noqa: C901 - one worksheet block per computed item, as the LKE prints it
        counts = consistent(item, {i.name: rng.randint(2, 9) for i in item.inputs})
        if item.id == "R.PW.3.a":
            row("i", "Penyampaian Laporan Harta Kekayaan Pejabat Negara (LHKPN)")
        if item.id == "R.PW.3.b":
            row(None, "Penyampaian Laporan Harta Kekayaan Aparatur Sipil Negara (LHKASN)")
        r = row(None if item.id.startswith("R.PW.3") else code, item.text, None, item.explanation, "%", None)
        copy.rows[f"{item.id}%"] = r
        f = item.formula
        names = [i.name for i in item.inputs]
        if item.id.startswith("R.PW.3"):
            details, done = names[:3], names[3]
            typed_label = "Jumlah yang harus melaporkan" + (" (ASN tidak wajib LHKPN)" if item.id.endswith("b") else "")
            typed_row = row(None if item.id.endswith("a") else "-", typed_label, None, None, "Jumlah")
            copy.rows[f"{item.id}:typed"] = typed_row
            counts_rows(item, counts, details)
            first, last = copy.rows[f"{item.id}:{details[0]}"], copy.rows[f"{item.id}:{details[-1]}"]
            total = sum(counts[n] for n in details)
            if item.id.endswith("a") and lhkpn_typed is not None:
                ws.cell(typed_row, 6, lhkpn_typed)  # typed over: disagrees with its detail rows
                total = lhkpn_typed
            elif item.id.endswith("b") and doubled_lhkasn:
                # the copy's LHKASN total sums the LHKPN block (its typed total *and* its detail rows) again
                lhkpn = rules.items["R.PW.3.a"]
                lhkpn_typed_row, lhkpn_last = copy.rows["R.PW.3.a:typed"], copy.rows[f"R.PW.3.a:{lhkpn.inputs[2].name}"]
                formulas[f"F{typed_row}"] = f"=SUM(F{lhkpn_typed_row}:F{lhkpn_last})+SUM(F{first}:F{last})"
                lhkpn_details = sum(copy.expected["R.PW.3.a"]["answer"][i.name] for i in lhkpn.inputs[:3])
                lhkpn_total = copy.cached.get(f"F{lhkpn_typed_row}", ws.cell(lhkpn_typed_row, 6).value or 0)
                total = lhkpn_total + lhkpn_details + sum(counts[n] for n in details)
                copy.cached[f"F{typed_row}"] = total
            else:
                formulas[f"F{typed_row}"] = f"=SUM(F{first}:F{last})"
                copy.cached[f"F{typed_row}"] = total
            r_done = row(None if item.id.endswith("a") else "-", "Jumlah yang sudah melaporkan", None, None, "Jumlah", counts[done])
            copy.rows[f"{item.id}:{done}"] = r_done
            denominator, numerator = f"F{typed_row}", f"F{r_done}"
            ratio = counts[done] / total if total else 0.0
        else:
            order = list(names)
            if moved_inputs and item.id == "R.PW.2.a":
                order = [order[0], order[2], order[1]]  # "selesai" before "sedang diproses": rows moved within the block
            counts_rows(item, counts, order)
            if f.kind == "ratio":
                numerator = "+".join(f"F{copy.rows[f'{item.id}:{n}']}" for n in f.numerator)
                denominator = "+".join(f"F{copy.rows[f'{item.id}:{n}']}" for n in f.denominator)
                den = sum(counts[n] for n in f.denominator)
                ratio = min(sum(counts[n] for n in f.numerator) / den, 1) if den else 0.0
            else:
                numerator = denominator = ""
                ratio = None
        if item_mark == "-":
            ws.cell(r, 6, "-")
        elif item_mark == "formula" and numerator:
            formulas[f"F{r}"] = f"=IFERROR({numerator}/({denominator}),0)" if "+" in denominator else f"=IFERROR({numerator}/{denominator},0)"
            copy.cached[f"F{r}"] = ratio
        copy.expected[item.id] = {"answer": {n: counts[n] for n in names}}

    for component, aspects in (("PENGUNGKIT", [a for a in rules.aspects if a.component == "pengungkit"]),
                               ("HASIL", [a for a in rules.aspects if a.component == "hasil"])):
        r = row("A" if component == "PENGUNGKIT" else "B", component, 60 if component == "PENGUNGKIT" else 40)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=5)
        for k, aspect in enumerate(aspects):
            if component == "PENGUNGKIT":
                row(["I", "II"][k], aspect.name.upper())
            for n, part in enumerate(aspect.parts, 1):
                row(str(n) if component == "PENGUNGKIT" else ["I", "II"][n - 1], part.name.upper())
                letter = 0
                for s, sub in enumerate(part.subindicators):
                    if component == "PENGUNGKIT":
                        row(ROMAN[s], sub.name, sub.weight)
                    blank_or_note()
                    items = list(sub.items)
                    if moved_inputs and len(items) > 2 and all(i.is_choice for i in items) and rng.random() < 0.3:
                        items[0], items[1] = items[1], items[0]  # two rows moved within the block; their letters say which is which
                    for item in items:
                        code = item.id.rsplit(".", 1)[1] if component == "PENGUNGKIT" else "abcdefgh"[letter + sub.items.index(item)]
                        if item.is_choice:
                            answer = rng.choice([o.code for o in item.options])
                            row(code, item.text, None, item.explanation, "/".join(o.code for o in item.options), answer,
                                item.option(answer).value)
                            copy.expected[item.id] = answer
                        elif item.type == "survey":
                            value = round(rng.uniform(2.5, 4), 2)
                            row(code, item.text, None, item.explanation, "Nilai", value)
                            copy.expected[item.id] = value
                        else:
                            computed(item, code)
                    letter += len(sub.items)

    for cell, formula in formulas.items():
        ws[cell] = formula
    wb.save(path)
    with_cached_values(path, {c: v for c, v in copy.cached.items() if c in formulas})
    return copy


def with_cached_values(path: Path, values: dict[str, float]) -> None:
    """Store the value Excel would cache beside each formula (openpyxl writes formulas with an empty ``<v/>``)."""
    with zipfile.ZipFile(path) as z:
        members = {name: z.read(name) for name in z.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    for cell, value in values.items():
        sheet, n = re.subn(rf'(<c r="{cell}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*/>', rf"\g<1><v>{value!r}</v>", sheet)
        assert n == 1, cell
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
