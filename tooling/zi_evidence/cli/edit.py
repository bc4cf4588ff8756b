"""Editing commands that never lose data: ``zi new unit``, ``zi evidence add``, ``zi fmt``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ..authz import render_codeowners
from ..evidence_add import EvidenceError, EvidenceRequest, add_evidence, default_rules_id
from ..filekinds import schema_for
from ..i18n import _
from ..layout import CODEOWNERS_PATH, DEFAULT_RULES, EVIDENCE, MANIFEST, UNIT_ID, UNITS, unit_dirs
from ..problems import DataError, Problem
from ..ruleset import RuleSetLoader
from ..scoring.answers import canonical
from ..yamledit import format_text, schema_comment
from ..yamlio import atomic_write_text, read_yaml
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

    fmt = sub.add_parser("fmt", help=_('rapikan berkas YAML (spasi, baris akhir, baris skema) tanpa mengubah isi'))
    fmt.add_argument("paths", nargs="*", help=_('berkas atau folder (bawaan: units/ dan evidence/)'))
    fmt.add_argument("--check", action="store_true", help=_('hanya periksa; gagal bila ada yang perlu dirapikan'))
    fmt.add_argument("--root")
    fmt.set_defaults(func=run_fmt)


def _comment(text: str, width: int = 100) -> list[str]:
    words, lines, current = text.split(), [], ""
    for word in words:
        if len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def lke_scaffold(rules, path: Path, root: Path, title: str, beside: dict[str, str] | None = None) -> str:
    """An answers file listing every item (unanswered) with its question and options as comments; ``beside``: what the
    unit answered, shown to the TPI as a comment per item (never copied as the TPI's answer)."""
    out = [schema_comment(path, root, "lke"), f"# {title}",
           "# Isi jawaban di kanan tanda titik dua. Bentuk panjang: {answer: A, evidence: [id-bukti], note: \"…\"}.",
           "# Butir yang dibiarkan kosong bernilai 0.", f"rules: {rules.id}", "answers:"]
    for aspect in rules.aspects:
        out.append(f"  # ===== {aspect.name.upper()} =====")
        for part in aspect.parts:
            out.append(f"  # --- {part.name} ---")
            for sub in part.subindicators:
                out.append(f"  # {sub.number}. {sub.name} (bobot {sub.weight:g})")
                for item in sub.items:
                    out.extend(f"  # {line}" for line in _comment(item.text))
                    if item.type == "yesno":
                        out.extend(f"  #   {line}" for line in _comment(f"Ya/Tidak — {item.explanation or ''}"))
                    elif item.is_choice:
                        for option in item.options:
                            out.extend(f"  #   {line}" for line in _comment(f"{option.code}. {option.text or option.note or ''}"))
                    elif item.range is not None:
                        out.append(f"  #   {item.range_hint[0].upper()}{item.range_hint[1:]}")
                    else:
                        for inp in item.inputs:
                            out.append(f"  #   {inp.name}: {inp.label}")
                    for example in item.evidence_examples:
                        out.extend(f"  #   {line}" for line in _comment(f"contoh data dukung: {example}"))
                    if beside is not None:
                        out.extend(f"  #   {line}" for line in _comment(f"jawaban mandiri unit: {beside.get(item.id, '— belum dijawab')}"))
                    if item.type == "computed":
                        out.append(f"  {item.id}: {{answer: {{{', '.join(i.name + ': null' for i in item.inputs)}}}}}")
                    else:
                        out.append(f"  {item.id}:")
    return "\n".join(out) + "\n"


def run_new_unit(args: argparse.Namespace) -> int:
    root = repo_root(args.root)
    uid = args.unit_id
    if not UNIT_ID.match(uid) or uid == "prasyarat":
        raise UsageError(_("id unit '{uid}' tidak sah: huruf kecil, angka dan tanda hubung, mis. dinas-kesehatan").format(uid=uid))
    unit_dir = root / UNITS / uid
    if unit_dir.exists():
        raise UsageError(_('units/{uid}/ sudah ada; tidak ada yang diubah').format(uid=uid))
    rules = RuleSetLoader(root).load(args.rules or default_rules_id(root))
    today = date.today().isoformat()
    maintainers = args.maintainer or ["isi-akun-github"]
    name = args.name or uid.replace("-", " ").title()
    unit_path = unit_dir / "unit.yaml"
    unit_text = "\n".join([
        schema_comment(unit_path, root, "unit"),
        f"# Profil unit {name}. Lengkapi kolom bertanda GANTI, lalu jalankan `zi check`.",
        f"id: {uid}",
        f"name: \"{name}\"",
        "instansi: \"GANTI: nama instansi\"",
        "service_kind: \"GANTI: jenis layanan utama\"",
        "address: \"GANTI: alamat kantor\"",
        "head:",
        "  name: \"GANTI: nama pimpinan unit\"",
        "  position: \"GANTI: jabatan\"",
        "maintainers:  # akun GitHub Tim Kerja ZI yang boleh mengubah folder ini",
        *[f"  - {m}" for m in maintainers],
        "target: WBK",
        "core_service: true",
        f"rules: {rules.id}",
        "stages:",
        "  - stage: pencanangan",
        f"    date: {today}",
        "predicates: []",
        "",
    ])
    lke_path = unit_dir / "lke" / str(args.year) / "self.yaml"
    manifest_path = root / EVIDENCE / uid / MANIFEST
    manifest_text = "\n".join([
        schema_comment(manifest_path, root, "manifest"),
        f"# Bukti dukung {name}. Tambahkan dengan `zi evidence add {uid} BERKAS --supports BUTIR…`.",
        f"unit: {uid}",
        "items: []",
        "",
    ])
    written = []
    for path, text in ((unit_path, unit_text),
                       (lke_path, lke_scaffold(rules, lke_path, root, f"Penilaian mandiri LKE {args.year} — {name}")),
                       (manifest_path, manifest_text)):
        if path.exists():
            raise UsageError(_('{v0} sudah ada; tidak ada yang diubah').format(v0=path.relative_to(root)))
        atomic_write_text(path, text)
        written.append(str(path.relative_to(root)))
    codeowners = root / CODEOWNERS_PATH
    if codeowners.is_file():  # the registration PR carries the regenerated CODEOWNERS (README: registering a unit)
        atomic_write_text(codeowners, render_codeowners(current_rules(root)))
        written.append(f"{CODEOWNERS_PATH} (diperbarui)")
    print("Dibuat:\n  " + "\n  ".join(written))
    print(_('Langkah berikutnya: lengkapi unit.yaml (maintainers: akun GitHub Anda), isi {v0}, tambah bukti '
            'dengan `zi evidence add`, lalu `zi check`. Bila mengubah maintainers, jalankan `zi codeowners`. '
            'Pull request pertama unit baru mendaftarkan unit: admin meninjau dan menyetujuinya (Code Owners).').format(v0=written[1]))
    return EXIT_OK


def run_new_tpi(args: argparse.Namespace) -> int:
    root = repo_root(args.root)
    uid = args.unit_id
    if uid not in {d.name for d in unit_dirs(root)}:
        raise UsageError(_("unit '{uid}' tidak ada di units/").format(uid=uid))
    target = root / UNITS / uid / "lke" / str(args.year) / "tpi.yaml"
    if target.exists():
        raise UsageError(_('{v0} sudah ada; tidak ada yang diubah').format(v0=target.relative_to(root)))
    own_path = target.with_name("self.yaml")
    own = (read_yaml(own_path, str(own_path.relative_to(root))) or {}) if own_path.is_file() else {}
    unit = read_yaml(root / UNITS / uid / "unit.yaml", f"{UNITS}/{uid}/unit.yaml") or {}
    rules = RuleSetLoader(root).load(own.get("rules") or unit.get("rules") or default_rules_id(root))
    answers = own.get("answers") if isinstance(own.get("answers"), dict) else {}
    beside = {}
    for item_id, raw in answers.items():
        item = rules.items.get(item_id)
        value = canonical(item, raw) if item else None
        if value is not None:
            beside[item_id] = " · ".join(f"{k} {v}" for k, v in value.items()) if isinstance(value, dict) else f"{value:g}" \
                if isinstance(value, float) else str(value)
    title = f"Penilaian TPI LKE {args.year} — {unit.get('name') or uid}. Isi jawaban TPI sendiri; komentar menunjukkan jawaban unit."
    atomic_write_text(target, lke_scaffold(rules, target, root, title, beside))
    print(_('Dibuat: {v0} ({v1} jawaban mandiri unit sebagai komentar). Bandingkan nanti dengan `zi score '
            '--compare units/{uid} --year {year}`.').format(v0=target.relative_to(root), v1=len(beside), uid=uid, year=args.year))
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
        schema = schema_for(root.resolve(), path.resolve()) if root.resolve() in path.resolve().parents else None
        try:
            original = path.read_text(encoding="utf-8")
            new = format_text(original, display, schema_comment(root / rel, root, schema) if schema else None)
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
