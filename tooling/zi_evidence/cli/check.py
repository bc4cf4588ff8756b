"""``zi check [PATH] [--strict] [--score]`` — validate the repository (and score it in the same pass); exit 0 clean,
1 problems, 2 usage."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from ..check import check_repository
from ..check.cache import UnitCache, cache_dir
from ..check.runner import cached_check
from ..i18n import _
from ..render.annotations import REPORTERS
from ..render.text import format_score
from ..yamlio import atomic_write_text
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError, print_problems, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help=_('validasi seluruh data (skema, rujukan, integritas bukti, data pribadi)'))
    p.add_argument("path", nargs="?", default=None, help=_('akar repositori, atau folder unit untuk memeriksa satu unit saja'))
    p.add_argument("--strict", action="store_true", help=_('peringatan juga dianggap gagal'))
    p.add_argument("--format", choices=sorted(REPORTERS), default="text",
                   help=_('text (bawaan); github: anotasi pada baris PR; gitlab: laporan Code Quality; sarif; json'))
    p.add_argument("--output", help=_('tulis laporan --format ke berkas ini (ringkasan tetap ke layar)'))
    p.add_argument("--score", action="store_true",
                   help=_('sekaligus hitung nilai setiap berkas LKE (seperti zi score units/*/), tiap berkas dibaca sekali'))
    p.add_argument("--no-cache", action="store_true",
                   help=_('jangan pakai cache lokal hasil pemeriksaan unit yang tidak berubah (ZI_CACHE=0 juga mematikannya)'))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    target = Path(args.path) if args.path else None
    if target is not None and not target.exists():
        raise UsageError(_('{path}: tidak ditemukan').format(path=args.path))
    root = repo_root(str(target) if target and (target / "rules").is_dir() else None, target)
    only = target if target is not None and target.resolve() != root.resolve() else None
    if args.score and args.format not in ("text", "github") and not args.output:
        raise UsageError(_('--score menulis tabel nilai ke layar; pakai --output untuk laporan --format {format}').format(format=args.format))
    started = time.perf_counter()
    render = format_score if args.score else None
    folder = None if args.no_cache else cache_dir()
    if folder is not None:  # unchanged units from the local cache (check/cache.py); never used by the verdict
        report = cached_check(root.resolve(), only, UnitCache(folder, root.resolve(), date.today(), "score" if args.score else "check"), render)
    else:
        report = check_repository(root, only, render=render)
    if args.score:  # the tables first, in unit order; the check's findings and verdict after them
        print("\n\n".join(text for unit in sorted(report.scores) for _path, text in report.scores[unit] if text is not None))
    if args.format == "text" and not args.output:
        print_problems(report.problems)
    else:
        rendered = REPORTERS[args.format](report.problems)
        if args.output:
            atomic_write_text(Path(args.output), rendered + "\n")
            if args.format != "text":
                print_problems(report.problems)  # people reading the job log still see them
        elif rendered:
            print(rendered)
    failed = report.errors or (args.strict and report.warnings)
    # a machine document on stdout stays parseable (`zi check --format sarif > f.sarif`): the summary goes to stderr
    summary_to = sys.stdout if args.format in ("text", "github") or args.output else sys.stderr
    print(_("zi check: {files} berkas diperiksa dalam {seconds:.2f} dtk — {errors} galat, {warnings} peringatan — {verdict}").format(
        files=report.files_checked, seconds=time.perf_counter() - started, errors=len(report.errors), warnings=len(report.warnings),
        verdict=_("GAGAL") if failed else _("LULUS")), file=summary_to)
    return EXIT_PROBLEMS if failed else EXIT_OK
