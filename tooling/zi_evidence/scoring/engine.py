"""Scoring an LKE: pure functions over a :class:`RuleSet` and normalised answers.

Conventions (DESIGN §4), all driven by the rule data:
- an item's value is its option's value, a survey score divided by the top of its range, or the
  ratio of its counts capped to [0, 1] (zero denominators take the rule's stated value, with a warning);
- unanswered items count 0 and lower ``completeness``;
- sub-indicator = mean of its items × its weight; area = pemenuhan part + reform part;
  area percent = area value / area weight, as a fraction (0.6 = 60 %);
- predicate criteria compare quantities at full precision with a 1e-9 tolerance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..ruleset.model import Criterion, Item, RuleSet
from .result import AreaScore, ItemScore, NationalVerdict, ScoreResult, Verdict, verdict_of

TOLERANCE = 1e-9

# Aggregates every rule set has; components, summary quantities, sub-indicator aliases and per-area figures come
# from the rule set itself.
BASE_QUANTITIES = ("total", "completeness", "area_percent_min")


def holds_quantity(predicate_id: str) -> str:
    """The quantity saying a unit already holds a predicate (``holds_wbk``) — used by the higher predicates."""
    return f"holds_{predicate_id.lower()}"


def available_quantities(rules: RuleSet) -> set[str]:
    """Every name a predicate criterion may use with ``rules``."""
    names = set(BASE_QUANTITIES)
    names.update(rules.components)
    names.update(q.key for q in rules.summary)
    names.update(holds_quantity(p) for p in rules.predicates)
    names.update(s.quantity for s in rules.subindicators.values() if s.quantity)
    for area in rules.areas:
        names.update({f"area.{area}.value", f"area.{area}.percent"})
    names.update(f"sub.{s}" for s in rules.subindicators)
    return names


def _warning(code: str, item: Item, message: str) -> dict[str, Any]:
    return {"code": code, "item": item.id, "message": message}


def item_value(item: Item, answer: Any) -> tuple[float, dict[str, Any] | None]:
    """Value in [0, 1] of one answered item, and a warning when a rule-stated default was used."""
    if item.is_choice:
        option = item.option(answer)
        if option is None:
            raise ValueError(f"{item.id}: option {answer!r} not allowed (validate answers first)")
        return option.value, None
    if item.range is not None:  # survey and value items: the entered number on the item's own range
        low, high = item.range
        return min(max((float(answer) - low) / (high - low), 0.0), 1.0), None
    f = item.formula
    assert f is not None, item.id
    counts: Mapping[str, int] = answer
    if f.kind == "decrease":
        prev, cur = counts.get(f.previous or "", 0), counts.get(f.current or "", 0)
        if prev == 0:
            if cur == 0:
                return f.value_when_denominator_is_0, _warning(
                    "zero_denominator", item,
                    f"{item.id}: tidak ada pelanggaran tahun lalu maupun tahun ini; dinilai {f.value_when_denominator_is_0:g} sesuai aturan",
                )
            return f.value_when_previous_is_0_and_current_is_positive, _warning(
                "zero_denominator", item,
                f"{item.id}: tahun lalu 0 pelanggaran, tahun ini {cur}; dinilai "
                f"{f.value_when_previous_is_0_and_current_is_positive:g} sesuai aturan",
            )
        return min(max((prev - cur) / prev, 0.0), 1.0), None
    num = sum(counts.get(n, 0) for n in f.numerator)
    den = sum(counts.get(n, 0) for n in f.denominator)
    if den == 0:
        return f.value_when_denominator_is_0, _warning(
            "zero_denominator", item,
            f"{item.id}: penyebut ({' + '.join(f.denominator)}) bernilai 0; dinilai {f.value_when_denominator_is_0:g} sesuai aturan",
        )
    return min(max(num / den, 0.0), 1.0), None


def _compare(actual: Any, op: str, required: Any) -> bool:
    if op == "==":
        return bool(actual == required)
    if op == ">=":
        return bool(actual >= required - TOLERANCE)
    if op == "<=":
        return bool(actual <= required + TOLERANCE)
    raise ValueError(f"unknown operator {op!r}")


def evaluate_criterion(criterion: Criterion, quantities: Mapping[str, Any]) -> dict[str, Any]:
    """One line of an eligibility checklist: what was required, what was found, and whether it holds."""
    actual = quantities.get(criterion.quantity)
    row = {
        "id": criterion.id,
        "label": criterion.label,
        "quantity": criterion.quantity,
        "op": criterion.op,
        "required": criterion.value,
        "actual": actual,
        "display": criterion.display,
        "source": criterion.source,
    }
    if not criterion.stated:
        row["stated"] = False
    if criterion.quantity not in quantities or not criterion.stated:
        row["passed"] = None  # the rule names something the LKE does not measure, or no source states this threshold
    else:
        row["passed"] = _compare(actual, criterion.op, criterion.value)
    return row


def score_result(rules: RuleSet, answers: Mapping[str, Any], holds: Iterable[str] = (), national: RuleSet | None = None) -> ScoreResult:
    """Full breakdown of one LKE (DESIGN §7) from validated, normalised ``answers``, as a typed value.

    ``holds`` lists the predicates the unit already holds (holding a higher predicate implies the lower ones). ``national``:
    the national rule set a local one extends; its verdict (Tabel 6) is reported beside the local one under ``national``.
    """
    warnings: list[dict[str, Any]] = []
    items_out: dict[str, dict[str, Any]] = {}
    subs_out: dict[str, float] = {}
    part_values: dict[str, float] = {}
    aspect_values: dict[str, float] = {}
    quantities: dict[str, Any] = {}
    answered = 0

    for aspect in rules.aspects:
        aspect_total = 0.0
        for part in aspect.parts:
            part_total = 0.0
            for sub in part.subindicators:
                weighted, weights = 0.0, 0.0
                for item in sub.items:
                    answer = answers.get(item.id)
                    if answer is None:
                        value = 0.0
                    else:
                        answered += 1
                        value, warning = item_value(item, answer)
                        if warning:
                            warnings.append(warning)
                    weighted += value * item.weight
                    weights += item.weight
                    items_out[item.id] = {"answer": answer, "value": value, "answered": answer is not None}
                sub_value = weighted / weights * sub.weight if weights else 0.0
                subs_out[sub.id] = sub_value
                quantities[f"sub.{sub.id}"] = sub_value
                if sub.quantity:
                    quantities[sub.quantity] = sub_value
                part_total += sub_value
            part_values[f"{aspect.id}.{part.area}"] = part_total
            aspect_total += part_total
        aspect_values[aspect.id] = aspect_total

    component_values = {c: sum(aspect_values[a.id] for a in rules.aspects if a.component == c) for c in rules.components}
    total = sum(component_values.values())
    summary = {q.key: _summary_value(q.kind, q.ref, total, component_values, aspect_values, part_values, subs_out) for q in rules.summary}

    areas_out: dict[str, dict[str, Any]] = {}
    first_component = next(iter(rules.components), None)  # areas belong to the first component (the pengungkit)
    for area_id, (name, weight) in rules.areas.items():
        value = sum(part_values.get(f"{a.id}.{area_id}", 0.0) for a in rules.aspects if a.component == first_component)
        percent = value / weight if weight else 0.0
        areas_out[area_id] = {"name": name, "value": value, "weight": weight, "percent": percent}
        for q in rules.summary:
            if q.area_column and q.kind == "aspect":
                areas_out[area_id][q.key] = part_values.get(f"{q.ref}.{area_id}", 0.0)
        quantities[f"area.{area_id}.value"] = value
        quantities[f"area.{area_id}.percent"] = percent

    held = set(holds)
    ranks = list(rules.predicates)
    top = max((ranks.index(p) for p in held if p in ranks), default=-1)
    completeness = answered / rules.item_count if rules.item_count else 0.0
    quantities.update(component_values)
    quantities.update(summary)
    quantities.update(total=total, completeness=completeness,
                      area_percent_min=min((a["percent"] for a in areas_out.values()), default=0.0))
    quantities.update({holds_quantity(p): k <= top for k, p in enumerate(ranks)})

    eligibility = typed_verdicts(rules, quantities, warnings)
    national_out = None
    if national is not None and national.id != rules.id:
        # a local rule set gates the institution's own evaluation; the TPN still applies the national Tabel 6 (DESIGN §3)
        national_out = NationalVerdict(national.id, national.title, typed_verdicts(national, quantities, []))
    shares = {q.key for q in rules.summary if q.area_column and q.kind == "aspect"}
    return ScoreResult(
        rules=rules.id,
        total=total,
        quantities=tuple((c, v) for c, v in component_values.items() if c not in summary) + tuple(summary.items()),
        completeness=completeness,
        answered=answered,
        item_count=rules.item_count,
        areas=tuple((k, AreaScore(a["name"], a["value"], a["weight"], a["percent"], tuple((s, a[s]) for s in a if s in shares)))
                    for k, a in areas_out.items()),
        weights=tuple({**{cid: weight for cid, (_, weight) in rules.components.items()}, "total": rules.total_weight}.items()),
        subindicators=tuple(subs_out.items()),
        items=tuple((k, ItemScore(v["answer"], v["value"], v["answered"])) for k, v in items_out.items()),
        eligibility=eligibility,
        national=national_out,
        warnings=tuple(warnings),
    )


def typed_verdicts(rules: RuleSet, quantities: Mapping[str, Any], warnings: list[dict[str, Any]]) -> tuple[tuple[str, Verdict], ...]:
    return tuple((pid, verdict_of(v["checks"], v["name"], v["status"])) for pid, v in evaluate_predicates(rules, quantities, warnings).items())


def score(rules: RuleSet, answers: Mapping[str, Any], holds: Iterable[str] = (), national: RuleSet | None = None) -> dict[str, Any]:
    """The JSON contract of DESIGN §7 for one LKE (see :func:`score_result` for the typed value)."""
    return score_result(rules, answers, holds, national).to_json()


def _summary_value(kind: str, ref: str, total: float, components: Mapping[str, float], aspects: Mapping[str, float],
                   parts: Mapping[str, float], subs: Mapping[str, float]) -> float:
    if kind == "total":
        return total
    table = {"component": components, "aspect": aspects, "part": parts, "sub": subs}[kind]
    return table.get(ref, 0.0)


def headline(rules: RuleSet, result: Mapping[str, Any]) -> list[tuple[str, str, float]]:
    """(key, label, value) of the totals a compact view shows: each component of the rule set that the result holds, in
    the rule set's order, then the total. A rule set without ``hasil`` simply has no hasil row."""
    rows = [(key, name, float(result[key])) for key, (name, _weight) in rules.components.items() if key in result]
    return [*rows, ("total", "Total", float(result["total"]))]


