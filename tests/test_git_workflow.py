"""Git-native workflow on real repositories made in the tests: history, PR report, authorization, CODEOWNERS,
the sticky-comment script against a fake API on 127.0.0.1, and the workflow files themselves."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import git
import pytest
import yaml

import evidence_samples
from committed import commit
from conftest import ROOT
from zi_evidence.cli import main as zi
from zi_evidence.repository import Repository

TPI_FILE = "units/dinas-sosial/lke/2026/tpi.yaml"


@pytest.fixture
def gitrepo(tmp_path) -> tuple[Path, git.Repo]:
    root = tmp_path / "repo"
    for name in ("rules", "units", "evidence", "docs", ".github"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    repo = git.Repo.init(root, initial_branch="main")
    commit(repo, "Data awal", "organisasi-kota-contoh")
    return root, repo


def edit_answers(root: Path, rel: str, change) -> None:
    path = root / rel
    data = yaml.safe_load(path.read_text())
    change(data["answers"])
    header = "".join(line for line in path.read_text().splitlines(keepends=True) if line.startswith("#"))
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def expected_total(root: Path, rel: str) -> float:
    return Repository(root).score_file(root / rel).result["total"]


def improve_to_wbk(answers: dict) -> None:
    rules = Repository(ROOT).rules("permenpanrb-90-2021")
    for item_id, item in rules.items.items():
        if item.is_choice:
            best = max(item.options, key=lambda o: o.value).code
            if isinstance(answers.get(item_id), dict):
                answers[item_id]["answer"] = best
            else:
                answers[item_id] = best
    answers["H.BA.1.a"] = 3.8
    answers["H.PP.1.a"] = 3.7


def test_history_scores_every_commit_that_changed_the_file(gitrepo, capsys):
    root, repo = gitrepo
    totals = [expected_total(root, TPI_FILE)]
    edit_answers(root, TPI_FILE, lambda a: a.__setitem__("H.BA.1.a", 3.7))
    totals.append(expected_total(root, TPI_FILE))
    commit(repo, "TPI: survei IPAK terbaru", "tpi-kota-contoh")
    (root / "units/disdukcapil/unit.yaml").write_text((root / "units/disdukcapil/unit.yaml").read_text() + "# catatan\n")
    commit(repo, "Commit lain yang tidak mengubah berkas", "disdukcapil-zi")
    edit_answers(root, TPI_FILE, lambda a: a.__setitem__("P.PW.2.b", "A"))
    totals.append(expected_total(root, TPI_FILE))
    commit(repo, "TPI: revisi P.PW.2.b", "tpi-kota-contoh")
    assert len(set(totals)) == 3
    assert zi(["history", "dinas-sosial", "--assessor", "tpi", "--format", "json", "--root", str(root)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [p["total"] for p in out["points"]] == pytest.approx(totals, abs=1e-12)
    assert [p["author"] for p in out["points"]] == ["organisasi-kota-contoh", "tpi-kota-contoh", "tpi-kota-contoh"]
    assert out["shallow"] is False
    assert zi(["history", "dinas-sosial", "--assessor", "tpi", "--root", str(root)]) == 0
    table = capsys.readouterr().out
    assert "3 commit" in table and "71,90" in table


def test_history_reader_bounds_git_delta_cache(gitrepo):
    """Each worker's ``git cat-file`` kept 96 MB of delta bases by default (230 MB of a 10,000-unit build's peak)."""
    from zi_evidence.gitdata import DELTA_BASE_CACHE, GitHistory

    root, _repo = gitrepo
    history = GitHistory.open(root)
    version = history.history(TPI_FILE)[-1]
    assert history.read(version.blob) == (root / TPI_FILE).read_bytes()
    args = history.repo.git.cat_file_all.proc.args
    assert args[:3] == ["git", "-c", f"core.deltaBaseCacheLimit={DELTA_BASE_CACHE}"] and "cat-file" in args


def test_history_shares_the_working_files_reading_of_the_same_bytes(gitrepo, monkeypatch):
    """A site build scores a unit's answers file and then its history, whose newest version is usually the same
    bytes: those answers are read once, and the history point is the file's own score."""
    import zi_evidence.repository as repository_module
    from zi_evidence import history as history_module
    from zi_evidence.gitdata import GitHistory
    from zi_evidence.yamlio import shared_parses

    root, _repo = gitrepo
    calls, scorings = [], []
    real, real_score = history_module.parse_answers, repository_module.score_result
    monkeypatch.setattr("zi_evidence.repository.parse_answers", lambda *a: calls.append(a[2]) or real(*a))
    monkeypatch.setattr(history_module, "parse_answers", lambda *a: calls.append(a[2]) or real(*a))
    monkeypatch.setattr(repository_module, "score_result", lambda *a: scorings.append(a) or real_score(*a))
    repo = Repository(root)
    with shared_parses():
        scored = repo.score_file(root / TPI_FILE).result
        total = scored["total"]
        points = history_module.score_history(repo, GitHistory.open(root), "dinas-sosial", 2026, "tpi")
    assert [p["total"] for p in points] == [total] and calls == [TPI_FILE] and len(scorings) == 1  # scored once too
    assert Repository(root).score_file(root / TPI_FILE).result == scored  # the same result as without sharing
    calls.clear()
    scorings.clear()
    edit_answers(root, TPI_FILE, lambda a: a.__setitem__("H.BA.1.a", 3.7))  # the working file differs from HEAD now
    with shared_parses():
        repo = Repository(root)
        assert repo.score_file(root / TPI_FILE).result["total"] != total
        assert [p["total"] for p in history_module.score_history(repo, GitHistory.open(root), "dinas-sosial", 2026, "tpi")] == [total]
    assert calls == [TPI_FILE, TPI_FILE] and len(scorings) == 2


