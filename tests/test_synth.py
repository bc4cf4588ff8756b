"""The synthetic institution generator: complete, valid, deterministic, with a real Git history."""

from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT
from zi_evidence.cli import main as zi
from zi_evidence.repository import Repository


def _tree(path):
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file() and ".git" not in p.parts}


def _git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
def test_generated_repository_passes_check_and_scores(tmp_path):
    out = tmp_path / "synth"
    assert zi(["demo", "generate", "--units", "8", "--years", "2", "--seed", "5", "--commits", "30", "--out", str(out), "--root", str(ROOT)]) == 0
    assert zi(["check", str(out), "--strict"]) == 0
    repo = Repository(out)
    units = repo.units()
    assert len(units) == 8
    for record in units:
        assert record.declarations and record.standards and record.surveys and record.plans and record.manifest
        assert {e.year for e in record.lke} == {2025, 2026}
        assert all(e.result is not None for e in record.lke), [e.problems for e in record.lke]
    assert any(record.scored(2026, "tpi") for record in units)
    # history: 30 commits, every one after the first touches the busy (first) unit's self-assessment
    assert _git(out, "rev-list", "--count", "HEAD").strip() == "30"
    touched = {r.id: int(_git(out, "rev-list", "--count", "HEAD", "--", f"units/{r.id}/lke/2026/self.yaml")) for r in units}
    assert sorted(touched.values())[-1] == 30  # the busy unit: the first commit and all 29 after it
    assert sum(touched.values()) == 30 + 7 + 29 // 4  # every other unit once (first commit), plus every 4th commit
    assert _git(out, "status", "--porcelain") == ""


@pytest.mark.slow
def test_same_seed_same_repository(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((a, 11), (b, 11), (c, 12)):
        assert zi(["demo", "generate", "--units", "5", "--seed", str(seed), "--commits", "5", "--out", str(out), "--root", str(ROOT)]) == 0
    assert _tree(a) == _tree(b)
    assert _git(a, "rev-parse", "HEAD") == _git(b, "rev-parse", "HEAD")
    assert _tree(a) != _tree(c)


def test_refuses_to_overwrite(tmp_path):
    out = tmp_path / "x"
    out.mkdir()
    (out / "keep.txt").write_text("milik pengguna")
    assert zi(["demo", "generate", "--units", "2", "--out", str(out), "--root", str(ROOT)]) == 2
    assert (out / "keep.txt").read_text() == "milik pengguna"
