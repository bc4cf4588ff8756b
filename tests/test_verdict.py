"""Trust II: the pull-request verdict can't be forged, and the record can't vouch for itself — every attack replayed."""

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

from committed import SOURCE, commit
from conftest import ROOT
from zi_evidence.ci import publish
from zi_evidence.cli import main as zi
from zi_evidence.render.comment import MAX_COMMENT, code, inline
from zi_evidence.verdict import build_verdict, render_verdict

MAINTAINER = "disdukcapil-zi"  # a maintainer of units/disdukcapil in the demo
TPI = "tpi-kota-contoh"


@pytest.fixture
def gitrepo(tmp_path) -> tuple[Path, git.Repo]:
    """A repository with the tooling committed too, so a branch can tamper with it."""
    root = tmp_path / "repo"
    for name in ("rules", "units", "evidence", "docs", ".github", "tooling"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    repo = git.Repo.init(root, initial_branch="main")
    commit(repo, "Data awal", "organisasi-kota-contoh")
    return root, repo


def test_a_head_that_rewrites_its_own_tooling_still_gets_the_real_verdict(gitrepo):
    root, repo = gitrepo
    repo.git.checkout("-b", "serangan")
    runner = root / "tooling/zi_evidence/check/runner.py"
    runner.write_text(runner.read_text() + "\n\ndef check_repository(*args, **kwargs):  # forged: 'no problems'\n    return CheckReport()\n")
    (root / ".gitattributes").write_text("units/** export-ignore\n")  # would hide the data from `git archive`
    unit = root / "units/disdukcapil/unit.yaml"
    unit.write_text(unit.read_text().replace("target: WBK", "target: WBX"))
    head = commit(repo, "Semua beres", MAINTAINER)
    verdict = build_verdict(root, "main", head, MAINTAINER)
    assert verdict["state"] == "failure"
    assert any(p["file"] == "units/disdukcapil/unit.yaml" and p["severity"] == "error" for p in verdict["report"]["problems"])
    assert "tooling/zi_evidence/check/runner.py" in verdict["authz"]["protected"]
    assert any(v["path"] == "tooling/zi_evidence/check/runner.py" for v in verdict["authz"]["files"])  # not the maintainer's file
    assert zi(["verdict", "--root", str(root), "--base", "main", "--head", head, "--actor", MAINTAINER, "--output", str(root / "v.md")]) == 1
    assert "Perubahan perkakas" in (root / "v.md").read_text()


def test_a_maintainer_cannot_award_a_predicate_or_later_stages(gitrepo, capsys):
    root, repo = gitrepo
    repo.git.checkout("-b", "predikat-sendiri")
    unit = root / "units/disdukcapil/unit.yaml"
    text = unit.read_text()
    assert "predicates:" not in text
    unit.write_text(text + "predicates:\n- predicate: WBK\n  granted: '2026-10-01'\n  decree: 'SK palsu'\n")
    head = commit(repo, "Predikat", MAINTAINER)
    assert zi(["authz", "--root", str(root), "--base", "main", "--head", head, "--actor", MAINTAINER]) == 1
    out = capsys.readouterr().out
    line = next(n for n, t in enumerate(unit.read_text().splitlines(), 1) if t.startswith("predicates:"))
    assert f"units/disdukcapil/unit.yaml:{line}: @{MAINTAINER} tidak berhak mengubah kolom predicates" in out
    # the TPI may record it
    assert zi(["authz", "--root", str(root), "--base", "main", "--head", head, "--actor", TPI]) == 0


@pytest.mark.parametrize("stage,allowed", [("pembangunan", True), ("evaluasi_tpi", False), ("predikat", False), ("pencabutan", False)])
def test_stages_belong_to_their_role(gitrepo, stage, allowed):
    from zi_evidence.verdict import authorization

    root, repo = gitrepo
    repo.git.checkout("-b", f"tahap-{stage}")
    unit = root / "units/kecamatan-sukamaju/unit.yaml"
    data = yaml.safe_load(unit.read_text())
    data["stages"].append({"stage": stage, "date": "2026-06-01"})
    unit.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    head = commit(repo, "Tahap", "x")
    actor = yaml.safe_load(unit.read_text())["maintainers"][0]
    auth = authorization(repo, "main", head, actor)
    assert auth.ok is allowed, auth.fields
    assert authorization(repo, "main", head, "organisasi-kota-contoh").ok  # an admin may


def test_a_pr_cannot_change_the_field_policy_for_itself(gitrepo):
    from zi_evidence.verdict import authorization

    root, repo = gitrepo
    repo.git.checkout("-b", "kebijakan")
    policy = root / "tooling/zi_evidence/policy/field_owners.yaml"
    policy.write_text(policy.read_text().replace("predicates: {owners: [tpi, admin]", "predicates: {owners: [maintainer, tpi, admin]"))
    unit = root / "units/disdukcapil/unit.yaml"
    unit.write_text(unit.read_text() + "predicates:\n- predicate: WBK\n  granted: '2026-10-01'\n")
    head = commit(repo, "Kebijakan baru dan predikat", MAINTAINER)
    auth = authorization(repo, "main", head, MAINTAINER)
    assert any(v["field"] == "predicates" for v in auth.fields)  # judged by the base revision's policy
    assert "tooling/zi_evidence/policy/field_owners.yaml" in auth.protected


HOSTILE = "`` @everyone ![piksel](https://pelacak.example/p.gif) <img src=x onerror=alert(1)> [klik](javascript:alert(1)) #1 www.evil.example"


def test_injection_strings_arrive_inert_in_the_comment(gitrepo):
    root, repo = gitrepo
    repo.git.checkout("-b", "injeksi")
    lke = root / "units/dinas-sosial/lke/2026/self.yaml"
    text = lke.read_text()
    lke.write_text(text.replace("answers:\n", f"catatan_unit: {json.dumps(HOSTILE)}\nanswers:\n  {json.dumps('P.MP.1.a`@x')}: Ya\n", 1))
    manifest = root / "evidence/dinas-sosial/manifest.yaml"
    manifest.write_text(manifest.read_text().replace("title: SK Tim Kerja Pembangunan ZI Dinas Sosial", f"title: {json.dumps(HOSTILE)}"))
    head = commit(repo, "Injeksi", "dinassosial-zi")
    body = render_verdict(build_verdict(root, "main", head, "@everyone`<b>"))
    assert "@everyone" not in body and "@​everyone" in body  # zero-width space after every @
    assert "![" not in body and "<img" not in body and "](http" not in body and "javascript:" not in body and "www.evil" not in body
    for span in re.findall(r"(`+)(.+?)\1", body):  # every code span closes on its own fence
        assert "\n" not in span[1]
    assert "<details>" in body  # our own markup is still there


def test_comment_helpers():
    assert code("a`b") == "``a`b``" and code("``") == "``` `` ```" and code("x|y") == "`x\\|y`"
    assert "@\u200bbudi" in inline("@budi") and "<" not in inline("<b>") and "\n" not in inline("a\nb")
    # only what Markdown acts on is escaped: the raw comment stays readable in an e-mail notification or the API
    assert inline("Rapat tim - catatan: selesai 2026-01-02 (final), nilai = 80") == "Rapat tim - catatan: selesai 2026-01-02 (final), nilai = 80"
    assert inline("- daftar") == "&#45; daftar" and inline("1. satu") == "1&#46; satu"  # never a list when it starts a line
    assert inline(":+1:") .startswith("&#58;") and "javascript:" not in inline("javascript:alert(1)") and "$" not in inline("$x$")


@pytest.mark.slow
def test_a_pr_touching_200_units_fits_one_comment(tmp_path):
    from zi_evidence.synth import generate_repository

    root = tmp_path / "besar"
    generate_repository(ROOT, root, units=200, seed=3)
    repo = git.Repo.init(root, initial_branch="main") if not (root / ".git").exists() else git.Repo(root)
    if not repo.head.is_valid():
        commit(repo, "awal", "admin")
    repo.git.checkout("-b", "semua-unit")
    for path in sorted((root / "units").glob("*/lke/*/self.yaml")):
        data = yaml.safe_load(path.read_text())
        entry = data["answers"]["P.MP.1.a"]
        entry["answer"] = "Tidak" if entry["answer"] == "Ya" else "Ya"
        entry["note"] = HOSTILE
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    (root / "units/instansi.yaml").write_text((root / "units/instansi.yaml").read_text() + "\n# perubahan admin\n")
    head = commit(repo, "Semua", "admin")
    verdict = build_verdict(root, "main", head, "admin")
    assert len(verdict["report"]["units"]) >= 150
    body = render_verdict(verdict, "https://ci.example/run/1")
    assert len(body) <= MAX_COMMENT and "https://ci.example/run/1" in body and "dipotong" in body


class FakeApi(http.server.BaseHTTPRequestHandler):
    """Just enough of the GitHub and GitLab APIs, in memory, on 127.0.0.1."""

    comments: dict[int, dict] = {}
    statuses: list[tuple[str, dict]] = []
    calls: list[tuple[str, str]] = []
    protection: dict | None = None
    repo_settings: dict = {}

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
        path = self.path.split("?")[0]
        if path == "/user":
            return self._reply(200, {"id": 77, "username": "zi-bot"})
        if path.endswith("/protection"):
            return self._reply(200, FakeApi.protection) if FakeApi.protection is not None else self._reply(404, {"message": "Not Found"})
        for suffix, key in (("/actions/permissions/workflow", "workflow"), ("/pages", "pages"), ("/codeowners/errors", "codeowners")):
            if path.endswith(suffix):
                return self._reply(200, FakeApi.repo_settings[key]) if key in FakeApi.repo_settings else self._reply(404, {})
        if re.fullmatch(r"/repos/[^/]+/[^/]+", path):
            return self._reply(200, {"default_branch": "main", **FakeApi.repo_settings.get("repo", {})})
        self._reply(200, list(FakeApi.comments.values()))

    def do_POST(self):
        FakeApi.calls.append(("POST", self.path))
        assert self.headers.get("Authorization") == "Bearer rahasia" or self.headers.get("PRIVATE-TOKEN") == "rahasia"
        payload = self._body()
        if "/statuses/" in self.path:
            FakeApi.statuses.append((self.path, payload))
            return self._reply(201, payload)
        cid = len(FakeApi.comments) + 100
        FakeApi.comments[cid] = {"id": cid, "body": payload["body"], "user": {"login": "github-actions[bot]"}, "author": {"id": 77}}
        self._reply(201, FakeApi.comments[cid])

    def do_PATCH(self):
        FakeApi.calls.append((self.command, self.path))
        cid = int(self.path.rsplit("/", 1)[1])
        FakeApi.comments[cid]["body"] = self._body()["body"]
        self._reply(200, FakeApi.comments[cid])

    do_PUT = do_PATCH


@pytest.fixture
def fake_api(monkeypatch):
    planted = "<!-- zi-evidence-report -->\n✅ semua lulus (palsu)"
    FakeApi.comments = {1: {"id": 1, "body": "komentar lain dari manusia", "user": {"login": "warga"}, "author": {"id": 5}},
                        2: {"id": 2, "body": planted, "user": {"login": "mallory"}, "author": {"id": 6}}}
    FakeApi.calls, FakeApi.statuses, FakeApi.protection, FakeApi.repo_settings = [], [], None, {}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("GITHUB_TOKEN", "rahasia")
    monkeypatch.setenv("ZI_GITLAB_TOKEN", "rahasia")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_only_our_own_marked_comment_is_updated(fake_api, tmp_path):
    body = tmp_path / "verdict.md"
    body.write_text("<!-- zi-evidence-report -->\n## Putusan\nversi 1\n")
    args = ["github-comment", "--repo", "pemkot/zi", "--pr", "7", "--body", str(body), "--api-url", fake_api]
    assert publish.main(args) == 0
    body.write_text("<!-- zi-evidence-report -->\n## Putusan\nversi 2\n")
    assert publish.main(args) == 0
    ours = [c for c in FakeApi.comments.values() if c["user"]["login"] == "github-actions[bot]"]
    assert len(ours) == 1 and "versi 2" in ours[0]["body"]
    assert FakeApi.comments[2]["body"].endswith("(palsu)")  # the planted marker comment is left alone
    assert [m for m, _ in FakeApi.calls] == ["GET", "POST", "GET", "PATCH"]
    assert FakeApi.calls[3][1] == f"/repos/pemkot/zi/issues/comments/{ours[0]['id']}"


def test_the_status_goes_to_the_head_sha_given(fake_api):
    sha = "a" * 40
    assert publish.main(["github-status", "--repo", "pemkot/zi", "--sha", sha, "--state", "failure", "--description", "2 masalah",
                         "--api-url", fake_api]) == 0
    assert FakeApi.statuses == [(f"/repos/pemkot/zi/statuses/{sha}", {"state": "failure", "context": "zi/verdict", "description": "2 masalah"})]


def test_gitlab_note_is_ours_by_token_identity(fake_api, tmp_path):
    FakeApi.comments[2]["body"] = "<!-- zi-evidence-report -->\npalsu"
    body = tmp_path / "v.md"
    body.write_text("putusan")
    args = ["gitlab-note", "--project", "grup/zi", "--mr", "3", "--body", str(body), "--api-url", fake_api]
    assert publish.main(args) == 0 and publish.main(args) == 0
    assert [m for m, _ in FakeApi.calls] == ["GET", "GET", "POST", "GET", "GET", "PUT"]
    assert FakeApi.calls[2][1] == "/projects/grup%2Fzi/merge_requests/3/notes"
    assert FakeApi.comments[2]["body"].endswith("palsu")


@pytest.mark.parametrize("args", [
    ["github-comment", "--repo", "a/b", "--pr", "7; rm -rf /", "--body", "x"],
    ["github-comment", "--repo", "a/b", "--pr", "0", "--body", "x"],
    ["github-comment", "--repo", "a/b/../c", "--pr", "7", "--body", "x"],
    ["github-status", "--repo", "a/b", "--sha", "main", "--state", "success"],
])
def test_untrusted_numbers_repos_and_shas_are_refused(args, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "x")
    assert publish.main(args) == 2


def test_only_https_or_loopback_apis():
    with pytest.raises(SystemExit):
        publish.Api("http://example.com", {})


def test_doctor_names_what_is_missing_and_passes_when_set(fake_api, capsys):
    assert zi(["doctor", "--github", "pemkot/zi", "--api-url", fake_api]) == 1
    out = capsys.readouterr().out
    assert "✗ cabang main terlindungi" in out and "Require review from Code Owners" in out and "zi/verdict" in out
    FakeApi.protection = {"required_status_checks": {"contexts": ["zi/verdict"]}, "required_pull_request_reviews": {"require_code_owner_reviews": True},
                          "enforce_admins": {"enabled": True}, "allow_force_pushes": {"enabled": False}}
    FakeApi.repo_settings = {"workflow": {"default_workflow_permissions": "read"}, "pages": {"build_type": "workflow"}, "codeowners": {"errors": []},
                             "repo": {"private": True, "visibility": "private"}}
    assert zi(["doctor", "--github", "pemkot/zi", "--api-url", fake_api, "--root", str(SOURCE)]) == 0
    assert "10/10 pengaturan sesuai" in capsys.readouterr().out


def test_doctor_fails_a_public_repository_that_holds_internal_evidence_files(fake_api, capsys, repo_copy):
    from zi_evidence.doctor import internal_files

    FakeApi.protection = {"required_status_checks": {"contexts": ["zi/verdict"]}, "required_pull_request_reviews": {"require_code_owner_reviews": True},
                          "enforce_admins": {"enabled": True}, "allow_force_pushes": {"enabled": False}}
    FakeApi.repo_settings = {"workflow": {"default_workflow_permissions": "read"}, "pages": {"build_type": "workflow"}, "codeowners": {"errors": []},
                             "repo": {"private": False, "visibility": "public"}}
    held = internal_files(repo_copy)
    assert held and all(p.startswith("evidence/") for p in held)  # the demo keeps internal files: only a private repository may
    assert zi(["doctor", "--github", "pemkot/zi", "--api-url", fake_api, "--root", str(repo_copy)]) == 1
    out = capsys.readouterr().out
    assert f"✗ berkas bukti internal tidak tersimpan di repositori publik — repositori ini publik dan menyimpan {len(held)} berkas" in out
    assert "Change visibility" in out and "sha256" in out
    import yaml

    for manifest in (repo_copy / "evidence").glob("*/manifest.yaml"):  # internal files taken out: a public repository is fine
        data = yaml.safe_load(manifest.read_text())
        data["items"] = [e for e in data.get("items") or [] if e.get("visibility") == "public" or not e.get("file")]
        manifest.write_text(yaml.safe_dump(data, allow_unicode=True))
    assert internal_files(repo_copy) == []
    assert zi(["doctor", "--github", "pemkot/zi", "--api-url", fake_api, "--root", str(repo_copy)]) == 0


# -- the workflow files ---------------------------------------------------------------------------------------------
WORKFLOWS = sorted((SOURCE / ".github/workflows").glob("*.yml"))
WRITE_ALLOWED = {("pr-verdict.yml", "verdict"): {"contents": "read", "pull-requests": "write", "statuses": "write"},
                 ("pages.yml", "deploy"): {"pages": "write", "id-token": "write"},
                 ("reminders.yml", "reminders"): {"contents": "read", "issues": "write"}}


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflows_are_least_privilege_pinned_and_fail_on_pipes(path):
    data = yaml.safe_load(path.read_text())
    assert data["permissions"] == {"contents": "read"}
    assert data["defaults"]["run"]["shell"] == "bash"  # bash -eo pipefail
    for job_id, job in data["jobs"].items():
        perms = job.get("permissions")
        if perms is not None:
            assert perms == WRITE_ALLOWED[(path.name, job_id)]
        for step in job.get("steps", []):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            if "run" in step:
                assert "${{" not in step["run"], "expressions go through env, never into the script"


def test_the_privileged_job_never_runs_pull_request_code():
    data = yaml.safe_load((SOURCE / ".github/workflows/pr-verdict.yml").read_text())
    triggers = data.get("on", data.get(True))
    assert list(triggers) == ["pull_request_target"]
    steps = data["jobs"]["verdict"]["steps"]
    checkout = steps[0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert checkout["with"]["persist-credentials"] is False
    assert sum("actions/checkout" in s.get("uses", "") for s in steps) == 1
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "pip install -c constraints.txt ." in runs and "-e" not in runs.split("pip install", 1)[1].split("\n", 1)[0]
    assert "download-artifact" not in json.dumps(data)  # nothing a pull request wrote is read
    env = {k: v for s in steps for k, v in (s.get("env") or {}).items()}
    assert env["PR_NUMBER"] == "${{ github.event.pull_request.number }}" and env["HEAD_SHA"] == "${{ github.event.pull_request.head.sha }}"
    publish_step = next(s for s in steps if "zi_evidence.ci.publish" in s.get("run", ""))
    assert "GITHUB_TOKEN" in publish_step["env"]
    # the step holding the write token runs the installed package, never a file of the checkout the verdict read around
    assert "tooling/" not in publish_step["run"] and publish_step["run"].count("python3 -m zi_evidence.ci.publish") == 2
    fetch_step = next(s for s in steps if "refs/pull/" in s.get("run", ""))
    assert "fetch.fsckObjects=true" in fetch_step["run"]  # malformed objects are refused before anything reads them
    verdict_step = next(s for s in steps if "zi verdict" in s.get("run", ""))
    assert not any("TOKEN" in k for k in verdict_step["env"])  # the analysis of hostile data holds no token
    assert steps[-1]["run"].strip() == 'test "$CODE" = 0'  # a failed verdict fails the job


def test_the_unprivileged_job_is_read_only_and_publishes_nothing():
    data = yaml.safe_load((SOURCE / ".github/workflows/pr.yml").read_text())
    job = data["jobs"]["check"]
    assert "permissions" not in job and "upload-artifact" not in json.dumps(data)


def test_gitlab_token_only_in_default_branch_pipelines():
    data = yaml.safe_load((SOURCE / ".gitlab-ci.yml").read_text())
    assert "ZI_GITLAB_TOKEN" not in json.dumps(data["check"]) and "ZI_GITLAB_TOKEN" not in json.dumps(data["pages"])
    rules = data["verdict"]["rules"]
    assert len(rules) == 1 and "$CI_DEFAULT_BRANCH" in rules[0]["if"] and "merge_request_event" not in rules[0]["if"]
    script = "\n".join(data["verdict"]["script"])
    assert "zi verdict" in script and "gitlab-note" in script and "gitlab-status" in script and "refs/merge-requests/" in script
    assert "pip install -q -c constraints.txt ." in script and "-e" not in script.split("pip install", 1)[1].split("\n", 1)[0]
    assert "tooling/" not in script and "fetch.fsckObjects=true fetch" in script


def test_zizmor_reports_nothing_at_medium_or_high():
    import subprocess
    import sys

    zizmor = Path(sys.executable).with_name("zizmor")
    if not zizmor.exists():
        pytest.skip("zizmor not installed (pip install -e '.[test]' installs it; .ci/run runs it too)")
    result = subprocess.run([str(zizmor), "--offline", "--min-severity", "medium", str(SOURCE / ".github/workflows")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
