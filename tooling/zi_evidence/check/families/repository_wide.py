"""What lies outside unit folders: file and folder names (symlinks, control or invisible characters) anywhere under
``units/`` and ``evidence/``, the instansi file, kawasan files, the yearly Tabel 5 facts, evidence folders without a unit.

Codes: path.control, path.symlink, kawasan.id, kawasan.unit, prereq.year, evidence.orphan.
"""

from __future__ import annotations

from ...layout import EVIDENCE, UNITS, unit_dirs
from ...scan.text import invisible_characters
from ...walker import Entry
from ...yamlio import line_of
from ..context import Checker


def check_names(ctx: Checker, entries: list[Entry]) -> None:
    """Symlinks, and names with control or invisible characters (a newline or a right-to-left override in a file
    name can make a listing, a log line or a review show something else than what is there)."""
    for entry in entries:
        name = entry.name
        hidden = invisible_characters(name, name=True)
        if hidden:
            ctx.add(repr(entry.rel)[1:-1], None, f"nama berkas/folder memuat karakter kendali atau tak terlihat "
                    f"({', '.join(hidden)}); ganti namanya dengan huruf, angka, '-' dan '_'", "path.control")
        if entry.is_symlink:
            ctx.add(entry.rel, None, "tautan simbolik (symlink) tidak diizinkan; simpan berkas aslinya di sini", "path.symlink")


def check_instansi(ctx: Checker, entries: list[Entry]) -> None:
    for entry in entries:
        if entry.kind == "instansi":
            ctx.instansi = ctx.load(entry.path) or {}


def check_kawasan(ctx: Checker, entries: list[Entry]) -> None:
    known_units = {u.name for u in unit_dirs(ctx.root)}
    for entry in entries:
        if entry.kind != "kawasan":
            continue
        data = ctx.load(entry.path)
        if not data:
            continue
        if data.get("id") != entry.path.stem:
            ctx.add(entry.rel, line_of(data, "id"), f"id '{data.get('id')}' harus sama dengan nama berkas {entry.path.name}", "kawasan.id")
        for index, uid in enumerate(data.get("units") or []):
            if uid not in known_units:
                ctx.add(entry.rel, line_of(data["units"], index), f"unit '{uid}' tidak ada di units/; perbaiki id-nya atau buat unitnya", "kawasan.unit")


def check_prerequisites(ctx: Checker, entries: list[Entry]) -> None:
    for entry in entries:
        if entry.kind != "prerequisites":
            continue
        data = ctx.load(entry.path)
        year = entry.found.year if entry.found else None
        if data and year and data.get("year") != year:
            ctx.add(entry.rel, line_of(data, "year"), f"year {data.get('year')} tidak sama dengan nama berkas {entry.path.name}", "prereq.year")


def check_orphan_evidence(ctx: Checker, entries: list[Entry]) -> None:
    for entry in entries:
        parts = entry.rel.split("/")
        if entry.is_dir and len(parts) == 2 and parts[0] == EVIDENCE and not (ctx.root / UNITS / parts[1] / "unit.yaml").is_file():
            ctx.add(entry.rel, None, f"folder bukti '{parts[1]}' tidak punya unit di units/{parts[1]}/; "
                    "ganti nama foldernya atau buat unitnya dengan `zi new unit`", "evidence.orphan")


# run in this order before the units (check_orphan_evidence after them)
BEFORE_UNITS = (check_names, check_instansi, check_kawasan, check_prerequisites)
AFTER_UNITS = (check_orphan_evidence,)
