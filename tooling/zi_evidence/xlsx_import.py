"""``zi import xlsx``: read an LKE workbook as units really have it, by structure and question text.

Copies of the official worksheet insert rows, skip numbering, carry OCR-like typos, merged cells and hidden extra
sheets, so nothing here relies on a row number: the header row is found by its words ("Jawaban", "Nilai", "Catatan",
"Bukti"), each row's question is matched to the rule set's item text (exact, then fuzzy, in LKE order), and count rows
to the computed items' input labels. Everything that could not be mapped, and every inconsistency, is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from .ruleset.model import Item, RuleSet

_WORD = re.compile(r"[a-z0-9]+")
_CODE = re.compile(r"^(?=.*[\d.:])[\w.:-]+$|^[ivxlc]+\.?$", re.IGNORECASE)  # "R.MP.1.a:agen", "1.", "iv."
_URL = re.compile(r"https?://[^\s,;\"'<>]+", re.IGNORECASE)
FUZZY_MIN = 0.84
INPUT_MIN = 0.80
SKIP_HEADERS = ("pilihan", "penjelasan", "kriteria", "bobot", "standar", "keterangan")
PORTALRB_COLUMNS = {"self": 11, "self_note": 12, "evidence": 13, "tpi": 14, "tpi_note": 17}  # K L M N Q (master soal list)


def norm(text: object) -> str:
    return " ".join(_WORD.findall(str(text or "").lower()))


@dataclass
class Columns:
    header_row: int
    answer: dict[str, int]  # assessor -> column
    nilai: dict[str, int] = field(default_factory=dict)
    note: dict[str, int] = field(default_factory=dict)
    evidence: int | None = None
    skip: set[int] = field(default_factory=set)


@dataclass
class ImportResult:
    sheet: str
    layout: str
    answers: dict[str, dict[str, Any]]  # assessor -> item id -> answer (long form when a note exists)
    links: list[tuple[str, str]] = field(default_factory=list)  # (item id, url)
    unmapped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cached: dict[str, float] = field(default_factory=dict)  # the workbook's own totals (label -> value)
    matched: int = 0


def _text_cells(ws, row: int, max_col: int) -> list[tuple[int, str]]:
    out = []
    for col in range(1, max_col + 1):
        value = ws.cell(row, col).value
        if isinstance(value, str) and value.strip():
            out.append((col, value.strip()))
    return out


def find_columns(ws) -> Columns | None:
    """The header row and the meaning of its columns; PortalRB's fixed K/L/M/N/Q when a "Jawaban" sheet has no header."""
    for row in range(1, min(ws.max_row, 40) + 1):
        cells = [(c, norm(t)) for c, t in _text_cells(ws, row, min(ws.max_column, 40))]
        answer_cols = [(c, t) for c, t in cells if t.startswith("jawaban") or t in ("jawab", "jawaban unit")]
        if not answer_cols:
            continue
        cols = Columns(row, {})
        for c, t in cells:
            if t.startswith("jawaban"):
                who = "tpi" if ("tpi" in t or "tpn" in t) else "self"
                cols.answer.setdefault(who, c)
            elif t.startswith("nilai"):
                cols.nilai.setdefault("tpi" if "tpi" in t else "self", c)
            elif t.startswith("catatan"):
                cols.note.setdefault("tpi" if "tpi" in t else "self", c)
            elif "bukti" in t or "data dukung" in t or "link" in t or "tautan" in t:
                cols.evidence = cols.evidence or c
            elif any(t.startswith(s) for s in SKIP_HEADERS):
                cols.skip.add(c)
        if cols.answer:
            return cols
    if norm(ws.title) == "jawaban":
        p = PORTALRB_COLUMNS
        return Columns(1, {"self": p["self"], "tpi": p["tpi"]}, {}, {"self": p["self_note"], "tpi": p["tpi_note"]}, p["evidence"])
    return None


