"""``zi export portalrb [--year Y] --out DIR`` — the PortalRB endpoints (DESIGN §9) as static JSON files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..portalrb import document_problems, portalrb_documents
from ..repository import Repository
from ..yamlio import replaced_dir
from .common import EXIT_OK, UsageError, print_problems, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="ekspor data ke format lain")
    esub = p.add_subparsers(dest="export_command", metavar="FORMAT")
    esub.required = True
    e = esub.add_parser("portalrb", help="dokumen JSON API PortalRB (pengusulan dan jawaban LKE per unit)")
    e.add_argument("--year", type=int, help="tahun evaluasi (bawaan: tahun LKE terakhir)")
    e.add_argument("--out", required=True, help="folder tujuan (isinya diganti)")
    e.add_argument("--root")
    e.set_defaults(func=run_portalrb)
    x = esub.add_parser("xlsx", help="LKE satu unit dalam format lembar kerja (Lampiran III) dengan rumus Excel yang menghitung nilai")
    x.add_argument("unit", metavar="UNIT")
    x.add_argument("--year", type=int, required=True)
    x.add_argument("--out", required=True, help="berkas .xlsx tujuan")
    x.add_argument("--root")
    x.set_defaults(func=run_xlsx)


def write_documents(docs: dict[str, dict], out: Path) -> None:
    """Each endpoint at its exact path (no extension) and as ``.json``; written to a temporary folder, then renamed."""
    with replaced_dir(out) as tmp:
        for path, doc in docs.items():
            text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
            for name in (path, f"{path}.json"):
                target = tmp / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")


def run_portalrb(args: argparse.Namespace) -> int:
    repo = Repository(repo_root(args.root))
    records = repo.units()
    year = args.year or max((e.year for r in records for e in r.lke if e.year), default=None)
    if year is None:
        raise UsageError("belum ada berkas LKE; tidak ada yang diekspor")
    docs = portalrb_documents(repo, year, records)
    problems = document_problems(docs)
    if problems:  # a bug in the exporter, not in the data: never publish documents PortalRB would reject
        print_problems(problems)
        raise UsageError("dokumen PortalRB tidak sesuai skema; tidak ditulis")
    write_documents(docs, Path(args.out))
    proposed = len(docs["pengusulan/unit-wbk"]["units"]) + len(docs["pengusulan/unit-wbbm"]["units"])
    print(f"PortalRB {year}: {proposed} unit diusulkan, {len(docs) - 2} jawaban LKE unit; ditulis ke {args.out}")
    return EXIT_OK


def run_xlsx(args: argparse.Namespace) -> int:
    from ..xlsx_export import build_workbook, write_workbook  # openpyxl is only needed here

    repo = Repository(repo_root(args.root))
    if args.unit not in repo.unit_ids():
        raise UsageError(f"unit '{args.unit}' tidak ada di units/")
    record = repo.unit(args.unit)
    files = {a: e for a in ("self", "tpi") if (e := record.scored(args.year, a)) and e.lke}
    if not files:
        raise UsageError(f"unit '{args.unit}' belum punya LKE tahun {args.year}")
    rules = repo.rules(next(iter(files.values())).lke.rules_id)
    answers = {a: e.lke.data.get("answers") or {} for a, e in files.items()}
    write_workbook(build_workbook(rules, record.name, args.year, answers), Path(args.out))
    print(f"{args.out}: LKE {args.year} {record.name} ({', '.join(files)}) dengan rumus nilai")
    return EXIT_OK