def test_pr_report_shows_before_after_and_the_eligibility_change(gitrepo, capsys):
    root, repo = gitrepo
    before = expected_total(root, TPI_FILE)
    repo.git.checkout("-b", "perbaikan-dinas-sosial")
    edit_answers(root, TPI_FILE, improve_to_wbk)
    after = expected_total(root, TPI_FILE)
    commit(repo, "Perbaikan LKE Dinas Sosial", "tpi-kota-contoh")
    assert zi(["pr-report", "--base", "main", "--format", "json", "--root", str(root)]) in (0, 1)
    report = json.loads(capsys.readouterr().out)
    [unit] = [u for u in report["units"] if u["file"] == TPI_FILE]
    assert unit["before"]["total"] == pytest.approx(before, abs=1e-12)
    assert unit["after"]["total"] == pytest.approx(after, abs=1e-12)
    assert unit["before"]["eligibility"]["WBK"] is False and unit["after"]["eligibility"]["WBK"] is True
    assert {i["item"] for i in unit["items"]} >= {"H.BA.1.a", "H.PP.1.a"}
    assert zi(["pr-report", "--base", "main", "--root", str(root)]) in (0, 1)
    md = capsys.readouterr().out
    from zi_evidence.numfmt import angka

    assert f"| `dinas-sosial` | 2026 | TPI | {angka(before)} | {angka(after)} |" in md
    assert "belum → memenuhi" in md
    assert md.startswith("<!-- zi-evidence-report -->")


def test_pr_report_flags_evidence_changed_after_tpi_assessment(gitrepo, capsys):
    root, repo = gitrepo
    repo.git.checkout("-b", "ganti-bukti")
    manifest = root / "evidence/disdukcapil/manifest.yaml"
    new = evidence_samples.pdf("SK tim, versi baru")
    (root / "evidence/disdukcapil/files/sk-tim-zi.pdf").write_bytes(new)
    import hashlib

    text = manifest.read_text()
    old_sha = re.search(r"id: sk-tim-zi\n(?:.*\n)*?  sha256: ([0-9a-f]{64})", text).group(1)
    text = text.replace(old_sha, hashlib.sha256(new).hexdigest())
    text = re.sub(r"(id: sk-tim-zi\n(?:.*\n)*?  size: )\d+", lambda m: m.group(1) + str(len(new)), text, count=1)
    manifest.write_text(text)
    commit(repo, "Ganti berkas SK", "disdukcapil-zi")
    assert zi(["check", str(root)]) == 0
    capsys.readouterr()
    assert zi(["pr-report", "--base", "main", "--format", "json", "--root", str(root)]) == 0
    report = json.loads(capsys.readouterr().out)
    [entry] = report["evidence"]
    assert entry == {**entry, "unit": "disdukcapil", "id": "sk-tim-zi", "change": "diubah", "tpi_assessed": True}


