"""``zi verdict --base REV --head REV --actor LOGIN`` — the binding pull-request verdict (see ``verdict.py``)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..i18n import _
from ..yamlio import atomic_write_text
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verdict", help=_('putusan pull request oleh perkakas cabang dasar: validasi, nilai, hak akses (untuk CI)'))
    p.add_argument("--base", required=True, help=_('revisi dasar (SHA dari event pull request)'))
    p.add_argument("--head", required=True, help=_('revisi kepala (SHA dari event pull request), dibaca sebagai data'))
    p.add_argument("--actor", required=True, help=_('akun pembuat pull request'))
    p.add_argument("--root", help=_('akar repositori (checkout cabang dasar)'))
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument("--output", help=_('tulis ke berkas ini (bawaan: layar)'))
    p.add_argument("--json-output", help=_('juga tulis putusan sebagai JSON ke berkas ini'))
    p.add_argument("--details-url", help=_('alamat ringkasan job (dirujuk bila komentar dipotong)'))
    p.add_argument("--full", action="store_true",
                   help=_('periksa seluruh repositori, bukan hanya unit yang diubah (hasilnya sama; lebih lambat)'))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import git

    from ..verdict import build_verdict, render_verdict
    root = repo_root(args.root)
    try:
        verdict = build_verdict(root, args.base, args.head, args.actor, full=args.full)
    except (git.BadName, git.InvalidGitRepositoryError, ValueError) as exc:
        raise UsageError(_('revisi atau repositori Git tidak dikenal: {exc}').format(exc=exc)) from exc
    as_json = json.dumps(verdict, ensure_ascii=False, indent=1) + "\n"
    out = as_json if args.format == "json" else render_verdict(verdict, args.details_url)
    if args.json_output:
        atomic_write_text(Path(args.json_output), as_json)
    if args.output:
        atomic_write_text(Path(args.output), out)
    else:
        print(out, end="")
    return EXIT_OK if verdict["state"] == "success" else EXIT_PROBLEMS
