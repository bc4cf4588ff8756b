"""An independent re-implementation of DESIGN §4 built from the item table, not from rules/.

Used to cross-check the engine on random answer sets: two implementations written from the
contract must agree to floating-point precision.
"""

from __future__ import annotations

from collections import defaultdict

from test_rule_data import table_rows

VALUES = {
    "yesno": {"Ya": 1, "Tidak": 0},
    "abc": {"A": 1, "B": 0.5, "C": 0},
    "abcd": {"A": 1, "B": 0.67, "C": 0.33, "D": 0},
    "abcde": {"A": 1, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0},
}
AREA_WEIGHTS = {"MP": 8, "TL": 7, "SDM": 10, "AK": 10, "PW": 15, "PP": 10}


def _computed(formula: str, zero: float, counts: dict) -> float:
    kind, expr = formula.split(":")
    if kind == "decrease":
        last, now = (counts[n] for n in expr.split(","))
        if last == 0:
            return 1.0 if now == 0 else 0.0
        return max(0.0, min(1.0, (last - now) / last))
    num, den = expr.split("/")
    d = sum(counts[n] for n in den.strip("()").split("+"))
    if d == 0:
        return zero
    return max(0.0, min(1.0, counts[num] / d))


def reference_score(answers: dict) -> dict:
    subs: dict[str, list[float]] = defaultdict(list)
    weights: dict[str, float] = {}
    for item_id, typ, sub, weight, _soal, formula, zero, _text in table_rows():
        weights[sub] = float(weight)
        a = answers.get(item_id)
        if a is None:
            v = 0.0
        elif typ == "survey":
            v = a / 4
        elif typ == "computed":
            v = _computed(formula, float(zero), a)
        else:
            v = VALUES[typ][a]
        subs[sub].append(v)
    sub_values = {s: sum(vs) / len(vs) * weights[s] for s, vs in subs.items()}
    area = defaultdict(float)
    for s, v in sub_values.items():
        aspect, ar, _ = s.split(".")
        if aspect != "H":
            area[ar] += v
    pengungkit = sum(v for s, v in sub_values.items() if not s.startswith("H"))
    hasil = sum(v for s, v in sub_values.items() if s.startswith("H"))
    ipak, kinerja, ipkp = sub_values["H.BA.1"], sub_values["H.BA.2"], sub_values["H.PP.1"]
    complete = sum(1 for v in answers.values() if v is not None) / 113
    percents = {a: area[a] / w for a, w in AREA_WEIGHTS.items()}
    tol = 1e-9
    wbk = (pengungkit + hasil >= 75 - tol and pengungkit >= 40 - tol and min(percents.values()) >= 0.6 - tol
           and ipak + kinerja >= 18.25 - tol and ipak >= 15.75 - tol and kinerja >= 2.5 - tol and ipkp >= 14 - tol and complete >= 1 - tol)
    return {
        "total": pengungkit + hasil, "pengungkit": pengungkit, "hasil": hasil, "ipak": ipak, "kinerja": kinerja, "ipkp": ipkp,
        "area_percent": percents, "subindicators": sub_values, "completeness": complete, "WBK": wbk,
    }
