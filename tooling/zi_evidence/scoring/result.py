"""The score of one LKE as typed, frozen values; ``to_json()`` is the JSON contract of DESIGN §7, key for key.

The engine builds a :class:`ScoreResult`; the pipeline, the CLI and the site read its JSON form. The names of the summary
quantities (``pemenuhan``, ``ipak`` …) and of the components are the rule set's, not fields of these classes, so a new
regulation adds no attribute here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple


class ItemScore(NamedTuple):
    """One item's score. A named tuple, not a frozen dataclass: a result holds one per item (~100), and a frozen
    dataclass sets each field through ``object.__setattr__`` — 4 % of a cold `zi check --score`."""

    answer: Any
    value: float
    answered: bool

    def to_json(self) -> dict[str, Any]:
        return {"answer": self.answer, "value": self.value, "answered": self.answered}


@dataclass(frozen=True)
class AreaScore:
    name: str
    value: float
    weight: float
    percent: float
    shares: tuple[tuple[str, float], ...] = ()  # per-aspect parts shown in the area row (pemenuhan, reform)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "weight": self.weight, "percent": self.percent, **dict(self.shares)}


@dataclass(frozen=True)
class CriterionCheck:
    id: str
    label: str
    quantity: str
    op: str
    required: Any
    actual: Any
    display: str
    source: str | None
    passed: bool | None  # None: the LKE does not measure this quantity, or no source states the threshold
    stated: bool = True  # False: the threshold is inherited, not stated for this regime

    def to_json(self) -> dict[str, Any]:
        out = {"id": self.id, "label": self.label, "quantity": self.quantity, "op": self.op, "required": self.required,
               "actual": self.actual, "display": self.display, "source": self.source, "passed": self.passed}
        if not self.stated:
            out["stated"] = False
        return out


@dataclass(frozen=True)
class Verdict:
    name: str
    status: str  # memenuhi | belum memenuhi | belum dapat dinilai
    failed: tuple[str, ...]
    unassessable: tuple[str, ...]
    checks: tuple[CriterionCheck, ...]

    @property
    def eligible(self) -> bool:
        return self.status == "memenuhi"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "eligible": self.eligible, "status": self.status, "failed": list(self.failed),
                "unassessable": list(self.unassessable), "checks": [c.to_json() for c in self.checks]}


@dataclass(frozen=True)
class NationalVerdict:
    rules: str
    title: str
    eligibility: tuple[tuple[str, Verdict], ...]

    def to_json(self) -> dict[str, Any]:
        return {"rules": self.rules, "title": self.title, "eligibility": {p: v.to_json() for p, v in self.eligibility}}


@dataclass(frozen=True)
class ScoreResult:
    rules: str
    total: float
    quantities: tuple[tuple[str, float], ...]  # components not in the summary, then the summary, in the rule set's order
    completeness: float
    answered: int
    item_count: int
    areas: tuple[tuple[str, AreaScore], ...]
    weights: tuple[tuple[str, float], ...]
    subindicators: tuple[tuple[str, float], ...]
    items: tuple[tuple[str, ItemScore], ...]
    eligibility: tuple[tuple[str, Verdict], ...]
    national: NationalVerdict | None
    warnings: tuple[Mapping[str, Any], ...]

    def quantity(self, key: str) -> float:
        return dict(self.quantities)[key]

    def to_json(self) -> dict[str, Any]:
        return {
            "rules": self.rules,
            "total": self.total,
            **dict(self.quantities),
            "completeness": self.completeness,
            "answered": self.answered,
            "item_count": self.item_count,
            "areas": {k: a.to_json() for k, a in self.areas},
            "weights": dict(self.weights),
            "subindicators": dict(self.subindicators),
            "items": {k: i.to_json() for k, i in self.items},
            "eligibility": {p: v.to_json() for p, v in self.eligibility},
            **({"national": self.national.to_json()} if self.national else {}),
            "warnings": [dict(w) for w in self.warnings],
        }


def verdict_of(checks: list[dict[str, Any]], name: str, status: str) -> Verdict:
    return Verdict(name, status, tuple(c["id"] for c in checks if c["passed"] is False),
                   tuple(c["id"] for c in checks if c["passed"] is None), tuple(CriterionCheck(**c) for c in checks))
