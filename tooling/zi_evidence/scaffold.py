"""Skeletons of new data: a unit's first files (``zi new unit``), a TPI assessment file (``zi new tpi``) and any
other registered file kind from its schema (``zi new survei|pencanangan|standar|rencana|prasyarat|kawasan``).

Every item is listed unanswered with its question, options and contoh data dukung as comments, so a ZI team fills
the file in its editor; a TPI file shows the unit's own answers as comments, never as the TPI's answers.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from .authz import render_codeowners
from .evidence_add import default_rules_id
from .filekinds import FILE_KINDS, FileKind, editor_schema_for
from .layout import CODEOWNERS_PATH, EVIDENCE, MANIFEST, RESERVED_UNIT_NAMES, UNIT_ID, UNITS, unit_dirs
from .ruleset import RuleSetLoader
from .schema_scaffold import scaffold_text
from .scoring.answers import canonical
from .validation import load_schema
from .yamledit import schema_comment
from .yamlio import atomic_write_text, read_yaml


class ScaffoldError(ValueError):
    """The skeleton cannot be written (bad id, files already there); the message says why, in Indonesian."""


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
    out = [schema_comment(path, root, editor_schema_for(root, path) or "lke"), f"# {title}",
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


def new_unit(root: Path, uid: str, name: str | None, maintainers: list[str] | None, year: int, rules_id: str | None,
             current_rules=None, today: date | None = None) -> list[str]:
    """Write unit.yaml, the year's self.yaml and the evidence manifest of a new unit (and the regenerated CODEOWNERS);
    returns the written paths. ``current_rules(root)``: the ownership rules, to regenerate CODEOWNERS. ``today`` (the
    real date by default) dates the first stage, but never after the LKE's year: a unit set up for a past year keeps
    its pencanangan in or before that year, as ``zi check`` requires."""
    if not UNIT_ID.match(uid) or uid in RESERVED_UNIT_NAMES:
        raise ScaffoldError(f"id unit '{uid}' tidak sah: huruf kecil, angka dan tanda hubung, mis. dinas-kesehatan")
    unit_dir = root / UNITS / uid
    if unit_dir.exists():
        raise ScaffoldError(f"units/{uid}/ sudah ada; tidak ada yang diubah")
    rules = RuleSetLoader(root).load(rules_id or default_rules_id(root))
    started = min(today or date.today(), date(year, 12, 31)).isoformat()
    maintainers = maintainers or ["GANTI-akun-github"]  # zi check warns until replaced (text.placeholder)
    name = name or uid.replace("-", " ").title()
    instansi_file = root / UNITS / "instansi.yaml"
    instansi = (read_yaml(instansi_file, f"{UNITS}/instansi.yaml") or {}) if instansi_file.is_file() else {}
    instansi_name = str(instansi.get("name") or "GANTI: nama instansi")  # the repository's own, when it is filled in
    unit_path = unit_dir / "unit.yaml"
    unit_text = "\n".join([
        schema_comment(unit_path, root, "unit"),
        f"# Profil unit {name}. Lengkapi kolom bertanda GANTI, lalu jalankan `zi check`.",
        f"id: {uid}",
        f"name: \"{name}\"",
        f"instansi: {json.dumps(instansi_name, ensure_ascii=False)}",
        "service_kind: \"GANTI: jenis layanan utama\"",
        "address: \"GANTI: alamat kantor\"",
        "head:",
        "  name: \"GANTI: nama pimpinan unit\"",
        "  position: \"GANTI: jabatan\"",
        "maintainers:  # akun GitHub Tim Kerja ZI yang boleh mengubah folder ini",
        *[f"  - {m}" for m in maintainers],
        f"target: {rules.predicate_ids[0]}",
        "core_service: true",
        f"rules: {rules.id}",
        "stages:",
        "  - stage: pencanangan",
        f"    date: {started}",
        "predicates: []",
        "",
    ])
    lke_path = unit_dir / "lke" / str(year) / "self.yaml"
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
                       (lke_path, lke_scaffold(rules, lke_path, root, f"Penilaian mandiri LKE {year} — {name}")),
                       (manifest_path, manifest_text)):
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root)} sudah ada; tidak ada yang diubah")
        atomic_write_text(path, text)
        written.append(str(path.relative_to(root)))
    codeowners = root / CODEOWNERS_PATH
    if codeowners.is_file() and current_rules is not None:  # the registration PR carries the regenerated CODEOWNERS (README)
        atomic_write_text(codeowners, render_codeowners(current_rules(root)))
        written.append(f"{CODEOWNERS_PATH} (diperbarui)")
    return written


def new_tpi(root: Path, uid: str, year: int) -> tuple[Path, int]:
    """Write the TPI's answers file of one unit and year, the unit's answers beside each item as comments; returns the
    path and how many answers of the unit it shows."""
    if uid not in {d.name for d in unit_dirs(root)}:
        raise ScaffoldError(f"unit '{uid}' tidak ada di units/")
    target = root / UNITS / uid / "lke" / str(year) / "tpi.yaml"
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(root)} sudah ada; tidak ada yang diubah")
    own_path = target.with_name("self.yaml")
    own = (read_yaml(own_path, str(own_path.relative_to(root))) or {}) if own_path.is_file() else {}
    unit = read_yaml(root / UNITS / uid / "unit.yaml", f"{UNITS}/{uid}/unit.yaml") or {}
    rules = RuleSetLoader(root).load(own.get("rules") or unit.get("rules") or default_rules_id(root))
    answers: dict[str, Any] = own["answers"] if isinstance(own.get("answers"), dict) else {}
    beside = {}
    for item_id, raw in answers.items():
        item = rules.items.get(item_id)
        value = canonical(item, raw) if item else None
        if value is not None:
            beside[item_id] = " · ".join(f"{k} {v}" for k, v in value.items()) if isinstance(value, dict) else f"{value:g}" \
                if isinstance(value, float) else str(value)
    title = f"Penilaian TPI LKE {year} — {unit.get('name') or uid}. Isi jawaban TPI sendiri; komentar menunjukkan jawaban unit."
    atomic_write_text(target, lke_scaffold(rules, target, root, title, beside))
    return target, len(beside)


SCAFFOLDED_KINDS: dict[str, FileKind] = {k.new_as: k for k in FILE_KINDS if k.new_as}
_YEAR = re.compile(r"^(19|20|21)\d\d$")


def new_kind_file(root: Path, kind: FileKind, fields: dict[str, str]) -> Path:
    """Write the schema skeleton of one file of ``kind`` at its registered path (``fields`` fill the pattern's
    {unit} {year} {name}); refuses an unknown unit, a malformed year or name, and an existing file."""
    unit = fields.get("unit")
    if "{unit}" in kind.pattern and unit not in {d.name for d in unit_dirs(root)}:
        raise ScaffoldError(f"unit '{unit}' tidak ada di {UNITS}/; buat dulu dengan `zi new unit {unit}`")
    for key, value in fields.items():
        if key == "year" and not _YEAR.match(value):
            raise ScaffoldError(f"tahun '{value}' tidak sah: empat angka, mis. {date.today().year}")
        if key == "name" and not UNIT_ID.match(value):
            raise ScaffoldError(f"nama '{value}' tidak sah: huruf kecil, angka dan tanda hubung")
    rel = kind.pattern.format(**fields)
    target = root / rel
    if target.exists():
        raise ScaffoldError(f"{rel} sudah ada; tidak ada yang diubah")
    known: dict[str, Any] = {}
    for prop, placeholder in kind.path_values:
        value = fields[placeholder]
        known[prop] = int(value) if value.isdigit() else value
    header = [schema_comment(target, root, kind.schema), f"# {kind.description.capitalize()} — kerangka dari `zi new {kind.new_as}`."]
    atomic_write_text(target, scaffold_text(load_schema(kind.schema), header, known))
    return target
