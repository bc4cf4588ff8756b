"""``zi export xlsx``: an LKE workbook in the Lampiran III layout with our answers and live formulas.

Every value cell is an Excel formula generated from the rule set (option values, survey range, ratios and their
zero-denominator values, weights), so the workbook recomputes our scores in Excel or LibreOffice — and stays
honest when someone edits an answer. Unanswered items count 0 here too (the formulas never skip blanks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter

from .ruleset.model import Item, RuleSet
from .scoring.answers import canonical
from .yamlio import atomic_output

HEADERS = ["No", "Komponen / Pertanyaan", "Bobot", "Pilihan Jawaban", "Jawaban Unit", "Nilai Unit", "Jawaban TPI", "Nilai TPI", "Catatan / Bukti"]
COL = {"id": 1, "text": 2, "weight": 3, "options": 4, "self": 5, "self_value": 6, "tpi": 7, "tpi_value": 8, "note": 9}
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE3F3")


def _num(x: float) -> str:
    return repr(float(x)) if not float(x).is_integer() else str(int(x))


def choice_formula(item: Item, cell: str) -> str:
    """Option code → value, from the rule set; blank or unknown → 0."""
    expr = "0"
    for option in reversed(item.options):
        expr = f'IF({cell}="{option.code}",{_num(option.value)},{expr})'
    return f"={expr}"


def survey_formula(item: Item, cell: str) -> str:
    """A survey score or entered value on the item's range, as a fraction."""
    low, high = item.range or (0.0, 1.0)
    return f'=IF({cell}="",0,MIN(MAX(({cell}-{_num(low)})/{_num(high - low)},0),1))'


def computed_formula(item: Item, cells: dict[str, str]) -> str:
    """The ratio of counts; an item whose counts are all blank is unanswered and counts 0 (not the zero-denominator value)."""
    return f"=IF(COUNT({','.join(cells.values())})=0,0,{_computed_expr(item, cells)})"


def _computed_expr(item: Item, cells: dict[str, str]) -> str:
    f = item.formula
    assert f is not None
    if f.kind == "decrease":
        assert f.previous is not None and f.current is not None  # a "decrease" formula names both (rules schema)
        prev, cur = cells[f.previous], cells[f.current]
        return (f"IF(N({prev})=0,IF(N({cur})=0,{_num(f.value_when_denominator_is_0)},{_num(f.value_when_previous_is_0_and_current_is_positive)}),"
                f"MIN(MAX((N({prev})-N({cur}))/N({prev}),0),1))")
    num = "+".join(f"N({cells[n]})" for n in f.numerator)
    den = "+".join(f"N({cells[n]})" for n in f.denominator)
    return f"IF(({den})=0,{_num(f.value_when_denominator_is_0)},MIN(MAX(({num})/({den}),0),1))"


def _answer_cell_value(item: Item, raw: object) -> Any:
    """The canonical answer (``3,72`` → 3.72, ``b`` → ``B``); an invalid one is left blank, as it counts 0 in the score."""
    return canonical(item, raw)


