"""``zi reminders [--date D] [--format md|json]`` — what is due per unit (deadline H-30/H-7, stale revisi, monitoring)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..gitdata import GitHistory
from ..i18n import _
from ..reminders import issue_body, unit_reminders
from ..repository import Repository
from .common import EXIT_OK, given_day, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("reminders", help=_('pengingat per unit: batas 31 Mei (H-30, H-7), revisi > 14 hari, pemantauan 2 tahunan'))
    p.add_argument("--date", help=_('hitung untuk tanggal ini (YYYY-MM-DD; bawaan: hari ini)'))
    p.add_argument("--format", choices=("md", "json"), default="md", help=_('json: untuk alur kerja yang memperbarui isu per unit'))
    p.add_argument("--root")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = repo_root(args.root)
    today = given_day(args.date)
    repo = Repository(root)
    history = GitHistory.open(Path(root))
    out: list[dict[str, Any]] = []
    for uid in repo.unit_ids():
        record = repo.unit(uid)
        reminders = unit_reminders(repo, history, uid, today)
        maintainers = [m for m in record.profile.get("maintainers") or [] if isinstance(m, str)]
        out.append({"unit": uid, "title": f"Pengingat ZI: {record.name}", "maintainers": maintainers,
                    "reminders": [{"kind": r.kind, "message": r.message} for r in reminders],
                    "body": issue_body(uid, record.name, maintainers, reminders, today)})
    if args.format == "json":
        print(json.dumps({"date": today.isoformat(), "units": out}, ensure_ascii=False, indent=1))
    else:
        due = [u for u in out if u["reminders"]]
        print(_('# Pengingat ZI — {v0}\n').format(v0=today.isoformat()))
        for u in due:
            print(f"## {u['unit']}\n" + "\n".join(f"- {r['message']}" for r in u["reminders"]) + "\n")
        if not due:
            print(_('Tidak ada yang jatuh tempo.'))
    return EXIT_OK
