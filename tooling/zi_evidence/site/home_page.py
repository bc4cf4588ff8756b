"""Beranda: the institution, counts by stage and predicate, every unit in one table, the 31 May countdown."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..i18n import N_, _
from ..numfmt import angka, tanggal
from ..scoring.engine import national_eligibility
from ..scoring.kawasan import kawasan_verdict
from ..templating import fragment, render
from .context import STAGE_LABELS, SiteContext, unit_src
from .files import SiteFile, page
from .scoreview import readiness, status_badge, total_cell
from .svg import Series, percent_bars

SRC = "index.md"


def home_page(ctx: SiteContext, intro: str = "", submissions: list[int] | None = None) -> SiteFile:
    units = ctx.units
    days = (ctx.deadline - ctx.today).days
    held = Counter(p for u in units for p in u.held)
    revoked = sum(1 for u in units if u.revoked)
    ready: Counter[str] = Counter()
    for u in units:
        source = u.verdict_source(u.latest_year)
        if source and not ctx.under_ban(u):
            for pid, verdict in source[1]["eligibility"].items():
                if verdict["eligible"] and pid not in u.held:
                    ready[pid] += 1
    predicates = ctx.default_rules.predicate_ids
    cards = [
        {"title": _("Batas pengajuan ke TPN"),
         "value": fragment(f'<span data-zi-deadline="{ctx.deadline.isoformat()}" data-zi-today="{ctx.today.isoformat()}">{days}</span> ')
         + _("hari lagi"),
         "note": _("{tanggal} · dihitung per {hari_ini}").format(tanggal=tanggal(ctx.deadline.isoformat()), hari_ini=tanggal(ctx.today.isoformat()))},
        {"title": _("Unit membangun ZI"), "value": str(len(units)), "note": _("unit kerja")},
        {"title": _("Berpredikat {predikat}").format(predikat=" / ".join(predicates)), "value": " / ".join(str(held[p]) for p in predicates),
         "note": _("{n} predikat dicabut").format(n=revoked)},
        {"title": _("Memenuhi syarat diusulkan"), "value": " / ".join(str(ready[p]) for p in predicates),
         "note": _("{predikat}, penilaian terakhir").format(predikat=" / ".join(predicates))},
    ]
    by_stage = Counter(u.stage[0] for u in units if u.stage)
    stage_rows = [[label, by_stage[key]] for key, label in STAGE_LABELS.items() if by_stage[key]]
    no_stage = sum(1 for u in units if not u.stage)
    if no_stage:
        stage_rows.append([_("Belum ada tahapan"), no_stage])
    # Beranda stays light however many units there are: every unit while they fit, else the latest updated, with the
    # whole list (paged, plain links, no JavaScript needed) one click away
    by_name = sorted(units, key=lambda u: u.name.lower())
    shown = by_name if len(units) <= HOME_ROWS else sorted(units, key=lambda u: (u.last_update or "", u.name.lower()), reverse=True)[:HOME_ROWS]
    rows = [unit_row(ctx, SRC, u) for u in shown]
    charts = progress_charts(ctx, by_name[:CHART_UNITS])
    body = render("html", "site/home.md", intro=fragment(intro), stat_cards=cards, stage_rows=stage_rows, unit_rows=rows,
                  unit_headers=unit_headers(ctx), all_units=fragment(ctx.link.a(SRC, LIST_SRC, _("Daftar semua {n} unit kerja (A–Z)").format(n=len(units)))),
                  partial=len(shown) < len(units), search_action=ctx.link(SRC, "cari.md"),
                  charts=[fragment(c) for c in charts], charted=min(len(units), CHART_UNITS), unit_count=len(units),
                  kawasan_rows=kawasan_rows(ctx), kawasan_note=_(KAWASAN_NOTE),
                  letters=[fragment(ctx.link.a(SRC, f"surat/pengajuan-{y}.md", _("Surat pengajuan evaluasi kepada TPN {tahun}").format(tahun=y)))
                           for y in submissions or []])
    # a dashboard: the full width; the hand-written intro is Markdown the generator did not write, so the page is converted whole
    return page(SRC, f"Zona Integritas {ctx.instansi_name}", body, convert_whole=bool(intro.strip()), hide=["navigation", "toc"],
                zi_search="lean")


CHART_UNITS = 40  # a chart of more rows is unreadable on a phone; the table lists every unit
HOME_ROWS = 50  # Beranda's table: above this, the latest updated units (0.5 MB of HTML at 1,000 units otherwise)
LIST_SRC = "daftar-unit/index.md"
LIST_ROWS = 200  # units per page of the full list


def unit_headers(ctx: SiteContext) -> list[str]:
    return [_("Unit"), _("Tahap"), _("Tahun LKE"), _("Nilai mandiri"), _("Nilai TPI"),
            *[_("Menuju {predikat}").format(predikat=p) for p in ctx.default_rules.predicate_ids], _("Pembaruan terakhir")]


def unit_row(ctx: SiteContext, src: str, u: Any) -> list[Any]:
    """One unit's row in Beranda's table and in the full list (the same columns as :func:`unit_headers`)."""
    year = u.latest_year
    return [
        fragment(ctx.link.a(src, unit_src(u.id), u.name)),
        STAGE_LABELS.get(u.stage[0], u.stage[0]) if u.stage else "—",
        year or "—",
        fragment(total_cell(u.result(year, "self"))),
        fragment(total_cell(u.result(year, "tpi"))),
        *[fragment(readiness(u, p)) for p in ctx.default_rules.predicate_ids],
        tanggal(u.last_update) if u.last_update else "—",
    ]


def list_src(number: int) -> str:
    return LIST_SRC if number == 1 else f"daftar-unit/{number}.md"


def unit_list_pages(ctx: SiteContext) -> list[SiteFile]:
    """Every unit by name, LIST_ROWS to a page, with links to every page and to the page of each initial letter."""
    units = sorted(ctx.units, key=lambda u: u.name.lower())
    count = max(1, -(-len(units) // LIST_ROWS))
    initials: dict[str, int] = {}
    for index, u in enumerate(units):
        initials.setdefault((u.name[:1] or "#").upper(), index // LIST_ROWS + 1)
    files = []
    for number in range(1, count + 1):
        src = list_src(number)
        chunk = units[(number - 1) * LIST_ROWS:number * LIST_ROWS]
        pages = [{"label": str(n), "href": ctx.link(src, list_src(n)), "current": n == number} for n in range(1, count + 1)]
        letters = [{"label": letter, "href": ctx.link(src, list_src(n))} for letter, n in sorted(initials.items())]
        body = render("html", "site/unit-list.md", rows=[unit_row(ctx, src, u) for u in chunk], headers=unit_headers(ctx),
                      pages=pages if count > 1 else [], letters=letters if count > 1 else [],
                      first=(number - 1) * LIST_ROWS + 1, last=(number - 1) * LIST_ROWS + len(chunk), total=len(units))
        title = _("Semua unit kerja") + (f" ({number}/{count})" if count > 1 else "")
        files.append(page(src, title, body.rstrip("\n"), hide=["navigation", "toc"], zi_search="lean"))
    return files


def progress_charts(ctx: SiteContext, units: list) -> list[str]:
    """Beranda's pictures of progress (SVG, readable without JavaScript, numbers also in the table): each unit's stage
    and LKE completeness, and its latest totals against the predicates' total thresholds (from the rule set)."""
    if not units:
        return []
    stages = list(STAGE_LABELS)
    labels = [u.name for u in units]
    stage = [((stages.index(u.stage[0]) + 1) / len(stages)) if u.stage and u.stage[0] in stages else None for u in units]
    completeness = []
    totals: dict[str, list[float | None]] = {"self": [], "tpi": []}
    for u in units:
        results = {a: u.result(u.latest_year, a) for a in totals}
        shown = results["tpi"] or results["self"]
        completeness.append(shown["completeness"] if shown else None)
        for a in totals:
            totals[a].append(results[a]["total"] / ctx.default_rules.total_weight if results[a] else None)
    progress = percent_bars("kemajuan-unit", labels, [Series(_("Tahap (dari {n} tahap)").format(n=len(stages)), "zi-s1", stage),
                                                      Series(_("Kelengkapan LKE"), "zi-s2", completeness)], [],
                            _("Kemajuan setiap unit: tahap dan kelengkapan LKE"),
                            _("Panjang batang: tahap terakhir unit dari {n} tahap, dan persen butir LKE terjawab (penilaian TPI bila ada).").format(
                                n=len(stages)))
    weight = ctx.default_rules.total_weight
    marks = [(c.value / weight, f"{pid} ≥ {angka(c.value)}") for pid, p in ctx.default_rules.predicates.items() for c in p.criteria
             if c.quantity == "total" and isinstance(c.value, int | float)]
    scores = percent_bars("nilai-unit", labels, [Series(_("Nilai mandiri"), "zi-s1", totals["self"]), Series(_("Nilai TPI"), "zi-s2", totals["tpi"])],
                          marks, _("Nilai total setiap unit terhadap batas predikat"),
                          _("Nilai total LKE tahun terakhir (dari {bobot}) dengan garis batas nilai total tiap predikat.").format(bobot=angka(weight)))
    return [progress, scores]


KAWASAN_NOTE = N_("Kawasan Menuju WBK/WBBM: seluruh unit di kawasan memenuhi kriteria unit dan skor integrasi proses bisnis minimal "
                "6,5 (WBK) / 7,5 (WBBM) — Lampiran II Bab III huruf D angka 2. Status unit memakai penilaian TPN, lalu TPI, lalu mandiri.")


def kawasan_rows(ctx: SiteContext) -> list[list[Any]]:
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
        rows.append([k.get("name"), fragment(status_badge(verdict["WBK"])), fragment(status_badge(verdict["WBBM"])),
                     angka(score) if score is not None else "—", year, fragment(names), notes or "—"])
    return rows
