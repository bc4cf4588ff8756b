"""Tabel 5 prerequisites checked from the yearly facts (pure function and through `zi score`)."""

from __future__ import annotations

import json

import pytest

from zi_evidence.cli import main
from zi_evidence.scoring import check_prerequisites

ALL_MET = {"opini_bpk": "WTP", "sakip": "BB", "indeks_rb": "B", "spip_level": 3, "layanan_utama": True, "dampak_signifikan": True,
           "tlhp_persen": 100, "lhkpn_persen": 100, "lhkasn_persen": 100, "lama_pembangunan_tahun": 1.2, "sakip_internal": "BB",
           "lama_pembangunan_wbbm_tahun": 1.0, "bebas_larangan_pencabutan": True, "tanpa_kasus_kkn": True, "porsi_satker_berpredikat": 30}


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


def test_procedural_rules_of_lampiran_ii(rules):
    # more than 30 % of the units already hold a predicate: the instansi stops proposing (Lampiran II Bab II)
    assert check_prerequisites(rules, {**ALL_MET, "porsi_satker_berpredikat": 30.01}, "pemda")["WBK"]["failed"] == ["porsi_satker_berpredikat"]
    # a KKN case in the proposal year voids the TPI's proposal (Lampiran II Bab V)
    assert check_prerequisites(rules, {**ALL_MET, "tanpa_kasus_kkn": False}, "pemda")["WBBM"]["failed"] == ["tanpa_kasus_kkn"]
    # within 2 years of a revocation (Lampiran II Bab IV C)
    assert check_prerequisites(rules, {**ALL_MET, "bebas_larangan_pencabutan": False}, "pemda")["WBK"]["failed"] == ["bebas_larangan_pencabutan"]
    # one year of building: toward WBK from pencanangan, toward WBBM from the WBK predicate (Tabel 5)
    facts = {**ALL_MET, "lama_pembangunan_tahun": 3.0, "lama_pembangunan_wbbm_tahun": 0.6}
    result = check_prerequisites(rules, facts, "pemda")
    assert result["WBK"]["met"] and result["WBBM"]["failed"] == ["lama_pembangunan_wbbm_tahun"]
    assert "lama_pembangunan_wbbm_tahun" not in {c["id"] for c in result["WBK"]["checks"]}


def test_the_ban_counts_to_the_deadline_including_29_february(repo_copy, capsys):
    from test_check import edit

    unit = repo_copy / "units" / "disdukcapil" / "unit.yaml"
    text = unit.read_text()
    unit.write_text(text + "predicates:\n- predicate: WBK\n  granted: '2020-12-10'\n  revoked: '2024-06-01'\n  reason: uji\n")
    path = repo_copy / "units/disdukcapil/lke/2026/tpi.yaml"
    assert main(["score", str(path), "--format", "json", "--root", str(repo_copy)]) in (0, 1)
    checks = {c["id"]: c for c in json.loads(capsys.readouterr().out)["prerequisites"]["WBK"]["checks"]}
    assert checks["bebas_larangan_pencabutan"]["passed"] is False  # revoked 1 June 2024: free from 1 June 2026, after the deadline
    edit(unit, "revoked: '2024-06-01'", "revoked: '2024-02-29'")
    assert main(["score", str(path), "--format", "json", "--root", str(repo_copy)]) in (0, 1)
    checks = {c["id"]: c for c in json.loads(capsys.readouterr().out)["prerequisites"]["WBK"]["checks"]}
    assert checks["bebas_larangan_pencabutan"]["passed"] is True  # free from 1 March 2026, before the deadline of 31 May


@pytest.mark.parametrize("start, value, passed", [
    ("2025-06-01", 0.99, False),  # 364 days before the deadline of 31 May 2026: not a year (was rounded to 1,00 and passed)
    ("2025-05-31", 1.0, True),  # exactly one year
    ("2024-11-30", 1.5, True),
])
def test_years_of_building_are_cut_not_rounded_before_the_one_year_test(repo_copy, capsys, start, value, passed):
    from test_check import edit

    unit = repo_copy / "units" / "disdukcapil" / "unit.yaml"
    old = next(line for line in unit.read_text().splitlines() if line.strip().startswith("date:"))
    edit(unit, old, old.split("date:")[0] + f"date: '{start}'")
    path = repo_copy / "units/disdukcapil/lke/2026/tpi.yaml"
    assert main(["score", str(path), "--format", "json", "--root", str(repo_copy)]) in (0, 1)
    checks = {c["id"]: c for c in json.loads(capsys.readouterr().out)["prerequisites"]["WBK"]["checks"]}
    assert checks["lama_pembangunan_tahun"]["passed"] is passed
    assert checks["lama_pembangunan_tahun"].get("value", value) == value


def test_the_predicate_share_is_taken_on_each_date_asked(tmp_path):
    """One Repository reads every unit.yaml once and answers for every date: a predicate counts from its grant until
    its revocation; entries that are not a mapping or have no readable date are not counted."""
    from datetime import date

    from zi_evidence.repository import Repository

    profiles = {"a": "predicates:\n  - {predicate: WBK, granted: '2024-01-01', revoked: '2025-06-01'}\n",
                "b": "predicates:\n  - WBK\n  - {predicate: WBK, granted: bukan-tanggal}\n"}
    for unit, text in profiles.items():
        (tmp_path / "units" / unit).mkdir(parents=True)
        (tmp_path / "units" / unit / "unit.yaml").write_text(f"id: {unit}\nname: Unit {unit}\n{text}", encoding="utf-8")
    repo = Repository(tmp_path)
    assert repo.predicate_share(date(2023, 12, 31)) == 0.0
    assert repo.predicate_share(date(2025, 1, 1)) == 50.0
    assert repo.predicate_share(date(2025, 6, 1)) == 0.0
    assert repo.predicate_share(date(2025, 1, 1)) == 50.0
