"""``zi import xlsx WORKBOOK --out ANSWERS.yaml`` — answers from an LKE Excel workbook, with a report of what was not mapped."""

from __future__ import annotations

import argparse
import sys
import zipfile
from pathlib import Path

import yaml

from ..i18n import _
from ..numfmt import angka, jawaban
from ..problems import DataError
from ..repository import Repository
from ..ruleset import RuleSet
from ..scoring import parse_answers
from ..scoring.answers import unwrap
from ..yamledit import set_answer
from ..yamlio import atomic_write_text, read_yaml
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError, print_problems, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help=_('impor data dari format lain'))
    isub = p.add_subparsers(dest="import_command", metavar="FORMAT")
    isub.required = True
    x = isub.add_parser("xlsx", help=_("jawaban LKE dari lembar kerja Excel (format Lampiran III atau lembar 'Jawaban' PortalRB)"))
    x.add_argument("workbook", metavar="WORKBOOK")
    x.add_argument("--out", required=True, help=_('berkas jawaban tujuan, mis. units/<unit>/lke/2026/self.yaml'))
    x.add_argument("--assessor", choices=("self", "tpi"), default="self")
    x.add_argument("--rules", help=_('rule set (bawaan: aturan instansi)'))
    x.add_argument("--root")
    x.add_argument("--replace", action="store_true",
                   help=_('timpa berkas tujuan bila sudah ada (bawaan: gabungkan — hanya jawaban yang berubah yang diganti; bukti, '
                          'catatan, tinjauan, komentar dan urutan tetap)'))
    x.add_argument("--force", action="store_true", help=_('tulis yang terbaca walau ada baris/butir yang tidak dapat ditempatkan'))
    x.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from openpyxl.utils.exceptions import InvalidFileException

    from ..scan.filetypes import ContentError
    from ..xlsx_import import import_workbook, reconcile  # openpyxl only needed here

    repo = Repository(repo_root(args.root))
    out = Path(args.out)
    existing = read_existing(out) if out.exists() and not args.replace else None
    rules = repo.rules(args.rules or (existing or {}).get("rules") or repo.default_rules(None))
    try:
        result = import_workbook(Path(args.workbook), rules)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, InvalidFileException, ContentError) as exc:
        raise UsageError(_('{workbook}: bukan lembar kerja .xlsx yang dapat dibaca ({exc})').format(workbook=args.workbook, exc=exc)) from exc
    answers = result.answers.get(args.assessor)
    if answers is None:  # a workbook with a single answer column holds whoever filled it
        answers = next(iter(result.answers.values()))
    ordered = {i: answers[i] for i in rules.items if i in answers}
    print(_("{workbook}: lembar '{sheet}' (format {layout}); {matched}/{item_count} butir dikenali, {v5} "
            'terjawab untuk penilai {assessor}').format(
                workbook=args.workbook, sheet=result.sheet, layout=result.layout, matched=result.matched, item_count=rules.item_count,
                v5=len(ordered), assessor=args.assessor))
    for line in result.unmapped:
        print(_('galat: tidak terpetakan: {line}').format(line=line), file=sys.stderr)
    for line in result.errors:
        print(_('galat: {line}').format(line=line), file=sys.stderr)
    for line in result.warnings:
        print(_('peringatan: {line}').format(line=line))
    if (result.unmapped or result.errors) and not args.force:
        print(_('{out} tidak ditulis: {v1} baris/butir tidak dapat ditempatkan dengan pasti; perbaiki lembar kerja '
                'atau pakai --force untuk menulis yang terbaca saja').format(out=out, v1=len(result.unmapped) + len(result.errors)), file=sys.stderr)
        return EXIT_PROBLEMS
    parsed = parse_answers(rules, ordered, str(out))
    print_problems(parsed.problems)
    if not parsed.ok:
        return EXIT_PROBLEMS
    ours = repo.score_answers(rules, parsed, [])
    for line in result.formula_issues:
        print(_('rumus: {line}').format(line=line))
    differences = reconcile(result, rules, ours, args.assessor)
    for line in differences:
        print(_('selisih: {line}').format(line=line))
    cached = result.cached.get(f"total:{args.assessor}")
    if cached is not None:
        same = "sama" if abs(cached - ours["total"]) < 0.005 else "berbeda; lihat selisih di atas"
        print(_('Total di lembar kerja: {v0} · dihitung ZI Evidence: {v1} ({same})').format(v0=angka(cached), v1=angka(ours['total']), same=same))
    if existing is not None:
        return merge_into(out, existing, rules, ordered, args.workbook)
    header = (f"# yaml-language-server: $schema={'../' * (len(out.parts) - 1) if not out.is_absolute() else ''}tooling/zi_evidence/schemas/lke.schema.json\n"
              f"# Diimpor dari {Path(args.workbook).name} (lembar '{result.sheet}') dengan `zi import xlsx`.\n")
    atomic_write_text(out, header + yaml.safe_dump({"rules": rules.id, "answers": ordered}, allow_unicode=True, sort_keys=False, width=120))
    print(_('{out} ditulis ({v1} jawaban)').format(out=out, v1=len(ordered)))
    for item_id, url in result.links:
        print(_('bukti dukung {item_id}: zi evidence add <unit> {url} --supports {item_id}').format(item_id=item_id, url=url))
    return EXIT_OK


def read_existing(out: Path) -> dict:
    """The answers file being merged into (its rules id and text); a file that cannot be read stops the import."""
    try:
        data = read_yaml(out, str(out)) or {}
    except DataError as exc:
        raise UsageError(_('{out} tidak dapat dibaca untuk digabung ({problem}); perbaiki dulu atau pakai --replace').format(
            out=out, problem=exc.problems[0])) from None
    return {"rules": data.get("rules") if isinstance(data, dict) else None, "text": out.read_text(encoding="utf-8"),
            "answers": (data.get("answers") or {}) if isinstance(data, dict) else {}}


def merge_into(out: Path, existing: dict, rules: RuleSet, imported: dict, workbook: str) -> int:
    """Change only the answers the workbook changed (the one normaliser decides what "changed" means), item by item, in
    the file's own text: evidence, notes, the TPI's status/catatan, the unit's tanggapan, comments and order stay."""
    before = parse_answers(rules, existing["answers"], str(out)).values
    after = parse_answers(rules, imported, str(out)).values
    text, changed = existing["text"], []
    for item_id, raw in imported.items():
        value = after.get(item_id)
        if value is None or before.get(item_id) == value:
            continue  # unchanged, or nothing readable in the workbook: the file's answer stays
        try:
            text = set_answer(text, item_id, unwrap(raw), str(out))
        except DataError as exc:
            print_problems(exc.problems)
            print(_('{out} tidak ditulis: jawaban {item} tidak dapat diganti dengan aman').format(out=out, item=item_id), file=sys.stderr)
            return EXIT_PROBLEMS
        changed.append((item_id, before.get(item_id), value))
    for item_id, old, new in changed:
        print(_('berubah: {item}: {old} → {new}').format(item=item_id, old=jawaban(old), new=jawaban(new)))
    if not changed:
        print(_('{out}: tidak ada jawaban yang berubah dari {workbook}; berkas tidak diubah').format(out=out, workbook=workbook))
        return EXIT_OK
    atomic_write_text(out, text)
    print(_('{out} digabung: {n} jawaban berubah; bukti, catatan, tinjauan, komentar dan urutan tetap').format(out=out, n=len(changed)))
    return EXIT_OK