class ItemMatcher:
    """Question text → item, tolerant of typos, preferring the next items in LKE order."""

    def __init__(self, rules: RuleSet) -> None:
        self.items = list(rules.items.values())
        self.texts = [norm(i.text) for i in self.items]
        self.exact: dict[str, list[int]] = {}
        for k, t in enumerate(self.texts):
            self.exact.setdefault(t, []).append(k)
        self.used: set[int] = set()
        self.last = -1

    def match(self, text: str) -> Item | None:
        t = norm(text)
        if len(t) < 8:
            return None
        candidates = [k for k in self.exact.get(t, []) if k not in self.used]
        if not candidates:
            best, score = None, FUZZY_MIN
            for k, other in enumerate(self.texts):
                if k in self.used or abs(len(other) - len(t)) > 0.3 * max(len(t), 1):
                    continue
                sm = SequenceMatcher(None, t, other, autojunk=False)
                if sm.quick_ratio() < score:
                    continue
                ratio = sm.ratio() - (0.02 if k < self.last else 0)  # out-of-order matches need to be clearly better
                if ratio > score:
                    best, score = k, ratio
            candidates = [best] if best is not None else []
        if not candidates:
            return None
        k = min(candidates, key=lambda c: (c < self.last, c))
        self.used.add(k)
        self.last = k
        return self.items[k]


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # 1.234 thousands
            text = text.replace(".", "")
        text = text.replace(",", ".")
        try:
            return float(text)
        except ValueError:
            return None
    return None


