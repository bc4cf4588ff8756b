"""Earlier regimes as data: PermenPANRB 52/2014 (as Perwal Tangerang 72/2018 states it) and 10/2019 (the slides), scored
against their own thresholds with hand-computed answer sets; a unit's history under the regime of each year."""

from __future__ import annotations

import pytest

from conftest import ROOT
from zi_evidence.cli import main as zi
from zi_evidence.repository import Repository
from zi_evidence.ruleset.lint import lint
from zi_evidence.scoring import parse_answers
from zi_evidence.scoring.engine import score

OLD, AMENDED = "permenpanrb-52-2014", "permenpanrb-10-2019"


def answers(rules, **by_area) -> dict:
    """Every item of an area at one value (percent); B.* items given by id (``B_BK_1_a=90``)."""
    out = {}
    for item in rules.items.values():
        key = item.id.replace(".", "_")
        out[item.id] = by_area.get(key, by_area.get(item.area))
    return {k: v for k, v in out.items() if v is not None}


def scored(rules, values, holds=()):
    parsed = parse_answers(rules, values, "x")
    assert parsed.ok, parsed.problems
    return score(rules, parsed.values, holds)


@pytest.mark.parametrize("rid", [OLD, AMENDED, "permenpanrb-90-2021"])
def test_regimes_lint_clean(loader, rid):
    rules, problems = lint(loader, rid)
    assert rules is not None and problems == [], problems
    assert rules.scope == "national"


def test_52_2014_weights_are_the_tangerang_tables(loader):
    rules = loader.load(OLD)
    assert {k: w for k, (_n, w) in rules.areas.items()} == {"MP": 5, "TL": 5, "SDM": 15, "AK": 10, "PW": 15, "PP": 10}
    assert {k: w for k, (_n, w) in rules.components.items()} == {"pengungkit": 60, "hasil": 40}
    # four MP, three TL, six SDM, two AK, five PW and three PP indicators, and three hasil measures
    assert [len(p.subindicators[0].items) for p in rules.aspects[0].parts] == [4, 3, 6, 2, 5, 3]
    assert rules.item_count == 26
    assert "Undangan rapat" in rules.items["A.MP.1.a"].evidence_examples


def test_52_2014_hand_computed_meets_wbk_not_wbbm(loader):
    rules = loader.load(OLD)
    values = answers(rules, MP=80, TL=100, SDM=60, PW=100, PP=90, B_BK_1_a=90, B_BK_2_a=100, B_PK_1_a=80)
    values.update({"A.AK.1.a": 100, "A.AK.1.b": 50})
    r = scored(rules, values, holds=["WBK"])
    # pengungkit: MP 0.8×5 = 4 · TL 5 · SDM 0.6×15 = 9 · AK (1+0.5)/2×10 = 7.5 · PW 15 · PP 0.9×10 = 9 → 49.5
    assert r["pengungkit"] == pytest.approx(49.5)
    # hasil: survei 0.9×15 = 13.5 · TLHP 1×5 = 5 → bersih 18.5 · kualitas pelayanan 0.8×20 = 16 → 34.5
    assert (r["ipak"], r["tlhp"], r["bersih_bebas_kkn"], r["kualitas_pelayanan"], r["hasil"]) == pytest.approx((13.5, 5, 18.5, 16, 34.5))
    assert r["total"] == pytest.approx(84.0)
    assert r["eligibility"]["WBK"]["status"] == "memenuhi"  # 84 ≥ 75, 18.5 ≥ 18, 13.5 ≥ 13.5 (at the bound), 5 ≥ 3.5
    assert r["eligibility"]["WBBM"]["failed"] == ["total"]  # 84 < 85; kualitas pelayanan 16 ≥ 16 holds at the bound
    assert "pemenuhan" not in r and "national" not in r and set(r["areas"]["MP"]) == {"name", "value", "weight", "percent"}