def build_workbook(rules: RuleSet, unit_name: str, year: int, answers: dict[str, dict]) -> Workbook:
    """``answers``: assessor ('self', 'tpi') → the answers mapping of that file."""
    wb = Workbook()
    ws = wb.active
    ws.title = "LKE"
    ws.append([f"LEMBAR KERJA EVALUASI ZONA INTEGRITAS — {unit_name} — {year}"])
    ws.append([f"Aturan: {rules.title} ({rules.id}). Nilai dihitung oleh rumus; butir kosong bernilai 0."])
    ws.append(HEADERS)
    for c in range(1, len(HEADERS) + 1):
        ws.cell(3, c).font = BOLD
        ws.cell(3, c).fill = HEAD_FILL
    row = 4
    part_rows: dict[tuple[str, str], int] = {}
    aspect_rows: dict[str, int] = {}
    sub_rows_of_part: dict[tuple[str, str], list[int]] = {}
    value_cols = (COL["self_value"], COL["tpi_value"])
    for aspect in rules.aspects:
        aspect_rows[aspect.id] = row
        ws.cell(row, COL["text"], aspect.name.upper()).font = BOLD
        ws.cell(row, COL["weight"], aspect.weight)
        row += 1
        for part in aspect.parts:
            part_rows[(aspect.id, part.area)] = row
            ws.cell(row, COL["id"], f"{aspect.id}.{part.area}").font = BOLD
            ws.cell(row, COL["text"], part.name).font = BOLD
            ws.cell(row, COL["weight"], part.weight)
            row += 1
            sub_rows_of_part[(aspect.id, part.area)] = []
            for sub in part.subindicators:
                sub_row = row
                sub_rows_of_part[(aspect.id, part.area)].append(sub_row)
                ws.cell(row, COL["id"], sub.id)
                ws.cell(row, COL["text"], f"{sub.number}. {sub.name}").font = BOLD
                ws.cell(row, COL["weight"], sub.weight)
                row += 1
                item_rows = []
                for item in sub.items:
                    item_rows.append(row)
                    ws.cell(row, COL["id"], item.id)
                    ws.cell(row, COL["text"], item.text)
                    ws.cell(row, COL["options"], "\n".join(f"{o.code}. {o.text or ''}".strip() for o in item.options) if item.options else
                            (item.range_hint if item.range is not None else "Diisi jumlah pada baris di bawah"))
                    item_row = row
                    row += 1
                    input_cells: dict[str, dict[str, str]] = {"self": {}, "tpi": {}}
                    for count in item.inputs:
                        ws.cell(row, COL["id"], f"{item.id}:{count.name}")
                        ws.cell(row, COL["text"], f"    {count.label}" + ("" if count.scored else " (dicatat, tidak dihitung)"))
                        for who in ("self", "tpi"):
                            raw = _answer_cell_value(item, answers.get(who, {}).get(item.id))
                            col = COL[who]
                            if isinstance(raw, dict) and count.name in raw:
                                ws.cell(row, col, raw[count.name])
                            input_cells[who][count.name] = f"{get_column_letter(col)}{row}"
                        row += 1
                    for who in ("self", "tpi"):
                        col, vcol = COL[who], COL[f"{who}_value"]
                        cell = f"{get_column_letter(col)}{item_row}"
                        raw = _answer_cell_value(item, answers.get(who, {}).get(item.id))
                        if item.is_choice:
                            if raw is not None:
                                ws.cell(item_row, col, str(raw))
                            formula = choice_formula(item, cell)
                        elif item.range is not None:
                            if raw is not None:
                                ws.cell(item_row, col, float(raw))
                            formula = survey_formula(item, cell)
                        else:
                            formula = computed_formula(item, input_cells[who])
                        ws.cell(item_row, vcol, formula)
                for vcol in value_cols:
                    letter = get_column_letter(vcol)
                    refs = ",".join(f"{letter}{r}" for r in item_rows)
                    ws.cell(sub_row, vcol, f"=AVERAGE({refs})*{get_column_letter(COL['weight'])}{sub_row}")
            for vcol in value_cols:
                letter = get_column_letter(vcol)
                ws.cell(part_rows[(aspect.id, part.area)], vcol, "=" + "+".join(f"{letter}{r}" for r in sub_rows_of_part[(aspect.id, part.area)]))
        for vcol in value_cols:
            letter = get_column_letter(vcol)
            ws.cell(aspect_rows[aspect.id], vcol, "=" + "+".join(f"{letter}{part_rows[(aspect.id, p.area)]}" for p in aspect.parts))
    for c, width in zip(range(1, 10), (16, 60, 8, 40, 12, 10, 12, 10, 30), strict=True):
        ws.column_dimensions[get_column_letter(c)].width = width
    for r in range(4, row):
        ws.cell(r, COL["text"]).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(r, COL["options"]).alignment = Alignment(wrap_text=True, vertical="top")
    _summary_sheet(wb, rules, part_rows, aspect_rows)
    return wb