STATUS_MET, STATUS_NOT_MET, STATUS_UNASSESSABLE = "memenuhi", "belum memenuhi", "belum dapat dinilai"


def evaluate_predicates(rules: RuleSet, quantities: Mapping[str, Any], warnings: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each predicate's checks. A criterion that cannot be assessed (a quantity the LKE does not measure, such as a
    local rule's TLHP) never lets a verdict say "memenuhi": ``eligible`` is false and ``status`` says why."""
    out: dict[str, dict[str, Any]] = {}
    for pid, predicate in rules.predicates.items():
        checks = [evaluate_criterion(c, quantities) for c in predicate.criteria]
        failed = [c["id"] for c in checks if c["passed"] is False]
        unassessable = [c["id"] for c in checks if c["passed"] is None]
        unstated = [c for c in checks if c.get("stated") is False]
        if unstated:
            warnings.append({
                "code": "unstated_threshold", "item": None,
                "message": f"{len(unstated)} ambang {pid} tidak dinyatakan sumber mana pun untuk {rules.id} (diwarisi: "
                           f"{unstated[0]['source']}); {pid} belum dapat dinilai menurut {rules.id}",
            })
        for c in checks:
            if c["passed"] is None and c.get("stated") is not False:
                warnings.append({
                    "code": "unknown_quantity", "item": None,
                    "message": f"kriteria {pid} '{c['label']}' merujuk '{c['quantity']}' yang tidak diukur oleh LKE ini; "
                               f"{pid} belum dapat dinilai menurut {rules.id}",
                })
        status = STATUS_NOT_MET if failed else STATUS_UNASSESSABLE if unassessable else STATUS_MET
        out[pid] = {
            "name": predicate.name,
            "eligible": status == STATUS_MET,
            "status": status,
            "failed": failed,
            "unassessable": unassessable,
            "checks": checks,
        }
    return out


def national_eligibility(result: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The verdict the TPN applies (national Tabel 6): the ``national`` one under a local rule set, else the only one."""
    national: dict[str, dict[str, Any]] | None = (result.get("national") or {}).get("eligibility")
    return national or result["eligibility"]


def verdict_sets(result: Mapping[str, Any]) -> list[tuple[str, str, dict[str, dict[str, Any]]]]:
    """(heading, rule set id, eligibility) for each verdict to show: the rule set's own, then the national one if any."""
    own = [("Menurut aturan yang dipakai", result["rules"], result["eligibility"])]
    national = result.get("national")
    if national:
        own.append(("Menurut aturan nasional (Tabel 6, dipakai TPN)", national["rules"], national["eligibility"]))
    return own
