"""Unit folder: the profile (id, stage history, predicates and their dates), declarations, standards, surveys and
yearly plans; files the registry does not know. Calls the evidence and LKE families, which need the unit's stages,
manifest and survey records.

Codes: unit.id, unit.missing, unit.unknown_file, dates.stages, dates.future, dates.predicate, dates.declaration,
declarations.pakta, plan.year.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...layout import UNIT_ID
from ...rulebinding import binding_of
from ...walker import walk
from ...yamlio import line_of
from ..context import SKIP_SURVEYS, Checker
from .evidence import check_manifest
from .lke import check_lke

# kinds this family reads itself (with their cross-checks); every other kind in a unit folder is loaded generically
SPECIFIC_KINDS = {"unit", "declarations", "standards", "surveys", "plan"}


def check_unit(ctx: Checker, unit_dir: Path) -> None:
    uid = unit_dir.name
    unit_file = unit_dir / "unit.yaml"
    if not UNIT_ID.match(uid):
        ctx.add(ctx.rel(unit_dir), None, f"nama folder unit '{uid}' tidak sah; pakai huruf kecil, angka dan tanda hubung", "unit.id")
    if not unit_file.is_file():
        ctx.add(ctx.rel(unit_dir), None, "unit.yaml tidak ada; buat dengan `zi new unit " + uid + "`", "unit.missing")
        return
    unit = ctx.load(unit_file) or {}
    if unit and unit.get("id") != uid:
        ctx.add(ctx.rel(unit_file), line_of(unit, "id"), f"id '{unit.get('id')}' harus sama dengan nama folder '{uid}'", "unit.id")
    stages = unit_stages(ctx, unit_file, unit)
    rules = ctx.rules_for(unit.get("rules"))
    manifest = check_manifest(ctx, uid, rules)
    decl = unit_dir / "pencanangan.yaml"
    if decl.is_file():
        data = ctx.load(decl)
        pencanangan = stages.get("pencanangan")
        if data and pencanangan and data["deklarasi"]["date"] != pencanangan:
            ctx.add(ctx.rel(decl), line_of(data["deklarasi"], "date"),
                     f"tanggal deklarasi {data['deklarasi']['date']} berbeda dari tahap pencanangan di unit.yaml ({pencanangan})",
                     "dates.declaration", "warning")
        if data and data["pakta_integritas"]["signed"] > data["pakta_integritas"]["staff"]:
            ctx.add(ctx.rel(decl), line_of(data["pakta_integritas"], "signed"),
                     "jumlah penanda tangan Pakta Integritas melebihi jumlah pegawai", "declarations.pakta")
    if (unit_dir / "standar-pelayanan.yaml").is_file():
        ctx.load(unit_dir / "standar-pelayanan.yaml")
    surveys: Any = None
    if (unit_dir / "survei.yaml").is_file():
        # a survei.yaml that cannot be read is reported for itself; binding LKE answers to it would only cascade
        surveys = ctx.load(unit_dir / "survei.yaml", keep_invalid=True) or SKIP_SURVEYS
    entries = list(walk(ctx.root, ctx.rel(unit_dir)))  # the unit's files, classified once (filekinds.py)
    for entry in entries:
        if entry.kind == "plan":
            data = ctx.load(entry.path)
            year = entry.found.year if entry.found else None
            if data and year and data.get("year") != year:
                ctx.add(entry.rel, line_of(data, "year"), f"year {data.get('year')} tidak sama dengan nama berkas {entry.path.name}", "plan.year")
    for entry in entries:
        if entry.found and entry.found.kind.schema == "lke":
            check_lke(ctx, entry.path, uid, stages, manifest, surveys, binding_of(unit, uid, ctx.instansi))
    for entry in entries:  # any other registered kind: read, schema-checked and scanned like every data file
        if entry.found and entry.kind not in SPECIFIC_KINDS and entry.found.kind.schema != "lke":
            ctx.load(entry.path)
    for entry in entries:
        if not entry.is_dir and not entry.is_symlink and entry.found is None:
            ctx.add(entry.rel, None, "berkas tidak dikenal di folder unit; pindahkan bukti ke evidence/<unit>/", "unit.unknown_file", "warning")


def unit_stages(ctx: Checker, unit_file: Path, unit: dict) -> dict[str, str]:
    name = ctx.rel(unit_file)
    first: dict[str, str] = {}
    previous = None
    for index, entry in enumerate(unit.get("stages") or []):
        line = line_of(unit["stages"], index)
        if index == 0 and entry["stage"] != "pencanangan":
            ctx.add(name, line, "riwayat tahapan harus diawali pencanangan", "dates.stages")
        if previous and entry["date"] < previous["date"]:
            ctx.add(name, line, f"tanggal tahap {entry['stage']} ({entry['date']}) lebih awal dari tahap sebelumnya "
                     f"{previous['stage']} ({previous['date']}); urutkan riwayat menurut tanggal", "dates.stages")
        if entry["date"] > ctx.today.isoformat():
            ctx.add(name, line, f"tanggal tahap {entry['stage']} ({entry['date']}) ada di masa depan", "dates.future")
        first.setdefault(entry["stage"], entry["date"])
        previous = entry
    start = first.get("pencanangan")
    for index, pred in enumerate(unit.get("predicates") or []):
        line = line_of(unit["predicates"], index)
        if start and pred["granted"] < start:
            ctx.add(name, line, f"predikat {pred['predicate']} diberikan ({pred['granted']}) sebelum pencanangan ({start})", "dates.predicate")
        if pred.get("revoked") and pred["revoked"] < pred["granted"]:
            ctx.add(name, line, f"predikat {pred['predicate']} dicabut ({pred['revoked']}) sebelum diberikan ({pred['granted']})", "dates.predicate")
    return first
