"""The local cache of unit findings (check/cache.py): a warm run says exactly what a cold run says, a changed byte
anywhere a unit depends on checks that unit again, and a broken or planted entry is never believed."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from zi_evidence.check.cache import UnitCache, prune
from zi_evidence.check.runner import cached_check, check_repository
from zi_evidence.cli import main as zi
from zi_evidence.render.text import format_score

TODAY = date(2026, 11, 22)


def _run(root: Path, folder: Path, today: date = TODAY, score: bool = True):
    return cached_check(root, None, UnitCache(folder, root, today, "score" if score else "check"), format_score if score else None)


def _same(a, b) -> None:
    assert a.problems == b.problems
    assert a.files_checked == b.files_checked
    assert {u: s for u, s in a.scores.items()} == {u: s for u, s in b.scores.items()}


@pytest.fixture
def broken(repo_copy: Path) -> Path:
    """The demo with findings in two units, so the cache has problems to keep."""
    own = repo_copy / "units/dinas-sosial/lke/2026/self.yaml"
    own.write_text(own.read_text().replace("P.MP.1.b:", "P.MP.1.b: Z\n  P.XX.9.z:", 1))
    (repo_copy / "evidence/disdukcapil/files/sk-tim-zi.pdf").write_bytes(b"diubah")
    return repo_copy


def test_a_warm_run_reports_exactly_what_a_cold_one_does(broken, tmp_path):
    folder = tmp_path / "cache"
    cold = _run(broken, folder)
    assert cold.cached == 0 and len(cold.errors) >= 2
    warm = _run(broken, folder)
    units = len(cold.scores)
    assert warm.cached == units > 3
    _same(warm, cold)
    _same(warm, check_repository(broken, today=TODAY, render=format_score))  # and what no cache says


def test_a_changed_file_checks_its_unit_again_and_only_it(broken, tmp_path):
    folder = tmp_path / "cache"
    first = _run(broken, folder)
    survey = broken / "units/dinas-kesehatan/survei.yaml"
    survey.write_text(survey.read_text() + "\nrusak: [\n")
    second = _run(broken, folder)
    assert second.cached == len(first.scores) - 1
    _same(second, check_repository(broken, today=TODAY, render=format_score))
    assert any(p.file == "units/dinas-kesehatan/survei.yaml" for p in second.errors)


@pytest.mark.parametrize("shared", ["units/instansi.yaml", "rules/permenpanrb-90-2021/lke.yaml", "units/prasyarat/2026.yaml",
                                    "units/disdukcapil/unit.yaml"])
def test_a_changed_shared_file_checks_every_unit_again(broken, tmp_path, shared):
    """Shared files feed every unit's checks; every unit.yaml feeds every score (the share of units with a predicate)."""
    folder = tmp_path / "cache"
    _run(broken, folder)
    path = broken / shared
    path.write_text(path.read_text() + "\n# diubah\n")
    again = _run(broken, folder)
    assert again.cached == 0
    _same(again, check_repository(broken, today=TODAY, render=format_score))


def test_another_day_or_purpose_is_another_key(broken, tmp_path):
    folder = tmp_path / "cache"
    _run(broken, folder)
    assert _run(broken, folder, date(2026, 11, 23)).cached == 0  # "today" is part of the checks (dates in the future)
    assert _run(broken, folder, score=False).cached == 0  # a check-only entry has no scores to give


def test_broken_or_planted_entries_are_never_believed(broken, tmp_path):
    folder = tmp_path / "cache"
    truth = _run(broken, folder)
    entries = sorted((folder / "units").glob("*/*.json"))
    assert entries
    entries[0].write_text("{bukan json")
    entries[1].write_text(json.dumps({"format": 1, "problems": "semua beres", "files_checked": 0, "scores": []}))
    entries[2].write_text(json.dumps({"format": 1, "problems": [[1]], "files_checked": 0, "scores": []}))
    again = _run(broken, folder)
    assert again.cached == len(truth.scores) - 3
    _same(again, truth)


def test_the_cache_is_bounded_and_outside_the_repository(broken, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "cache"
    _run(broken, folder)
    sizes = [p.stat().st_size for p in (folder / "units").glob("*/*.json")]
    prune(folder, limit=sum(sizes) // 2)
    assert sum(p.stat().st_size for p in (folder / "units").glob("*/*.json")) <= sum(sizes) // 2
    monkeypatch.setenv("ZI_CACHE", "1")
    monkeypatch.setenv("ZI_CACHE_DIR", str(tmp_path / "cli-cache"))
    assert zi(["check", str(broken)]) == 1
    first = capsys.readouterr()
    assert zi(["check", str(broken)]) == 1
    second = capsys.readouterr()
    assert second.err == first.err  # the same findings, word for word
    assert re.sub(r"\d+\.\d+ dtk", "", second.out) == re.sub(r"\d+\.\d+ dtk", "", first.out)
    assert (tmp_path / "cli-cache/units").is_dir() and not any(p.name.startswith(".zi") for p in broken.iterdir())


def test_check_score_prints_what_zi_score_prints_and_refuses_a_machine_report_on_screen(repo_copy, capsys):
    """`zi check --score`: the same tables as `zi score units/*/`, then the check's verdict; a SARIF/JSON report on
    stdout would be corrupted by the tables, so that combination is a usage error naming the way out."""
    units = sorted(str(p) for p in (repo_copy / "units").iterdir() if (p / "unit.yaml").is_file())
    assert zi(["score", *units, "--root", str(repo_copy)]) == 0
    alone = capsys.readouterr().out
    assert zi(["check", str(repo_copy), "--score"]) == 0
    combined = capsys.readouterr().out
    assert combined.startswith(alone.rstrip("\n") + "\n") and combined.splitlines()[-1].startswith("zi check:")
    assert zi(["check", str(repo_copy), "--score", "--format", "sarif"]) == 2
    assert "--score menulis tabel nilai ke layar; pakai --output" in capsys.readouterr().err
