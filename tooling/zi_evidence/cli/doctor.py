"""``zi doctor --github OWNER/REPO`` — does the repository's configuration make the verdict binding?"""

from __future__ import annotations

import argparse
import os
import re

from ..i18n import _
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help=_('periksa pengaturan repositori yang membuat putusan zi/verdict mengikat (token dari GITHUB_TOKEN)'))
    p.add_argument("--github", required=True, metavar="OWNER/REPO")
    p.add_argument("--api-url", default=os.environ.get("GITHUB_API_URL", "https://api.github.com"))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..doctor import GitHub, check_github

    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", args.github):
        raise UsageError(_('--github {github!r}: tulis sebagai OWNER/REPO').format(github=args.github))
    try:
        api = GitHub(args.api_url, os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN"))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    findings = check_github(api, args.github)
    for f in findings:
        print(f"{'✓' if f.ok else '✗'} {f.what}" + ("" if f.ok else f" — {f.fix}"))
    missing = [f for f in findings if not f.ok]
    print(f"zi doctor: {len(findings) - len(missing)}/{len(findings)} pengaturan sesuai" + (" — putusan belum mengikat" if missing else ""))
    return EXIT_PROBLEMS if missing else EXIT_OK
