"""Procedural rules as date arithmetic, hand-checked: the 2-year ban, monitoring, years of building."""

from __future__ import annotations

from datetime import date

import pytest

from zi_evidence.scoring.policy import add_years, monitoring_due, revocation_ban, years_between

POLICY = {"revocation_ban_years": {"value": 2}, "monitoring_interval_years": {"value": 2}, "submission_deadline": {"month": 5, "day": 31}}


@pytest.mark.parametrize("day,years,expected", [
    (date(2024, 2, 29), 2, date(2026, 3, 1)),   # a leap day: the period ends a day later, never earlier
    (date(2024, 2, 29), 4, date(2028, 2, 29)),
    (date(2023, 3, 31), 2, date(2025, 3, 31)),
    (date(2023, 12, 31), 1, date(2024, 12, 31)),
])
def test_add_years(day, years, expected):
    assert add_years(day, years) == expected


def test_ban_after_revocation_on_29_february():
    predicates = [{"predicate": "WBK", "granted": "2021-12-10", "revoked": "2024-02-29"}]
    assert revocation_ban(predicates, date(2026, 2, 28), POLICY).until == date(2026, 3, 1)  # still barred
    assert revocation_ban(predicates, date(2026, 3, 1), POLICY) is None  # free from 1 March 2026
    assert revocation_ban(predicates, date(2024, 2, 28), POLICY) is None  # not yet revoked


def test_monitoring_due_every_two_years_from_grant_or_last_report():
    predicates = [{"predicate": "WBK", "granted": "2022-12-12"}]
    [m] = monitoring_due(predicates, [], date(2025, 1, 1), POLICY)
    assert m.due == date(2024, 12, 12) and m.overdue
    stages = [{"stage": "pemantauan_berkala", "date": "2024-11-30"}]
    [m] = monitoring_due(predicates, stages, date(2025, 1, 1), POLICY)
    assert m.last == date(2024, 11, 30) and m.due == date(2026, 11, 30) and not m.overdue
    assert monitoring_due([{"predicate": "WBK", "granted": "2022-12-12", "revoked": "2024-01-01"}], [], date(2025, 1, 1), POLICY) == []


def test_years_of_building():
    assert years_between(date(2025, 5, 31), date(2026, 5, 31)) == 1.0
    assert years_between(date(2025, 6, 1), date(2026, 5, 31)) < 1.0  # one day short of a year: not yet
    assert years_between(date(2026, 11, 1), date(2026, 5, 31)) == 0.0  # declared after the deadline: 0, never negative
    assert years_between(date(2024, 2, 29), date(2025, 3, 1)) == 1.0


def test_a_wbk_unit_proposed_for_wbbm_owes_no_report_for_that_period():
    """Lampiran II Bab IV huruf A angka 3: the 2-yearly WBK report is owed only if the unit was not proposed for WBBM in
    the period; a WBBM holder reports every two years regardless (angka 4). Hand-checked dates."""
    policy = {**POLICY, "monitoring_waived_by_proposal": {"predicates": ["WBK"], "stage": "pengajuan_tpn"}}
    wbk = [{"predicate": "WBK", "granted": "2022-12-12"}]
    proposed = [{"stage": "pengajuan_tpn", "date": "2024-05-20"}]  # proposed for WBBM within the first period
    [m] = monitoring_due(wbk, proposed, date(2025, 1, 1), policy)
    assert (m.last, m.due, m.overdue) == (date(2024, 5, 20), date(2026, 5, 20), False)  # not overdue on 1 Jan 2025
    assert monitoring_due(wbk, proposed, date(2025, 1, 1), POLICY)[0].overdue  # without the waiver in the rules: overdue
    before = [{"stage": "pengajuan_tpn", "date": "2022-05-20"}]  # the proposal for WBK itself, before the grant: no waiver
    assert monitoring_due(wbk, before, date(2025, 1, 1), policy)[0].due == date(2024, 12, 12)
    wbbm = [{"predicate": "WBBM", "granted": "2022-12-12"}]
    assert monitoring_due(wbbm, proposed, date(2025, 1, 1), policy)[0].overdue  # angka 4: no waiver for WBBM
