"""Inspecting one evidence file named by a manifest entry: where it is, what it is, whether it may be published.

The one implementation behind ``zi check`` and the site build (which publishes a public file only when this found no
error), so the site can never publish what ``zi check`` would refuse.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..layout import EVIDENCE, MAX_EVIDENCE_BYTES
from ..problems import Problem
from .filetypes import ALL_EXTENSIONS, PUBLIC_EXTENSIONS, ContentError, Extracted, evidence_type
from .sandbox import SandboxFailure, shared_sandbox
from .text import LABELS, invisible_characters, personal_data


@dataclass
class Inspection:
    path: Path | None = None  # the verified file (inside the unit's folder, no symlink, sha256 as recorded)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.path is not None and not any(p.severity == "error" for p in self.problems)


def extract_text(data: bytes, name: str) -> Extracted:
    """The text a file of this type carries; ContentError when the bytes are not of the type."""
    kind = evidence_type(name)
    if kind is None:
        raise ContentError("jenis berkas tidak dikenal")
    kind.verify(data)
    if not kind.sandboxed:
        return kind.extract(data)
    try:
        return shared_sandbox().call(kind.extract, data)
    except SandboxFailure as exc:
        if exc.error == "ContentError":
            raise ContentError(exc.reason) from None
        return Extracted("", f"isinya tidak dapat dibaca ({exc.reason})")


def inspect_evidence(root: Path, unit_id: str, entry: dict, manifest: str, line: int | None, recorded: bool = True) -> Inspection:
    """Check the file of one manifest entry; problems name the manifest line and say how to fix them. ``recorded``:
    False for a file an answer names directly (a form's upload): no size or sha256 was recorded to compare (Git holds
    the content), everything else is inspected the same."""
    out = Inspection()

    def add(message: str, code: str, severity: str = "error") -> None:
        out.problems.append(Problem(manifest, line, message, severity, code))

    rel = str(entry["file"])
    folder = root / EVIDENCE / unit_id
    if invisible_characters(rel, name=True):
        add(f"nama berkas bukti {rel!r} memuat karakter kendali atau tak terlihat ({', '.join(invisible_characters(rel, name=True))}); "
            "ganti nama berkasnya dengan huruf, angka, '-' dan '_'", "path.control")
        return out
    if ".." in Path(rel).parts or Path(rel).is_absolute():
        add(f"berkas bukti '{rel}' keluar dari folder {EVIDENCE}/{unit_id}/; simpan berkasnya di dalam folder itu", "path.escape")
        return out
    probe = folder
    for part in Path(rel).parts:
        probe = probe / part
        if probe.is_symlink():
            add(f"berkas bukti '{rel}' melalui symlink; simpan berkas aslinya", "path.symlink")
            return out
    # no "..", not absolute and no symlink on the way: the file lies inside the folder, so no resolve() is needed
    # (two realpath() calls per evidence file were 7 % of a cold `zi check` at 1,000 units)
    target = folder / rel
    if not target.is_file():
        add(f"berkas bukti '{rel}' tidak ditemukan di {EVIDENCE}/{unit_id}/; tambahkan berkasnya atau perbaiki path", "evidence.missing")
        return out
    kind = evidence_type(rel)
    public = entry.get("visibility") == "public"
    if kind is None or (public and not kind.public):
        allowed = PUBLIC_EXTENSIONS if public else ALL_EXTENSIONS
        why = "bukti publik diterbitkan sebagai unduhan, tidak pernah sebagai halaman atau skrip; " if public else ""
        add(f"jenis berkas '{Path(rel).suffix.lower() or rel}' tidak diizinkan untuk bukti {'publik' if public else 'internal'}; {why}"
            f"gunakan salah satu: {', '.join(allowed)}", "evidence.kind")
        return out
    size = target.stat().st_size
    if size > MAX_EVIDENCE_BYTES:
        add(f"berkas bukti '{rel}' berukuran {size} bita, melebihi batas {MAX_EVIDENCE_BYTES}; "
            "perkecil atau simpan di luar repositori dan catat url-nya", "evidence.too_large")
        return out
    if recorded and size != entry.get("size"):
        add(f"ukuran berkas '{rel}' {size} bita, manifest mencatat {entry.get('size')}; jalankan `zi evidence add` ulang", "evidence.size")
    content = target.read_bytes()
    if recorded and hashlib.sha256(content).hexdigest() != entry.get("sha256"):
        add(f"sha256 berkas '{rel}' tidak cocok dengan manifest (isi berubah setelah dicatat); "
            "bila perubahan disengaja, catat ulang dengan `zi evidence add`", "evidence.sha256")
        return out
    try:
        if public:
            extracted = extract_text(content, rel)
        else:
            kind.verify(content)
            extracted = None
    except ContentError as exc:
        add(f"isi berkas '{rel}' tidak sesuai ekstensinya {kind.extensions[0]}: {exc}; unggah berkas {kind.label} yang asli",
            "evidence.content")
        return out
    if extracted is not None:
        kinds = personal_data(extracted.text)
        if kinds:
            add(f"bukti publik '{rel}' memuat data pribadi ({', '.join(LABELS[k] for k in kinds)}); "
                "hapus data tersebut atau ubah visibility menjadi internal", "evidence.personal_data")
        if extracted.unreadable:
            add(f"bukti publik '{rel}': {extracted.unreadable}; periksa sendiri bahwa tidak ada data pribadi, "
                "atau terbitkan versi yang teksnya dapat dibaca (--strict menggagalkan ini)", "evidence.unreadable", "warning")
    out.path = target
    return out
