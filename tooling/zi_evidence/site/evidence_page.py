"""A unit's evidence index, and the public evidence files copied to the site (internal ones never are)."""

from __future__ import annotations

from ..check import CheckReport
from ..disclosure import disclosed, is_public
from ..i18n import _
from ..layout import EVIDENCE
from ..numfmt import tanggal
from ..templating import fragment, render
from .context import SiteContext, UnitView, unit_src
from .files import SiteFile, page
from .lke_page import DOWNLOAD, public_href, published_path
from .markup import badge, esc, table
from .share_card import unit_card_path

KIND_LABELS = {"sk": "SK", "foto": "Foto", "dokumen": "Dokumen", "laporan": "Laporan", "tautan": "Tautan"}


def evidence_page(ctx: SiteContext, view: UnitView, provenance: dict[str, tuple[str, str]] | None = None) -> SiteFile:
    """``provenance`` maps evidence id → (date, commit id) of the commit that first recorded it, when Git history is available."""
    src = unit_src(view.id, "bukti")
    items = [e for e in view.record.manifest.get("items") or [] if isinstance(e, dict)]
    rows = []
    for e in items:
        eid = str(e.get("id"))
        shown = disclosed(e)
        if is_public(e):
            href = public_href(ctx, src, view, e)
            where = (f'<a href="{esc(href)}"{DOWNLOAD if e.get("file") else ""}>{"unduh berkas" if e.get("file") else "tautan"}</a>'
                     if href else '<span class="zi-muted">tidak diterbitkan</span>')
            vis = badge(_('publik'), "ok")
        else:
            where = '<span class="zi-muted">tidak dipublikasikan</span>'
            vis = badge(_('internal'), "muted")
        supports = ", ".join(
            f'<a href="{esc(ctx.link(src, unit_src(view.id, f"lke-{year}"), str(i)))}">{esc(i)}</a>' if (year := view.latest_year) else esc(i)
            for i in e.get("supports") or []
        )
        title = esc(shown["title"]) if shown.get("title") else '<span class="zi-muted">(judul internal)</span>'
        row = [f'<span id="e-{esc(eid)}" class="zi-id">{esc(eid)}</span>', title, esc(KIND_LABELS.get(str(e.get("kind")), e.get("kind") or "—")),
               esc(tanggal(e.get("date")) if e.get("date") else "—"), supports, vis, where,
               f'<code class="zi-sha">{esc(e.get("sha256") or "—")}</code>']
        if provenance is not None:
            first = provenance.get(eid)
            row.append(esc(f"{tanggal(first[0])}, commit {first[1][:10]}") if first else '<span class="zi-muted">belum di-commit</span>')
        rows.append(row)
    headers = ["ID", _("Judul"), _("Jenis"), _("Tanggal"), _("Butir LKE"), _("Sifat"), _("Akses"), "sha256"]
    if provenance is not None:
        headers.append(_("Pertama dicatat"))
    body = render("html", "site/evidence.md", back=fragment(ctx.link.a(src, unit_src(view.id), _("← Kembali ke halaman unit"))),
                  with_provenance=provenance is not None, table=fragment(table(headers, rows, cls="zi-evidence")) if rows else "")
    # not in the search index: with its table left out (as on the unit page) it held only its title and a sentence every
    # unit's page shares, a second result beside each unit page; leaving it out saves ~20 % of indexing (site/search.py)
    return page(src, _("Bukti dukung: {unit}").format(unit=view.name), body, hide=["navigation", "toc"],
                image=unit_card_path(view.id), search={"exclude": True})


def public_evidence_files(view: UnitView, report: CheckReport) -> tuple[list[SiteFile], list[str]]:
    """Public evidence files to copy: exactly those `zi check` verified (inside the unit's folder, no symlink, allowed
    type whose content matches its extension, size and sha256 as recorded, no personal data). Returns (files, warnings)
    and records each published path on ``view``."""
    files, warnings = [], []
    for e in view.record.manifest.get("items") or []:
        if not isinstance(e, dict) or not is_public(e) or not e.get("file"):
            continue
        key = (view.id, str(e.get("id")))
        source = report.publishable.get(key)
        if source is None:
            reason = report.withheld.get(key, "tidak lolos `zi check`")
            warnings.append(f"{EVIDENCE}/{view.id}/{e.get('file')}: tidak diterbitkan — {reason}")
            continue
        path = published_path(view.id, e)
        view.published[str(e["id"])] = path
        files.append(SiteFile(path, source=source))
    return files, warnings
