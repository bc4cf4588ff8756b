"""``zi demo generate`` — a synthetic institution for benchmarks and trials at scale."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..i18n import _
from .common import EXIT_OK, UsageError, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help=_('data demo dan data sintetis'))
    dsub = p.add_subparsers(dest="demo_command", metavar="AKSI")
    dsub.required = True
    g = dsub.add_parser("generate", help=_('buat repositori instansi sintetis (lulus zi check), deterministik untuk satu seed'))
    g.add_argument("--units", type=int, required=True, help=_('jumlah unit'))
    g.add_argument("--years", type=int, default=1, help=_('jumlah tahun LKE (berakhir 2026)'))
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--commits", type=int, default=0, help=_('buat riwayat Git sebanyak M commit (0: tanpa Git)'))
    g.add_argument("--out", required=True, help=_('folder tujuan (belum ada atau kosong)'))
    g.add_argument("--root", help=_('repositori sumber rules/ dan docs/ (bawaan: repositori ini)'))
    g.set_defaults(func=run_generate)


def run_generate(args: argparse.Namespace) -> int:
    from ..synth import generate_repository
    if args.units < 1 or args.years < 1 or args.commits < 0:
        raise UsageError(_('--units dan --years minimal 1, --commits tidak boleh negatif'))
    started = time.perf_counter()
    try:
        inst = generate_repository(repo_root(args.root), Path(args.out), args.units, args.years, args.seed, args.commits)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    print(f"{len(inst.units)} unit, {len(inst.files)} berkas, tahun {inst.years[0]}–{inst.years[-1]}"
          + (f", {args.commits} commit" if args.commits else "") + f" ditulis ke {args.out} dalam {time.perf_counter() - started:.1f} s")
    return EXIT_OK