@pytest.mark.parametrize(("survey", "tlhp", "wbk"), [(90, 70, True), (89.99, 100, False), (100, 69.99, False), (100, 70, True)])
def test_52_2014_bounds_of_the_hasil_thresholds(loader, survey, tlhp, wbk):
    rules = loader.load(OLD)
    r = scored(rules, answers(rules, MP=100, TL=100, SDM=100, AK=100, PW=100, PP=100, B_BK_1_a=survey, B_BK_2_a=tlhp, B_PK_1_a=100))
    # survei 0.9×15 = 13.5 is the minimum, 0.8999×15 = 13.4985 is not; TLHP 0.7×5 = 3.5 is, 0.6999×5 = 3.4995 is not;
    # (90, 70): bersih 13.5 + 3.5 = 17 < 18 — so that pair meets both sub-minima and still fails the component
    expected = wbk and survey / 100 * 15 + tlhp / 100 * 5 >= 18
    assert r["eligibility"]["WBK"]["eligible"] is expected


def test_10_2019_changes_only_what_the_slides_state(loader):
    old, amended = loader.load(OLD), loader.load(AMENDED)
    assert [i.weight for i in amended.subindicators["A.PP.1"].items] == [3, 4, 3]
    assert set(old.items) == set(amended.items) and amended.predicates.keys() == old.predicates.keys()
    values = answers(old, MP=100, TL=100, SDM=100, AK=100, PW=100, B_BK_1_a=100, B_BK_2_a=100, B_PK_1_a=100)
    values.update({"A.PP.1.a": 100, "A.PP.1.b": 0, "A.PP.1.c": 0})
    # PP: 52/2014 equal weights (1+0+0)/3×10 = 3.333…; 10/2019 (3×1 + 4×0 + 3×0)/10 × 10 = 3
    assert scored(old, values)["areas"]["PP"]["value"] == pytest.approx(10 / 3)
    r = scored(amended, values)
    assert r["areas"]["PP"]["value"] == pytest.approx(3.0) and r["total"] == pytest.approx(50 + 3 + 40)
    assert "national" not in r  # an amendment is national itself
    # 93 clears 52/2014's ≥ 75, but no source states a threshold for 10/2019: inherited, shown, never "memenuhi"
    assert scored(old, values)["eligibility"]["WBK"]["status"] == "memenuhi"
    wbk = r["eligibility"]["WBK"]
    assert wbk["status"] == "belum dapat dinilai" and not wbk["eligible"] and wbk["failed"] == []
    total = next(c for c in wbk["checks"] if c["id"] == "total")
    assert (total["actual"], total["required"], total["passed"], total["stated"]) == (pytest.approx(93.0), 75, None, False)
    assert "diwarisi dari Perwal Tangerang 72/2018" in total["source"]
    completeness = next(c for c in wbk["checks"] if c["id"] == "completeness")
    assert completeness["passed"] is True and "stated" not in completeness  # the project's own convention is stated
    assert any(w["code"] == "unstated_threshold" and "WBK belum dapat dinilai" in w["message"] for w in r["warnings"])


def test_10_2019_a_stated_criterion_that_fails_still_says_belum_memenuhi(loader):
    """Completeness is stated for every regime: a half-filled LKE is "belum memenuhi", not merely unassessable."""
    amended = loader.load(AMENDED)
    r = scored(amended, answers(amended, MP=100, TL=100))
    assert r["eligibility"]["WBK"]["status"] == "belum memenuhi" and r["eligibility"]["WBK"]["failed"] == ["completeness"]


def test_a_regime_outside_its_years_is_flagged(repo_copy, capsys):
    """An LKE file naming a regime its unit is not bound to (here one outside its years) is an error naming both files."""
    path = repo_copy / "units/rsud-kota-contoh/lke/2023/self.yaml"
    path.write_text(path.read_text().replace("rules: permenpanrb-90-2021", f"rules: {AMENDED}", 1).split("answers:")[0] + "answers: {}\n")
    capsys.readouterr()
    assert zi(["check", str(repo_copy)]) == 1
    err = capsys.readouterr().err
    assert f"units/rsud-kota-contoh/lke/2023/self.yaml:3: rules: {AMENDED} tidak boleh dipilih berkas LKE" in err
    assert "units/rsud-kota-contoh/unit.yaml:17, ditetapkan admin) — tulis rules: permenpanrb-90-2021" in err


