"""The rule data against the project's item table (DESIGN §4) and the regulation's structure."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

TSV = Path(__file__).parent / "data" / "lke-90-2021-items.tsv"


def table_rows():
    with TSV.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.reader(lines, delimiter="\t"))


def test_every_item_of_the_table_is_in_the_rules_with_type_weight_and_soal(rules):
    rows = table_rows()
    assert len(rows) == 113
    assert list(rules.items) == [r[0] for r in rows], "item order follows the LKE"
    for item_id, typ, sub, weight, soal, formula, zero, _text in rows:
        item = rules.items[item_id]
        assert item.type == typ, item_id
        assert item.subindicator == sub
        assert rules.subindicators[sub].weight == pytest.approx(float(weight)), item_id
        if typ == "computed":
            expected = dict(pair.split("=") for pair in soal.split(","))
            assert {i.name: str(i.soal_id) for i in item.inputs} == expected, item_id
            assert item.formula.value_when_denominator_is_0 == float(zero), item_id
            kind, expr = formula.split(":")
            assert item.formula.kind == kind
            if kind == "ratio":
                num, den = expr.split("/")
                assert item.formula.numerator == (num,)
                assert item.formula.denominator == tuple(den.strip("()").split("+"))
        else:
            assert item.soal_id == int(soal), item_id


def test_structure_counts_and_weights(rules):
    assert len(rules.subindicators) == 45
    assert {k: w for k, (_, w) in rules.areas.items()} == {"MP": 8, "TL": 7, "SDM": 10, "AK": 10, "PW": 15, "PP": 10}
    assert {a.id: a.weight for a in rules.aspects} == {"P": 30, "R": 30, "H": 40}


def test_choice_items_carry_every_option_with_text_and_the_worksheet_values(rules):
    for item in rules.items.values():
        if not item.is_choice:
            continue
        scale = rules.scales[item.type]
        assert [o.code for o in item.options] == list(scale), item.id
        for option in item.options:
            assert option.value == scale[option.code]
            if item.type != "yesno":
                assert option.text or option.note, f"{item.id} {option.code} has no criterion text"
        if item.type == "yesno":
            assert item.explanation and item.explanation.lower().startswith("ya"), item.id


def test_option_texts_come_from_the_regulation(rules):
    # Spot checks against Lampiran III (text of the regulation, not of this project).
    assert rules.items["P.MP.1.b"].option("C").text == "Jika tidak di seleksi."
    assert "minimal 4 kali dalam setahun" in rules.items["P.PP.4.a"].option("A").text
    assert "<25%" in rules.items["P.SDM.3.c"].option("A").text  # from the column-jumbled OCR page
    assert "Penjelasan" not in str(rules.raw)


def test_thresholds_of_table_6_are_data(rules):
    wbk = {c.id: c.value for c in rules.predicates["WBK"].criteria}
    wbbm = {c.id: c.value for c in rules.predicates["WBBM"].criteria}
    assert wbk == {"total": 75, "pengungkit": 40, "area_percent_min": 0.60, "bersih_akuntabel": 18.25, "ipak": 15.75,
                   "kinerja": 2.50, "ipkp": 14.00, "completeness": 1}
    assert wbbm == {"holds_wbk": True, "total": 85, "pengungkit": 48, "area_percent_min": 0.75, "bersih_akuntabel": 19.50,
                    "ipak": 15.75, "kinerja": 3.75, "ipkp": 15.75, "completeness": 1}


def test_prerequisites_of_table_5_cite_their_source(rules):
    ids = {p["id"] for p in rules.prerequisites}
    assert {"opini_bpk", "sakip", "indeks_rb", "spip_level", "tlhp_persen", "lhkpn_persen", "lhkasn_persen",
            "lama_pembangunan_tahun", "sakip_internal", "layanan_utama", "dampak_signifikan"} <= ids
    procedural = {"bebas_larangan_pencabutan", "tanpa_kasus_kkn", "porsi_satker_berpredikat"}  # stated elsewhere in Lampiran II
    assert procedural <= ids
    assert all("Tabel 5" in p["source"] for p in rules.prerequisites if p["id"] not in procedural)
    assert all("Lampiran II Bab" in p["source"] for p in rules.prerequisites if p["id"] in procedural)


def test_no_option_text_starts_with_a_doubled_capital():
    """OCR slips such as "Sstandar pelayanan" (P.PP.1.b) are not the regulation's words."""
    import re

    from conftest import ROOT
    from zi_evidence.ruleset import RuleSetLoader
    loader = RuleSetLoader(ROOT)
    slips = [(rid, item.id, o.text) for rid in loader.available() for item in loader.load(rid).items.values() for o in item.options
             if o.text and re.match(r"([A-Z])\1[a-z]", o.text)]
    assert slips == []


def test_the_pr_report_keeps_a_national_unassessable_verdict():
    from zi_evidence.prreport import _verdict
    summary = {"eligibility": {"WBK": True}, "status": {"WBK": "memenuhi"}, "national_eligibility": {"WBK": False},
               "national_status": {"WBK": "belum dapat dinilai"}}
    assert _verdict(summary, "WBK") == "memenuhi (nasional: belum dapat dinilai)"
    summary["national_status"] = {"WBK": "belum memenuhi"}
    assert _verdict(summary, "WBK") == "memenuhi (nasional: belum)"