def _summary_sheet(wb: Workbook, rules: RuleSet, part_rows: dict, aspect_rows: dict) -> None:
    ws = wb.create_sheet("Ringkasan")
    ws.append(["Komponen", "Bobot", "Nilai Unit", "Nilai TPI", "% Unit", "% TPI"])
    for c in range(1, 7):
        ws.cell(1, c).font = BOLD
    s, t = get_column_letter(COL["self_value"]), get_column_letter(COL["tpi_value"])
    pengungkit = {a.id for a in rules.aspects if a.component == "pengungkit"}
    for area, (name, weight) in rules.areas.items():
        parts = [k for k in part_rows if k[1] == area and k[0] in pengungkit]
        refs_s = "+".join(f"LKE!{s}{part_rows[k]}" for k in parts)
        refs_t = "+".join(f"LKE!{t}{part_rows[k]}" for k in parts)
        r = ws.max_row + 1
        ws.append([f"{name} ({area})", weight, f"={refs_s}", f"={refs_t}", f"=C{r}/B{r}", f"=D{r}/B{r}"])
    for component, (name, weight) in rules.components.items():
        aspects = [a.id for a in rules.aspects if a.component == component]
        ws.append([name, weight, "=" + "+".join(f"LKE!{s}{aspect_rows[a]}" for a in aspects),
                   "=" + "+".join(f"LKE!{t}{aspect_rows[a]}" for a in aspects)])
    first = ws.max_row - len(rules.components) + 1
    ws.append(["NILAI TOTAL", rules.total_weight, f"=SUM(C{first}:C{ws.max_row})", f"=SUM(D{first}:D{ws.max_row})"])
    ws.column_dimensions["A"].width = 44


def build_portal_workbook(rules: RuleSet, answers: dict[str, dict]) -> Workbook:
    """PortalRB's answer workbook: each soal on the row and in the columns the rule set's ``portalrb_workbook`` gives
    (from PortalRB's master question list), the question text beside it for people, the answers as plain values."""
    from .portalrb import soal_map, soal_value

    book = rules.portalrb_workbook
    if book is None:
        raise ValueError(f"rule set {rules.id} tidak memuat letak lembar jawaban PortalRB (portalrb_workbook)")
    wb = Workbook()
    ws = wb.active
    ws.title = book.sheet
    columns = {key: column_index_from_string(letter) for key, letter in book.columns.items()}
    header = min(book.rows.values()) - 1
    ws.cell(header, 1, "Soal").font = BOLD
    ws.cell(header, 2, "Pertanyaan").font = BOLD
    for key, title in (("self", "Jawaban Unit"), ("self_note", "Catatan Unit"), ("evidence", "Bukti Dukung Unit"),
                       ("tpi", "Jawaban TPI"), ("tpi_note", "Catatan TPI")):
        if key in columns:
            ws.cell(header, columns[key], title).font = BOLD
    for soal_id, item_id, count in soal_map(rules):
        row, item = book.rows[soal_id], rules.items[item_id]
        ws.cell(row, 1, soal_id)
        ws.cell(row, 2, item.text if count is None else next(i.label for i in item.inputs if i.name == count))
        for who in ("self", "tpi"):
            raw = answers.get(who, {}).get(item_id)
            value = soal_value(item, raw, count)
            if value is not None and who in columns:
                ws.cell(row, columns[who], value)
            note = raw.get("note") if isinstance(raw, dict) and count is None else None
            if note and f"{who}_note" in columns:
                ws.cell(row, columns[f"{who}_note"], str(note))
    ws.column_dimensions["B"].width = 70
    return wb


def write_workbook(wb: Workbook, out: Path) -> None:
    """Save through :func:`atomic_output`: never a half-written workbook, the umask honoured, a symlink kept."""
    with atomic_output(out) as tmp:
        wb.save(tmp)