def normalise_answer(item: Item, value: object) -> tuple[object | None, str | None]:
    """(answer, None) or (None, why it was dropped)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if item.is_choice:
        text = str(value).strip().rstrip(".").strip()
        codes = {o.code.lower(): o.code for o in item.options}
        if text.lower() in codes:
            return codes[text.lower()], None
        if item.type == "yesno" and text.lower() in ("y", "iya", "ada", "sudah", "1"):
            return "Ya", None
        if item.type == "yesno" and text.lower() in ("t", "tdk", "tidak ada", "belum", "0"):
            return "Tidak", None
        if re.fullmatch(r"[a-eA-E]\b.*", text) and text[0].lower() in codes:  # "A. Jika ..." copied with its text
            return codes[text[0].lower()], None
        return None, f"jawaban {value!r} bukan pilihan butir {item.id} ({'/'.join(o.code for o in item.options)})"
    number = _number(value)
    if number is None:
        return None, f"jawaban {value!r} untuk butir {item.id} bukan angka"
    if item.type == "survey":
        low, high = item.range or (0.0, 4.0)
        if not low <= number <= high:
            return None, f"skor survei {value!r} untuk butir {item.id} di luar rentang {low:g}–{high:g}"
        return number, None
    if number < 0 or number != int(number):
        return None, f"jumlah {value!r} untuk {item.id} harus bilangan bulat tidak negatif"
    return int(number), None


TOTAL_LABELS = {"nilai total": "total", "total": "total", "jumlah nilai": "total", "total nilai": "total",
                "pengungkit": "pengungkit", "total pengungkit": "pengungkit", "komponen pengungkit": "pengungkit",
                "hasil": "hasil", "total hasil": "hasil", "komponen hasil": "hasil"}


def import_workbook(path: Path, rules: RuleSet) -> ImportResult:
    wb = load_workbook(path, data_only=True)  # cached values of formula cells (the workbook's own totals)
    best: ImportResult | None = None
    for ws in sorted(wb.worksheets, key=lambda w: w.sheet_state != "visible"):  # visible sheets first
        cols = find_columns(ws)
        if cols is None:
            continue
        result = _read_sheet(ws, cols, rules)
        if best is None or result.matched > best.matched:
            best = result
    if best is None:
        raise ValueError("tidak ada lembar dengan kolom 'Jawaban'; apakah ini lembar kerja LKE?")
    return best


def _read_sheet(ws, cols: Columns, rules: RuleSet) -> ImportResult:
    layout = "portalrb" if norm(ws.title) == "jawaban" else "lampiran-iii"
    result = ImportResult(ws.title, layout, {who: {} for who in cols.answer})
    matcher = ItemMatcher(rules)
    first_answer_col = min(cols.answer.values())
    current: Item | None = None
    typed_totals: dict[str, tuple[int, float]] = {}
    counts: dict[str, dict[str, dict[str, int]]] = {who: {} for who in cols.answer}
    filled: set[tuple[str, str]] = set()
    for row in range(cols.header_row + 1, ws.max_row + 1):
        # question and label cells are words; codes and numbering ("R.MP.1.a", "1.", "i") are not
        texts = [(c, t) for c, t in _text_cells(ws, row, first_answer_col - 1) if c not in cols.skip and not _CODE.match(t)]
        if not texts:
            continue
        question = max(texts, key=lambda ct: len(ct[1]))[1]
        values = {who: ws.cell(row, col).value for who, col in cols.answer.items()}
        label = norm(question)
        if label in TOTAL_LABELS:
            for who, col in cols.nilai.items():
                number = _number(ws.cell(row, col).value)
                if number is not None:
                    result.cached.setdefault(f"{TOTAL_LABELS[label]}:{who}", number)
            continue
        target = _input_target(matcher, current, question, filled)
        if target is not None:
            if target[0] is not current:
                result.matched += 1
            current, name = target
            filled.add((current.id, name))
            for who, value in values.items():
                if value is None:
                    continue
                number = _number(value)
                if number is None or number < 0 or number != int(number):
                    result.warnings.append(f"{ws.title}!baris {row}: jumlah {value!r} untuk {current.id}/{name} bukan bilangan bulat; dilewati")
                    continue
                counts[who].setdefault(current.id, {})[name] = int(number)
            continue
        if current is not None and current.type == "computed" and ("harus" in label or "wajib" in label) and "jumlah" in label:
            total = _number(values.get("self"))
            if total is not None:
                typed_totals[current.id] = (row, total)
            continue
        matched = matcher.match(question)
        if matched is None:
            if any(v not in (None, "") for v in values.values()):
                result.unmapped.append(f"{ws.title}!baris {row}: {question[:70]!r} (jawaban {values}) — tidak cocok dengan butir mana pun")
            continue
        current = matched
        result.matched += 1
        if matched.type == "computed":
            continue
        for who, value in values.items():
            answer, problem = normalise_answer(matched, value)
            if problem:
                result.warnings.append(f"{ws.title}!baris {row}: {problem}; dikosongkan")
            if answer is None:
                continue
            note_col = cols.note.get(who)
            note = ws.cell(row, note_col).value if note_col else None
            result.answers[who][matched.id] = {"answer": answer, "note": str(note).strip()} if note not in (None, "") else answer
        if cols.evidence:
            for url in _URL.findall(str(ws.cell(row, cols.evidence).value or "")):
                result.links.append((matched.id, url))
    for who, per_item in counts.items():
        for item_id, values in per_item.items():
            item = rules.items[item_id]
            complete = {i.name: values.get(i.name, 0) for i in item.inputs}
            result.answers[who][item_id] = {"answer": complete}
            if item_id in typed_totals and who == "self" and item.formula and item.formula.kind == "ratio":
                row, typed = typed_totals[item_id]
                parts = sum(complete[n] for n in item.formula.denominator)
                if typed != parts:
                    result.warnings.append(f"{ws.title}!baris {row}: jumlah yang diketik ({typed:g}) untuk {item_id} berbeda dari jumlah "
                                           f"rinciannya ({parts}); rincian yang dipakai")
    return result


def _best_input(item: Item, label: str, filled: set[tuple[str, str]]) -> str | None:
    best, score = None, INPUT_MIN
    for count in item.inputs:
        if (item.id, count.name) in filled:
            continue
        ratio = SequenceMatcher(None, label, norm(count.label), autojunk=False).ratio()
        if ratio > score:
            best, score = count.name, ratio
    return best


def _input_target(matcher: ItemMatcher, current: Item | None, question: str, filled: set[tuple[str, str]]) -> tuple[Item, str] | None:
    """(computed item, input name) this count row fills: an unfilled input of the item being read, else of the next
    computed item in LKE order (PortalRB's sheet lists the counts without a row for their percentage item)."""
    label = norm(question.lstrip("-•* "))
    if current is not None and current.type == "computed":
        name = _best_input(current, label, filled)
        if name:
            return current, name
    for k in range(matcher.last + 1, min(len(matcher.items), matcher.last + 4)):
        item = matcher.items[k]
        if k in matcher.used or item.type != "computed":
            continue
        name = _best_input(item, label, filled)
        if name:
            matcher.used.add(k)
            matcher.last = k
            return item, name
    return None


def skip_blank_average(rules: RuleSet, values: dict[str, float]) -> float:
    """What the official worksheet computes: AVERAGE skips blank items, so a half-filled LKE scores higher."""
    total = 0.0
    for sub in rules.subindicators.values():
        answered = [values[i.id] for i in sub.items if i.id in values]
        if answered:
            total += sum(answered) / len(answered) * sub.weight
    return total
