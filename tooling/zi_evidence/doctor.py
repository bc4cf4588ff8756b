"""Is the verdict binding? The repository settings that make `zi/verdict` count, read from the GitHub API.

A verdict nobody is required to pass is advice. What makes it binding: the default branch is protected, the
`zi/verdict` status is required, Code Owners must approve (so the TPI approves TPI files and admins approve tooling,
rules and workflows), nobody pushes to it directly or by force, workflows get a read-only token by default, and Pages
deploys from the Actions workflow. Each check says what to change where it fails.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .layout import EVIDENCE, MANIFEST
from .verdict import CONTEXT


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str  # Indonesian: the setting
    fix: str = ""  # Indonesian: where to change it (when not ok)


class GitHub:
    def __init__(self, api_url: str, token: str | None) -> None:
        if not api_url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ValueError(f"alamat API tidak aman: {api_url}")
        self.base, self.token = api_url.rstrip("/"), token

    def get(self, path: str) -> tuple[int, object]:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.base + path, headers=headers)  # noqa: S310 - scheme checked above
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - scheme checked above
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, None


def internal_files(root: Path) -> list[str]:
    """The evidence files kept in the repository (``file:``) whose entry is internal: what a public repository leaks."""
    from .disclosure import is_public
    from .repository import Repository

    repo = Repository(root)
    out = []
    for uid in repo.unit_ids():
        manifest = repo.read_optional(f"{EVIDENCE}/{uid}/{MANIFEST}")
        for entry in manifest.get("items") or []:
            if isinstance(entry, dict) and entry.get("file") and not is_public(entry):
                out.append(f"{EVIDENCE}/{uid}/{entry['file']}")
    return out


def private_evidence_finding(public: bool, internal: list[str]) -> Finding:
    """The policy (developer/mulai.md): internal evidence files live only in a private repository. A public one may
    hold internal entries recorded by sha256 and location alone (the file kept in the unit's private store)."""
    if not public or not internal:
        return Finding(True, "berkas bukti internal tidak tersimpan di repositori publik")
    return Finding(False, "berkas bukti internal tidak tersimpan di repositori publik",
                   f"repositori ini publik dan menyimpan {len(internal)} berkas bukti internal (mis. {internal[0]}): jadikan "
                   "repositori private (Settings → General → Danger Zone → Change visibility), atau hapus berkasnya dari "
                   "repositori dan riwayatnya dan catat bukti itu dengan url + sha256 ke penyimpanan privat unit")


def check_github(api: GitHub, repo: str, root: Path | None = None) -> list[Finding]:
    out: list[Finding] = []
    status, info = api.get(f"/repos/{repo}")
    if status != 200 or not isinstance(info, dict):
        return [Finding(False, f"repositori {repo} dapat dibaca", f"periksa nama repositori dan token (HTTP {status})")]
    if root is not None:
        out.append(private_evidence_finding(not info.get("private") and info.get("visibility") != "internal", internal_files(root)))
    branch = str(info.get("default_branch") or "main")
    status, protection = api.get(f"/repos/{repo}/branches/{branch}/protection")
    if status != 200 or not isinstance(protection, dict):
        out.append(Finding(False, f"cabang {branch} terlindungi", f"Settings → Branches → Add rule untuk {branch} (HTTP {status}; "
                                                                   "token perlu izin administrasi untuk membaca aturan ini)"))
        protection = {}
    else:
        out.append(Finding(True, f"cabang {branch} terlindungi"))
    required = protection.get("required_status_checks") or {}
    contexts = set(required.get("contexts") or []) | {c.get("context") for c in required.get("checks") or [] if isinstance(c, dict)}
    out.append(Finding(CONTEXT in contexts, f"status {CONTEXT} wajib lulus sebelum merge",
                       f"Settings → Branches → {branch} → Require status checks to pass → tambahkan {CONTEXT}"))
    reviews = protection.get("required_pull_request_reviews") or {}
    out.append(Finding(bool(reviews), "perubahan lewat pull request dengan persetujuan",
                       f"Settings → Branches → {branch} → Require a pull request before merging"))
    out.append(Finding(bool(reviews.get("require_code_owner_reviews")), "persetujuan Code Owners wajib (TPI untuk berkas TPI, admin untuk perkakas)",
                       f"Settings → Branches → {branch} → Require review from Code Owners"))
    enforce = (protection.get("enforce_admins") or {}).get("enabled")
    out.append(Finding(bool(enforce), "aturan berlaku juga untuk admin (tidak ada push langsung)",
                       f"Settings → Branches → {branch} → Do not allow bypassing the above settings"))
    force = (protection.get("allow_force_pushes") or {}).get("enabled")
    out.append(Finding(protection != {} and not force, "force push ke cabang utama dilarang", f"Settings → Branches → {branch} → matikan Allow force pushes"))
    status, perms = api.get(f"/repos/{repo}/actions/permissions/workflow")
    read_only = isinstance(perms, dict) and perms.get("default_workflow_permissions") == "read"
    out.append(Finding(read_only, "token alur kerja bawaan hanya-baca",
                       "Settings → Actions → General → Workflow permissions → Read repository contents and packages permissions"))
    status, pages = api.get(f"/repos/{repo}/pages")
    out.append(Finding(isinstance(pages, dict) and pages.get("build_type") == "workflow", "GitHub Pages diterbitkan dari GitHub Actions (pages.yml)",
                       "Settings → Pages → Build and deployment → Source: GitHub Actions"))
    status, owners = api.get(f"/repos/{repo}/codeowners/errors")
    errors = owners.get("errors") if isinstance(owners, dict) else None
    out.append(Finding(status == 200 and not errors, ".github/CODEOWNERS sah menurut GitHub",
                       "jalankan `zi codeowners`, commit, dan periksa akun/tim yang disebut" + (f" ({len(errors)} galat)" if errors else "")))
    return out
