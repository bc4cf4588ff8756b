"""``zi doctor --github OWNER/REPO`` — does the repository's configuration make the verdict binding?"""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path

from ..i18n import _
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help=_('periksa pengaturan repositori yang membuat putusan zi/verdict mengikat (token dari GITHUB_TOKEN)'))
    p.add_argument("--github", metavar="OWNER/REPO")
    p.add_argument("--cms", metavar="ADMIN_DIR", help=_('periksa juga konfigurasi formulir CMS yang dibuat `zi cms` (folder admin/)'))
    p.add_argument("--root", help=_('repositori lokal yang diperiksa bersama (bawaan: folder ini); berkas bukti internal di repositori publik'))
    p.add_argument("--api-url", default=os.environ.get("GITHUB_API_URL", "https://api.github.com"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..doctor import Finding, GitHub, check_github

    if not args.github and not args.cms:
        raise UsageError(_('sebutkan --github OWNER/REPO dan/atau --cms ADMIN_DIR'))
    findings: list[Finding] = []
    if args.cms:
        findings += cms_findings(Path(args.cms))
    if not args.github:
        return report(findings)

    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", args.github):
        raise UsageError(_('--github {github!r}: tulis sebagai OWNER/REPO').format(github=args.github))
    try:
        api = GitHub(args.api_url, os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN"))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    from .common import repo_root

    try:
        root: Path | None = repo_root(args.root)
    except UsageError:
        root = None  # run outside a repository: the settings only
    findings += check_github(api, args.github, root)
    return report(findings)


def cms_findings(folder: Path) -> list:
    from ..cms import config_findings
    from ..doctor import Finding

    out = []
    for sub in (folder, folder / "tpi"):
        path = sub / "config.json"
        if not path.is_file():
            out.append(Finding(False, f"{path} ada", "jalankan `zi cms --out ADMIN_DIR`"))
            continue
        try:
            config = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            out.append(Finding(False, f"{path} dapat dibaca", f"buat ulang dengan `zi cms` ({exc})"))
            continue
        out += [Finding(ok, what, fix) for ok, what, fix in config_findings(config, str(path))]
    return out


def report(findings: list) -> int:
    for f in findings:
        print(f"{'✓' if f.ok else '✗'} {f.what}" + ("" if f.ok else f" — {f.fix}"))
    missing = [f for f in findings if not f.ok]
    print(f"zi doctor: {len(findings) - len(missing)}/{len(findings)} pengaturan sesuai" + (" — putusan belum mengikat" if missing else ""))
    return EXIT_PROBLEMS if missing else EXIT_OK
