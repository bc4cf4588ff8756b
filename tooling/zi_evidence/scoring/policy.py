"""Procedural rules of PermenPANRB 90/2021 as pure date arithmetic: the ban after a revocation, the 2-yearly monitoring
of a predicate, the years of building before a proposal. The periods come from the rule set's ``policy`` (data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

DAYS_PER_YEAR = 365.2425


def parse(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 1 March in a common year (a period never shortens)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → a common year
        return date(day.year + years, 3, 1)


def years_between(start: date, end: date) -> float:
    """Elapsed years from ``start`` to ``end`` (0 when ``end`` is earlier): whole years by the calendar, plus the fraction."""
    if end <= start:
        return 0.0
    whole = end.year - start.year
    if add_years(start, whole) > end:
        whole -= 1
    anchor = add_years(start, whole)
    return whole + (end - anchor).days / DAYS_PER_YEAR


def deadline(year: int, policy: dict[str, Any]) -> date:
    """The submission deadline of an evaluation year (31 May in 90/2021)."""
    d = policy.get("submission_deadline") or {"month": 5, "day": 31}
    return date(year, int(d["month"]), int(d["day"]))


@dataclass(frozen=True)
class Ban:
    predicate: str
    revoked: date
    until: date  # a proposal is possible again from this day


def revocation_ban(predicates: Any, on: date, policy: dict[str, Any]) -> Ban | None:
    """The ban in force on ``on`` after a revocation (Lampiran II Bab IV huruf C: no new proposal for 2 years)."""
    years = int((policy.get("revocation_ban_years") or {}).get("value", 0))
    bans = []
    for entry in predicates or []:
        revoked = parse(entry.get("revoked")) if isinstance(entry, dict) else None
        if revoked and years:
            until = add_years(revoked, years)
            if revoked <= on < until:
                bans.append(Ban(str(entry.get("predicate")), revoked, until))
    return max(bans, key=lambda b: b.until) if bans else None


@dataclass(frozen=True)
class Monitoring:
    predicate: str
    granted: date
    last: date  # the grant, or the latest periodic monitoring recorded after it
    due: date
    overdue: bool


def monitoring_due(predicates: Any, stages: Any, today: date, policy: dict[str, Any]) -> list[Monitoring]:
    """For each predicate held (not revoked): when its 2-yearly report through PMPZI is due (Lampiran II Bab IV huruf A
    angka 3–4), counted from the grant or the latest ``pemantauan_berkala`` stage after it — or, for WBK, the latest
    proposal for WBBM after it (angka 3: no report is owed for a period in which the unit was proposed)."""
    years = int((policy.get("monitoring_interval_years") or {}).get("value", 0))
    if not years:
        return []
    reports = sorted(d for s in stages or [] if isinstance(s, dict) and s.get("stage") == "pemantauan_berkala" and (d := parse(s.get("date"))))
    # a unit holding WBK that is proposed for WBBM within the period owes no report for it (angka 3): the proposal
    # counts as the period's report (``monitoring_waived_by_proposal`` names the predicates and the stage)
    waiver = policy.get("monitoring_waived_by_proposal") or {}
    proposals = sorted(d for s in stages or [] if isinstance(s, dict) and s.get("stage") == waiver.get("stage") and (d := parse(s.get("date"))))
    out = []
    for entry in predicates or []:
        granted = parse(entry.get("granted")) if isinstance(entry, dict) else None
        if granted is None or entry.get("revoked"):
            continue
        waived = proposals if entry.get("predicate") in (waiver.get("predicates") or []) else []
        last = max([granted] + [r for r in reports if r >= granted] + [p for p in waived if p > granted])
        due = add_years(last, years)
        out.append(Monitoring(str(entry.get("predicate")), granted, last, due, today > due))
    return out
