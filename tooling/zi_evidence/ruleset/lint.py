"""``zi rules lint``: the checks that keep a rule set internally consistent.

Weights add up level by level, ids are unique and well formed, every option is valued, computed
items reference their own inputs, overlays reference only what exists and every predicate
criterion names a quantity the scoring engine computes.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..problems import DataError, Problem
from ..scoring.engine import available_quantities
from ..yamlio import line_of
from .loader import RuleSetLoader
from .model import CHOICE_TYPES, ITEM_ID, RANGE_TYPES, Item, RuleSet

EPS = 1e-9
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= EPS * max(1.0, abs(a), abs(b))


class _Linter:
    def __init__(self, loader: RuleSetLoader, rules: RuleSet):
        self.rules = rules
        self.problems: list[Problem] = list(rules.findings)
        self.origin: dict[str, str] = {}
        for rid in reversed(rules.chain):  # nearest rule set wins
            doc = loader.read_dir(rid)
            for key in doc.data:
                if key not in ("overrides", "extends"):
                    self.origin[key] = doc.origin[key][0]

    where: tuple[str, int | None] | None = None  # set while checking an element an overlay changed

    def add(self, key: str, node: Any, message: str, code: str, severity: str = "error", child: Any = None) -> None:
        line = line_of(node, child) if child is not None else line_of(node)
        file = self.origin.get(key, f"rules/{self.rules.id}")
        if self.where:
            file, line = self.where
        self.problems.append(Problem(file, line, message, severity, code))

    def run(self) -> list[Problem]:
        self.weights()
        self.ids()
        self.items()
        self.predicates()
        self.where = None
        self.summary()
        self.prerequisites()
        return sorted(set(self.problems), key=lambda p: (p.file, p.line or 0, p.message))

    def weights(self) -> None:
        raw, r = self.rules.raw, self.rules
        comp_sum: dict[str, float] = {}
        area_halves: dict[str, list[float]] = {}
        for a_raw, aspect in zip(raw["lke"], r.aspects, strict=True):
            parts_sum = 0.0
            for ar_raw, part in zip(a_raw["areas"], aspect.parts, strict=True):
                subs_sum = sum(s.weight for s in part.subindicators)
                if not _close(subs_sum, part.weight):
                    self.add("lke", ar_raw, f"{aspect.id}.{part.area}: jumlah bobot sub-indikator {subs_sum:g} ≠ bobot area {part.weight:g}", "rules.weights")
                parts_sum += part.weight
                if r.areas and aspect.component == next(iter(r.components)):  # areas divide the first component
                    area_halves.setdefault(part.area, []).append(part.weight)
                    if part.area not in r.areas:
                        self.add("lke", ar_raw, f"area '{part.area}' tidak terdaftar di 'areas'", "rules.unknown_area")
            if not _close(parts_sum, aspect.weight):
                self.add("lke", a_raw, f"aspek {aspect.id}: jumlah bobot area {parts_sum:g} ≠ bobot aspek {aspect.weight:g}", "rules.weights")
            comp_sum[aspect.component] = comp_sum.get(aspect.component, 0.0) + aspect.weight
            if aspect.component not in r.components:
                self.add("lke", a_raw, f"aspek {aspect.id}: komponen '{aspect.component}' tidak terdaftar di 'components'", "rules.unknown_component")
        for area_id, (_name, weight) in r.areas.items():
            halves = area_halves.get(area_id, [])
            if not _close(sum(halves), weight):
                parts = " + ".join(f"{h:g}" for h in halves) or "0"
                self.add("areas", raw["areas"], f"area {area_id}: jumlah bobot bagiannya ({parts}) ≠ bobot area {weight:g}", "rules.weights", child=area_id)
            elif len(halves) == 2 and not _close(halves[0], halves[1]):
                msg = f"area {area_id}: bobot pemenuhan {halves[0]:g} dan reform {halves[1]:g} tidak sama besar (Tabel 3: masing-masing 50 %)"
                self.add("areas", raw["areas"], msg, "rules.weights", "warning", child=area_id)
        for comp, (_name, weight) in r.components.items():
            if not _close(comp_sum.get(comp, 0.0), weight):
                msg = f"komponen {comp}: jumlah bobot aspek {comp_sum.get(comp, 0.0):g} ≠ {weight:g}"
                self.add("components", raw["components"], msg, "rules.weights", child=comp)
        total = sum(w for _, w in r.components.values())
        if not _close(total, r.total_weight):
            self.add("total_weight", raw, f"jumlah bobot komponen {total:g} ≠ total_weight {r.total_weight:g}", "rules.weights", child="total_weight")

    def ids(self) -> None:
        raw = self.rules.raw
        seen_items: Counter[str] = Counter()
        seen_subs: Counter[str] = Counter()
        soal: dict[int, str] = {}
        for a_raw, aspect in zip(raw["lke"], self.rules.aspects, strict=True):
            for ar_raw, part in zip(a_raw["areas"], aspect.parts, strict=True):
                for s_raw, sub in zip(ar_raw["subindicators"], part.subindicators, strict=True):
                    seen_subs[sub.id] += 1
                    a, ar, n = sub.id.split(".")
                    if (a, ar) != (aspect.id, part.area):
                        self.add("lke", s_raw, f"id {sub.id} tidak cocok dengan letaknya ({aspect.id}.{part.area})", "rules.id")
                    if sub.number and (int(n) > len(ROMAN) or ROMAN[int(n) - 1] != sub.number):
                        self.add("lke", s_raw, f"{sub.id}: nomor romawi '{sub.number}' tidak cocok dengan urutan {n}", "rules.id")
                    for i_raw, item in zip(s_raw["items"], sub.items, strict=True):
                        seen_items[item.id] += 1
                        m = ITEM_ID.match(item.id)
                        if not m or not item.id.startswith(sub.id + "."):
                            self.add("lke", i_raw, f"id butir {item.id} harus berbentuk {sub.id}.<huruf>", "rules.id")
                        sids = [item.soal_id] + [i.soal_id for i in item.inputs]
                        for sid in sids:
                            if sid is None:
                                continue
                            if sid in soal:
                                self.add("lke", i_raw, f"soal_id {sid} dipakai oleh {soal[sid]} dan {item.id}", "rules.soal_id")
                            soal[sid] = item.id
        for ident, count in list(seen_items.items()) + list(seen_subs.items()):
            if count > 1:
                self.add("lke", raw["lke"], f"id {ident} dipakai {count} kali; id harus unik", "rules.duplicate_id")
        self.portal_rows(soal)

    def portal_rows(self, soal: dict[int, str]) -> None:
        """Every soal of the LKE has exactly one row of PortalRB's workbook, and no row names an unknown soal."""
        book = self.rules.portalrb_workbook
        if book is None:
            return
        node = self.rules.raw["portalrb_workbook"]
        for sid in sorted(set(soal) - set(book.rows)):
            self.add("portalrb_workbook", node, f"soal_id {sid} ({soal[sid]}) tidak punya baris di lembar '{book.sheet}'", "rules.soal_id")
        for sid in sorted(set(book.rows) - set(soal)):
            self.add("portalrb_workbook", node, f"baris soal_id {sid} tidak merujuk soal mana pun di LKE", "rules.soal_id")
        taken: dict[int, int] = {}
        for sid, row in book.rows.items():
            if row in taken:
                self.add("portalrb_workbook", node, f"soal_id {taken[row]} dan {sid} berada di baris {row} yang sama", "rules.soal_id")
            taken[row] = sid

    def items(self) -> None:
        raw, scales = self.rules.raw, self.rules.scales
        for a_raw, aspect in zip(raw["lke"], self.rules.aspects, strict=True):
            for ar_raw, part in zip(a_raw["areas"], aspect.parts, strict=True):
                for s_raw, sub in zip(ar_raw["subindicators"], part.subindicators, strict=True):
                    for i_raw, item in zip(s_raw["items"], sub.items, strict=True):
                        self.item(i_raw, item, scales)

    def item(self, node: Any, item: Item, scales: dict[str, Any]) -> None:
        if item.type in CHOICE_TYPES:
            scale = scales.get(item.type)
            if scale is None:
                self.add("lke", node, f"{item.id}: skala '{item.type}' tidak didefinisikan di 'scales'", "rules.scale")
                return
            codes = [o.code for o in item.options]
            if sorted(codes) != sorted(scale) or len(codes) != len(set(codes)):
                self.add("lke", node, f"{item.id}: pilihan {'/'.join(codes)} tidak sesuai skala {item.type} ({'/'.join(scale)})", "rules.options")
            for o_raw, option in zip(node.get("options", []), item.options, strict=True):
                if option.code in scale and not _close(option.value, scale[option.code]):
                    msg = f"{item.id} pilihan {option.code}: nilai {option.value:g} berbeda dari skala {item.type} ({scale[option.code]:g})"
                    self.add("lke", o_raw, msg, "rules.option_value", "warning")
                if item.type != "yesno" and not option.text:
                    severity = "warning" if option.note else "error"
                    why = f" ({option.note})" if option.note else "; tambahkan teks kriteria dari LKE"
                    self.add("lke", o_raw, f"{item.id} pilihan {option.code}: teks kriteria kosong{why}", "rules.option_text", severity)
            if item.type == "yesno" and not item.explanation:
                self.add("lke", node, f"{item.id}: penjelasan kriteria 'Ya' belum diisi", "rules.option_text", "warning")
        elif item.type in RANGE_TYPES:
            if not item.range or item.range[0] >= item.range[1]:
                self.add("lke", node, f"{item.id}: rentang nilai tidak sah", "rules.range")
        elif item.type == "computed":
            names = {i.name for i in item.inputs}
            f = item.formula
            used = set()
            if f is None:
                self.add("lke", node, f"{item.id}: butir terhitung tanpa formula", "rules.formula")
                return
            if f.kind == "ratio":
                used = set(f.numerator) | set(f.denominator)
                if not f.numerator or not f.denominator:
                    self.add("lke", node, f"{item.id}: rasio perlu numerator dan denominator", "rules.formula")
            else:
                used = {name for name in (f.previous, f.current) if name}
                if not f.previous or not f.current:
                    self.add("lke", node, f"{item.id}: penurunan perlu previous dan current", "rules.formula")
            for c in item.constraints:
                used |= set(c.sum) | set(c.at_most)
            for name in sorted(n for n in used if n and n not in names):
                self.add("lke", node, f"{item.id}: formula merujuk masukan '{name}' yang tidak ada di inputs", "rules.formula")
            for i in item.inputs:
                in_formula = i.name in ((set(f.numerator) | set(f.denominator)) if f.kind == "ratio" else {f.previous, f.current})
                if i.scored and not in_formula:
                    msg = f"{item.id}: masukan '{i.name}' dinilai tetapi tidak dipakai formula; tandai scored: false"
                    self.add("lke", node, msg, "rules.formula", "warning")

    def predicates(self) -> None:
        raw = self.rules.raw
        known = available_quantities(self.rules)
        for pid, predicate in self.rules.predicates.items():
            p_raw = raw["predicates"].get(pid, {})
            c_raws = p_raw.get("criteria", {})
            for crit in predicate.criteria:
                node = c_raws.get(crit.id, p_raw)
                self.where = self.rules.provenance.get(("predicates", pid, crit.id))
                if crit.quantity not in known:
                    self.add(
                        "predicates", node,
                        f"kriteria {pid}.{crit.id} ('{crit.label}') merujuk besaran '{crit.quantity}' yang tidak ada di LKE "
                        f"{self.rules.id}; kriteria ini tidak dapat dinilai — hapus atau petakan ke besaran yang ada "
                        f"(mis. {', '.join(sorted(k for k in known if '.' not in k))})",
                        "rules.unknown_quantity",
                    )
                if crit.op not in (">=", "<=", "=="):
                    self.add("predicates", node, f"kriteria {pid}.{crit.id}: operator '{crit.op}' tidak dikenal", "rules.criterion")
                if crit.display == "bool" and not isinstance(crit.value, bool):
                    self.add("predicates", node, f"kriteria {pid}.{crit.id}: nilai harus true/false", "rules.criterion")
                if crit.display != "bool" and (isinstance(crit.value, bool) or not isinstance(crit.value, (int, float))):
                    self.add("predicates", node, f"kriteria {pid}.{crit.id}: nilai ambang harus angka", "rules.criterion")

    def summary(self) -> None:
        """Each named total points at a node that exists, and no two share a key."""
        r = self.rules
        nodes = {"total": {""}, "component": set(r.components), "aspect": {a.id for a in r.aspects},
                 "part": {f"{p.aspect}.{p.area}" for a in r.aspects for p in a.parts}, "sub": set(r.subindicators)}
        seen: set[str] = set()
        for entry, q in zip(r.raw.get("summary", ()), r.summary, strict=True):
            if q.ref not in nodes.get(q.kind, ()):
                self.add("summary", entry, f"besaran ringkasan '{q.key}' merujuk {q.kind} '{q.ref}' yang tidak ada di LKE", "rules.summary")
            if q.key in seen or q.key in r.predicates:
                self.add("summary", entry, f"besaran ringkasan '{q.key}' ganda", "rules.summary")
            seen.add(q.key)
        span = r.in_force
        if span and span.get("until_year") is not None and span["until_year"] < span["from_year"]:
            self.add("in_force", r.raw, "in_force: until_year sebelum from_year", "rules.in_force", child="in_force")

    def prerequisites(self) -> None:
        seen = set()
        for entry in self.rules.prerequisites:
            if entry["id"] in seen:
                self.add("prerequisites", entry, f"prasyarat '{entry['id']}' ganda", "rules.duplicate_id")
            seen.add(entry["id"])
            if entry["kind"] == "grade":
                scale = entry.get("scale") or []
                for pred, minimum in (entry.get("min") or {}).items():
                    values = minimum.values() if isinstance(minimum, dict) else [minimum]
                    for v in values:
                        if v not in scale:
                            self.add("prerequisites", entry, f"prasyarat {entry['id']} ({pred}): '{v}' tidak ada di skala {scale}", "rules.prerequisite")
            for pred in entry.get("min") or {}:
                if pred not in self.rules.predicates:
                    self.add("prerequisites", entry, f"prasyarat {entry['id']}: predikat '{pred}' tidak dikenal", "rules.prerequisite")


def lint(loader: RuleSetLoader, ruleset_id: str) -> tuple[RuleSet | None, list[Problem]]:
    """Load ``ruleset_id`` and return it with every finding (errors and warnings)."""
    try:
        rules = loader.load(ruleset_id)
    except DataError as exc:
        return None, exc.problems
    return rules, _Linter(loader, rules).run()
