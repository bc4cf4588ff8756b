"""Beranda: the institution, counts by stage and predicate, every unit in one table, the 31 May countdown."""

from __future__ import annotations

from collections import Counter

from ..numfmt import angka, tanggal
from ..scoring.engine import national_eligibility
from ..scoring.kawasan import kawasan_verdict
from .context import STAGE_LABELS, SiteContext, unit_src
from .files import SiteFile, page
from .markup import esc, table
from .scoreview import readiness, status_badge, total_cell

SRC = "index.md"


def home_page(ctx: SiteContext, intro: str = "", submissions: list[int] | None = None) -> SiteFile:
    units = ctx.units
    days = (ctx.deadline - ctx.today).days
    held = Counter(p for u in units for p in u.held)
    revoked = sum(1 for u in units if u.revoked)
    ready = Counter()
    for u in units:
        source = u.verdict_source(u.latest_year)
        if source and not ctx.under_ban(u):
            for pid, verdict in source[1]["eligibility"].items():
                if verdict["eligible"] and pid not in u.held:
                    ready[pid] += 1
    cards = [
        ("Batas pengajuan ke TPN", f'<span data-zi-deadline="{ctx.deadline.isoformat()}" data-zi-today="{ctx.today.isoformat()}">{days}</span> hari lagi',
         f"{tanggal(ctx.deadline.isoformat())} · dihitung per {tanggal(ctx.today.isoformat())}"),
        ("Unit membangun ZI", str(len(units)), "unit kerja"),
        ("Berpredikat WBK / WBBM", f"{held['WBK']} / {held['WBBM']}", f"{revoked} predikat dicabut"),
        ("Memenuhi syarat diusulkan", f"{ready['WBK']} / {ready['WBBM']}", "WBK / WBBM, penilaian terakhir"),
    ]
    card_html = ['<div class="zi-cards">']
    for title, value, note in cards:
        card_html.append(f'<div class="zi-card"><div class="zi-card-title">{esc(title)}</div><div class="zi-card-value">{value}</div>'
                         f'<div class="zi-card-note">{esc(note)}</div></div>')
    card_html.append("</div>")

    by_stage = Counter(u.stage[0] for u in units if u.stage)
    stage_rows = [[esc(label), esc(by_stage[key])] for key, label in STAGE_LABELS.items() if by_stage[key]]
    no_stage = sum(1 for u in units if not u.stage)
    if no_stage:
        stage_rows.append(["Belum ada tahapan", esc(no_stage)])

    rows = []
    for u in sorted(units, key=lambda u: u.name.lower()):
        year = u.latest_year
        rows.append([
            ctx.link.a(SRC, unit_src(u.id), u.name),
            esc(STAGE_LABELS.get(u.stage[0], u.stage[0]) if u.stage else "—"),
            esc(year or "—"),
            total_cell(u.result(year, "self")),
            total_cell(u.result(year, "tpi")),
            readiness(u, "WBK"),
            readiness(u, "WBBM"),
            esc(tanggal(u.last_update) if u.last_update else "—"),
        ])
    parts = [
        intro,
        "\n".join(card_html),
        "## Unit kerja menurut tahapan",
        table(["Tahap terakhir", "Jumlah unit"], stage_rows, cls="zi-numbers"),
        "## Semua unit kerja",
        "<p>Nilai LKE tahun terakhir: penilaian mandiri unit dan penilaian Tim Penilai Internal (TPI). Status predikat memakai penilaian "
        "TPI bila ada. Klik nama unit untuk rincian, bukti dukung, dan apa yang masih perlu dipenuhi.</p>",
        table(["Unit", "Tahap", "Tahun LKE", "Nilai mandiri", "Nilai TPI", "Menuju WBK", "Menuju WBBM", "Pembaruan terakhir"], rows, cls="zi-units"),
    ]
    kawasan = kawasan_rows(ctx)
    if kawasan:
        parts += ["## Kawasan",
                  "<p>Kawasan Menuju WBK/WBBM: seluruh unit di kawasan memenuhi kriteria unit dan skor integrasi proses bisnis minimal "
                  "6,5 (WBK) / 7,5 (WBBM) — Lampiran II Bab III huruf D angka 2. Status unit memakai penilaian TPN, lalu TPI, lalu mandiri.</p>",
                  table(["Kawasan", "Menuju WBK", "Menuju WBBM", "Skor integrasi", "Tahun", "Unit", "Catatan"], kawasan, cls="zi-units")]
    if submissions:
        parts.append("## Surat pengajuan ke TPN")
        parts.append("<ul>" + "".join(f"<li>{ctx.link.a(SRC, f'surat/pengajuan-{y}.md', f'Surat pengajuan evaluasi kepada TPN {y}')}</li>"
                                      for y in submissions) + "</ul>")
    return page(SRC, f"Zona Integritas {ctx.instansi_name}", *parts, hide=["navigation", "toc"])  # a dashboard: the full width


def kawasan_rows(ctx: SiteContext) -> list[list[str]]:
    """One row per kawasan: its units, the integration score of the latest year and the verdict per predicate."""
    views = {u.id: u for u in ctx.units}
    rows = []
    for k in ctx.repo.kawasan():
        members = [views[u] for u in k["units"] if u in views]
        year = max((u.latest_year for u in members if u.latest_year), default=None) or ctx.today.year
        status = {}
        for u in members:
            source = u.verdict_source(year)
            per = {p: v.get("status", "memenuhi" if v["eligible"] else "belum memenuhi") for p, v in national_eligibility(source[1]).items()} if source else {}
            per.update({p: "memenuhi" for p in u.held})
            status[u.id] = per
        verdict = kawasan_verdict(k, year, status, ctx.default_rules.policy)
        names = ", ".join(ctx.link.a(SRC, unit_src(u.id), u.name) for u in members)
        score = verdict["WBK"]["integration"]
        notes = "; ".join(dict.fromkeys(r for v in verdict.values() for r in v["reasons"]))
        # the verdicts first: wide tables scroll, and they are what a reader comes for
        rows.append([esc(k.get("name")), status_badge(verdict["WBK"]), status_badge(verdict["WBBM"]),
                     esc(angka(score) if score is not None else "—"), esc(year), names, esc(notes or "—")])
    return rows
