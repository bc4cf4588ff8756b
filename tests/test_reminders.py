"""Reminders without a server: what is due per unit on fixed dates, and one issue per unit kept up to date through a fake
GitHub/GitLab API on 127.0.0.1 — created, left alone when nothing changed, closed when nothing is due."""

from __future__ import annotations

import html
import http.server
import json
import threading
import urllib.parse
from datetime import date

import pytest

from committed import SOURCE
from conftest import ROOT
from test_verdict import FakeApi
from zi_evidence.ci import publish
from zi_evidence.cli import main as zi
from zi_evidence.reminders import unit_reminders
from zi_evidence.repository import Repository


def reminders_on(day: str, capsys, root=ROOT) -> dict:
    capsys.readouterr()
    assert zi(["reminders", "--date", day, "--format", "json", "--root", str(root)]) == 0
    return json.loads(capsys.readouterr().out)


def test_deadline_windows_monitoring_and_bans(capsys):
    may20 = {u["unit"]: u for u in reminders_on("2026-05-20", capsys)["units"]}
    assert may20["dinas-kesehatan"]["reminders"][0]["message"].startswith("H-30: batas pengajuan ke TPN 31 Mei 2026;")
    may25 = {u["unit"]: u for u in reminders_on("2026-05-25", capsys)["units"]}
    assert may25["dinas-kesehatan"]["reminders"][0]["message"].startswith("H-7: batas pengajuan ke TPN 31 Mei 2026;")
    assert may25["disdukcapil"]["reminders"] == []  # its submission to the TPN is recorded for 2026
    assert may25["rsud-kota-contoh"]["reminders"] == []  # revoked in 2025: no proposal before August 2027
    assert "Pengelola unit: @" in may25["dinas-kesehatan"]["body"]
    assert reminders_on("2026-04-20", capsys)["units"][0]["reminders"] == []  # 41 days ahead: nothing yet
    repo = Repository(ROOT)
    soon = unit_reminders(repo, None, "dpmptsp", date(2027, 9, 1))
    assert any(r.kind == "monitoring" and "jatuh tempo 6 Oktober 2027;" in r.message for r in soon)
    late = unit_reminders(repo, None, "dpmptsp", date(2027, 11, 1))
    assert any(r.kind == "monitoring" and "lewat jatuh tempo" in r.message for r in late)


class FakeIssues(FakeApi):
    """The issues endpoints of GitHub and GitLab (the reply helpers are the verdict tests' fake API)."""

    issues: dict[int, dict] = {}
    calls: list[tuple[str, str]] = []
    login = "github-actions[bot]"

    def do_GET(self):  # noqa: N802
        FakeIssues.calls.append(("GET", self.path))
        if self.path == "/user":
            return self._reply(200, {"id": 1})
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        open_ = [i for i in FakeIssues.issues.values() if i["state"] in ("open", "opened")]
        return self._reply(200, open_ if query.get("page", ["1"])[0] == "1" else [])

    def do_POST(self):  # noqa: N802
        FakeIssues.calls.append(("POST", self.path))
        body = self._body()
        number = max(FakeIssues.issues, default=0) + 1
        FakeIssues.issues[number] = {"number": number, "iid": number, "state": "open", "user": {"login": FakeIssues.login},
                                     "author": {"id": 1}, "body": body.get("body"), "description": body.get("description"),
                                     "title": body["title"]}
        self._reply(201, FakeIssues.issues[number])

    def do_PATCH(self):  # noqa: N802
        FakeIssues.calls.append((self.command, self.path))
        issue = FakeIssues.issues[int(self.path.rsplit("/", 1)[1])]
        body = self._body()
        issue.update({k: v for k, v in body.items() if k in ("body", "description", "state")})
        if body.get("state_event") == "close":
            issue["state"] = "closed"
        self._reply(200, issue)

    do_PUT = do_PATCH


