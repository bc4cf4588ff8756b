"""Git-native workflow on real repositories made in the tests: history, PR report, authorization, CODEOWNERS,
the sticky-comment script against a fake API on 127.0.0.1, and the workflow files themselves."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import git
import pytest
import yaml

import evidence_samples
from conftest import ROOT
from zi_evidence.ci import sticky_comment
from zi_evidence.cli import main as zi
from zi_evidence.repository import Repository

TPI_FILE = "units/dinas-sosial/lke/2026/tpi.yaml"


def commit(repo: git.Repo, message: str, author: str) -> str:
    repo.git.add("-A")
    actor = git.Actor(author, f"{author}@users.noreply.github.com")
    return repo.index.commit(message, author=actor, committer=actor).hexsha


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

    assert f"| dinas-sosial | 2026 | TPI | {angka(before)} | {angka(after)} |" in md
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


class FakeApi(http.server.BaseHTTPRequestHandler):
    """Just enough of the GitHub and GitLab comment APIs, in memory."""

    comments: dict[int, dict] = {}
    calls: list[tuple[str, str]] = []

    def log_message(self, *args):
        pass

    def _reply(self, status: int, payload: object) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> dict:
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

    def do_GET(self):
        FakeApi.calls.append(("GET", self.path))
        self._reply(200, list(FakeApi.comments.values()))

    def do_POST(self):
        FakeApi.calls.append(("POST", self.path))
        assert self.headers.get("Authorization") == "Bearer rahasia" or self.headers.get("PRIVATE-TOKEN") == "rahasia"
        cid = len(FakeApi.comments) + 100
        FakeApi.comments[cid] = {"id": cid, "body": self._body()["body"]}
        self._reply(201, FakeApi.comments[cid])

    def do_PATCH(self):
        FakeApi.calls.append((self.command, self.path))
        cid = int(self.path.rsplit("/", 1)[1])
        FakeApi.comments[cid]["body"] = self._body()["body"]
        self._reply(200, FakeApi.comments[cid])

    do_PUT = do_PATCH


@pytest.fixture
def fake_api(monkeypatch):
    FakeApi.comments, FakeApi.calls = {1: {"id": 1, "body": "komentar lain dari manusia"}}, []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("GITHUB_TOKEN", "rahasia")
    monkeypatch.setenv("ZI_GITLAB_TOKEN", "rahasia")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_sticky_comment_created_once_then_updated(fake_api, tmp_path):
    body = tmp_path / "report.md"
    body.write_text("<!-- zi-evidence-report -->\n## Laporan ZI Evidence\nversi 1\n")
    args = ["github", "--repo", "pemkot/zi", "--pr", "7", "--body", str(body), "--api-url", fake_api]
    assert sticky_comment.main(args) == 0
    body.write_text("<!-- zi-evidence-report -->\n## Laporan ZI Evidence\nversi 2\n")
    assert sticky_comment.main(args) == 0
    ours = [c for c in FakeApi.comments.values() if "zi-evidence-report" in c["body"]]
    assert len(ours) == 1 and "versi 2" in ours[0]["body"]
    assert [m for m, _ in FakeApi.calls] == ["GET", "POST", "GET", "PATCH"]
    assert FakeApi.calls[1][1] == "/repos/pemkot/zi/issues/7/comments"
    assert FakeApi.comments[1]["body"] == "komentar lain dari manusia"


def test_sticky_note_on_gitlab(fake_api, tmp_path):
    body = tmp_path / "report.md"
    body.write_text("laporan tanpa penanda")
    args = ["gitlab", "--project", "grup/zi", "--mr", "3", "--body", str(body), "--api-url", fake_api]
    assert sticky_comment.main(args) == 0 and sticky_comment.main(args) == 0
    assert [m for m, _ in FakeApi.calls] == ["GET", "POST", "GET", "PUT"]
    assert FakeApi.calls[1][1] == "/projects/grup%2Fzi/merge_requests/3/notes"


def test_sticky_comment_rejects_untrusted_numbers_and_hosts(tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "x")
    body = tmp_path / "r.md"
    body.write_text("x")
    assert sticky_comment.main(["github", "--repo", "a/b", "--pr", "7; rm -rf /", "--body", str(body)]) == 2
    with pytest.raises(SystemExit):
        sticky_comment.Api("http://example.com", {})


WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
WRITE_ALLOWED = {("pr-comment.yml", "comment"): {"pull-requests": "write", "actions": "read", "contents": "read"},
                 ("pages.yml", "deploy"): {"pages": "write", "id-token": "write"}}


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflows_are_least_privilege_and_pinned(path):
    text = path.read_text()
    data = yaml.safe_load(text)
    triggers = data.get("on", data.get(True))
    assert "pull_request_target" not in triggers
    assert data["permissions"] == {"contents": "read"}
    for job_id, job in data["jobs"].items():
        perms = job.get("permissions")
        if perms is not None:
            assert perms == WRITE_ALLOWED[(path.name, job_id)]
        for step in job.get("steps", []):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    if "workflow_run" in triggers:  # never check out or run the pull request's code with a write token
        assert "head_sha" not in text and "head_branch" not in text


def test_gitlab_ci_parses_and_uses_the_same_commands():
    data = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    script = "\n".join(data["report"]["script"])
    assert "zi pr-report" in script and "zi authz" in script and "sticky_comment.py gitlab" in script
    assert data["pages"]["artifacts"]["paths"] == ["public"]
