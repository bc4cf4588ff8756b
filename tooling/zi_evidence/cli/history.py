"""``zi history UNIT`` — the scores of one answers file at every commit that changed it."""

from __future__ import annotations

import argparse
import json
import sys

from ..i18n import _
from ..lkefile import ASSESSORS
from ..numfmt import angka
from ..repository import Repository
from .common import EXIT_OK, UsageError, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("history", help=_('riwayat nilai LKE satu unit per commit (dari Git)'))
    p.add_argument("unit", metavar="UNIT")
    p.add_argument("--year", type=int, help=_('tahun LKE (bawaan: tahun terakhir)'))
    p.add_argument("--assessor", choices=ASSESSORS, default="self")
    p.add_argument("--rev", default="HEAD", help=_('cabang atau commit (bawaan: HEAD)'))
    p.add_argument("--root", help=_('akar repositori'))
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=run)


def format_table(points: list[dict]) -> str:
    if not points:
        return "(belum ada commit)"
    areas = next((list(p["areas"]) for p in points if "areas" in p), [])
    components: dict[str, str] = next((p["components"] for p in points if "components" in p), {})
    predicates = next((list(p["eligibility"]) for p in points if "eligibility" in p), [])
    header = (f"{'Commit':<10} {'Tanggal':<10} {'Penulis':<20} {'Total':>6} " + " ".join(f"{label:>10}" for label in components.values()) + " "
              + " ".join(f"{a:>6}" for a in areas) + "  " + " ".join(f"{p:<5}" for p in predicates))
    lines = [header, "-" * len(header)]
    for p in points:
        who = p["author"][:20]
        if "total" not in p:
            lines.append(f"{p['commit'][:10]:<10} {p['date'][:10]:<10} {who:<20} tidak dapat dinilai: {p['problem']}")
            continue
        mark = {True: "ya", False: "—"}
        lines.append(f"{p['commit'][:10]:<10} {p['date'][:10]:<10} {who:<20} {angka(p['total']):>6} "
                     + " ".join(f"{angka(p[key]) if key in p else '—':>10}" for key in components) + " "
                     + " ".join(f"{angka(p['areas'][a]) if a in p['areas'] else '—':>6}" for a in areas)
                     + "  " + " ".join(f"{mark[p['eligibility'].get(pred, False)]:<5}" for pred in predicates))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from ..gitdata import GitHistory
    from ..history import answers_path, score_history
    root = repo_root(args.root)
    repo = Repository(root)
    if args.unit not in repo.unit_ids():
        raise UsageError(_("unit '{unit}' tidak ada di units/").format(unit=args.unit))
    git_history = GitHistory.open(root, args.rev)
    if git_history is None:
        raise UsageError(_('{root} bukan repositori Git (atau revisi {rev!r} tidak ada)').format(root=root, rev=args.rev))
    year = args.year
    if year is None:
        years = sorted({int(p.split("/")[3]) for p in git_history.versions if p.startswith(f"units/{args.unit}/lke/") and p.split("/")[3].isdigit()})
        if not years:
            raise UsageError(_("unit '{unit}' belum punya berkas LKE di riwayat Git").format(unit=args.unit))
        year = years[-1]
    points = score_history(repo, git_history, args.unit, year, args.assessor)
    if git_history.shallow:
        print(_('peringatan: clone dangkal (shallow); riwayat sebelum batas clone tidak terlihat — jalankan `git fetch --unshallow`'), file=sys.stderr)
    if args.format == "json":
        print(json.dumps({"unit": args.unit, "year": year, "assessor": args.assessor, "file": answers_path(args.unit, year, args.assessor),
                          "shallow": git_history.shallow, "points": points}, ensure_ascii=False, indent=1))
    else:
        print(_('Riwayat {v0} ({v1} commit)').format(v0=answers_path(args.unit, year, args.assessor), v1=len(points)))
        print(format_table(points))
    return EXIT_OK