@pytest.fixture
def fake_issues(monkeypatch):
    planted = "<!-- zi-reminder:dinas-kesehatan -->\nsemua beres (palsu)"
    FakeIssues.issues = {1: {"number": 1, "iid": 1, "state": "open", "user": {"login": "mallory"}, "author": {"id": 9}, "body": planted,
                             "title": "palsu"}}
    FakeIssues.calls = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeIssues)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("GITHUB_TOKEN", "rahasia")
    monkeypatch.setenv("ZI_GITLAB_TOKEN", "rahasia")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.slow
@pytest.mark.parametrize("host", ["github", "gitlab"])
def test_one_issue_per_unit_idempotent_and_closed_when_done(fake_issues, tmp_path, capsys, host):
    due: dict[str, int] = {}  # day -> units with something due that day (from the data, not a count written here)

    def run(day: str) -> dict:
        path = tmp_path / f"{day}.json"
        data = reminders_on(day, capsys)
        due[day] = sum(1 for u in data["units"] if u["reminders"])
        path.write_text(json.dumps(data))
        target = ["--repo", "pemkot/zi"] if host == "github" else ["--project", "42"]
        assert publish.main([f"{host}-reminders", *target, "--input", str(path), "--api-url", fake_issues]) == 0
        return json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    first = run("2026-05-20")
    ours = [i for i in FakeIssues.issues.values() if i["user"]["login"] != "mallory"]
    assert first["dibuat"] == len(ours) == due["2026-05-20"] >= 2  # one issue per unit with something due
    text = next(i["body"] or i["description"] for i in ours if "dinas-kesehatan" in (i["body"] or i["description"]))
    assert "H-30" in html.unescape(text) and "Pengelola unit: @" in text  # escaped as entities, shown as written
    assert FakeIssues.issues[1]["body"].endswith("(palsu)")  # a planted marker by someone else is never ours
    writes = len([c for c in FakeIssues.calls if c[0] != "GET"])
    assert run("2026-05-21") == {"dibuat": 0, "diperbarui": 0, "ditutup": 0, "tetap": len(ours)}  # a new day alone changes nothing
    assert len([c for c in FakeIssues.calls if c[0] != "GET"]) == writes
    assert run("2026-05-25")["diperbarui"] == len(ours)  # H-7 now: the text changed
    done = run("2026-06-10")  # after the deadline, the next one is a year away
    assert done["ditutup"] == len(ours) and all(i["state"] == "closed" for i in FakeIssues.issues.values() if i["user"]["login"] != "mallory")


def test_the_scheduled_workflows_keep_the_issues():
    workflow = (SOURCE / ".github/workflows/reminders.yml").read_text()
    assert "schedule:" in workflow and "issues: write" in workflow and "zi reminders --format json" in workflow
    assert "github-reminders" in workflow and "pull_request" not in workflow
    gitlab = (SOURCE / ".gitlab-ci.yml").read_text()
    assert "gitlab-reminders" in gitlab and "zi reminders --format json" in gitlab


def test_the_issue_body_escapes_unit_data():
    """A unit's name and the messages that quote unit data reach the issue only through the comment policy."""
    from datetime import date

    from zi_evidence.reminders import Reminder, issue_body
    body = issue_body("x", "Dinas ![pelacak](https://evil.example/p.gif) [klik](https://evil.example) @semua-orang <b>tebal</b>",
                      ["budi-zi", "@rina", "orang jahat [x](https://evil.example)"],
                      [Reminder("revisi", "predikat ![p](https://evil.example/q.gif) @tim-lain #12")], date(2026, 12, 1))
    assert "![" not in body and "](" not in body and "<b>" not in body and "https://evil" not in body
    assert "@semua-orang" not in body and "@tim-lain" not in body and "#12" not in body  # no mention or reference fires
    assert "@budi-zi" in body and "@rina" in body and "orang jahat" not in body  # only well-formed maintainer accounts
