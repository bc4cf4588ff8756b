"""The numbers of DESIGN §4: best, worst, a hand-worked case, thresholds, computed items, properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import best_answers, worst_answers
from reference_scorer import reference_score
from zi_evidence.scoring import parse_answers, score
from zi_evidence.scoring.engine import evaluate_criterion


def test_all_best_answers_score_100_and_are_eligible_for_both(rules):
    result = score(rules, best_answers(rules), holds=["WBK"])
    assert result["total"] == pytest.approx(100.0, abs=1e-9)
    assert result["pengungkit"] == pytest.approx(60.0)
    assert result["hasil"] == pytest.approx(40.0)
    assert result["completeness"] == 1
    assert all(a["percent"] == pytest.approx(1.0) for a in result["areas"].values())
    assert result["eligibility"]["WBK"] == {**result["eligibility"]["WBK"], "eligible": True, "failed": []}
    assert result["eligibility"]["WBBM"]["eligible"] is True
    assert result["warnings"] == []


def test_all_best_without_wbk_is_not_eligible_for_wbbm(rules):
    result = score(rules, best_answers(rules), holds=[])
    assert result["eligibility"]["WBK"]["eligible"] is True
    assert result["eligibility"]["WBBM"]["failed"] == ["holds_wbk"]


def test_all_worst_answers_score_0(rules):
    result = score(rules, worst_answers(rules))
    assert result["total"] == 0
    assert result["completeness"] == 1
    assert set(result["eligibility"]["WBK"]["failed"]) == {
        "total", "pengungkit", "area_percent_min", "bersih_akuntabel", "ipak", "kinerja", "ipkp"}


def test_nothing_answered_scores_0_and_is_incomplete(rules):
    result = score(rules, {})
    assert result["total"] == 0 and result["completeness"] == 0
    assert "completeness" in result["eligibility"]["WBK"]["failed"]


def test_mixed_case_worked_by_hand(rules):
    answers = {
        "P.MP.1.a": "Ya", "P.MP.1.b": "B",                      # (1 + 0.5)/2 × 0.5 = 0.375
        "P.MP.2.a": "Tidak", "P.MP.2.b": "A", "P.MP.2.c": "C",  # (0 + 1 + 0)/3 × 1 = 0.333…
        "R.MP.1.a": {"agen_perubahan": 4, "perubahan_dibuat": 6},  # 6/4 = 1.5 → capped 1
        "R.MP.1.b": {"perubahan_dibuat": 6, "perubahan_terintegrasi": 3},  # 0.5;  R.MP.1 = (1+0.5)/2 × 2 = 1.5
        "R.MP.2.a": "B",                                         # 0.75 × 1 = 0.75
        "R.PW.3.a": {"wajib_kepala": 1, "wajib_pejabat": 2, "wajib_lainnya": 3, "sudah_lapor": 3},  # 3/6 = 0.5
        "R.PW.3.b": {"wajib_administrator": 0, "wajib_pengawas": 0, "wajib_fungsional_pelaksana": 0, "sudah_lapor": 0},  # 0/0 → 1
        "H.BA.1.a": 3.6,   # 3.6/4 × 17.5 = 15.75
        "H.BA.2.a": "C",   # 0.5 × 5 = 2.5
        "H.PP.1.a": 3.2,   # 3.2/4 × 17.5 = 14.0
    }
    result = score(rules, answers)
    mp_pemenuhan = 0.375 + 1 / 3            # P.MP.3 and P.MP.4 unanswered → 0
    mp_reform = 1.5 + 0.75                  # R.MP.3 unanswered → 0
    pw_reform = (0.5 + 1.0) / 2 * 2         # R.PW.3 = 1.5
    assert result["subindicators"]["P.MP.1"] == pytest.approx(0.375)
    assert result["subindicators"]["P.MP.2"] == pytest.approx(1 / 3)
    assert result["subindicators"]["R.MP.1"] == pytest.approx(1.5)
    assert result["subindicators"]["R.PW.3"] == pytest.approx(1.5)
    assert result["areas"]["MP"]["pemenuhan"] == pytest.approx(mp_pemenuhan)
    assert result["areas"]["MP"]["reform"] == pytest.approx(mp_reform)
    assert result["areas"]["MP"]["value"] == pytest.approx(mp_pemenuhan + mp_reform)       # 2.9583…
    assert result["areas"]["MP"]["percent"] == pytest.approx((mp_pemenuhan + mp_reform) / 8)  # 0.3698…
    assert result["areas"]["PW"]["percent"] == pytest.approx(pw_reform / 15)                 # 0.1
    assert result["pemenuhan"] == pytest.approx(mp_pemenuhan)
    assert result["reform"] == pytest.approx(mp_reform + pw_reform)
    assert result["pengungkit"] == pytest.approx(mp_pemenuhan + mp_reform + pw_reform)       # 4.4583…
    assert (result["ipak"], result["kinerja"], result["ipkp"]) == pytest.approx((15.75, 2.5, 14.0))
    assert result["bersih_akuntabel"] == pytest.approx(18.25)
    assert result["hasil"] == pytest.approx(32.25)
    assert result["total"] == pytest.approx(mp_pemenuhan + mp_reform + pw_reform + 32.25)   # 36.7083…
    assert result["completeness"] == pytest.approx(13 / 113)
    wbk = result["eligibility"]["WBK"]
    assert wbk["failed"] == ["total", "pengungkit", "area_percent_min", "completeness"]  # hasil criteria hold exactly at their bounds
    assert [w["item"] for w in result["warnings"]] == ["R.PW.3.b"]


CRITERIA = [(p, c) for p in ("WBK", "WBBM") for c in ("total", "pengungkit", "area_percent_min", "bersih_akuntabel", "ipak", "kinerja", "ipkp", "completeness")]


@pytest.mark.parametrize(("predicate", "criterion_id"), CRITERIA)
def test_every_threshold_at_just_below_and_just_above_its_bound(rules, predicate, criterion_id):
    criterion = next(c for c in rules.predicates[predicate].criteria if c.id == criterion_id)
    bound = criterion.value
    for actual, expected in [(bound, True), (bound - 1e-10, True), (bound - 1e-6, False), (bound + 1e-6, True)]:
        row = evaluate_criterion(criterion, {criterion.quantity: actual})
        assert row["passed"] is expected, (predicate, criterion_id, actual)


def test_threshold_through_the_whole_engine_ipak_survey_3_60(rules):
    answers = best_answers(rules)
    answers["H.BA.1.a"] = 3.6           # 15.75 exactly: passes
    assert score(rules, answers)["eligibility"]["WBK"]["eligible"] is True
    answers["H.BA.1.a"] = 3.599         # 15.745… : fails on ipak
    assert "ipak" in score(rules, answers)["eligibility"]["WBK"]["failed"]


def test_wbbm_needs_wbk_held(rules):
    criterion = next(c for c in rules.predicates["WBBM"].criteria if c.id == "holds_wbk")
    assert evaluate_criterion(criterion, {"holds_wbk": True})["passed"] is True
    assert evaluate_criterion(criterion, {"holds_wbk": False})["passed"] is False


def _value(rules, item_id, counts):
    parsed = parse_answers(rules, {item_id: {"answer": counts}}, "t.yaml")
    assert parsed.ok, parsed.problems
    result = score(rules, parsed.values)
    return result["items"][item_id]["value"], [w for w in result["warnings"] if w["item"] == item_id]


def test_every_computed_item_on_a_zero_denominator_takes_the_rule_value_and_warns(rules):
    expected = {"R.MP.1.a": 0.0, "R.MP.1.b": 0.0, "R.SDM.3.a": 1.0, "R.AK.1.a": 0.0, "R.PP.1.b": 0.0,
                "R.PW.2.a": 1.0, "R.PW.3.a": 1.0, "R.PW.3.b": 1.0}
    for item in rules.items.values():
        if item.type != "computed":
            continue
        counts = {i.name: 0 for i in item.inputs}
        value, warnings = _value(rules, item.id, counts)
        assert value == expected[item.id], item.id
        assert len(warnings) == 1 and warnings[0]["code"] == "zero_denominator"


def test_change_agents_may_make_more_changes_than_agents_capped_at_1(rules):
    assert _value(rules, "R.MP.1.a", {"agen_perubahan": 2, "perubahan_dibuat": 5})[0] == 1.0
    assert _value(rules, "R.MP.1.a", {"agen_perubahan": 4, "perubahan_dibuat": 1})[0] == 0.25


def test_violations_decrease(rules):
    v = lambda last, now: _value(rules, "R.SDM.3.a", {"pelanggaran_tahun_lalu": last, "pelanggaran_tahun_ini": now})[0]  # noqa: E731
    assert v(4, 1) == 0.75
    assert v(4, 6) == 0.0            # more violations than last year: floored at 0
    assert v(0, 0) == 1.0            # nothing owed
    assert v(0, 3) == 0.0            # last year 0, this year > 0
    assert _value(rules, "R.SDM.3.a", {"pelanggaran_tahun_lalu": 4, "pelanggaran_tahun_ini": 2, "pelanggaran_disanksi": 2})[0] == 0.5


@pytest.mark.parametrize(("item_id", "counts"), [
    ("R.MP.1.b", {"perubahan_dibuat": 2, "perubahan_terintegrasi": 3}),
    ("R.AK.1.a", {"sasaran_total": 5, "sasaran_tercapai": 6}),
    ("R.PP.1.b", {"layanan_terdaftar": 0, "layanan_dipermudah": 1}),
    ("R.PW.2.a", {"pengaduan_harus": 3, "pengaduan_diproses": 0, "pengaduan_selesai": 4}),
    ("R.PW.2.a", {"pengaduan_harus": 5, "pengaduan_diproses": 6, "pengaduan_selesai": 1}),
    ("R.PW.3.a", {"wajib_kepala": 1, "wajib_pejabat": 1, "wajib_lainnya": 0, "sudah_lapor": 3}),
    ("R.PW.3.b", {"wajib_administrator": 1, "wajib_pengawas": 0, "wajib_fungsional_pelaksana": 0, "sudah_lapor": 2}),
])
def test_contradicting_counts_are_validation_errors_not_capped(rules, item_id, counts):
    parsed = parse_answers(rules, {item_id: {"answer": counts}}, "units/x/lke/2025/self.yaml")
    assert not parsed.ok
    assert item_id in parsed.problems[0].message and "melebihi" in parsed.problems[0].message


@pytest.mark.parametrize(("answer", "fragment"), [
    ({"P.MP.1.b": "D"}, "pilihan 'D' tidak ada untuk butir P.MP.1.b"),
    ({"P.MP.1.a": "B"}, "jenis Ya/Tidak"),
    ({"H.BA.1.a": 4.5}, "antara 0 dan 4"),
    ({"H.BA.1.a": "tinggi"}, "harus angka"),
    ({"P.XX.1.a": "A"}, "tidak ada di rule set"),
    ({"R.AK.1.a": {"answer": {"sasaran_total": 5}}}, "isi juga sasaran_tercapai"),
    ({"R.AK.1.a": {"answer": {"sasaran_total": -1, "sasaran_tercapai": 0}}}, "bilangan bulat ≥ 0"),
    ({"R.AK.1.a": {"answer": {"sasaran_total": 2.5, "sasaran_tercapai": 0}}}, "bilangan bulat ≥ 0"),
    ({"R.AK.1.a": {"answer": {"target": 1}}}, "tidak dikenal"),
    ({"P.MP.1.a": {"answer": "Ya", "bukti": ["x"]}}, "kunci 'bukti' tidak dikenal"),
])
def test_invalid_answers_are_reported_with_the_item(rules, answer, fragment):
    parsed = parse_answers(rules, answer, "f.yaml")
    assert not parsed.ok
    assert fragment in parsed.problems[0].message


def test_answer_forms_short_long_lowercase_bool_comma(rules):
    parsed = parse_answers(rules, {
        "P.MP.1.a": True, "P.MP.1.b": "b", "P.MP.2.a": {"answer": "tidak", "evidence": ["sk-tim"], "note": "x"},
        "H.BA.1.a": "3,5", "R.AK.1.a": {"sasaran_total": 4, "sasaran_tercapai": 3}, "P.MP.2.b": None,
    }, "f.yaml")
    assert parsed.ok, parsed.problems
    assert parsed.values == {"P.MP.1.a": "Ya", "P.MP.1.b": "B", "P.MP.2.a": "Tidak", "H.BA.1.a": 3.5,
                             "R.AK.1.a": {"sasaran_total": 4, "sasaran_tercapai": 3}}
    assert parsed.evidence == {"P.MP.2.a": ["sk-tim"]}


# ---- properties ---------------------------------------------------------------------------------

def _answer_strategy(item):
    if item.is_choice:
        return st.sampled_from([o.code for o in item.options] + [None])
    if item.type == "survey":
        return st.one_of(st.none(), st.floats(min_value=0, max_value=4, allow_nan=False))
    f = item.formula
    if f.kind == "decrease":
        return st.one_of(st.none(), st.fixed_dictionaries({f.previous: st.integers(0, 20), f.current: st.integers(0, 20)}))

    @st.composite
    def counts(draw):
        den = {n: draw(st.integers(0, 10)) for n in f.denominator}
        total = sum(den.values())
        top = 3 * total + 3 if f.numerator_may_exceed_denominator else total
        out = {i.name: 0 for i in item.inputs}
        out.update(den)
        out[f.numerator[0]] = draw(st.integers(0, top))
        return out

    return st.one_of(st.none(), counts())


@st.composite
def answer_sets(draw, rules):
    out = {}
    for item in rules.items.values():
        a = draw(_answer_strategy(item))
        if a is not None:
            out[item.id] = a
    return out


def _better(item, answer):
    """Every strictly-or-equally better answer than ``answer`` for one item."""
    if item.is_choice:
        current = -1 if answer is None else item.option(answer).value
        return [o.code for o in item.options if o.value >= current]
    if item.type == "survey":
        return [4.0] if answer is None else [min(4.0, answer + 0.5), 4.0]
    f = item.formula
    if f.kind == "decrease":
        base = answer or {f.previous: 5, f.current: 5}
        return [{**base, f.current: max(0, base[f.current] - 1)}]
    if answer is None:
        return []
    better = dict(answer)
    den = sum(answer[n] for n in f.denominator)
    limit = 10**6 if f.numerator_may_exceed_denominator else den
    better[f.numerator[0]] = min(limit, answer[f.numerator[0]] + 1)
    return [better]


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_improving_any_single_answer_never_lowers_the_total(rules, data):
    answers = data.draw(answer_sets(rules))
    base = score(rules, answers)["total"]
    assert 0 <= base <= 100 + 1e-9
    item = data.draw(st.sampled_from(list(rules.items.values())))
    for better in _better(item, answers.get(item.id)):
        improved = score(rules, {**answers, item.id: better})["total"]
        assert improved >= base - 1e-9, (item.id, answers.get(item.id), better)
        assert improved <= 100 + 1e-9


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_engine_agrees_with_an_independent_implementation(rules, data):
    answers = data.draw(answer_sets(rules))
    ours = score(rules, answers)
    ref = reference_score(answers)
    for key in ("total", "pengungkit", "hasil", "ipak", "kinerja", "ipkp", "completeness"):
        assert math.isclose(ours[key], ref[key], rel_tol=1e-12, abs_tol=1e-12), key
    for area, pct in ref["area_percent"].items():
        assert math.isclose(ours["areas"][area]["percent"], pct, abs_tol=1e-12)
    for sub, value in ref["subindicators"].items():
        assert math.isclose(ours["subindicators"][sub], value, abs_tol=1e-12)
    assert ours["eligibility"]["WBK"]["eligible"] is ref["WBK"]


# ---- the Kupang overlay ----------------------------------------------------------------------------

def test_kupang_overlay_changes_eligibility_exactly_where_its_thresholds_differ(rules, kupang):
    answers = best_answers(rules)
    answers["H.BA.1.a"] = 3.2   # IPAK 14.00: below 90/2021's 15.75, above Kupang's 13.5
    national = score(rules, answers)["eligibility"]["WBK"]
    local = score(kupang, answers)["eligibility"]["WBK"]
    assert national["failed"] == ["ipak"]
    # Kupang's own thresholds all pass except TLHP, which the 90/2021 LKE cannot assess: never "memenuhi"
    assert local["failed"] == [] and local["unassessable"] == ["tlhp"]
    assert local["eligible"] is False and local["status"] == "belum dapat dinilai"

    answers = best_answers(rules)
    answers["H.PP.1.a"] = 3.5   # IPKP 15.3125: enough for 90/2021 WBK (14), short of Kupang's 16
    assert score(rules, answers)["eligibility"]["WBK"]["eligible"] is True
    assert score(kupang, answers)["eligibility"]["WBK"]["failed"] == ["ipkp"]
    assert score(kupang, answers)["eligibility"]["WBK"]["status"] == "belum memenuhi"  # a failure outranks "cannot assess"

    answers = best_answers(rules)
    answers["H.BA.2.a"] = "E"   # kinerja 0: fails bersih_akuntabel (17.5) nationally (18.25) and in Kupang (18)
    assert set(score(rules, answers)["eligibility"]["WBK"]["failed"]) == {"bersih_akuntabel", "kinerja"}
    assert set(score(kupang, answers)["eligibility"]["WBK"]["failed"]) == {"bersih_akuntabel", "kinerja"}


def test_kupang_tlhp_criterion_is_reported_as_not_assessable(kupang, rules):
    result = score(kupang, best_answers(rules))
    assert result["eligibility"]["WBK"]["unassessable"] == ["tlhp"]
    assert any(w["code"] == "unknown_quantity" for w in result["warnings"])


def test_scores_are_identical_where_kupang_does_not_differ(rules, kupang):
    answers = best_answers(rules)
    answers["P.MP.1.b"] = "C"
    a, b = score(rules, answers), score(kupang, answers)
    assert a["total"] == b["total"] and a["areas"] == b["areas"]


def test_the_regulations_own_printed_sample_for_r_pw_2_a_is_valid(rules):
    # Lampiran III prints harus 1, diproses 1, selesai 1 → 100 %: each at most harus, the sum may exceed it (DESIGN §4)
    parsed = parse_answers(rules, {"R.PW.2.a": {"answer": {"pengaduan_harus": 1, "pengaduan_diproses": 1, "pengaduan_selesai": 1}}}, "f")
    assert parsed.ok
    assert score(rules, parsed.values)["items"]["R.PW.2.a"]["value"] == 1.0


def test_a_local_rule_set_also_reports_the_national_verdict(rules, kupang):
    answers = best_answers(rules)
    answers["H.BA.1.a"] = 3.2   # IPAK 14.00: passes Kupang's 13.5, fails the national Tabel 6 (15.75) the TPN applies
    result = score(kupang, answers, national=rules)
    assert result["national"]["rules"] == "permenpanrb-90-2021"
    assert result["national"]["eligibility"]["WBK"]["failed"] == ["ipak"]
    assert result["eligibility"]["WBK"]["status"] == "belum dapat dinilai"
    assert "national" not in score(rules, answers, national=rules)  # the national rule set has no second verdict


def test_evidence_must_be_a_list_of_ids(rules):
    item = next(i for i in rules.items.values() if i.type != "computed")
    answer = worst_answers(rules)[item.id]
    for evidence, ok in ((["b-1", "b-2"], True), ("b-1", True), ([], True), (["b-1", 2], False), ([None], False), ({"id": "b-1"}, False)):
        parsed = parse_answers(rules, {item.id: {"answer": answer, "evidence": evidence}}, "x.yaml")
        assert [p.code for p in parsed.problems] == ([] if ok else ["answers.evidence"]), evidence
        assert (item.id in parsed.evidence) == ok