def test_history_is_scored_under_each_years_regime_and_the_chart_marks_the_change(demo_site):
    repo = Repository(ROOT)
    record = repo.unit("rsud-kota-contoh")
    regimes = {e.year: e.result["rules"] for e in record.lke if e.result and e.assessor == "self"}
    assert regimes == {2021: AMENDED, 2023: "permenpanrb-90-2021"}
    page = (demo_site / "unit/rsud-kota-contoh/index.html").read_text()
    assert "aturan penilaian berganti (2023: PermenPANRB Nomor 90 Tahun 2021)" in page


def test_contoh_data_dukung_reach_the_skeleton_the_check_and_the_site(repo_copy, capsys, demo_site):
    """Tangerang's expected data dukung, where its activity is a 90/2021 item's, are hints in three places."""
    from zi_evidence.cli import main as zi_main

    assert zi_main(["new", "unit", "dinas-pendidikan", "--year", "2026", "--root", str(repo_copy)]) == 0
    skeleton = (repo_copy / "units/dinas-pendidikan/lke/2026/self.yaml").read_text()
    assert "#   contoh data dukung: Dokumen rencana aksi" in skeleton
    path = repo_copy / "units/dinas-kesehatan/lke/2026/self.yaml"
    text = path.read_text()
    start = text.index("  P.MP.1.a:")
    end = text.index("  P.MP.2.a:")
    path.write_text(text[:start] + "  P.MP.1.a: Ya\n" + text[end:])
    capsys.readouterr()
    zi_main(["check", str(repo_copy / "units/dinas-kesehatan")])
    out = capsys.readouterr()
    assert "P.MP.1.a: jawaban 'Ya' (nilai penuh) belum disertai bukti dukung; contoh data dukung: Undangan rapat pembentukan Tim Kerja" \
        in out.out + out.err
    national = (demo_site / "aturan/permenpanrb-90-2021/index.html").read_text()
    assert "Contoh data dukung: Undangan rapat pembentukan Tim Kerja" in national
    old = (demo_site / "aturan/permenpanrb-52-2014/index.html").read_text()
    assert "Masa berlaku dan catatan" in old and "Dipakai untuk penilaian tahun 2014–2018" in old
    amended = (demo_site / "aturan/permenpanrb-10-2019/index.html").read_text()
    assert "berbobot 3 : 4 : 3" in amended
    lke = (demo_site / "unit/dinas-kesehatan/lke-2026/index.html")
    assert lke.exists() and "Contoh data dukung" in lke.read_text()


def test_52_2014_submission_conditions_of_perwal_tangerang_bab_iii_a(loader):
    """Bab III A: a unit proposed for WBK or WBBM must (a) serve strategically, (b) be judged to run RB well and (c)
    manage large resources; a missing fact is unknown, not failed."""
    import jsonschema

    from zi_evidence.scoring.prerequisites import check_prerequisites
    from zi_evidence.validation import load_schema

    rules = loader.load(OLD)
    ids = ["pelayanan_strategis", "program_rb_baik", "sumber_daya_besar"]
    assert [p["id"] for p in rules.prerequisites] == ids
    assert all("Bab III huruf A" in p["source"] for p in rules.prerequisites)
    met = check_prerequisites(rules, dict.fromkeys(ids, True))
    assert met["WBK"]["met"] and met["WBBM"]["met"]
    one_short = check_prerequisites(rules, {"pelayanan_strategis": True, "program_rb_baik": True, "sumber_daya_besar": False})
    assert one_short["WBK"]["failed"] == one_short["WBBM"]["failed"] == ["sumber_daya_besar"]
    unknown = check_prerequisites(rules, {})
    assert not unknown["WBK"]["met"] and unknown["WBK"]["unknown"] == ids and unknown["WBK"]["failed"] == []
    # the facts have a place in the year's prerequisites file
    units = load_schema("prerequisites")["properties"]["units"]
    jsonschema.validate({"rsud-kota-contoh": dict.fromkeys(ids, True)}, units)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"rsud-kota-contoh": {"sumber_daya_besar": "ya"}}, units)
