"""``zi import xlsx``: read an LKE workbook as units really have it, by structure and question text.

Copies of the official worksheet insert rows, skip numbering, carry OCR-like typos, merged cells and hidden extra
sheets, so nothing here relies on a row number: the header row is found by its words ("Jawaban", "Nilai", "Catatan",
"Bukti"), each row's question is matched to the rule set's item text (exact, then fuzzy, in LKE order), and count rows
to the computed items' input labels. Everything that could not be mapped, and every inconsistency, is reported.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from .numfmt import angka, bilangan, persen
from .portalrb import soal_map
from .ruleset.model import AreaPart, Aspect, Item, PortalWorkbook, RuleSet, Subindicator
from .scan.filetypes import ContentError, verify_workbook
from .scoring.answers import normalise_answer
from .scoring.engine import item_value

_WORD = re.compile(r"[a-z0-9]+")
_CODE = re.compile(r"^(?=.*[\d.:])[\w.:-]+$|^[ivxlc]+\.?$", re.IGNORECASE)  # "R.MP.1.a:agen", "1.", "iv."
_URL = re.compile(r"https?://[^\s,;\"'<>]+", re.IGNORECASE)
FUZZY_MIN = 0.84
INPUT_MIN = 0.80
SKIP_HEADERS = ("pilihan", "penjelasan", "kriteria", "bobot", "standar", "keterangan")


def norm(text: object) -> str:
    return " ".join(_WORD.findall(str(text or "").lower()))


def _own_id(value: str) -> re.Match[str]:
    """The parts of one of our own item ids (a code of kind "id" was recognised by this same pattern)."""
    m = _OWN_ID.match(value)
    if m is None:
        raise ValueError(f"not an item id: {value!r}")
    return m


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
    errors: list[str] = field(default_factory=list)  # rows, items or inputs that could not be placed (sheet!cell)
    # the workbook's own numbers beside ours: (kind, id, assessor, cell, cached value); kind item | ratio | sub
    cached_cells: list[tuple[str, str, str, str, float]] = field(default_factory=list)
    formula_issues: list[str] = field(default_factory=list)  # formulas whose ranges differ from the layout (sheet!cell)
    typed_totals: dict[str, float] = field(default_factory=dict)  # item id -> total typed in the workbook


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
        cells = _with_merged_header(ws, row, cells)
        for c, t in cells:
            who = _assessor(t + " " + _group_label(ws, row, c))
            if t.startswith("jawaban"):
                cols.answer.setdefault(who, c)
            elif t.startswith("nilai"):
                cols.nilai.setdefault(who, c)
            elif t.startswith("catatan"):
                cols.note.setdefault(who, c)
            elif "bukti" in t or "data dukung" in t or "link" in t or "tautan" in t:
                cols.evidence = cols.evidence or c
            elif any(t.startswith(s) for s in SKIP_HEADERS):
                cols.skip.add(c)
        if cols.answer:
            return cols
    return None


def portal_columns(book: PortalWorkbook) -> Columns:
    """The columns of PortalRB's answer workbook, as the rule set's ``portalrb_workbook`` names them."""
    index = {key: column_index_from_string(letter) for key, letter in book.columns.items()}
    return Columns(0, {who: index[who] for who in ("self", "tpi") if who in index}, {},
                   {who: index[f"{who}_note"] for who in ("self", "tpi") if f"{who}_note" in index}, index.get("evidence"))


def _longest(cells: list[tuple[int, str]]) -> str:
    return max((t for _c, t in cells), key=len, default="")


def _input_label(item: Item, name: str) -> str:
    return next(i.label for i in item.inputs if i.name == name)


def _with_merged_header(ws, row: int, cells: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Header cells plus the columns whose name sits in a vertically merged cell above the header row ("URAIAN",
    "CATATAN" spanning two header rows: openpyxl keeps the text only in the merge's top cell)."""
    named = {c for c, _t in cells}
    extra = []
    for merged in ws.merged_cells.ranges:
        if merged.min_row < row <= merged.max_row and merged.min_col == merged.max_col and merged.min_col not in named:
            text = norm(ws.cell(merged.min_row, merged.min_col).value)
            if text:
                extra.append((merged.min_col, text))
    return sorted(cells + extra)


def label_column(ws, header_row: int, last_col: int, rules: RuleSet) -> int | None:
    """The column holding the questions: the one where most rows carry an item's text. Text to its right and left of
    the answers (weights, the item's explanation, the options) is never taken for a row's label, however it reads."""
    starts = {norm(i.text)[:40] for i in rules.items.values()}
    votes: dict[int, int] = {}
    for row in range(header_row + 1, min(ws.max_row, header_row + 2000) + 1):
        for col, text in _text_cells(ws, row, last_col):
            t = norm(_CODE_PREFIX.sub("", text, count=1))
            if len(t) >= 12 and t[:40] in starts:
                votes[col] = votes.get(col, 0) + 1
    if not votes:
        return None
    best = max(votes, key=lambda c: (votes[c], -c))
    return best if votes[best] >= 3 else None


def _assessor(text: str) -> str:
    return "tpi" if re.search(r"\b(tpi|tpn|penilai|evaluator)\b", text) else "self"


def _group_label(ws, row: int, col: int) -> str:
    """A two-row header's group ("Penilaian Mandiri" / "Penilaian TPI") above ``col``: the merged cell covering it."""
    if row < 2:
        return ""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row - 1 <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return norm(ws.cell(merged.min_row, merged.min_col).value)
    return norm(ws.cell(row - 1, col).value)


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


