"""Submission prerequisites (Tabel 5) checked against an instansi's yearly facts. Pure: data in, verdicts out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..ruleset.model import RuleSet


def _bound(entry: dict[str, Any], key: str, predicate: str, instansi_kind: str) -> Any:
    bound = (entry.get(key) or {}).get(predicate)
    if isinstance(bound, dict):
        return bound.get(instansi_kind)
    return bound


def _applies(entry: dict[str, Any], predicate: str) -> bool:
    """A prerequisite with ``min``/``max`` applies to the predicates it names (e.g. years of building toward WBBM)."""
    named = set(entry.get("min") or {}) | set(entry.get("max") or {})
    return not named or predicate in named


def check_prerequisites(rules: RuleSet, facts: Mapping[str, Any], instansi_kind: str = "pemda") -> dict[str, dict[str, Any]]:
    """For each predicate: ``{"met": bool, "failed": [...], "unknown": [...], "checks": [...]}``.

    ``facts`` merges the instansi-level and the unit-level values of one year (ids as in the rule data);
    a fact that is absent is *unknown*, which is not the same as failed.
    """
    out: dict[str, dict[str, Any]] = {}
    for predicate in rules.predicates:
        checks = []
        for entry in rules.prerequisites:
            if not _applies(entry, predicate):
                continue
            value = facts.get(entry["id"])
            required = _bound(entry, "min", predicate, instansi_kind)
            maximum = _bound(entry, "max", predicate, instansi_kind)
            if value is None:
                passed = None
            elif entry["kind"] == "bool":
                passed = value is True
            elif entry["kind"] == "grade":
                scale = entry["scale"]
                passed = value in scale and required in scale and scale.index(value) >= scale.index(required)
            else:
                passed = (isinstance(value, (int, float)) and (required is None or value >= required - 1e-9)
                          and (maximum is None or value <= maximum + 1e-9) and (required is not None or maximum is not None))
            checks.append({"id": entry["id"], "label": entry["label"], "level": entry["level"],
                           "required": required if maximum is None else f"≤ {maximum:g}", "actual": value, "passed": passed,
                           "source": entry.get("source"), "unit": entry.get("unit")})
        out[predicate] = {
            "met": all(c["passed"] is True for c in checks),
            "failed": [c["id"] for c in checks if c["passed"] is False],
            "unknown": [c["id"] for c in checks if c["passed"] is None],
            "checks": checks,
        }
    return out
