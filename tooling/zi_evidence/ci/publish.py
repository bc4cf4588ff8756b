"""Publish a verdict: one sticky comment (GitHub PR) or note (GitLab MR), and a commit status branch protection can require.

Standard library only; run by the privileged CI job from the base branch's checkout, after `zi verdict` wrote the
comment body. It never reads a pull-request number or SHA from a file a pull request could write: both come from the
command line, which the workflow fills from the event payload (GitHub) or the API (GitLab).

Only a comment **written by the workflow's own identity** and starting with the marker is updated; a marker planted by
anyone else is left alone (GitHub: the comment's author login, ``github-actions[bot]`` by default; GitLab: the token's
own user from ``GET /user``).

    python tooling/zi_evidence/ci/publish.py github-comment --repo OWNER/NAME --pr 12 --body report.md
    python tooling/zi_evidence/ci/publish.py github-status --repo OWNER/NAME --sha SHA --state success --description "…"
    python tooling/zi_evidence/ci/publish.py gitlab-note --project 42 --mr 7 --body report.md
    python tooling/zi_evidence/ci/publish.py gitlab-status --project 42 --sha SHA --state failed --description "…"
    python tooling/zi_evidence/ci/publish.py gitlab-open-mrs --project 42        # iid, head SHA, target branch, author per line
    python tooling/zi_evidence/ci/publish.py github-reminders --repo OWNER/NAME --input reminders.json   # `zi reminders --format json`
    python tooling/zi_evidence/ci/publish.py gitlab-reminders --project 42 --input reminders.json
One issue per unit carries that unit's reminders (marker ``<!-- zi-reminder:<unit> -->``, written by our own identity): it
is created when something is due, its body updated only when the text changed, and it is closed when nothing is due.
Tokens come from the environment: GITHUB_TOKEN (GITHUB_API_URL) or ZI_GITLAB_TOKEN (CI_API_V4_URL).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.parse
import urllib.request
from typing import Any

MARKER = "<!-- zi-evidence-report -->"
MAX_BODY = 65_536  # GitHub's limit for a comment, in characters
CONTEXT = "zi/verdict"
_NUMBER = re.compile(r"[1-9]\d{0,9}")
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


class Api:
    def __init__(self, base: str, headers: dict[str, str]) -> None:
        if not base.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise SystemExit(f"alamat API tidak aman: {base}")
        self.base = base.rstrip("/")
        self.headers = headers

    def call(self, method: str, path: str, payload: dict[str, Any] | None = None) -> Any:  # parsed JSON
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,  # noqa: S310 — scheme checked in __init__
                                         headers={**self.headers, "Content-Type": "application/json", "Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — scheme checked in __init__
            body = response.read()
        return json.loads(body) if body else None


def prepare(body: str) -> str:
    """The marker first; never more than GitHub accepts (``zi verdict`` already fits it, this is the last guard)."""
    body = body if body.startswith(MARKER) else f"{MARKER}\n{body}"
    if len(body) > MAX_BODY:
        tail = "\n\n… (laporan dipotong; lihat ringkasan job)\n"
        body = body[: MAX_BODY - len(tail)] + tail
    return body


def _ours(item: object, is_author) -> bool:
    return isinstance(item, dict) and str(item.get("body") or "").startswith(MARKER) and is_author(item)


def _upsert(api: Api, listing: str, item: str, create: str, method: str, body: str, is_author) -> str:
    """Update our own marked comment or note (found page by page), else create one."""
    page = 1
    while True:
        found_items = api.call("GET", f"{listing}&page={page}") or []
        found = next((c for c in found_items if _ours(c, is_author)), None)
        if found is not None:
            api.call(method, f"{item}/{int(found['id'])}", {"body": body})
            return "diperbarui"
        if len(found_items) < 100:
            break
        page += 1
    api.call("POST", create, {"body": body})
    return "dibuat"


def github_comment(api: Api, repo: str, pr: int, body: str, author: str) -> str:
    def is_author(comment: dict) -> bool:
        return str((comment.get("user") or {}).get("login") or "").lower() == author.lower()

    return _upsert(api, f"/repos/{repo}/issues/{pr}/comments?per_page=100", f"/repos/{repo}/issues/comments",
                   f"/repos/{repo}/issues/{pr}/comments", "PATCH", body, is_author)


def github_status(api: Api, repo: str, sha: str, state: str, description: str, target_url: str | None) -> str:
    payload = {"state": state, "context": CONTEXT, "description": description[:140]}
    if target_url:
        payload["target_url"] = target_url
    api.call("POST", f"/repos/{repo}/statuses/{sha}", payload)
    return f"status {CONTEXT}: {state}"


def gitlab_note(api: Api, project: str, mr: int, body: str) -> str:
    pid = urllib.parse.quote(project, safe="")
    me = (api.call("GET", "/user") or {}).get("id")

    def is_author(note: dict) -> bool:
        return me is not None and (note.get("author") or {}).get("id") == me

    notes = f"/projects/{pid}/merge_requests/{mr}/notes"
    return _upsert(api, f"{notes}?per_page=100&sort=asc", notes, notes, "PUT", body, is_author)


def gitlab_status(api: Api, project: str, sha: str, state: str, description: str, target_url: str | None) -> str:
    pid = urllib.parse.quote(project, safe="")
    payload = {"state": state, "name": CONTEXT, "description": description[:255]}
    if target_url:
        payload["target_url"] = target_url
    api.call("POST", f"/projects/{pid}/statuses/{sha}", payload)
    return f"status {CONTEXT}: {state}"


def gitlab_open_mrs(api: Api, project: str, unjudged: bool = True) -> list[str]:
    """``iid sha target_branch author`` of every open merge request whose head has no verdict yet (what the scheduled
    verdict job works through); values that are not plain ids are skipped."""
    pid = urllib.parse.quote(project, safe="")
    out, page = [], 1
    while True:
        mrs = api.call("GET", f"/projects/{pid}/merge_requests?state=opened&per_page=100&page={page}") or []
        for mr in mrs:
            iid, sha = str(mr.get("iid")), str(mr.get("sha") or "")
            author = str((mr.get("author") or {}).get("username") or "")
            branch = str(mr.get("target_branch") or "")
            if not (_NUMBER.fullmatch(iid) and _SHA.fullmatch(sha) and re.fullmatch(r"[A-Za-z0-9_.-]+", author)
                    and re.fullmatch(r"[A-Za-z0-9_./-]+", branch)):
                continue
            if unjudged and api.call("GET", f"/projects/{pid}/repository/commits/{sha}/statuses?name={urllib.parse.quote(CONTEXT)}"):
                continue
            out.append(f"{iid} {sha} {branch} {author}")
        if len(mrs) < 100:
            return out
        page += 1


REMINDER = re.compile(r"^<!-- zi-reminder:([a-z0-9-]+) -->")


def _reminder_issues(api: Api, listing: str, is_author) -> dict[str, dict]:
    """Our own open reminder issues, by unit (page by page)."""
    found: dict[str, dict] = {}
    page = 1
    while True:
        items = api.call("GET", f"{listing}&page={page}") or []
        for issue in items:
            text = str(issue.get("body") or issue.get("description") or "")
            m = REMINDER.match(text)
            if m and is_author(issue) and "pull_request" not in issue:
                found.setdefault(m.group(1), issue)
        if len(items) < 100:
            return found
        page += 1


def sync_reminders(api: Api, units: list[dict], existing: dict[str, dict], create, update, close) -> dict[str, int]:
    """Idempotent: create what is due and missing, update only changed text, close what is no longer due."""
    counts = {"dibuat": 0, "diperbarui": 0, "ditutup": 0, "tetap": 0}
    for unit in units:
        uid, issue = unit["unit"], existing.get(unit["unit"])
        marker = REMINDER.match(unit["body"])
        if not marker or marker.group(1) != uid:
            raise SystemExit(f"isi pengingat unit {uid!r} tanpa penanda yang benar")
        if unit["reminders"]:
            if issue is None:
                create(unit)
                counts["dibuat"] += 1
            elif _without_date(issue) != _without_date({"body": unit["body"]}):
                update(issue, unit)
                counts["diperbarui"] += 1
            else:
                counts["tetap"] += 1
        elif issue is not None:
            close(issue, unit)
            counts["ditutup"] += 1
    return counts


def _without_date(issue: dict) -> str:
    """The body without its "dihitung <tanggal>" stamp: a new day alone is no reason to notify people again."""
    return re.sub(r"dihitung [^.]*\.", "", str(issue.get("body") or issue.get("description") or ""))


def github_reminders(api: Api, repo: str, units: list[dict], author: str) -> dict[str, int]:
    def is_author(issue: dict) -> bool:
        return str((issue.get("user") or {}).get("login") or "") == author

    existing = _reminder_issues(api, f"/repos/{repo}/issues?state=open&per_page=100&creator={urllib.parse.quote(author)}", is_author)
    return sync_reminders(
        api, units, existing,
        create=lambda u: api.call("POST", f"/repos/{repo}/issues", {"title": u["title"], "body": u["body"]}),
        update=lambda i, u: api.call("PATCH", f"/repos/{repo}/issues/{int(i['number'])}", {"body": u["body"]}),
        close=lambda i, u: api.call("PATCH", f"/repos/{repo}/issues/{int(i['number'])}", {"body": u["body"], "state": "closed"}),
    )


def gitlab_reminders(api: Api, project: str, units: list[dict]) -> dict[str, int]:
    me = api.call("GET", "/user") or {}
    my_id = me.get("id") if isinstance(me, dict) else None

    def is_author(issue: dict) -> bool:
        return my_id is not None and (issue.get("author") or {}).get("id") == my_id

    base = f"/projects/{urllib.parse.quote(project, safe='')}/issues"
    existing = _reminder_issues(api, f"{base}?state=opened&per_page=100&author_id={my_id}", is_author)
    return sync_reminders(
        api, units, existing,
        create=lambda u: api.call("POST", base, {"title": u["title"], "description": u["body"]}),
        update=lambda i, u: api.call("PUT", f"{base}/{int(i['iid'])}", {"description": u["body"]}),
        close=lambda i, u: api.call("PUT", f"{base}/{int(i['iid'])}", {"description": u["body"], "state_event": "close"}),
    )


def _units(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    units = data.get("units") if isinstance(data, dict) else None
    if not isinstance(units, list):
        raise SystemExit(f"{path}: bukan keluaran `zi reminders --format json`")
    return units


def _body(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as handle:
        return prepare(handle.read())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    gh_api = os.environ.get("GITHUB_API_URL", "https://api.github.com")
    gl_api = os.environ.get("CI_API_V4_URL", "https://gitlab.com/api/v4")
    for name, host in (("github-comment", "gh"), ("github-status", "gh"), ("gitlab-note", "gl"), ("gitlab-status", "gl"), ("gitlab-open-mrs", "gl"),
                       ("github-reminders", "gh"), ("gitlab-reminders", "gl")):
        p = sub.add_parser(name)
        p.add_argument("--api-url", default=gh_api if host == "gh" else gl_api)
        if host == "gh":
            p.add_argument("--repo", required=True)
        else:
            p.add_argument("--project", required=True)
        if name in ("github-comment", "gitlab-note"):
            p.add_argument("--pr" if host == "gh" else "--mr", dest="number", required=True)
            p.add_argument("--body", required=True)
        if name in ("github-comment", "github-reminders"):
            p.add_argument("--author", default="github-actions[bot]", help="login of the workflow's identity")
        if name.endswith("-reminders"):
            p.add_argument("--input", required=True, help="output of `zi reminders --format json`")
        if name == "gitlab-open-mrs":
            p.add_argument("--all", action="store_true", help="also merge requests whose head already has a verdict")
        if name.endswith("-status"):
            p.add_argument("--sha", required=True)
            p.add_argument("--state", required=True, choices=("success", "failure", "pending", "error") if host == "gh"
                           else ("success", "failed", "pending", "running", "canceled"))
            p.add_argument("--description", default="")
            p.add_argument("--target-url")
    args = parser.parse_args(argv)
    if hasattr(args, "number") and not _NUMBER.fullmatch(str(args.number).strip()):
        print(f"nomor PR/MR tidak sah: {args.number!r}", file=sys.stderr)
        return 2
    if hasattr(args, "sha") and not _SHA.fullmatch(args.sha):
        print(f"SHA commit tidak sah: {args.sha!r}", file=sys.stderr)
        return 2
    if hasattr(args, "repo") and not _REPO.fullmatch(args.repo):
        print(f"nama repositori tidak sah: {args.repo!r}", file=sys.stderr)
        return 2
    if args.action.startswith("github"):
        api = Api(args.api_url, {"Authorization": f"Bearer {os.environ['GITHUB_TOKEN']}", "X-GitHub-Api-Version": "2022-11-28"})
        if args.action == "github-comment":
            outcome = github_comment(api, args.repo, int(args.number), _body(args.body), args.author)
        elif args.action == "github-reminders":
            outcome = json.dumps(github_reminders(api, args.repo, _units(args.input), args.author), ensure_ascii=False)
        else:
            outcome = github_status(api, args.repo, args.sha, args.state, args.description, args.target_url)
    else:
        api = Api(args.api_url, {"PRIVATE-TOKEN": os.environ["ZI_GITLAB_TOKEN"]})
        if args.action == "gitlab-note":
            outcome = gitlab_note(api, args.project, int(args.number), _body(args.body))
        elif args.action == "gitlab-reminders":
            outcome = json.dumps(gitlab_reminders(api, args.project, _units(args.input)), ensure_ascii=False)
        elif args.action == "gitlab-status":
            outcome = gitlab_status(api, args.project, args.sha, args.state, args.description, args.target_url)
        else:
            print("\n".join(gitlab_open_mrs(api, args.project, unjudged=not args.all)))
            return 0
    print(outcome)
    return 0


if __name__ == "__main__":
    sys.exit(main())
