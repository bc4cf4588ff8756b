"""Exports as a registry: each one names itself, declares its arguments and writes its output.

``zi export <name>`` is built from this registry, and the public site assembles PortalRB documents with the same
functions (``portalrb.proposal_documents`` / ``unit_answer_documents``) and the same schema validation. A new export
is one function here plus its entry in ``EXPORTS``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .portalrb import document_problems, portalrb_documents
from .problems import DataError, Problem
from .repository import Repository
from .yamlio import replaced_dir


@dataclass(frozen=True)
class Export:
    name: str
    help: str  # Indonesian: shown by `zi export --help`
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[Repository, argparse.Namespace], str]  # writes the output, returns the one-line summary


def write_documents(docs: dict[str, dict], out: Path) -> None:
    """Each endpoint at its exact path (no extension) and as ``.json``; written to a temporary folder, then renamed."""
    with replaced_dir(out) as tmp:
        for path, doc in docs.items():
            text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
            for name in (path, f"{path}.json"):
                target = tmp / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")


def _usage(message: str) -> DataError:
    return DataError([Problem("units/", None, message)])


def _portalrb_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, help="tahun evaluasi (bawaan: tahun LKE terakhir)")
    p.add_argument("--out", required=True, help="folder tujuan (isinya diganti)")


def export_portalrb(repo: Repository, args: argparse.Namespace) -> str:
    records = repo.units()
    year = args.year or max((e.year for r in records for e in r.lke if e.year), default=None)
    if year is None:
        raise _usage("belum ada berkas LKE; tidak ada yang diekspor")
    docs = portalrb_documents(repo, year, records)
    problems = document_problems(docs)
    if problems:  # a bug in the exporter, not in the data: never publish documents PortalRB would reject
        raise DataError([*problems, Problem(args.out, None, "dokumen PortalRB tidak sesuai skema; tidak ditulis")])
    write_documents(docs, Path(args.out))
    proposals = [d for p, d in docs.items() if p.startswith("pengusulan/")]
    return (f"PortalRB {year}: {sum(len(d['units']) for d in proposals)} unit diusulkan, {len(docs) - len(proposals)} jawaban LKE unit; "
            f"ditulis ke {args.out}")


def _xlsx_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("unit", metavar="UNIT")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", required=True, help="berkas .xlsx tujuan")
    p.add_argument("--layout", choices=("lampiran-iii", "portalrb"), default="lampiran-iii",
                   help="lampiran-iii: lembar kerja dengan rumus nilai; portalrb: lembar 'Jawaban' PortalRB (baris dan kolom dari daftar soal)")


def export_xlsx(repo: Repository, args: argparse.Namespace) -> str:
    from .xlsx_export import build_portal_workbook, build_workbook, write_workbook  # openpyxl is only needed here

    if args.unit not in repo.unit_ids():
        raise _usage(f"unit '{args.unit}' tidak ada di units/")
    record = repo.unit(args.unit)
    files = {a: lke for a in ("self", "tpi") if (e := record.scored(args.year, a)) and (lke := e.lke)}
    if not files:
        raise _usage(f"unit '{args.unit}' belum punya LKE tahun {args.year}")
    rules = repo.rules(next(iter(files.values())).rules_id)
    answers = {a: lke.data.get("answers") or {} for a, lke in files.items()}
    if getattr(args, "layout", "lampiran-iii") == "portalrb":
        if rules.portalrb_workbook is None:
            raise _usage(f"rule set {rules.id} tidak memuat letak lembar jawaban PortalRB (portalrb_workbook)")
        write_workbook(build_portal_workbook(rules, answers), Path(args.out))
        return f"{args.out}: LKE {args.year} {record.name} ({', '.join(files)}) dalam lembar '{rules.portalrb_workbook.sheet}' PortalRB"
    write_workbook(build_workbook(rules, record.name, args.year, answers), Path(args.out))
    return f"{args.out}: LKE {args.year} {record.name} ({', '.join(files)}) dengan rumus nilai"


EXPORTS: dict[str, Export] = {e.name: e for e in (
    Export("portalrb", "dokumen JSON API PortalRB (pengusulan dan jawaban LKE per unit)", _portalrb_arguments, export_portalrb),
    Export("xlsx", "LKE satu unit dalam format lembar kerja (Lampiran III) dengan rumus Excel yang menghitung nilai", _xlsx_arguments, export_xlsx),
)}
