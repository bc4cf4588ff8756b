"""Letters on the site: each unit's SPTJM, monitoring report, Deklarasi and Piagam, and the instansi's Surat Pengajuan."""

from __future__ import annotations

from ..i18n import _
from ..letters import Letter, surat_pengajuan, unit_letters
from ..repository import UnitRecord
from ..templating import fragment, render
from .context import SiteContext, UnitView, unit_src
from .files import SiteFile, page
from .share_card import unit_card_path
from .splice import as_raw_block


def submission_years(record: UnitRecord) -> set[int]:
    return {int(s["date"][:4]) for s in record.profile.get("stages") or []
            if isinstance(s, dict) and s.get("stage") == "pengajuan_tpn" and str(s.get("date", ""))[:4].isdigit()}


def letter_years(record: UnitRecord) -> list[int]:
    """Years with letters to show: the TPI has assessed the unit, or the unit was submitted to the TPN."""
    return sorted({e.year for e in record.lke if e.assessor == "tpi" and e.result and e.year} | submission_years(record))


def _embedded(letter: Letter) -> str:
    """A letter inside a page: its headings one level down, under the page's own title, as Markdown (the page's table
    of contents and anchors); the text under each is the HTML the print page is made of (converted once, not again
    by the site's Markdown: a 4 KB letter cost the site ~4 ms a page)."""
    blocks = []
    for section in letter.sections:
        if section.heading is not None:
            blocks.append("#" + section.heading)
        if section.body_html.strip():
            blocks.append(as_raw_block(section.body_html))
    return "\n\n".join(blocks)


def letters_files(ctx: SiteContext, view: UnitView, year: int) -> list[SiteFile]:
    letters = unit_letters(ctx.repo, view.record, year, pengajuan=False)
    src = unit_src(view.id, f"surat-{year}")
    base = f"unit/{view.id}/surat-{year}"
    body = render("html", "site/letters.md", back=fragment(ctx.link.a(src, unit_src(view.id), _("← Kembali ke halaman unit"))),
                  printable=[{"href": ctx.link(src, f"{base}/{x.slug}.html"), "title": x.title} for x in letters],
                  letters=[fragment(_embedded(x).rstrip("\n")) for x in letters])
    files = [page(src, _("Surat dan dokumen {tahun}: {unit}").format(tahun=year, unit=view.name), body.rstrip("\n"), search={"exclude": True},
                  image=unit_card_path(view.id))]
    files += [SiteFile(f"{base}/{x.slug}.html", x.html()) for x in letters]
    return files


def pengajuan_files(ctx: SiteContext, records: list[UnitRecord], year: int) -> list[SiteFile]:
    repo = ctx.repo
    letter = surat_pengajuan(repo, records, year, repo.rules(repo.default_rules(None)).title)
    src = f"surat/pengajuan-{year}.md"
    body = render("html", "site/letters.md", back=None, printable=[{"href": ctx.link(src, f"surat/pengajuan-{year}.html"), "title": letter.title}],
                  letters=[fragment(_embedded(letter).rstrip("\n"))])
    return [page(src, _("Surat pengajuan evaluasi kepada TPN {tahun}").format(tahun=year), body.rstrip("\n")),
            SiteFile(f"surat/pengajuan-{year}.html", letter.html())]
