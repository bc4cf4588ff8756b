"""Editing commands that never lose data: ``zi new``, ``zi evidence add|list|link|unlink|remove``, ``zi fmt``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ..evidence_add import EvidenceError, EvidenceRequest, add_evidence
from ..filekinds import editor_schema_for, schema_for
from ..i18n import _
from ..layout import DEFAULT_RULES, EVIDENCE, UNITS
from ..problems import DataError, Problem
from ..scaffold import SCAFFOLDED_KINDS, ScaffoldError, new_kind_file, new_tpi, new_unit
from ..yamledit import format_text, long_form, schema_comment
from ..yamlio import atomic_write_text
from .authz import current_rules
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError, print_problems, repo_root


def add_parsers(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser("new", help=_('buat kerangka data baru'))
    nsub = new.add_subparsers(dest="new_command", metavar="JENIS")
    nsub.required = True
    unit = nsub.add_parser("unit", help=_('kerangka unit baru: unit.yaml, LKE berisi semua butir, manifest bukti'))
    unit.add_argument("unit_id")
    unit.add_argument("--name", help=_('nama unit kerja'))
    unit.add_argument("--year", type=int, default=date.today().year, help=_('tahun LKE (bawaan: tahun ini)'))
    unit.add_argument("--maintainer", action="append", help=_('akun GitHub pengelola (boleh berulang)'))
    unit.add_argument("--rules", default=None, help=_('rule set (bawaan: dari units/instansi.yaml atau {default_rules})').format(default_rules=DEFAULT_RULES))
    unit.add_argument("--root")
    unit.set_defaults(func=run_new_unit)

    tpi = nsub.add_parser("tpi", help=_('kerangka penilaian TPI untuk satu unit dan tahun, dengan jawaban mandiri unit sebagai komentar'))
    tpi.add_argument("unit_id")
    tpi.add_argument("--year", type=int, required=True, help=_('tahun LKE yang dinilai'))
    tpi.add_argument("--root")
    tpi.set_defaults(func=run_new_tpi)

    for word, kind in SCAFFOLDED_KINDS.items():  # one per registered kind: a new kind gets its `zi new` from the registry
        parser = nsub.add_parser(word, help=_('kerangka {berkas} ({isi}) dari skemanya, dengan komentar').format(
            berkas=kind.pattern, isi=kind.description))
        if "{unit}" in kind.pattern:
            parser.add_argument("unit_id")
        if "{name}" in kind.pattern:
            parser.add_argument("name", metavar="TAHUN" if ("year", "name") in kind.path_values else "ID")
        if "{year}" in kind.pattern:
            parser.add_argument("--year", type=int, required=True, help=_('tahun rencana'))
        parser.add_argument("--root")
        parser.set_defaults(func=run_new_kind, kind=kind)

    ev = sub.add_parser("evidence", help=_('kelola bukti dukung'))
    esub = ev.add_subparsers(dest="evidence_command", metavar="AKSI")
    esub.required = True
    add = esub.add_parser("add", help=_('catat berkas atau URL bukti ke manifest (sha256, ukuran), tanpa menghapus komentar'))
    add.add_argument("unit_id")
    add.add_argument("source", help=_('path berkas atau URL http(s)'))
    add.add_argument("--supports", nargs="+", required=True, metavar="BUTIR", help=_('id butir LKE yang didukung'))
    add.add_argument("--title", help=_('judul dokumen (wajib untuk URL); untuk bukti internal tidak terbit di situs'))
    add.add_argument("--public-title", help=_('judul yang boleh terbit untuk bukti internal'))
    add.add_argument("--kind", choices=["sk", "dokumen", "laporan", "foto", "notulen", "surat", "survei", "standar", "tautan", "lainnya"])
    add.add_argument("--visibility", choices=["public", "internal"], default="internal",
                     help=_('public tampil di situs; bawaan internal (hanya judul dan sha256 yang tampil)'))
    add.add_argument("--date", help=_('tanggal dokumen YYYY-MM-DD (bawaan: hari ini)'))
    add.add_argument("--id", dest="evidence_id", help=_('id bukti (bawaan: dari nama berkas)'))
    add.add_argument("--sha256", help=_('sha256 isi URL bila tidak dapat diunduh sekarang'))
    add.add_argument("--year", type=int, help=_('tahun LKE yang jawabannya ditautkan (bawaan: tahun terakhir yang ada)'))
    add.add_argument("--root")
    add.set_defaults(func=run_evidence_add)

    listing = esub.add_parser("list", help=_('daftar bukti unit: jenis, visibilitas, butir yang didukung, jawaban yang merujuknya'))
    listing.add_argument("unit_id")
    listing.add_argument("--format", choices=["text", "json"], default="text")
    listing.add_argument("--root")
    listing.set_defaults(func=run_evidence_list)
    for action, text in (("link", _('rujuk bukti dari jawaban butir-butir (self.yaml) dan tambahkan butirnya ke supports')),
                         ("unlink", _('lepas rujukan bukti dari jawaban butir-butir dan dari supports-nya'))):
        parser = esub.add_parser(action, help=text)
        parser.add_argument("unit_id")
        parser.add_argument("evidence_id")
        parser.add_argument("items", nargs="+", metavar="BUTIR")
        parser.add_argument("--year", type=int, help=_('tahun LKE (bawaan: tahun terakhir yang ada)'))
        parser.add_argument("--root")
        parser.set_defaults(func=run_evidence_link, action=action)
    drop = esub.add_parser("remove", help=_('hapus bukti dari manifest (dan berkasnya); ditolak selama masih dirujuk jawaban'))
    drop.add_argument("unit_id")
    drop.add_argument("evidence_id")
    drop.add_argument("--root")
    drop.set_defaults(func=run_evidence_remove)

    fmt = sub.add_parser("fmt", help=_('rapikan berkas YAML (spasi, baris akhir, baris skema) tanpa mengubah isi'))
    fmt.add_argument("paths", nargs="*", help=_('berkas atau folder (bawaan: units/ dan evidence/)'))
    fmt.add_argument("--check", action="store_true", help=_('hanya periksa; gagal bila ada yang perlu dirapikan'))
    fmt.add_argument("--long-answers", action="store_true",
                     help=_('tulis setiap jawaban LKE dalam bentuk panjang (answer: di bawah butir), yang dibutuhkan formulir CMS'))
    fmt.add_argument("--root")
    fmt.set_defaults(func=run_fmt)


def run_new_unit(args: argparse.Namespace) -> int:
    root = repo_root(args.root)
    try:
        written = new_unit(root, args.unit_id, args.name, args.maintainer, args.year, args.rules, current_rules)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from exc
    print("Dibuat:\n  " + "\n  ".join(written))
    print(_('Langkah berikutnya: lengkapi unit.yaml (maintainers: akun GitHub Anda), isi {v0}, tambah bukti '
            'dengan `zi evidence add`, lalu `zi check`. Bila mengubah maintainers, jalankan `zi codeowners`. '
            'Pull request pertama unit baru mendaftarkan unit: admin meninjau dan menyetujuinya (Code Owners).').format(v0=written[1]))
    return EXIT_OK


def run_new_tpi(args: argparse.Namespace) -> int:
    root = repo_root(args.root)
    try:
        target, shown = new_tpi(root, args.unit_id, args.year)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from exc
    print(_('Dibuat: {v0} ({v1} jawaban mandiri unit sebagai komentar). Bandingkan nanti dengan `zi score '
            '--compare units/{uid} --year {year}`.').format(v0=target.relative_to(root), v1=shown, uid=args.unit_id, year=args.year))
    return EXIT_OK


def run_new_kind(args: argparse.Namespace) -> int:
    root = repo_root(args.root)
    kind = args.kind
    fields = {k: str(v) for k, v in (("unit", getattr(args, "unit_id", None)), ("name", getattr(args, "name", None)),
                                      ("year", getattr(args, "year", None))) if v is not None and "{" + k + "}" in kind.pattern}
    try:
        target = new_kind_file(root, kind, fields)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from exc
    print(_('Dibuat: {berkas}. Ganti setiap "GANTI: …", lalu jalankan `zi check` — ia menyebut isian yang belum diganti.').format(
        berkas=target.relative_to(root)))
    return EXIT_OK


def run_evidence_add(args: argparse.Namespace) -> int:
    root = repo_root(args.root)
    request = EvidenceRequest(args.unit_id, args.source, list(args.supports), args.title, args.public_title, args.kind, args.visibility,
                              args.date, args.evidence_id, args.sha256, args.year)
    try:
        added = add_evidence(root, request)
    except EvidenceError as exc:
        raise UsageError(str(exc)) from None
    for line in added.lines:
        print(line)
    print_problems(added.problems)
    return EXIT_PROBLEMS if added.problems else EXIT_OK


def run_evidence_list(args: argparse.Namespace) -> int:
    import json

    from ..evidence_manage import list_evidence

    try:
        rows = list_evidence(repo_root(args.root), args.unit_id)
    except EvidenceError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return EXIT_OK
    for row in rows:
        cited = "; ".join(row["cited_by"]) or _('belum dirujuk jawaban mana pun')
        print(f"{row['id']}  [{row['visibility']}, {row['kind']}, {row['date']}]  {row['location']}")
        print("    " + _('mendukung: {butir}').format(butir=", ".join(row["supports"]) or "—"))
        print("    " + _('dirujuk: {rujukan}').format(rujukan=cited))
    print(_('{n} bukti').format(n=len(rows)))
    return EXIT_OK


def _edit_evidence(edit, *args) -> int:
    """Run one evidence edit: a refusal is a usage error, an edit that could not be verified lists its problems."""
    try:
        lines = edit(*args)
    except EvidenceError as exc:
        raise UsageError(str(exc)) from None
    except DataError as exc:
        print_problems(exc.problems)
        return EXIT_PROBLEMS
    print("\n".join(lines))
    return EXIT_OK


def run_evidence_link(args: argparse.Namespace) -> int:
    from ..evidence_manage import link, unlink

    return _edit_evidence(link if args.action == "link" else unlink, repo_root(args.root), args.unit_id, args.evidence_id,
                          list(args.items), args.year)


def run_evidence_remove(args: argparse.Namespace) -> int:
    from ..evidence_manage import remove

    return _edit_evidence(remove, repo_root(args.root), args.unit_id, args.evidence_id)


def run_fmt(args: argparse.Namespace) -> int:
    root = repo_root(args.root)
    targets = [Path(p) for p in args.paths] or [root / UNITS, root / EVIDENCE]
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files.extend(sorted(target.rglob("*.yaml")))
        elif target.is_file():
            files.append(target)
        else:
            raise UsageError(_('{target}: tidak ditemukan').format(target=target))
    changed, problems = [], []
    for path in files:
        if path.is_symlink():
            continue
        rel = path.resolve().relative_to(root.resolve()) if root.resolve() in path.resolve().parents else path
        display = str(rel)
        inside = root.resolve() in path.resolve().parents
        schema = schema_for(root.resolve(), path.resolve()) if inside else None
        editor = editor_schema_for(root.resolve(), path.resolve()) if inside else None
        try:
            original = path.read_text(encoding="utf-8")
            new = format_text(original, display, schema_comment(root / rel, root, editor) if editor else None)
            if args.long_answers and schema == "lke":
                new = long_form(new, display)
        except (DataError, UnicodeDecodeError) as exc:
            problems.extend(exc.problems if isinstance(exc, DataError) else [Problem(display, None, "bukan teks UTF-8")])
            continue
        if new != original:
            changed.append(display)
            if not args.check:
                atomic_write_text(path, new)
    print_problems(problems)
    verb = "perlu dirapikan" if args.check else "dirapikan"
    for name in changed:
        print(f"{verb}: {name}")
    print(_('zi fmt: {v0} berkas, {v1} {verb}').format(v0=len(files), v1=len(changed), verb=verb))
    return EXIT_PROBLEMS if problems or (args.check and changed) else EXIT_OK
