"""Typed, read-only view of a rule set, built by the loader from the YAML data.

Nothing here knows a weight or a threshold: every number comes from ``rules/<id>/*.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

CHOICE_TYPES = ("yesno", "abc", "abcd", "abcde")
RANGE_TYPES = ("survey", "value")  # a number the assessor enters within the item's range

# The id grammar every rule set shares (DESIGN §4): ASPECT.AREA.N.q — aspect and area codes come from the rule set.
ITEM_ID = re.compile(r"^([A-Z]{1,3})\.([A-Z]{2,3})\.([1-9][0-9]*)\.([a-z])$")
ITEM_ID_TEXT = r"[A-Z]{1,3}\.[A-Z]{2,3}\.[1-9][0-9]*\.[a-z]"


@dataclass(frozen=True)
class Option:
    code: str
    value: float
    text: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class CountInput:
    name: str
    label: str
    soal_id: int | None = None
    scored: bool = True


@dataclass(frozen=True)
class Formula:
    """How a computed item turns its counts into a value in [0, 1]."""

    kind: str  # "ratio" | "decrease"
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    numerator_may_exceed_denominator: bool = False
    previous: str | None = None
    current: str | None = None
    value_when_denominator_is_0: float = 0.0
    value_when_previous_is_0_and_current_is_positive: float = 0.0


@dataclass(frozen=True)
class Constraint:
    """``sum(sum) <= sum(at_most)`` must hold between the counts of one computed item."""

    sum: tuple[str, ...]
    at_most: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    id: str
    aspect: str
    area: str
    subindicator: str
    type: str  # yesno | abc | abcd | abcde | survey | computed
    text: str
    soal_id: int | None = None
    explanation: str | None = None
    options: tuple[Option, ...] = ()
    range: tuple[float, float] | None = None
    inputs: tuple[CountInput, ...] = ()
    formula: Formula | None = None
    constraints: tuple[Constraint, ...] = ()
    survey: str | None = None  # the survey record kind (survei.yaml) a survey answer must match, e.g. IPAK
    weight: float = 1.0  # relative weight within its sub-indicator (equal by default: the mean)
    unit: str | None = None  # what a "value" item's number means ("%", "poin")
    source: str | None = None
    evidence_examples: tuple[str, ...] = ()  # "contoh data dukung" a guideline lists for this item

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    @cached_property
    def options_by_code(self) -> dict[str, Option]:
        return {opt.code: opt for opt in self.options}

    @cached_property
    def codes_by_casefold(self) -> dict[str, str]:
        """"ya" → "Ya", "a" → "A": answers are matched without regard to case (looked up once per answer)."""
        return {opt.code.casefold(): opt.code for opt in self.options}

    def option(self, code: str) -> Option | None:
        return self.options_by_code.get(code)

    @property
    def range_hint(self) -> str:
        """ "nilai survei 0–4" / "nilai 0–100 %": what a survey or value item's answer must be."""
        low, high = self.range or (0.0, 0.0)
        what = "nilai survei" if self.type == "survey" else "nilai"
        return f"{what} {low:g}–{high:g}" + (f" {self.unit}" if self.unit else "")


@dataclass(frozen=True)
class PortalWorkbook:
    """Where PortalRB's answer workbook keeps each soal: one sheet, fixed columns (letters), a row per soal_id."""

    sheet: str
    columns: dict[str, str]  # self | self_note | evidence | tpi | tpi_note -> column letter
    rows: dict[int, int]  # soal_id -> row
    source: str | None = None


@dataclass(frozen=True)
class Subindicator:
    id: str
    aspect: str
    area: str
    number: str
    name: str
    weight: float
    items: tuple[Item, ...]
    quantity: str | None = None


@dataclass(frozen=True)
class AreaPart:
    """One area within one aspect (e.g. the pemenuhan half of Manajemen Perubahan)."""

    aspect: str
    area: str
    name: str
    weight: float
    subindicators: tuple[Subindicator, ...]


@dataclass(frozen=True)
class Aspect:
    id: str  # P | R | H
    name: str
    component: str  # pengungkit | hasil
    weight: float
    parts: tuple[AreaPart, ...]


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    quantity: str
    op: str
    value: Any
    display: str = "points"  # points | percent | bool
    source: str | None = None
    stated: bool = True  # False: no source states this threshold for this regime (inherited); it never gives "memenuhi"


@dataclass(frozen=True)
class Predicate:
    id: str
    name: str
    criteria: tuple[Criterion, ...]
    source: str | None = None


@dataclass(frozen=True)
class SummaryQuantity:
    """A named total a score reports (``pemenuhan``, ``ipak`` …): the sum of one node of the LKE tree."""

    key: str
    label: str
    kind: str  # total | component | aspect | part | sub
    ref: str  # component id, aspect id, "ASPECT.AREA" or sub-indicator id ("" for total)
    area_column: bool = False
    show: bool = True
    labels: tuple[tuple[str, str], ...] = ()  # (language, label) for languages other than Indonesian

    @property
    def display(self) -> str:
        """The label in the current language (i18n.py) when the rule set gives one, else the Indonesian label."""
        from ..i18n import current_language  # the model stays free of i18n at import time
        return dict(self.labels).get(current_language(), self.label)


@dataclass(frozen=True)
class RuleSet:
    id: str
    title: str
    aspects: tuple[Aspect, ...]
    areas: dict[str, tuple[str, float]]  # pengungkit area id -> (name, total weight)
    components: dict[str, tuple[str, float]]
    total_weight: float
    scales: dict[str, dict[str, float]]
    predicates: dict[str, Predicate]
    prerequisites: tuple[dict[str, Any], ...]
    policy: dict[str, Any]
    raw: dict[str, Any] = field(repr=False)
    chain: tuple[str, ...] = ()  # this rule set and the ones it extends, nearest first
    findings: tuple[Any, ...] = ()  # problems found while composing (reported by lint)
    provenance: dict[tuple[Any, ...], tuple[str, int | None]] = field(default_factory=dict, repr=False)
    scope: str = "national"  # national | local (a local overlay: the TPN still applies its national base)
    summary: tuple[SummaryQuantity, ...] = ()
    in_force: dict[str, Any] | None = None  # {"from_year", "until_year"?, "source"}
    notes: tuple[str, ...] = ()
    portalrb_workbook: PortalWorkbook | None = None
    items: dict[str, Item] = field(default_factory=dict, repr=False)
    subindicators: dict[str, Subindicator] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for aspect in self.aspects:
            for part in aspect.parts:
                for sub in part.subindicators:
                    self.subindicators[sub.id] = sub
                    for item in sub.items:
                        self.items[item.id] = item

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def predicate_ids(self) -> tuple[str, ...]:
        """The predicates in their order of rank (WBK, then WBBM for the national rules)."""
        return tuple(self.predicates)

    def governs(self, year: int) -> bool:
        """True when this regime was in force for evaluation ``year`` (no ``in_force``: always)."""
        if not self.in_force:
            return True
        return self.in_force["from_year"] <= year and (self.in_force.get("until_year") is None or year <= self.in_force["until_year"])
