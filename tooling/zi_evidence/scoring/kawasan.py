"""Kawasan verdict (PermenPANRB 90/2021 Lampiran II Bab III huruf D angka 2, Tabel 7 and 8): pure.

A kawasan is Menuju WBK when every unit of the kawasan meets the unit criteria for WBK and its business-process
integration score is at least 6,5; Menuju WBBM when it already holds the kawasan WBK, every unit meets the WBBM
criteria and the integration score is at least 7,5. The minimum scores are rule data (``kawasan_integration_minimum``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .engine import STATUS_MET, STATUS_NOT_MET, STATUS_UNASSESSABLE


def integration_score(kawasan: Mapping[str, Any], year: int) -> float | None:
    scores = [e.get("score") for e in kawasan.get("integration") or [] if isinstance(e, dict) and e.get("year") == year]
    return float(scores[-1]) if scores and isinstance(scores[-1], (int, float)) else None


def kawasan_verdict(kawasan: Mapping[str, Any], year: int, unit_status: Mapping[str, Mapping[str, str]], policy: Mapping[str, Any]) -> dict[str, Any]:
    """``unit_status``: unit id → predicate → ``memenuhi`` / ``belum memenuhi`` / ``belum dapat dinilai`` (a unit that holds the
    predicate counts as ``memenuhi``). Returns, per predicate: status, failing and unassessed units, the integration score."""
    minimum = policy.get("kawasan_integration_minimum") or {}
    score = integration_score(kawasan, year)
    held = {p.get("predicate") for p in kawasan.get("predicates") or [] if isinstance(p, dict) and not p.get("revoked")}
    out = {}
    for predicate in (k for k in minimum if k != "source"):  # the predicates the policy gives a minimum for
        units = list(kawasan.get("units") or [])
        failing = [u for u in units if (unit_status.get(u) or {}).get(predicate) == STATUS_NOT_MET]
        unknown = [u for u in units if (unit_status.get(u) or {}).get(predicate) not in (STATUS_MET, STATUS_NOT_MET)]
        reasons = []
        if failing:
            reasons.append(f"{len(failing)} unit belum memenuhi kriteria unit Menuju {predicate}")
        required = minimum.get(predicate)
        integration_ok = score is not None and (required is None or score >= float(required) - 1e-9)  # no minimum: none to miss
        if score is not None and required is not None and not integration_ok:
            reasons.append(f"skor integrasi {_id(score)} < {_id(float(required))}")
        needs_wbk = predicate == "WBBM" and "WBK" not in held and "WBBM" not in held
        if needs_wbk:
            reasons.append("kawasan belum berpredikat Menuju WBK")
        if failing or (score is not None and not integration_ok) or needs_wbk:
            status = STATUS_NOT_MET
        elif unknown or score is None:
            status = STATUS_UNASSESSABLE
            if score is None:
                reasons.append(f"skor integrasi {year} belum dicatat")
            if unknown:
                reasons.append(f"{len(unknown)} unit belum dapat dinilai")
        else:
            status = STATUS_MET
        out[predicate] = {"status": status, "eligible": status == STATUS_MET, "failing_units": failing, "unassessed_units": unknown,
                          "integration": score, "integration_minimum": required, "reasons": reasons}
    return out


def _id(value: float) -> str:
    """6.5 → "6,5" (Indonesian decimal comma)."""
    return f"{value:g}".replace(".", ",")
