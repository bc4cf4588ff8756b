"""Submission prerequisites (Tabel 5) checked against an instansi's yearly facts. Pure: data in, verdicts out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..ruleset.model import RuleSet


def _minimum(entry: dict, predicate: str, instansi_kind: str) -> Any:
    minimum = (entry.get("min") or {}).get(predicate)
    if isinstance(minimum, dict):
        return minimum.get(instansi_kind)
    return minimum


def check_prerequisites(rules: RuleSet, facts: Mapping[str, Any], instansi_kind: str = "pemda") -> dict[str, dict]:
    """For each predicate: ``{"met": bool, "failed": [...], "unknown": [...], "checks": [...]}``.

    ``facts`` merges the instansi-level and the unit-level values of one year (ids as in the rule data);
    a fact that is absent is *unknown*, which is not the same as failed.
    """
    out: dict[str, dict] = {}
    for predicate in rules.predicates:
        checks = []
        for entry in rules.prerequisites:
            value = facts.get(entry["id"])
            required = _minimum(entry, predicate, instansi_kind)
            if value is None:
                passed = None
            elif entry["kind"] == "bool":
                passed = value is True
            elif entry["kind"] == "grade":
                scale = entry["scale"]
                passed = value in scale and required in scale and scale.index(value) >= scale.index(required)
            else:
                passed = isinstance(value, (int, float)) and required is not None and value >= required - 1e-9
            checks.append({"id": entry["id"], "label": entry["label"], "level": entry["level"], "required": required,
                           "actual": value, "passed": passed, "source": entry.get("source")})
        out[predicate] = {
            "met": all(c["passed"] is True for c in checks),
            "failed": [c["id"] for c in checks if c["passed"] is False],
            "unknown": [c["id"] for c in checks if c["passed"] is None],
            "checks": checks,
        }
    return out
