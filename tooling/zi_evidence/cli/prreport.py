"""``zi pr-report --base REV [--head REV] [--format md|json|text]`` — what a pull request changes."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..i18n import _
from ..yamlio import atomic_write_text
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pr-report", help=_('laporan perubahan pull request: validasi, nilai sebelum → sesudah, bukti'))
    p.add_argument("--base", required=True, help=_('revisi dasar (mis. origin/main)'))
    p.add_argument("--head", help=_('revisi kepala (bawaan: isi folder kerja saat ini)'))
    p.add_argument("--root", help=_('akar repositori'))
    p.add_argument("--format", choices=("md", "json", "text"), default="md",
                   help=_('md: komentar pull request; text: untuk terminal; json: untuk program'))
    p.add_argument("--output", help=_('tulis ke berkas ini (bawaan: layar)'))
    p.add_argument("--full", action="store_true",
                   help=_('periksa seluruh repositori, bukan hanya unit yang diubah (hasilnya sama; lebih lambat)'))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import git

    from ..prreport import build_report, render_markdown, render_text
    root = repo_root(args.root)
    try:
        report = build_report(root, args.base, args.head, full=args.full)
    except (git.BadName, git.InvalidGitRepositoryError, ValueError) as exc:
        raise UsageError(_('revisi atau repositori Git tidak dikenal: {exc}').format(exc=exc)) from exc
    out = (json.dumps(report, ensure_ascii=False, indent=1) + "\n" if args.format == "json"
           else render_text(report) if args.format == "text" else render_markdown(report))
    if args.output:
        atomic_write_text(Path(args.output), out)
    else:
        print(out, end="")
    return EXIT_PROBLEMS if any(p["severity"] == "error" for p in report["problems"]) else EXIT_OK