def workbook_answer(item: Item, value: object) -> tuple[object | None, str | None]:
    """(answer, None) or (None, why it was dropped): the one answer normaliser first, then what only workbooks hold
    ("A. Jika …" copied with its text, "iya", "1.234" with a thousands dot)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    shared, errors = normalise_answer(item, value.strip() if isinstance(value, str) else value)
    if shared is not None and not errors and item.type != "computed":
        return shared, None
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
    if item.range is not None:
        low, high = item.range
        if not low <= number <= high:
            return None, f"{item.range_hint.split(' ')[0]} {value!r} untuk butir {item.id} di luar rentang {low:g}–{high:g}"
        return number, None
    if number < 0 or number != int(number):
        return None, f"jumlah {value!r} untuk {item.id} harus bilangan bulat tidak negatif"
    return int(number), None


_DASHES = ("-", "–", "—", "--")
_TOTAL_WORDS = ("total", "jumlah", "nilai", "komponen")


def total_key(label: str, rules: RuleSet) -> str | None:
    """ "Nilai Total" → "total", "Total Pengungkit" → "pengungkit": a totals row (component names come from the rules)."""
    words = norm(label).split()
    if not words or len(words) > 4:
        return None
    rest = [w for w in words if w not in _TOTAL_WORDS]
    if not rest:
        return "total" if "total" in words or words == ["jumlah", "nilai"] else None
    components = {norm(a.component): a.component for a in rules.aspects}
    return components.get(" ".join(rest))


MAX_WORKBOOK_BYTES = 20 * 1024 * 1024  # an LKE workbook is well under 1 MB


def import_workbook(path: Path, rules: RuleSet) -> ImportResult:
    """Read an LKE workbook. Hostile input stays bounded: size, archive members, expansion and DTDs are checked before
    openpyxl parses anything (:func:`..scan.filetypes.verify_workbook`); any failure is a :class:`ContentError`."""
    if path.stat().st_size > MAX_WORKBOOK_BYTES:
        raise ContentError(f"berkas lebih dari {MAX_WORKBOOK_BYTES // (1024 * 1024)} MB; lembar kerja LKE jauh lebih kecil")
    data = path.read_bytes()
    verify_workbook(data)
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)  # cached values of formula cells (the workbook's own numbers)
    except Exception as exc:  # noqa: BLE001 - whatever a crafted workbook makes openpyxl raise: one line, never a traceback
        raise ContentError(f"isi lembar kerja tidak dapat dibaca ({type(exc).__name__}: {str(exc)[:120]})") from None
    try:
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # noqa: BLE001 - formulas are only used to name suspicious ranges
        formulas = None
    best: ImportResult | None = None
    book = rules.portalrb_workbook
    for ws in sorted(wb.worksheets, key=lambda w: w.sheet_state != "visible"):  # visible sheets first
        fws = formulas[ws.title] if formulas else None
        if book is not None and norm(ws.title) == norm(book.sheet):
            by_rows = StructureReader(ws, portal_columns(book), rules, fws).read_rows(book)
            if by_rows is not None:
                return by_rows
        cols = find_columns(ws)
        if cols is None:
            continue
        result = StructureReader(ws, cols, rules, fws).read()
        if best is None or result.matched > best.matched:
            best = result
    if best is None:
        raise ValueError("tidak ada lembar dengan kolom 'Jawaban'; apakah ini lembar kerja LKE?")
    return best


# -- reading by structure --------------------------------------------------------------------------------------------
# Numbering as the LKE prints it: A/B components, I/II parts, 1–6 areas, i/ii/… sub-indicators, a/b/… items, "-" bullets;
# or this project's own ids (P.MP.1, P.MP.1.a, R.MP.1.a:agen_perubahan) in the workbooks `zi export xlsx` writes.
_ROMAN_LOWER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_CODE_CELL = re.compile(r"^\s*(?:([A-B])|([IVX]{1,4})|(\d{1,2})|([ivx]{1,4})|([a-z])|(-|•|\*))\s*[.)]?\s*$")
_CODE_PREFIX = re.compile(r"^\s*(?:([IVX]{1,4})|(\d{1,2})|([ivx]{1,4})|([a-z]))[.)]\s+(?=\S)|^\s*([-•*])\s*(?=\S)")
_OWN_ID = re.compile(r"^([A-Z]{1,3})\.([A-Z]{2,3})(?:\.(\d+)(?:\.([a-z]))?)?(?::([a-z_]+))?$")
SIMILAR_ITEM = 0.62
SIMILAR_INPUT = 0.55
SIMILAR_HEADING = 0.72


@dataclass
class Code:
    kind: str  # component | part | area | sub | item | bullet | id
    value: str


def _parse_code(cells: list[tuple[int, str]]) -> tuple[Code | None, str]:
    """The row's numbering (a cell of its own, or the label's prefix) and the label without it."""
    code: Code | None = None
    rest = []
    for _col, text in cells:
        own = _OWN_ID.match(text.strip())
        if own and code is None:
            code = Code("id", text.strip())
            continue
        m = _CODE_CELL.match(text)
        if m and code is None:
            kind = ("component", "part", "area", "sub", "item", "bullet")[next(i for i, g in enumerate(m.groups()) if g)]
            code = Code(kind, next(g for g in m.groups() if g))
            continue
        if not m:
            rest.append(text)
    label = max(rest, key=len) if rest else ""
    if code is None and label:
        m = _CODE_PREFIX.match(label)
        if m:
            kind = ("part", "area", "sub", "item", "bullet")[next(i for i, g in enumerate(m.groups()) if g)]
            code = Code(kind, next(g for g in m.groups() if g))
            label = label[m.end():]
    return code, label.strip()


def _similar(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


class StructureReader:
    """Reads one sheet by its structure: each row is placed inside its part, sub-indicator and item block first (by
    numbering, then by heading text), and text similarity only decides *within* a block. So two count rows with the
    same label under different sub-indicators (LHKPN and LHKASN: "Jumlah yang sudah melaporkan") can never be
    confused, a computed item's count rows fill that item's inputs (in order when the labels say nothing), and every
    row, item and input that cannot be placed is an error naming ``sheet!cell``."""

    def __init__(self, ws, cols: Columns, rules: RuleSet, formula_ws=None) -> None:
        self.ws, self.cols, self.rules, self.fws = ws, cols, rules, formula_ws
        book = rules.portalrb_workbook
        layout = "portalrb" if book is not None and norm(ws.title) == norm(book.sheet) else "lampiran-iii"
        self.result = ImportResult(ws.title, layout, {who: {} for who in cols.answer})
        self.first_answer_col = min(cols.answer.values())
        self.label_col = label_column(ws, cols.header_row, self.first_answer_col - 1, rules)
        self.aspect: Aspect | None = None
        self.part: AreaPart | None = None
        self.sub: Subindicator | None = None
        self.item: Item | None = None  # the item whose block we are in
        self.order = list(rules.items.values())
        self.position = {item.id: k for k, item in enumerate(self.order)}
        self.seen: dict[str, int] = {}  # item id -> row
        self.counts: dict[str, dict[str, dict[str, int]]] = {who: {} for who in cols.answer}
        self.count_rows: dict[tuple[str, str], int] = {}
        self.typed_totals: dict[str, tuple[int, float]] = {}
        self.item_rows: dict[str, int] = {}
        self.sub_rows: dict[str, int] = {}
        self.part_rows: dict[tuple[str, str], int] = {}
        self.errors: list[str] = []
        self.matcher = ItemMatcher(rules)

    def answer_values(self, row: int) -> dict[str, Any]:
        """Each assessor's cell on ``row``; "-" is how the worksheet marks a row without an answer of its own (a
        percentage item above its count rows), so it reads as empty."""
        values = {who: self.ws.cell(row, col).value for who, col in self.cols.answer.items()}
        return {who: (None if isinstance(v, str) and v.strip() in _DASHES else v) for who, v in values.items()}

    def cell(self, row: int, col: int) -> str:
        return f"{self.ws.title}!{get_column_letter(col)}{row}"

    # -- context ----------------------------------------------------------------------------------------------------
    def _set_aspect(self, aspect: Aspect | None) -> None:
        self.aspect, self.part, self.sub, self.item = aspect, None, None, None

    def _set_part(self, part: AreaPart) -> None:
        self.aspect = next(a for a in self.rules.aspects if a.id == part.aspect)
        self.part, self.sub, self.item = part, None, None

    def _set_sub(self, sub: Subindicator) -> None:
        self._set_part(next(p for a in self.rules.aspects for p in a.parts if sub in p.subindicators))
        self.sub, self.item = sub, None

    def heading(self, code: Code | None, label: str) -> bool:
        """Place a heading row (no answer) in the tree; True when it was one."""
        if code and code.kind == "id":
            m = _own_id(code.value)
            aspect_id, area, sub_no = m.group(1), m.group(2), m.group(3)
            part = next((p for a in self.rules.aspects for p in a.parts if a.id == aspect_id and p.area == area), None)
            if part is None:
                return False
            if sub_no is None:
                self._set_part(part)
            elif not m.group(4):
                sub = next((x for x in part.subindicators if x.id == f"{aspect_id}.{area}.{sub_no}"), None)
                if sub is not None:
                    self._set_sub(sub)
            return not m.group(4)
        for aspect in self.rules.aspects:
            if _similar(label, aspect.name) >= SIMILAR_HEADING or norm(label) in (norm(aspect.name), norm(aspect.component)):
                self._set_aspect(aspect)
                return True
        candidates = [p for a in self.rules.aspects for p in a.parts if self.aspect is None or a.id == self.aspect.id]
        if code is None or code.kind in ("area", "part"):
            for pool in (candidates, [p for a in self.rules.aspects for p in a.parts]):  # the current aspect first
                best = max(pool, key=lambda p: _similar(label, p.name), default=None)
                if best is not None and _similar(label, best.name) >= SIMILAR_HEADING:
                    self._set_part(best)
                    return True
        parts = [self.part] if self.part else candidates
        subs = [x for p in parts for x in p.subindicators]
        if code is not None and code.kind == "sub" and self.part is not None:
            numbered = next((x for x in self.part.subindicators if x.number == code.value), None)
            going_back = self.sub is not None and _ROMAN_LOWER.get(code.value, 0) <= _ROMAN_LOWER.get(self.sub.number, 0)
            if numbered is not None and not going_back and _similar(label, numbered.name) >= 0.35:
                self._set_sub(numbered)
                return True
            if going_back:
                return True  # a heading inside the current sub-indicator (LHKPN / LHKASN under "iii.")
        best_sub = max(subs, key=lambda x: _similar(label, x.name), default=None)
        if best_sub is not None and _similar(label, best_sub.name) >= SIMILAR_HEADING:
            # an unanswered item row often repeats its sub-indicator's name ("Penanganan Benturan Kepentingan telah …")
            if max(_similar(label, i.text) for i in best_sub.items) > _similar(label, best_sub.name):
                return False
            self._set_sub(best_sub)
            return True
        return code is not None and code.kind in ("component", "part", "area", "sub")

    # -- items ------------------------------------------------------------------------------------------------------
    def resolve_item(self, code: Code | None, label: str) -> Item | None:
        if code and code.kind == "id":
            m = _own_id(code.value)
            if m.group(4):
                return self.rules.items.get(f"{m.group(1)}.{m.group(2)}.{m.group(3)}.{m.group(4)}")
            return None
        block: list[Item] = list(self.sub.items) if self.sub else [i for x in (self.part.subindicators if self.part else ()) for i in x.items]
        if code and code.kind == "item":
            if self.sub is not None:
                lettered = next((i for i in self.sub.items if i.id.endswith("." + code.value)), None)
                if lettered is not None:
                    return lettered
            elif self.part is not None:  # hasil prints a, b, … across its sub-indicators
                index = ord(code.value) - ord("a")
                flat = [i for x in self.part.subindicators for i in x.items]
                if 0 <= index < len(flat):
                    return flat[index]
        if block:
            best = max(block, key=lambda i: _similar(label, i.text))
            if _similar(label, best.text) >= SIMILAR_ITEM:
                return best
            open_items = [i for i in block if i.id not in self.seen]
            if code and code.kind in ("item", "bullet") and len(open_items) == 1:
                return open_items[0]
        # no block, or a row of the next sub-indicator without its heading: the LKE order, text deciding (typos allowed)
        return self.matcher.match(label)

    def block_item(self, label: str) -> Item | None:
        """The item of the current sub-indicator whose text the label is (no side effects)."""
        block = list(self.sub.items) if self.sub else []
        best = max(block, key=lambda i: _similar(label, i.text), default=None)
        return best if best is not None and _similar(label, best.text) >= SIMILAR_ITEM else None

    def place_item(self, item: Item, row: int) -> None:
        k = self.position[item.id]
        self.matcher.used.add(k)
        self.matcher.last = max(self.matcher.last, k)
        if item.id in self.seen:
            self.errors.append(f"{self.cell(row, self.first_answer_col)}: butir {item.id} sudah dipetakan di baris {self.seen[item.id]}; "
                               "baris ini ganda atau salah tempat")
            return
        self.seen[item.id] = row
        self.item_rows[item.id] = row
        self.result.matched += 1
        sub = self.rules.subindicators[item.subindicator]
        if self.sub is None or self.sub.id != sub.id:
            self._set_sub(sub)
        self.item = item

    # -- counts -----------------------------------------------------------------------------------------------------
    def count_target(self, label: str) -> tuple[Item, str] | None:
        """The computed item and input a count row fills: within the current item's block first, then the next computed
        item of the sub-indicator (PortalRB's sheet has count rows without a row for their percentage item)."""
        candidates: list[Item] = []
        if self.item is not None and self.item.type == "computed":
            candidates.append(self.item)
        if self.sub is not None:
            after = self.sub.items[self.sub.items.index(self.item) + 1:] if self.item in self.sub.items else self.sub.items
            candidates += [i for i in after if i.type == "computed" and i not in candidates]
        # then the next computed items in LKE order (a sheet without headings, or the next sub-indicator's counts)
        start = self.position[self.item.id] + 1 if self.item is not None else 0
        candidates += [i for i in self.order[start:start + 4] if i.type == "computed" and i not in candidates and i.id not in self.seen]
        for item in candidates[:5]:
            free = [i for i in item.inputs if (item.id, i.name) not in self.count_rows]
            if not free:
                continue
            best = max(free, key=lambda i: _similar(label, i.label))
            taken = max((i for i in item.inputs if (item.id, i.name) in self.count_rows), key=lambda i: _similar(label, i.label), default=None)
            if taken is not None and _similar(label, taken.label) > max(_similar(label, best.label), SIMILAR_INPUT) + 0.05:
                continue  # this label belongs to an input already filled here: the row is the next item's
            if _similar(label, best.label) >= SIMILAR_INPUT:
                return item, best.name
            if item is candidates[0] and self.item is item:
                return item, free[0].name  # the labels say nothing: the inputs in their printed order
        return None

    def is_typed_total(self, item: Item, label: str) -> bool:
        f = item.formula
        text = norm(label)
        return (f is not None and f.kind == "ratio" and len(f.denominator) > 1 and "jumlah" in text and ("harus" in text or "wajib" in text)
                and max(_similar(label, i.label) for i in item.inputs if i.name in f.denominator) < 0.8)

    # -- the sheet --------------------------------------------------------------------------------------------------
    def read(self) -> ImportResult:
        ws, cols = self.ws, self.cols
        for row in range(cols.header_row + 1, ws.max_row + 1):
            cells = [(c, t) for c, t in _text_cells(ws, row, self.label_col or self.first_answer_col - 1) if c not in cols.skip]
            if not cells:
                continue
            code, label = _parse_code(cells)
            values = self.answer_values(row)
            has_answer = any(v not in (None, "") for v in values.values())
            total = total_key(label, self.rules) if code is None else None  # "B. HASIL" is a heading, "Hasil" a total
            if total:
                for who, col in cols.nilai.items():
                    number = _number(ws.cell(row, col).value)
                    if number is not None and f"{total}:{who}" not in self.result.cached:
                        self.result.cached[f"{total}:{who}"] = number
                        self.result.cached_cells.append(("total" if total == "total" else "component", total, who, self.cell(row, col), number))
                continue
            if code is not None and code.kind == "id" and ":" in code.value:  # our own input rows
                m = _own_id(code.value)
                item = self.rules.items.get(f"{m.group(1)}.{m.group(2)}.{m.group(3)}.{m.group(4)}")
                if item is not None and any(i.name == m.group(5) for i in item.inputs):
                    self.item = item
                    self.take_count(item, m.group(5), row, values)
                    continue
            countlike = (code is not None and code.kind == "bullet") or norm(label).startswith("jumlah")
            in_computed = self.item is not None and self.item.type == "computed"
            if (code is None or code.kind == "bullet") and (countlike or (in_computed and has_answer and self.block_item(label) is None)) \
                    and not (self.item is not None and norm(label) == norm(self.item.text)):
                if self.item is not None and in_computed and self.is_typed_total(self.item, label):
                    typed = _number(values.get("self"))
                    if typed is not None:
                        self.typed_totals[self.item.id] = (row, typed)
                    continue
                target = self.count_target(label)
                if target is not None:
                    self.take_count(target[0], target[1], row, values)
                    continue
            component = self.component_heading(label) if not has_answer else None
            if component is not None:
                self.record_heading("component", component, row)
                continue
            if not has_answer and self.heading(code, label):
                if self.sub is not None and self.sub.id not in self.sub_rows and self.item is None:
                    self.sub_rows[self.sub.id] = row
                    self.record_heading("sub", self.sub.id, row)
                elif self.sub is None and self.part is not None:
                    self.record_heading("part", f"{self.part.aspect}.{self.part.area}", row)
                elif self.part is None and self.aspect is not None:
                    self.record_heading("aspect", self.aspect.id, row)
                continue
            item = self.resolve_item(code, label)
            if item is None and not has_answer:
                target = self.count_target(label) if "jumlah" in norm(label) else None
                if target is None:
                    continue  # an explanation or a heading the tree does not name
            if item is None:
                target = self.count_target(label)
                if target is not None:
                    self.take_count(target[0], target[1], row, values)
                    continue
                self.result.unmapped.append(f"{self.cell(row, self.first_answer_col)}: {label[:70]!r} (jawaban {values}) — "
                                            "tidak dapat ditempatkan pada butir mana pun")
                continue
            self.place_item(item, row)
            self.record_cached(item, row, values)
            if item.type != "computed":
                self.take_answers(item, row, values)
        self.finish()
        return self.result

    def take_answers(self, item: Item, row: int, values: dict) -> None:
        """A choice or survey item's answers on ``row``, with each assessor's note and the evidence links."""
        for who, value in values.items():
            answer, problem = workbook_answer(item, value)
            if problem:
                self.result.warnings.append(f"{self.cell(row, self.cols.answer[who])}: {problem}; dikosongkan")
            if answer is None:
                continue
            note_col = self.cols.note.get(who)
            note = self.ws.cell(row, note_col).value if note_col else None
            self.result.answers[who][item.id] = {"answer": answer, "note": str(note).strip()} if note not in (None, "") else answer
        if self.cols.evidence:
            for url in _URL.findall(str(self.ws.cell(row, self.cols.evidence).value or "")):
                self.result.links.append((item.id, url))

    def read_rows(self, book: PortalWorkbook) -> ImportResult | None:
        """PortalRB's answer workbook read by its coordinates (the rule set's ``portalrb_workbook``): each soal on its
        row, no text matching. None when the sheet's own question text says its rows were moved (read by text then)."""
        soals = soal_map(self.rules)
        texts = [(row, _longest(_text_cells(self.ws, row, self.first_answer_col - 1)), item_id, count)
                 for sid, item_id, count in soals if (row := book.rows.get(sid)) is not None]
        labelled = [(row, text, item_id, count) for row, text, item_id, count in texts if text]
        moved = [row for row, text, item_id, count in labelled
                 if _similar(text, self.rules.items[item_id].text if count is None else _input_label(self.rules.items[item_id], count)) < 0.6]
        if labelled and len(moved) > 0.2 * len(labelled):
            return None
        for row, _text, item_id, count in texts:
            item = self.rules.items[item_id]
            values = self.answer_values(row)
            if count is not None:
                self.take_count(item, count, row, values)
            else:
                self.place_item(item, row)
                if item.type != "computed":
                    self.take_answers(item, row, values)
        for row in moved:
            self.result.warnings.append(f"{self.cell(row, 1)}: teks baris ini tidak sama dengan soal PortalRB di baris itu; periksa apakah "
                                        "baris telah digeser")
        self.finish()
        return self.result

    def component_heading(self, label: str) -> str | None:
        """"A. PENGUNGKIT" / "HASIL": a component row (its Nilai is the component total)."""
        text = norm(label)
        component = next((a.component for a in self.rules.aspects if text == norm(a.component)), None)
        if component is not None:
            self.aspect, self.part, self.sub, self.item = None, None, None, None
        return component

    def record_heading(self, kind: str, key: str, row: int) -> None:
        """The workbook's own value on a heading row (sub-indicator, area, aspect or component), first one only."""
        if any(k == kind and i == key for k, i, *_ in self.result.cached_cells):
            return
        for who, col in self.cols.nilai.items():
            number = _number(self.ws.cell(row, col).value)
            if number is not None:
                self.result.cached_cells.append((kind, key, who, self.cell(row, col), number))

    def take_count(self, item: Item, name: str, row: int, values: dict) -> None:
        key = (item.id, name)
        if key in self.count_rows:
            self.errors.append(f"{self.cell(row, self.first_answer_col)}: {item.id}/{name} sudah diisi di baris {self.count_rows[key]}")
            return
        self.count_rows[key] = row
        if item.id not in self.seen:
            self.seen[item.id] = row
            self.result.matched += 1
            self.matcher.used.add(self.position[item.id])
            self.matcher.last = max(self.matcher.last, self.position[item.id])
        if self.item is not item:
            self.item = item
            sub = self.rules.subindicators[item.subindicator]
            if self.sub is None or self.sub.id != sub.id:
                self._set_sub(sub)
                self.item = item
        for who, value in values.items():
            if value is None or value == "":
                continue
            number = _number(value)
            if number is not None and 0 < number < 1:  # a percentage cached where a count belongs (0.6, 0.8667)
                self.errors.append(f"{self.cell(row, self.cols.answer[who])}: {item.id}/{name} berisi pecahan {angka(number)} "
                                   "(persentase yang tersimpan?) di tempat jumlah; ketik jumlahnya")
                continue
            if number is None or number < 0 or number != int(number):
                self.result.warnings.append(f"{self.cell(row, self.cols.answer[who])}: jumlah {value!r} untuk {item.id}/{name} bukan bilangan "
                                            "bulat tidak negatif; dilewati")
                continue
            self.counts[who].setdefault(item.id, {})[name] = int(number)

    def record_cached(self, item: Item, row: int, values: dict) -> None:
        """The workbook's own numbers on an item row: its value (Nilai) and, for a percentage item, the ratio it shows."""
        for who, col in self.cols.nilai.items():
            number = _number(self.ws.cell(row, col).value)
            if number is not None:
                self.result.cached_cells.append(("item", item.id, who, self.cell(row, col), number))
        if item.type == "computed":
            for who, value in values.items():
                number = _ratio(value)
                if number is not None:
                    self.result.cached_cells.append(("ratio", item.id, who, self.cell(row, self.cols.answer[who]), number))

    def check_formulas(self) -> None:
        """Sub-indicator formulas (AVERAGE/SUM over the item values) must cover exactly the rows of their items."""
        if self.fws is None:
            return
        for sub_id, row in self.sub_rows.items():
            items = self.rules.subindicators[sub_id].items
            rows = sorted(self.item_rows[i.id] for i in items if i.id in self.item_rows)
            if len(rows) != len(items):
                continue
            for col in self.cols.nilai.values():
                formula = self.fws.cell(row, col).value
                if not (isinstance(formula, str) and formula.startswith("=")):
                    continue
                letter = get_column_letter(col)
                covered = sorted(_referenced_rows(formula, letter))
                # extra rows in the range are harmless when their cell is empty (AVERAGE skips blanks: count rows)
                extra = [r for r in covered if r not in rows and _number(self.ws.cell(r, col).value) is not None]
                if covered and (set(rows) - set(covered) or extra):
                    self.result.formula_issues.append(
                        f"{self.cell(row, col)}: rumus {formula[:60]} merujuk baris {_spans(covered)} kolom {letter}, "
                        f"padahal butir {sub_id} ada di baris {_spans(rows)}; nilai sub-indikator di lembar kerja ini salah")

    def finish(self) -> None:
        for who, per_item in self.counts.items():
            for item_id, values in per_item.items():
                item = self.rules.items[item_id]
                missing = [i.name for i in item.inputs if i.name not in values and (item_id, i.name) not in self.count_rows]
                if missing and who == next(iter(self.counts)):
                    self.errors.append(f"{self.ws.title}: {item_id} tanpa baris untuk {', '.join(missing)}; tambahkan baris jumlahnya")
                unread = [i.name for i in item.inputs if i.name not in values]
                if unread:  # never 0 for a count that could not be read: the item stays unanswered (completeness shows it)
                    self.result.warnings.append(f"{item_id} ({who}): jumlah {', '.join(unread)} tidak terbaca; butir dibiarkan belum dijawab")
                    continue
                self.result.answers[who][item_id] = {"answer": {i.name: values[i.name] for i in item.inputs}}
                if item_id in self.typed_totals and item.formula and item.formula.kind == "ratio":
                    row, typed = self.typed_totals[item_id]
                    parts = sum(values.get(n, 0) for n in item.formula.denominator)
                    if who == "self" and typed != parts:
                        self.result.warnings.append(f"{self.cell(row, self.cols.answer[who])}: jumlah yang diketik ({typed:g}) untuk {item_id} "
                                                    f"berbeda dari jumlah rinciannya ({parts}); rincian yang dipakai (DESIGN §4)")
        self.result.errors = self.errors
        self.result.typed_totals = {i: t for i, (_r, t) in self.typed_totals.items()}
        self.check_formulas()
        self.check_item_formulas()

    def _owners(self) -> dict[int, str]:
        """Row → the computed item whose block it belongs to (its own row, its count rows, its typed total)."""
        owners = {row: item_id for (item_id, _name), row in self.count_rows.items()}
        owners.update({row: item_id for item_id, (row, _typed) in self.typed_totals.items()})
        owners.update({row: item_id for item_id, row in self.item_rows.items() if self.rules.items[item_id].type == "computed"})
        return owners

    def _leaves(self, row: int, letter: str, depth: int = 0) -> list[int]:
        """The rows of plain numbers a cell of column ``letter`` adds up, following formula cells (a total that is
        itself a SUM of detail rows counts those rows); a row listed twice is counted twice."""
        value = self.fws.cell(row, self.fws[f"{letter}1"].column).value if self.fws is not None else None
        if not (isinstance(value, str) and value.startswith("=")) or depth > 4:
            return [row]
        out: list[int] = []
        for r in sorted(_referenced_rows(value, letter)):
            if r != row:
                out += self._leaves(r, letter, depth + 1)
        return out

    def check_item_formulas(self) -> None:
        """A computed item's percentage and typed total, when the workbook computes them, must add up exactly its own
        count rows: each formula that reads another item's rows, counts a row twice or leaves out an input of the
        regulation's formula is named by cell, with the workbook's value and the regulation's."""
        if self.fws is None:
            return
        owners = self._owners()
        for item_id, item_row in self.item_rows.items():
            item = self.rules.items[item_id]
            f = item.formula
            if item.type != "computed" or f is None or f.kind != "ratio":
                continue
            rows = {name: self.count_rows[(item_id, name)] for name in (i.name for i in item.inputs) if (item_id, name) in self.count_rows}
            typed = self.typed_totals.get(item_id)
            cells = [("ratio", item_row)] + ([("total", typed[0])] if typed else [])
            for who, col in self.cols.answer.items():
                letter = get_column_letter(col)
                for kind, row in cells:
                    formula = self.fws.cell(row, col).value
                    if not (isinstance(formula, str) and formula.startswith("=")):
                        continue
                    leaves = self._leaves(row, letter)
                    needed = {rows[n] for n in (f.denominator if kind == "total" else (*f.numerator, *f.denominator)) if n in rows}
                    if kind == "ratio" and typed is not None and typed[0] in leaves:  # the typed total stands for its details
                        needed = (needed - {rows[n] for n in f.denominator if n in rows}) | {typed[0]}
                    foreign: dict[str, list[int]] = {}
                    for r in leaves:
                        owner = owners.get(r)
                        if owner is not None and owner != item_id:
                            foreign.setdefault(owner, []).append(r)
                    doubled = sorted({r for r in leaves if leaves.count(r) > 1})
                    missing = sorted(needed - set(leaves))
                    if not (foreign or doubled or missing):
                        continue
                    why = [f"juga menjumlahkan baris {_spans(sorted(set(rs)))} milik {other}" for other, rs in foreign.items()]
                    why += [f"menghitung baris {_spans(doubled)} dua kali"] if doubled else []
                    why += [f"tidak memuat baris {_spans(missing)}"] if missing else []
                    counts = self.counts.get(who, {}).get(item_id, {})
                    if kind == "total":
                        ours = bilangan(sum(counts.get(n, 0) for n in f.denominator)) if counts else "?"
                        cached = _number(self.ws.cell(row, col).value)
                        theirs = "tidak tersimpan" if cached is None else bilangan(cached)
                    else:
                        ours = persen(item_value(item, counts)[0]) if len(counts) == len(item.inputs) else "?"
                        cached = _ratio(self.ws.cell(row, col).value)
                        theirs = "tidak tersimpan" if cached is None else persen(cached)
                    what = "jumlah yang harus melaporkan" if kind == "total" else "persentase"
                    self.result.formula_issues.append(
                        f"{self.cell(row, col)}: rumus {formula[:80]} ({what} {item_id}) {'; '.join(why)} — lembar kerja {theirs}, "
                        f"menurut regulasi {ours}" + (f" (baris {_spans(sorted(needed))})" if needed else ""))


_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")


def _referenced_rows(formula: str, letter: str) -> set[int]:
    """Rows of column ``letter`` a formula reads (single cells and ranges)."""
    rows: set[int] = set()
    for m in _REF.finditer(formula):
        if m.group(1) != letter:
            continue
        first, last = int(m.group(2)), int(m.group(4) or m.group(2))
        rows.update(range(first, last + 1))
    return rows


def _spans(rows: list[int]) -> str:
    out, start = [], rows[0]
    following: list[int | None] = [*rows[1:], None]
    for prev, cur in zip(rows, following, strict=True):
        if cur != prev + 1:
            out.append(f"{start}" if start == prev else f"{start}–{prev}")
            if cur is not None:
                start = cur
    return ", ".join(out)


def _ratio(value: object) -> float | None:
    """A percentage as a workbook shows it: 0.8667, "86,67%", 86.67 (read as a percent when above 1)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        number = _number(value.strip()[:-1])
        return None if number is None else number / 100
    number = _number(value)
    if number is None:
        return None
    return number / 100 if number > 1 else number


def _children(rules: RuleSet, kind: str, key: str) -> list[tuple[str, str]]:
    """The (kind, key) whose values add up to this heading's value in the official layout."""
    if kind == "total":
        return [("component", c) for c in dict.fromkeys(a.component for a in rules.aspects)]
    if kind == "component":
        return [("aspect", a.id) for a in rules.aspects if a.component == key]
    if kind == "aspect":
        return [("part", f"{p.aspect}.{p.area}") for a in rules.aspects if a.id == key for p in a.parts]
    if kind == "part":
        return [("sub", x.id) for a in rules.aspects for p in a.parts if f"{p.aspect}.{p.area}" == key for x in p.subindicators]
    return []


def _our_value(rules: RuleSet, ours: dict, kind: str, key: str) -> float:
    if kind == "sub":
        return ours["subindicators"][key]
    return sum(_our_value(rules, ours, k, c) for k, c in _children(rules, kind, key))


def _skipping_value(rules: RuleSet, values: dict[str, float], kind: str, key: str) -> float:
    """The value the official worksheet shows when its AVERAGE skips blank items."""
    if kind == "sub":
        sub = rules.subindicators[key]
        answered = [values[i.id] for i in sub.items if i.id in values]
        return sum(answered) / len(answered) * sub.weight if answered else 0.0
    return sum(_skipping_value(rules, values, k, c) for k, c in _children(rules, kind, key))


_KIND_NAMES = {"sub": "sub-indikator", "part": "area", "aspect": "aspek", "component": "komponen", "total": "nilai total"}


def reconcile(result: ImportResult, rules: RuleSet, ours: dict, who: str) -> list[str]:
    """Every number the workbook holds for ``who`` (item values and percentages, sub-indicator, area, aspect, component and
    total values) beside ours, each difference with its cause (Indonesian)."""
    out = []
    values = {i: v["value"] for i, v in ours["items"].items() if v["answered"]}
    cached = {(kind, key): (cell, value) for kind, key, assessor, cell, value in result.cached_cells if assessor == who}
    for kind, key, assessor, cell, number in result.cached_cells:
        if assessor != who:
            continue
        if kind == "item":
            item = rules.items[key]
            sub = rules.subindicators[item.subindicator]
            value = ours["items"][key]["value"]
            if abs(number - value) < 0.005 or abs(number - value * sub.weight / len(sub.items)) < 0.005:
                continue
            out.append(f"{cell}: nilai butir {key} di lembar kerja {angka(number)}, dihitung ZI Evidence {angka(value)} — periksa jawaban dan rumus sel ini")
        elif kind == "ratio":
            item = rules.items[key]
            value = ours["items"][key]["value"]
            if abs(number - value) < 0.00005 * 100 or not ours["items"][key]["answered"]:
                continue
            cause = "sebab tidak diketahui; periksa rumus sel ini"
            counts = ours["items"][key]["answer"] or {}
            f = item.formula
            if f is not None and f.kind == "ratio" and key in result.typed_totals and result.typed_totals[key]:
                numerator = sum(counts.get(n, 0) for n in f.numerator)
                if abs(min(numerator / result.typed_totals[key], 1) - number) < 0.0005:
                    cause = (f"lembar kerja membagi dengan jumlah yang diketik ({result.typed_totals[key]:g}), bukan jumlah rinciannya "
                             f"({sum(counts.get(n, 0) for n in f.denominator)}); ZI Evidence memakai rinciannya (DESIGN §4)")
            elif f is not None and f.kind == "ratio" and number > 1 and value == 1:
                cause = "lembar kerja tidak membatasi persentase pada 100 %"
            out.append(f"{cell}: persentase {key} di lembar kerja {persen(number)}, dihitung ZI Evidence {persen(value)} — {cause}")
        else:
            value = _our_value(rules, ours, kind, key)
            if abs(number - value) < 0.005:
                continue
            name = _KIND_NAMES[kind] + ("" if kind == "total" else f" {key}")
            out.append(f"{cell}: {name} di lembar kerja {angka(number)}, dihitung ZI Evidence {angka(value)} — "
                       f"{_heading_cause(result, rules, values, cached, kind, key, cell, number)}")
    return out


def _heading_cause(result: ImportResult, rules: RuleSet, values: dict, cached: dict, kind: str, key: str, cell: str, number: float) -> str:
    if any(issue.startswith(cell + ":") for issue in result.formula_issues):
        return "rumus sel ini merujuk baris yang salah (lihat di atas)"
    children = _children(rules, kind, key)
    known = [cached[c][1] for c in children if c in cached]
    if children and len(known) == len(children) and abs(sum(known) - number) >= 0.005:
        return (f"nilai yang diketik berbeda dari jumlah rinciannya di lembar kerja ({angka(sum(known))}, sel "
                f"{', '.join(cached[c][0] for c in children)}); ZI Evidence menjumlahkan rinciannya")
    skipping = _skipping_value(rules, values, kind, key)
    if abs(skipping - number) < 0.005:
        blanks = sum(1 for i in rules.items.values() if i.id not in values and _within(rules, i, kind, key))
        return f"AVERAGE lembar kerja melewati {blanks} butir kosong; di sini butir kosong bernilai 0"
    if children and len(known) == len(children):
        return "selisih berasal dari rinciannya (lihat selisih di atas)"
    return "sebab tidak diketahui; periksa rumus sel ini"


def _within(rules: RuleSet, item: Item, kind: str, key: str) -> bool:
    sub = rules.subindicators[item.subindicator]
    aspect = next(a for a in rules.aspects if a.id == sub.aspect)
    return {"sub": sub.id, "part": f"{sub.aspect}.{sub.area}", "aspect": sub.aspect, "component": aspect.component,
            "total": key}[kind] == key


def skip_blank_average(rules: RuleSet, values: dict[str, float]) -> float:
    """What the official worksheet computes for the total: AVERAGE skips blank items, so a half-filled LKE scores higher."""
    return _skipping_value(rules, values, "total", "total")
