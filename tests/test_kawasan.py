"""Kawasan (Lampiran II Bab III huruf D angka 2, Tabel 7 and 8): every unit meets the unit criteria and the
integration score reaches 6,5 (WBK) / 7,5 (WBBM); WBBM needs the kawasan WBK first. Hand-checked cases."""

from __future__ import annotations

import pytest

from test_check import line_of_text
from zi_evidence.check import check_repository
from zi_evidence.scoring.kawasan import kawasan_verdict

POLICY = {"kawasan_integration_minimum": {"WBK": 6.5, "WBBM": 7.5}}
MET, NOT, UNKNOWN = "memenuhi", "belum memenuhi", "belum dapat dinilai"


def kawasan(score=None, held=()):
    return {"id": "k", "units": ["a", "b"], "integration": [] if score is None else [{"year": 2026, "score": score}],
            "predicates": [{"predicate": p, "granted": "2025-01-01"} for p in held]}


@pytest.mark.parametrize("units,score,expected", [
    ({"a": {"WBK": NOT}, "b": {"WBK": MET}}, None, NOT),     # Tabel 7 row 1: not all units, no integration
    ({"a": {"WBK": NOT}, "b": {"WBK": MET}}, 6.5, NOT),      # row 2: integration alone is not enough
    ({"a": {"WBK": MET}, "b": {"WBK": MET}}, 6.49, NOT),     # row 3: all units, integration below 6,5
    ({"a": {"WBK": MET}, "b": {"WBK": MET}}, 6.5, MET),      # row 4: all units and 6,5 — exactly at the bound
    ({"a": {"WBK": MET}, "b": {"WBK": UNKNOWN}}, 7.0, UNKNOWN),  # a unit not yet assessable: never "memenuhi"
    ({"a": {"WBK": MET}, "b": {"WBK": MET}}, None, UNKNOWN),  # no integration score recorded for the year
])
def test_kawasan_wbk(units, score, expected):
    assert kawasan_verdict(kawasan(score), 2026, units, POLICY)["WBK"]["status"] == expected


def test_kawasan_wbbm_needs_the_kawasan_wbk_and_7_5():
    units = {"a": {"WBBM": MET}, "b": {"WBBM": MET}}
    assert kawasan_verdict(kawasan(8.0), 2026, units, POLICY)["WBBM"]["status"] == NOT  # no kawasan WBK yet
    assert kawasan_verdict(kawasan(7.49, held=["WBK"]), 2026, units, POLICY)["WBBM"]["status"] == NOT
    assert kawasan_verdict(kawasan(7.5, held=["WBK"]), 2026, units, POLICY)["WBBM"]["status"] == MET


def test_kawasan_file_is_checked(repo_copy):
    path = repo_copy / "units/kawasan/mal-pelayanan-publik.yaml"
    path.write_text(path.read_text().replace("  - disdukcapil", "  - dinas-tidak-ada"))
    found = [p for p in check_repository(repo_copy).errors if p.code == "kawasan.unit"]
    assert [(p.file, p.line) for p in found] == [("units/kawasan/mal-pelayanan-publik.yaml", line_of_text(path, "dinas-tidak-ada"))]


def test_kawasan_on_beranda(demo_site):
    home = (demo_site / "index.html").read_text()
    assert "Kawasan Mal Pelayanan Publik Kota Contoh" in home and "skor integrasi 7 &lt; 7,5" in home
