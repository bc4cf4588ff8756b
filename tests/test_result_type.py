"""The typed score: frozen values whose ``to_json()`` is exactly the DESIGN §7 contract, field by field."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import best_answers
from zi_evidence.scoring import parse_answers
from zi_evidence.scoring.engine import score, score_result

CONTRACT_90 = ["rules", "total", "pemenuhan", "reform", "pengungkit", "ipak", "kinerja", "bersih_akuntabel", "ipkp", "pelayanan_prima",
               "hasil", "completeness", "answered", "item_count", "areas", "weights", "subindicators", "items", "eligibility", "warnings"]


def test_to_json_is_the_contract_field_by_field(rules):
    answers = parse_answers(rules, best_answers(rules), "x").values
    typed = score_result(rules, answers, ["WBK"])
    data = typed.to_json()
    assert data == score(rules, answers, ["WBK"])
    assert list(data) == CONTRACT_90
    assert data["areas"]["MP"] == {"name": "Manajemen Perubahan", "value": pytest.approx(8), "weight": 8.0, "percent": pytest.approx(1),
                                   "pemenuhan": pytest.approx(4), "reform": pytest.approx(4)}
    assert set(data["items"]["P.MP.1.a"]) == {"answer", "value", "answered"}
    wbk = data["eligibility"]["WBK"]
    assert list(wbk) == ["name", "eligible", "status", "failed", "unassessable", "checks"]
    assert list(wbk["checks"][0]) == ["id", "label", "quantity", "op", "required", "actual", "display", "source", "passed"]
    assert typed.quantity("ipak") == data["ipak"] and dict(typed.eligibility)["WBK"].eligible is wbk["eligible"] is True
    with pytest.raises(dataclasses.FrozenInstanceError):
        typed.total = 0  # type: ignore[misc]


def test_another_regime_has_its_own_quantities_and_no_90_2021_fields(loader):
    old = loader.load("permenpanrb-52-2014")
    data = score_result(old, {}, []).to_json()
    assert list(data)[:8] == ["rules", "total", "pengungkit", "ipak", "tlhp", "bersih_bebas_kkn", "kualitas_pelayanan", "hasil"]
    assert {"tlhp", "bersih_bebas_kkn", "kualitas_pelayanan"} <= set(data) and "pemenuhan" not in data and "reform" not in data
