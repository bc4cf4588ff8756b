"""``zi status [--date D] [--format text|json]`` — every unit at a glance, for the Bagian Organisasi (:mod:`..status`)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..i18n import _
from ..numfmt import angka, persen, tanggal
from .common import EXIT_OK, given_day, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("status", help=_('keadaan setiap unit: tahap, kelengkapan, nilai mandiri dan TPI, revisi terbuka, hari menuju batas pengajuan'))
    p.add_argument("--date", help=_('hitung untuk tanggal ini (YYYY-MM-DD; bawaan: hari ini)'))
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--root")
    p.set_defaults(func=run)


def _cell(value: float | None, fmt=angka) -> str:
    return "—" if value is None else fmt(value)


def run(args: argparse.Namespace) -> int:
    from ..gitdata import GitHistory
    from ..repository import Repository
    from ..status import as_json, institution_status

    root = repo_root(args.root)
    today = given_day(args.date)
    rows = institution_status(Repository(root), GitHistory.open(Path(root)), today)
    if args.format == "json":
        print(json.dumps(as_json(rows, today), ensure_ascii=False, indent=1))
        return EXIT_OK
    header = [_("Unit"), _("Tahap"), _("Tahun"), _("Lengkap"), _("Mandiri"), "TPI", _("Memenuhi"), _("Revisi unit/TPI")]
    table = [[r.unit, r.stage or "—", str(r.year or "—"), _cell(r.completeness, lambda v: persen(v, 0)), _cell(r.self_total),
              _cell(r.tpi_total), ", ".join(r.eligible) or "—", f"{r.waits_on_unit}/{r.waits_on_tpi}"] for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *table, strict=False)]
    for line in [header, *table]:
        print("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip())
    if rows:
        print(_('Batas pengajuan ke TPN: {tanggal} ({hari} hari lagi per {hari_ini}).').format(
            tanggal=tanggal(rows[0].deadline), hari=rows[0].days_left, hari_ini=tanggal(today.isoformat())))
    broken = [r.unit for r in rows if r.problems]
    if broken:
        print(_('Berkas bermasalah (jalankan `zi check`): {unit}').format(unit=", ".join(broken)))
    return EXIT_OK
