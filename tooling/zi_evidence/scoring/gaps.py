"""What closes the gap of a failed predicate criterion — advice in Indonesian, computed from the rules.

Pure: takes a rule set, one score result and one failed check; used by the site and the PR report.
"""

from __future__ import annotations

from typing import Any

from ..numfmt import angka, persen
from ..ruleset.model import RuleSet, Subindicator
from .engine import holds_quantity


def _quantity_sub(rules: RuleSet, quantity: str) -> Subindicator | None:
    return next((s for s in rules.subindicators.values() if s.quantity == quantity), None)


def _single_item_need(rules: RuleSet, quantity: str, required: float) -> str | None:
    """For a hasil quantity measured by one item: the survey score or option that reaches ``required``."""
    sub = _quantity_sub(rules, quantity)
    if sub is None or len(sub.items) != 1 or sub.weight <= 0:
        return None
    item = sub.items[0]
    fraction = required / sub.weight
    if item.range is not None:
        low, high = item.range
        what = "skor survei" if item.type == "survey" else "nilai"
        return f"{what} {item.id} minimal {angka(low + fraction * (high - low))} (skala {angka(low)}–{angka(high)})"
    if item.is_choice:
        good = [o for o in item.options if o.value + 1e-9 >= fraction]
        if good:
            worst_ok = min(good, key=lambda o: o.value)
            return f"jawaban {item.id} minimal pilihan {worst_ok.code}"
    return None


def gap_advice(rules: RuleSet, result: dict[str, Any], check: dict[str, Any]) -> str:
    """One sentence telling what would make ``check`` pass (empty when it passes)."""
    if check.get("passed") is not False:
        return ""
    quantity, required, actual = check["quantity"], check["required"], check["actual"]
    held = next((p for p in rules.predicates.values() if holds_quantity(p.id) == quantity), None)
    if held is not None:
        later = next((p for p in rules.predicates.values() if any(c.quantity == quantity for c in p.criteria)), None)
        goal = f"{later.name[:1].lower()}{later.name[1:]}" if later else "ke predikat berikutnya"
        return f"Unit harus sudah memperoleh predikat {held.name} sebelum diusulkan {goal}."
    if quantity == "completeness":
        missing = result["item_count"] - result["answered"]
        return f"Lengkapi {missing} butir LKE yang belum dijawab (butir kosong dihitung 0)."
    if quantity == "area_percent_min":
        low = []
        for key, area in result["areas"].items():
            if area["percent"] + 1e-9 < required:
                need = required * area["weight"] - area["value"]
                low.append(f"{area['name']} ({key}) {persen(area['percent'])}, kurang {angka(need)} poin")
        return "Naikkan area di bawah " + persen(required) + ": " + "; ".join(low) + "."
    if isinstance(required, int | float) and isinstance(actual, int | float):
        text = f"Kurang {angka(required - actual)} poin."
        need = _single_item_need(rules, quantity, required)
        if need:
            text += f" Perlu {need}."
        elif quantity in ("pengungkit", "total"):
            weakest = min(result["areas"].items(), key=lambda kv: kv[1]["percent"])
            text += f" Area pengungkit terlemah: {weakest[1]['name']} ({persen(weakest[1]['percent'])})."
        return text
    return ""