def test_authz_denies_other_units_and_tpi_files(gitrepo, capsys):
    root, repo = gitrepo
    base = repo.head.commit.hexsha
    repo.git.checkout("-b", "a")
    edit_answers(root, "units/dinas-sosial/lke/2026/self.yaml", lambda a: a.__setitem__("P.MP.1.a", "Ya"))
    commit(repo, "ubah unit lain", "disdukcapil-zi")
    assert zi(["authz", "--base", base, "--head", "HEAD", "--actor", "disdukcapil-zi", "--root", str(root)]) == 1
    assert "units/dinas-sosial/lke/2026/self.yaml: @disdukcapil-zi tidak berhak" in capsys.readouterr().out
    assert zi(["authz", "--base", base, "--head", "HEAD", "--actor", "dinassosial-zi", "--root", str(root)]) == 0
    capsys.readouterr()
    edit_answers(root, TPI_FILE, lambda a: a.__setitem__("H.BA.1.a", 4.0))
    commit(repo, "unit mengubah penilaian TPI-nya sendiri", "dinassosial-zi")
    assert zi(["authz", "--base", base, "--head", "HEAD", "--actor", "dinassosial-zi", "--root", str(root)]) == 1
    assert f"{TPI_FILE}: @dinassosial-zi tidak berhak" in capsys.readouterr().out
    assert zi(["authz", "--base", base, "--head", "HEAD", "--actor", "tpi-kota-contoh", "--root", str(root)]) == 1  # TPI may not edit self.yaml


def test_authz_uses_the_base_maintainers_so_a_pr_cannot_grant_itself_rights(gitrepo, capsys):
    root, repo = gitrepo
    base = repo.head.commit.hexsha
    unit = root / "units/dinas-sosial/unit.yaml"
    unit.write_text(unit.read_text().replace("maintainers:\n", "maintainers:\n- penyusup\n", 1))
    edit_answers(root, "units/dinas-sosial/lke/2026/self.yaml", lambda a: a.__setitem__("P.MP.1.a", "Ya"))
    commit(repo, "tambah diri sendiri", "penyusup")
    assert zi(["authz", "--base", base, "--head", "HEAD", "--actor", "penyusup", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "units/dinas-sosial/unit.yaml" in out and "units/dinas-sosial/lke/2026/self.yaml" in out


def test_codeowners_generated_and_checked(gitrepo, capsys):
    root, _ = gitrepo
    assert zi(["codeowners", "--check", "--root", str(root)]) == 0
    text = (root / ".github/CODEOWNERS").read_text()
    assert "/units/disdukcapil/ @disdukcapil-zi @tim-zi-disdukcapil" in text
    assert "/evidence/disdukcapil/ @disdukcapil-zi @tim-zi-disdukcapil" in text
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines[0] == "* @organisasi-kota-contoh"
    assert lines[-2:] == ["/units/*/lke/*/tpi.yaml @tpi-kota-contoh @inspektorat-contoh", "/units/*/lke/*/tpn.yaml @tpi-kota-contoh @inspektorat-contoh"]
    unit = root / "units/dpmptsp/unit.yaml"
    unit.write_text(unit.read_text().replace("maintainers:\n", "maintainers:\n- anggota-baru\n", 1))
    assert zi(["codeowners", "--check", "--root", str(root)]) == 1
    assert zi(["codeowners", "--root", str(root)]) == 0
    assert "/units/dpmptsp/ @anggota-baru" in (root / ".github/CODEOWNERS").read_text()
