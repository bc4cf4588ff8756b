"""A unit's evidence index, and the public evidence files copied to the site (internal ones never are)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..layout import ALLOWED_EVIDENCE_EXTENSIONS, EVIDENCE, MAX_EVIDENCE_BYTES
from ..numfmt import tanggal
from .context import SiteContext, UnitView, unit_src
from .files import SiteFile, page
from .lke_page import public_href, published_path
from .markup import badge, esc, table

KIND_LABELS = {"sk": "SK", "foto": "Foto", "dokumen": "Dokumen", "laporan": "Laporan", "tautan": "Tautan"}


def evidence_page(ctx: SiteContext, view: UnitView, provenance: dict[str, tuple[str, str]] | None = None) -> SiteFile:
    """``provenance`` maps evidence id → (date, author) of the commit that first recorded it, when Git history is available."""
    src = unit_src(view.id, "bukti")
    items = [e for e in view.record.manifest.get("items") or [] if isinstance(e, dict)]
    rows = []
    for e in items:
        eid = str(e.get("id"))
        public = e.get("visibility") == "public"
        if public:
            href = public_href(ctx, src, view.id, e)
            where = f'<a href="{esc(href)}">{"berkas" if e.get("file") else "tautan"}</a>' if href else "—"
            vis = badge("publik", "ok")
        else:
            where = '<span class="zi-muted">tidak dipublikasikan</span>'
            vis = badge("internal", "muted")
        supports = ", ".join(
            f'<a href="{esc(ctx.link(src, unit_src(view.id, f"lke-{year}"), str(i)))}">{esc(i)}</a>' if (year := view.latest_year) else esc(i)
            for i in e.get("supports") or []
        )
        row = [f'<span id="e-{esc(eid)}" class="zi-id">{esc(eid)}</span>', esc(e.get("title")), esc(KIND_LABELS.get(e.get("kind"), e.get("kind") or "—")),
               esc(tanggal(e.get("date")) if e.get("date") else "—"), supports, vis, where,
               f'<code class="zi-sha">{esc(e.get("sha256") or "—")}</code>']
        if provenance is not None:
            first = provenance.get(eid)
            row.append(esc(f"{tanggal(first[0])}, {first[1]}") if first else '<span class="zi-muted">belum di-commit</span>')
        rows.append(row)
    headers = ["ID", "Judul", "Jenis", "Tanggal", "Butir LKE", "Sifat", "Akses", "sha256"]
    if provenance is not None:
        headers.append("Pertama dicatat")
    note = ("<p>Sidik jari sha256 memastikan isi bukti tidak berubah sejak dicatat: unduh berkas publik lalu bandingkan, misalnya dengan "
            "<code>sha256sum</code>. Bukti internal hanya ditampilkan judul dan sidik jarinya.</p>")
    if provenance is None:
        note += '<p class="zi-muted">Kapan setiap bukti pertama dicatat tampil bila situs dibangun dari checkout Git dengan riwayat lengkap.</p>'
    parts = [
        f"<p>{ctx.link.a(src, unit_src(view.id), '← Kembali ke halaman unit')}</p>",
        note,
        table(headers, rows, cls="zi-evidence") if rows else "<p>Belum ada bukti dukung tercatat.</p>",
    ]
    return page(src, f"Bukti dukung: {view.name}", *parts, hide=["navigation", "toc"])


def public_evidence_files(root: Path, view: UnitView) -> tuple[list[SiteFile], list[str]]:
    """Public evidence files to copy, each verified again (inside its folder, no symlink, allowed type, size, sha256).

    Returns (files, warnings); a file that fails a check is not published.
    """
    root = root.resolve()
    base = root / EVIDENCE / view.id
    files, warnings = [], []
    for e in view.record.manifest.get("items") or []:
        if not isinstance(e, dict) or e.get("visibility") != "public" or not e.get("file"):
            continue
        rel = str(e["file"])
        path = root / EVIDENCE / view.id / rel
        where = f"{EVIDENCE}/{view.id}/{rel}"
        try:
            resolved = path.resolve(strict=True)
        except OSError:
            warnings.append(f"{where}: berkas bukti publik tidak ditemukan; tidak diterbitkan")
            continue
        if not resolved.is_relative_to(base) or path.is_symlink() or any(p.is_symlink() for p in path.parents if p.is_relative_to(base)):
            warnings.append(f"{where}: jalur keluar dari folder bukti unit atau melalui symlink; tidak diterbitkan")
            continue
        if resolved.suffix.lower() not in ALLOWED_EVIDENCE_EXTENSIONS or resolved.stat().st_size > MAX_EVIDENCE_BYTES:
            warnings.append(f"{where}: jenis atau ukuran berkas tidak diizinkan; tidak diterbitkan")
            continue
        if hashlib.sha256(resolved.read_bytes()).hexdigest() != e.get("sha256"):
            warnings.append(f"{where}: sha256 tidak cocok dengan manifest; tidak diterbitkan (jalankan `zi check`)")
            continue
        files.append(SiteFile(published_path(view.id, e), source=resolved))
    return files, warnings
