"""``zi review [UNIT] [--year Y] [--date D] [--format text|json]`` — what waits on the unit and what on the TPI."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from ..gitdata import GitHistory
from ..i18n import _
from ..repository import Repository
from ..review import WAITS_ON_UNIT, accepted, review_counts, unit_review
from .common import EXIT_OK, UsageError, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help=_('butir yang ditandai revisi oleh TPI: menunggu unit atau menunggu TPI, dengan umurnya'))
    p.add_argument("unit", nargs="?", help=_('id unit (bawaan: semua unit)'))
    p.add_argument("--year", type=int, help=_('tahun LKE (bawaan: tahun terakhir tiap unit)'))
    p.add_argument("--date", help=_('hitung umur terhadap tanggal ini (YYYY-MM-DD; bawaan: hari ini)'))
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--root")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = repo_root(args.root)
    repo = Repository(root)
    try:
        today = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError as exc:
        raise UsageError(_('--date {date!r} bukan tanggal YYYY-MM-DD').format(date=args.date)) from exc
    units = [args.unit] if args.unit else repo.unit_ids()
    if args.unit and args.unit not in repo.unit_ids():
        raise UsageError(_("unit '{unit}' tidak ada di units/").format(unit=args.unit))
    history = GitHistory.open(Path(root))
    report: list[dict[str, Any]] = []
    for uid in units:
        record = repo.unit(uid)
        year = args.year or (record.years[0] if record.years else None)
        if year is None:
            continue
        items = unit_review(repo, history, uid, year, today)
        report.append({"unit": uid, "year": year, **review_counts(items), "diterima": accepted(repo, uid, year),
                       "items": [{"item": i.item, "menunggu": i.waits_on, "sejak": i.since.isoformat() if i.since else None,
                                  "umur_hari": i.age_days, "catatan": i.catatan, "tanggapan": i.tanggapan} for i in items]})
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return EXIT_OK
    for entry in report:
        if not entry["items"] and not entry["diterima"]:
            continue
        print(_('{unit} {year} — menunggu unit: {menunggu_unit} · menunggu TPI: {menunggu_tpi} · diterima: {diterima}').format(
                    unit=entry['unit'], year=entry['year'], menunggu_unit=entry['menunggu_unit'], menunggu_tpi=entry['menunggu_tpi'],
                    diterima=entry['diterima']))
        for i in sorted(entry["items"], key=lambda x: (x["menunggu"] != WAITS_ON_UNIT, -(x["umur_hari"] or 0))):
            who = "menunggu unit" if i["menunggu"] == WAITS_ON_UNIT else "menunggu TPI "
            age = f"{i['umur_hari']} hari" if i["umur_hari"] is not None else "umur tidak diketahui (tanpa Git)"
            said = f" — catatan TPI: {i['catatan']}" if i["menunggu"] == WAITS_ON_UNIT and i["catatan"] else \
                   (f" — tanggapan unit: {i['tanggapan']}" if i["tanggapan"] else "")
            print(f"  {who}  {i['item']:<10} {age}{said}")
    if not any(e["items"] or e["diterima"] for e in report):
        print(_('Tidak ada butir yang sedang ditinjau (status revisi/diterima di tpi.yaml atau tpn.yaml).'))
    return EXIT_OK
