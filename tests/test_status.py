"""`zi status`: every unit's stage, completeness, totals, open revisions and the days to the deadline, on a given day."""

from __future__ import annotations

import json

from conftest import ROOT
from zi_evidence.cli import main
from zi_evidence.repository import Repository


def _status(capsys, *args):
    assert main(["status", *args, "--root", str(ROOT)]) == 0
    return capsys.readouterr().out


def test_json_rows_agree_with_the_scores_and_the_review(capsys):
    data = json.loads(_status(capsys, "--date", "2027-05-01", "--format", "json"))
    rows = {r["unit"]: r for r in data["units"]}
    repo = Repository(ROOT)
    assert set(rows) == set(repo.unit_ids())
    record = repo.unit("disdukcapil")
    assert rows["disdukcapil"]["tpi_total"] == record.scored(2026, "tpi").result["total"]  # the one scoring pipeline
    assert rows["disdukcapil"]["self_total"] == record.scored(2026, "self").result["total"]
    assert rows["disdukcapil"]["eligible"] == ["WBK"]
    assert rows["dinas-sosial"]["waits_on_unit"] >= 1  # the demo's open revisi
    assert rows["kecamatan-sukamaju"]["year"] is None and rows["kecamatan-sukamaju"]["self_total"] is None
    assert {r["deadline"] for r in rows.values()} == {"2027-05-31"} and rows["dinas-sosial"]["days_left"] == 30


def test_after_the_deadline_the_next_one_counts(capsys):
    data = json.loads(_status(capsys, "--date", "2027-06-01", "--format", "json"))
    assert {r["deadline"] for r in data["units"]} == {"2028-05-31"} and data["units"][0]["days_left"] == 365


def test_the_text_table_is_readable_on_a_terminal(capsys):
    out = _status(capsys, "--date", "2027-05-01")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Unit", "Tahap", "Tahun"]
    disdukcapil = next(line for line in lines if line.startswith("disdukcapil"))
    assert "86,75" in disdukcapil and "WBK" in disdukcapil  # Indonesian decimals
    assert "31 Mei 2027 (30 hari lagi" in out
    assert main(["status", "--date", "31-05-2027", "--root", str(ROOT)]) == 2
