"""Post or update one sticky report comment on a GitHub pull request or a GitLab merge request.

Runs in the trusted ``workflow_run`` job (GitHub) or the merge-request pipeline (GitLab) with only the standard
library: it never imports or runs code from the pull request, and treats the report file as plain text.

    python tooling/zi_evidence/ci/sticky_comment.py github --repo OWNER/NAME --pr 12 --body report.md
    python tooling/zi_evidence/ci/sticky_comment.py gitlab --project 42 --mr 7 --body report.md
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

MARKER = "<!-- zi-evidence-report -->"
MAX_BODY = 60_000  # GitHub's limit is 65,536 characters


class Api:
    def __init__(self, base: str, headers: dict[str, str]) -> None:
        if not base.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise SystemExit(f"alamat API tidak aman: {base}")
        self.base = base.rstrip("/")
        self.headers = headers

    def call(self, method: str, path: str, payload: dict | None = None) -> object:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,  # noqa: S310 — scheme checked in __init__
                                         headers={**self.headers, "Content-Type": "application/json", "Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — scheme checked in __init__
            body = response.read()
        return json.loads(body) if body else None


def prepare(body: str) -> str:
    body = body if body.startswith(MARKER) else f"{MARKER}\n{body}"
    if len(body) > MAX_BODY:
        body = body[:MAX_BODY] + "\n\n… (laporan dipotong; lihat ringkasan job untuk versi lengkap)\n"
    return body


def _find(items: list, key: str) -> int | None:
    for item in items:
        if isinstance(item, dict) and MARKER in str(item.get(key) or ""):
            return int(item["id"])
    return None


def github(api: Api, repo: str, pr: int, body: str) -> str:
    page = 1
    while True:
        comments = api.call("GET", f"/repos/{repo}/issues/{pr}/comments?per_page=100&page={page}")
        found = _find(comments or [], "body")
        if found is not None:
            api.call("PATCH", f"/repos/{repo}/issues/comments/{found}", {"body": body})
            return "diperbarui"
        if not comments or len(comments) < 100:
            break
        page += 1
    api.call("POST", f"/repos/{repo}/issues/{pr}/comments", {"body": body})
    return "dibuat"


def gitlab(api: Api, project: str, mr: int, body: str) -> str:
    pid = urllib.parse.quote(project, safe="")
    notes = api.call("GET", f"/projects/{pid}/merge_requests/{mr}/notes?per_page=100&sort=asc")
    found = _find(notes or [], "body")
    if found is not None:
        api.call("PUT", f"/projects/{pid}/merge_requests/{mr}/notes/{found}", {"body": body})
        return "diperbarui"
    api.call("POST", f"/projects/{pid}/merge_requests/{mr}/notes", {"body": body})
    return "dibuat"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="host", required=True)
    g = sub.add_parser("github")
    g.add_argument("--repo", required=True)
    g.add_argument("--pr", required=True)
    g.add_argument("--body", required=True)
    g.add_argument("--api-url", default=os.environ.get("GITHUB_API_URL", "https://api.github.com"))
    lab = sub.add_parser("gitlab")
    lab.add_argument("--project", required=True)
    lab.add_argument("--mr", required=True)
    lab.add_argument("--body", required=True)
    lab.add_argument("--api-url", default=os.environ.get("CI_API_V4_URL", "https://gitlab.com/api/v4"))
    args = parser.parse_args(argv)
    number = args.pr if args.host == "github" else args.mr
    if not re.fullmatch(r"[1-9]\d{0,9}", str(number).strip()):  # the number comes from an artifact: treat it as untrusted
        print(f"nomor PR/MR tidak sah: {number!r}", file=sys.stderr)
        return 2
    with open(args.body, encoding="utf-8", errors="replace") as handle:
        body = prepare(handle.read())
    if args.host == "github":
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", args.repo):
            print(f"nama repositori tidak sah: {args.repo!r}", file=sys.stderr)
            return 2
        api = Api(args.api_url, {"Authorization": f"Bearer {os.environ['GITHUB_TOKEN']}", "X-GitHub-Api-Version": "2022-11-28"})
        outcome = github(api, args.repo, int(number), body)
    else:
        api = Api(args.api_url, {"PRIVATE-TOKEN": os.environ["ZI_GITLAB_TOKEN"]})
        outcome = gitlab(api, args.project, int(number), body)
    print(f"komentar laporan {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
