"""Tabel 5 prerequisites checked from the yearly facts (pure function and through `zi score`)."""

from __future__ import annotations

import json

from zi_evidence.cli import main
from zi_evidence.scoring import check_prerequisites

ALL_MET = {"opini_bpk": "WTP", "sakip": "BB", "indeks_rb": "B", "spip_level": 3, "layanan_utama": True, "dampak_signifikan": True,
           "tlhp_persen": 100, "lhkpn_persen": 100, "lhkasn_persen": 100, "lama_pembangunan_tahun": 1.2, "sakip_internal": "BB"}


def test_all_met_for_both(rules):
    result = check_prerequisites(rules, ALL_MET, "pemda")
    assert result["WBK"]["met"] and result["WBBM"]["met"]


def test_grades_and_instansi_kind(rules):
    facts = {**ALL_MET, "sakip": "B", "indeks_rb": "CC"}
    pemda = check_prerequisites(rules, facts, "pemda")
    assert pemda["WBK"]["met"] is True                      # Indeks RB CC suffices for a Pemda's WBK
    assert set(pemda["WBBM"]["failed"]) == {"sakip", "indeks_rb"}
    kl = check_prerequisites(rules, facts, "kl")
    assert kl["WBK"]["failed"] == ["indeks_rb"]             # a K/L needs B for WBK


def test_missing_facts_are_unknown_not_failed(rules):
    result = check_prerequisites(rules, {"opini_bpk": "WDP"}, "pemda")
    assert result["WBK"]["failed"] == ["opini_bpk"]
    assert "tlhp_persen" in result["WBK"]["unknown"] and result["WBK"]["met"] is False


def test_score_reports_prerequisites_from_the_yearly_file(capsys):
    from conftest import ROOT
    assert main(["score", str(ROOT / "units/dinas-sosial/lke/2026/tpi.yaml"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["prerequisites"]["WBK"]["failed"]) == {"tlhp_persen", "lhkasn_persen"}
    assert main(["score", str(ROOT / "units/disdukcapil/lke/2026/tpi.yaml"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["prerequisites"]["WBK"]["met"] is True
