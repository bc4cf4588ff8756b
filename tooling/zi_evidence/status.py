"""The bureau's view (``zi status``): per unit, where it stands on a given day — stage, completeness, the latest self
and TPI totals, open revisions and the days to the submission deadline. The same rows as JSON for a dashboard.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from .gitdata import GitHistory
from .repository import Repository
from .review import review_counts, unit_review
from .scoring.policy import deadline


@dataclass(frozen=True)
class UnitStatus:
    unit: str
    name: str
    stage: str | None
    target: str | None
    year: int | None  # the latest LKE year
    completeness: float | None  # of the unit's own answers (0–1)
    self_total: float | None
    tpi_total: float | None
    eligible: list[str]  # predicates the latest assessment (TPI, else self) meets
    waits_on_unit: int  # revisi items the unit has not answered
    waits_on_tpi: int  # answered items the TPI has not yet accepted
    deadline: str  # ISO date of the next submission deadline on or after ``today``
    days_left: int
    problems: int  # findings of the unit's files that stop it from being scored in full


def unit_status(repo: Repository, history: GitHistory | None, uid: str, today: date) -> UnitStatus:
    record = repo.unit(uid)
    profile = record.profile
    rules = repo.rules(repo.default_rules(uid))
    due = deadline(today.year, rules.policy)
    if due < today:
        due = deadline(today.year + 1, rules.policy)
    year = record.years[0] if record.years else None
    own = record.scored(year, "self") if year else None
    tpi = record.scored(year, "tpi") if year else None
    source = tpi or own
    latest = source.result if source is not None else None
    stages = [s for s in profile.get("stages") or [] if isinstance(s, dict) and s.get("stage")]
    counts = review_counts(unit_review(repo, history, uid, year, today)) if year else {"menunggu_unit": 0, "menunggu_tpi": 0}
    return UnitStatus(
        unit=uid, name=record.name, stage=str(stages[-1]["stage"]) if stages else None, target=profile.get("target"), year=year,
        completeness=own.result["completeness"] if own and own.result else None,
        self_total=own.result["total"] if own and own.result else None, tpi_total=tpi.result["total"] if tpi and tpi.result else None,
        eligible=[p for p, v in (latest or {}).get("eligibility", {}).items() if v.get("eligible")],
        waits_on_unit=counts["menunggu_unit"], waits_on_tpi=counts["menunggu_tpi"], deadline=due.isoformat(), days_left=(due - today).days,
        problems=sum(1 for p in record.problems if p.severity == "error") + sum(1 for e in record.lke if e.result is None),
    )


def institution_status(repo: Repository, history: GitHistory | None, today: date) -> list[UnitStatus]:
    return [unit_status(repo, history, uid, today) for uid in repo.unit_ids()]


def as_json(rows: list[UnitStatus], today: date) -> dict:
    return {"date": today.isoformat(), "units": [asdict(r) for r in rows]}
