"""``zi export portalrb [--year Y] --out DIR`` — the PortalRB endpoints (DESIGN §9) as static JSON files."""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from ..portalrb import portalrb_documents
from ..repository import Repository
from ..validation import schema_problems
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


def schema_for(path: str) -> str:
    return "portalrb-pengusulan" if path.startswith("pengusulan/") else "portalrb-jawaban-unit"


def write_documents(docs: dict[str, dict], out: Path) -> None:
    """Each endpoint at its exact path (no extension) and as ``.json``; written to a temporary folder, then renamed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for path, doc in docs.items():
            text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
            for name in (path, f"{path}.json"):
                target = tmp / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def run_portalrb(args: argparse.Namespace) -> int:
    repo = Repository(repo_root(args.root))
    records = repo.units()
    year = args.year or max((e.year for r in records for e in r.lke if e.year), default=None)
    if year is None:
        raise UsageError("belum ada berkas LKE; tidak ada yang diekspor")
    docs = portalrb_documents(repo, year, records)
    problems = [p for path, doc in docs.items() for p in schema_problems(schema_for(path), doc, path)]
    if problems:  # a bug in the exporter, not in the data: never publish documents PortalRB would reject
        print_problems(problems)
        raise UsageError("dokumen PortalRB tidak sesuai skema; tidak ditulis")
    write_documents(docs, Path(args.out))
    proposed = len(docs["pengusulan/unit-wbk"]["units"]) + len(docs["pengusulan/unit-wbbm"]["units"])
    print(f"PortalRB {year}: {proposed} unit diusulkan, {len(docs) - 2} jawaban LKE unit; ditulis ke {args.out}")
    return EXIT_OK
