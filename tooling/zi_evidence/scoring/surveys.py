"""Survey answers bound to survey records (DESIGN §4): pure, no I/O.

The two survey answers of the LKE (IPAK ``H.BA.1.a``, IPKP ``H.PP.1.a``: 35 of 100 points) are *checked against* the
unit's recorded survey (``survei.yaml``), not derived from it: the LKE file stays the complete, portable record that
PortalRB and the Excel workbook carry, and a difference is reported where it can be fixed. Which record kind an item
is bound to comes from the rule set (``survey:`` on the item); the minimum number of respondents from its policy.

The record of an LKE year Y is the latest survey of that kind whose period ends after the previous year's submission
deadline and no later than 31 December of Y — the survey that could inform the evaluation of year Y.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..ruleset.model import RuleSet

TOLERANCE = 1e-9


@dataclass(frozen=True)
class SurveyFinding:
    item: str
    message: str  # Indonesian, with the fix
    code: str
    severity: str  # "error" where the record decides (zi check), "warning" for the sample size


def survey_record(surveys: Any, kind: str, year: int, deadline: dict[str, Any]) -> dict[str, Any] | None:
    """The recorded survey of ``kind`` for an LKE of ``year`` (None when there is none)."""
    start = f"{year - 1}-{int(deadline['month']):02d}-{int(deadline['day']):02d}"
    end = f"{year}-12-31"
    candidates = [s for s in (surveys or {}).get("surveys") or [] if isinstance(s, dict) and s.get("kind") == kind
                  and isinstance(s.get("period"), dict) and isinstance(s["period"].get("to"), str) and start < s["period"]["to"] <= end]
    return max(candidates, key=lambda s: s["period"]["to"]) if candidates else None


def survey_findings(rules: RuleSet, values: dict[str, Any], surveys: Any, year: int | None) -> list[SurveyFinding]:
    """Differences between the survey answers in ``values`` and the unit's survey records."""
    if year is None:
        return []
    deadline = rules.policy.get("submission_deadline") or {"month": 5, "day": 31}
    minimum = (rules.policy.get("survey_min_respondents") or {}).get("value")
    cite = (rules.policy.get("survey_min_respondents") or {}).get("source", "")
    out = []
    for item in rules.items.values():
        kind = item.survey
        if kind is None or values.get(item.id) is None:
            continue
        answer = float(values[item.id])
        record = survey_record(surveys, kind, year, deadline)
        if record is None:
            out.append(SurveyFinding(item.id, f"{item.id}: nilai survei {kind} {answer:g} tidak punya catatan survei {kind} untuk LKE {year} di "
                                     f"survei.yaml (periode berakhir setelah batas pengajuan {year - 1} sampai akhir {year}); catat hasil survei "
                                     "itu (periode, responden, nilai, penyelenggara) atau kosongkan jawabannya", "survey.missing", "error"))
            continue
        recorded = record.get("score")
        if not isinstance(recorded, int | float) or isinstance(recorded, bool):
            continue  # the schema check reports a score that is not a number; nothing to compare
        if abs(float(recorded) - answer) > TOLERANCE:
            out.append(SurveyFinding(item.id, f"{item.id}: nilai {answer:g} berbeda dari survei {kind} yang tercatat di survei.yaml "
                                     f"({record.get('score')}, periode {record['period'].get('from')} s.d. {record['period']['to']}); "
                                     "samakan dengan hasil survei", "survey.mismatch", "error"))
        if minimum is not None and isinstance(record.get("respondents"), int) and record["respondents"] < minimum:
            out.append(SurveyFinding(item.id, f"{item.id}: survei {kind} hanya {record['respondents']} responden (kurang dari {minimum}); "
                                     f"boleh bila jumlah sampel ditetapkan tim survei menurut kaidah statistik ({cite})", "survey.sample", "warning"))
    return out
