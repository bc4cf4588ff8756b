"""The page of one unit: profile, stages, readiness, scores, declarations, standards, surveys, action plan."""

from __future__ import annotations

from typing import Any

from ..declarations import declaration_of
from ..i18n import _
from ..lkefile import ASSESSOR_LABELS
from ..numfmt import angka, persen, tanggal
from ..review import status_counts
from ..scoring.policy import monitoring_due, revocation_ban
from ..templating import environment, fragment, render, squeeze_blank_lines
from .badges import unit_badge_message
from .context import ASSESSOR_SHORT, STAGE_LABELS, SiteContext, UnitView, unit_src
from .files import SiteFile, page
from .letters_page import letter_years
from .markup import badge, esc, safe_url, table, tag
from .scoreview import SERIES_CSS, area_chart, area_table, checklist, prerequisites_table, readiness, status_badge, total_cell, total_marks
from .share_card import unit_card_path
from .svg import Series, line_chart, meter

MONTHS = [f"B{m:02d}" for m in range(1, 13)]
MONTH_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def unit_page(ctx: SiteContext, view: UnitView, history_section: str = "") -> SiteFile:
    """The unit's page (``templates/site/unit.md``); each section is a fragment from the builders below."""
    src = unit_src(view.id)
    record = view.record
    p = record.profile
    year = view.latest_year
    if history_section and len(view.record.years) > 1:  # the commits of the latest year, and the years with their regimes
        history_section += "\n\n" + _yearly_progress(ctx, view, with_git=True)
    items = [e for e in record.manifest.get("items") or [] if isinstance(e, dict)]
    sections = {
        "cards": _cards(ctx, view), "profile": _profile(ctx, view), "timeline": _timeline(view),
        "readiness": _readiness(ctx, view, year) if year else "", "scores": _scores(ctx, view, year) if year else "",
        "progress": history_section or _yearly_progress(ctx, view), "declarations": _declarations(ctx, view),
        "standards": _standards(ctx, view), "surveys": _surveys(ctx, view), "plans": _plans(view),
        "evidence_link": ctx.link.a(src, unit_src(view.id, "bukti"), _("Lihat daftar bukti dukung beserta sidik jari sha256")),
    }
    letters = [ctx.link.a(src, unit_src(view.id, f"surat-{y}"), _("SPTJM, laporan monitoring TPI, deklarasi dan piagam {tahun}").format(tahun=y))
               for y in letter_years(record)]
    body = render("html", "site/unit.md", year=year, lead=[x for x in (p.get("instansi"), p.get("service_kind")) if x],
                  letters=[fragment(x) for x in letters], evidence_count=len(items),
                  evidence_public=sum(1 for e in items if e.get("visibility") == "public"),
                  **{k: fragment(v) for k, v in sections.items()})
    summary, _colour = unit_badge_message(ctx, view)  # the same one-line status as the unit's badge, for link previews (og:description)
    return page(src, view.name, squeeze_blank_lines(body), hide=["navigation", "toc"],  # a dashboard: tables and charts get the full width
                description=esc(f"{view.name}: {summary}"), image=unit_card_path(view.id), zi_search=LEAN)  # MkDocs prints front matter into <head> unescaped


LEAN = "lean"  # search indexes the page's text but not its data tables (the profile stays): site/search.py


def _cards(ctx: SiteContext, view: UnitView) -> str:
    """The unit's stat cards (``partials/cards.html``, as on Beranda): stage, latest scores, readiness per predicate."""
    cards = []
    if view.stage:
        stage, when = view.stage
        cards.append({"title": _("Tahap terakhir"), "value": STAGE_LABELS.get(stage, stage), "note": tanggal(when)})
    year = view.latest_year
    for assessor in ("self", "tpi"):
        result = view.result(year, assessor)
        if result:
            cards.append({"title": _("Nilai {penilai} {tahun}").format(penilai=ASSESSOR_SHORT[assessor], tahun=year),
                          "value": fragment(total_cell(result)), "note": _("dari 100")})
    for predicate in ctx.default_rules.predicate_ids:
        cards.append({"title": _("Menuju {predikat}").format(predikat=predicate), "value": fragment(readiness(view, predicate)), "note": ""})
    macro: Any = getattr(environment("html").get_template("partials/cards.html").module, "cards")  # noqa: B009 - a template macro
    return str(macro(cards))


def _profile(ctx: SiteContext, view: UnitView) -> str:
    p = view.record.profile
    head = p.get("head") or {}
    aliases = [str(a) for a in p.get("aliases") or [] if a]
    also = _("nama lain")
    rows = [
        [_("Nama unit"), esc(view.name)],
        # the id and the names people use (Dukcapil, DPMPTSP) are on the page, so search finds the unit by them
        [_("Kode unit"), f'<code>{esc(view.id)}</code>' + (f" · {also}: {esc(', '.join(aliases))}" if aliases else "")],
        ["Instansi", esc(p.get("instansi"))],
        ["Jenis layanan", esc(p.get("service_kind") or "—")],
        ["Alamat", esc(p.get("address") or "—")],
        ["Pimpinan", esc(" — ".join(x for x in (head.get("name"), head.get("position")) if x) or "—")],
        ["Target predikat", esc(p.get("target") or "—")],
        ["Core layanan utama", esc("ya" if p.get("core_service") is True else "tidak" if p.get("core_service") is False else "—")],
        ["Aturan penilaian", esc(p.get("rules") or "bawaan instansi")],
    ]
    url = safe_url(p.get("website"))
    if url:
        rows.append(["Situs web", tag("a", esc(url), href=url, rel="noopener")])
    for entry in p.get("predicates") or []:
        if not isinstance(entry, dict):
            continue
        text = f"{entry.get('predicate')} sejak {tanggal(entry.get('granted'))}"
        if entry.get("decree"):
            text += f" ({entry['decree']})"
        cell = esc(text)
        if entry.get("revoked"):
            cell += " " + badge(_('dicabut {v0}').format(v0=tanggal(entry['revoked'])), "no")
            if entry.get("reason"):
                cell += f"<br><small>Alasan: {esc(entry['reason'])}</small>"
        rows.append(["Predikat", cell])
    policy = ctx.default_rules.policy
    for m in monitoring_due(p.get("predicates"), p.get("stages"), ctx.today, policy):
        state = badge(_('terlambat'), "no") if m.overdue else badge(_('terjadwal'), "info")
        rows.append(["Pemantauan berkala", f"{esc(m.predicate)}: laporan melalui PMPZI paling lambat {esc(tanggal(m.due.isoformat()))} {state}"
                     f"<br><small>setiap 2 tahun sejak {esc(tanggal(m.last.isoformat()))} (Lampiran II Bab IV huruf A angka 3–4)</small>"])
    ban = revocation_ban(p.get("predicates"), ctx.today, policy)
    if ban is not None:
        rows.append(["Pengajuan kembali", f"tidak dapat diajukan sebelum {esc(tanggal(ban.until.isoformat()))} "
                     f"<small>(2 tahun setelah pencabutan {esc(tanggal(ban.revoked.isoformat()))}; Lampiran II Bab IV huruf C)</small>"])
    return table([_('Data'), _('Keterangan')], rows, cls="zi-profile")


def _timeline(view: UnitView) -> str:
    stages = [s for s in view.record.profile.get("stages") or [] if isinstance(s, dict)]
    if not stages:
        return "<p>Belum ada tahapan tercatat.</p>"
    stages = sorted(stages, key=lambda s: str(s.get("date")))
    out = ['<ol class="zi-timeline">']
    for s in stages:
        extra = "".join(f"<br><small>{esc(s[k])}</small>" for k in ("decree", "note") if s.get(k))
        out.append(f'<li><span class="zi-when">{esc(tanggal(s.get("date")))}</span> '
                   f'<strong>{esc(STAGE_LABELS.get(s.get("stage"), s.get("stage")))}</strong>{extra}</li>')
    out.append("</ol>")
    return "\n".join(out)


def _readiness(ctx: SiteContext, view: UnitView, year: int) -> str:
    source = view.verdict_source(year)
    if source is None:
        return "<p>LKE tahun ini belum dapat dinilai (lihat pemeriksaan data pada repositori).</p>"
    assessor, result = source
    rules = ctx.repo.rules(result["rules"])
    parts = [f"<p>Berdasarkan <strong>{esc(ASSESSOR_LABELS.get(assessor, assessor))}</strong> atas LKE {year} "
             f"(aturan <code>{esc(result['rules'])}</code>). Semua kriteria harus terpenuhi.</p>"]
    national = result.get("national")
    for pid, verdict in result["eligibility"].items():
        parts.append(f"<h3>{esc(verdict['name'])} {status_badge(verdict)}</h3>")
        parts.append(checklist(rules, result, pid))
        if national and pid in national["eligibility"]:
            # a local rule set gates the institution's own evaluation; the TPN applies the national Tabel 6 (DESIGN §3)
            nv = national["eligibility"][pid]
            parts.append(f"<p><strong>Menurut aturan nasional</strong> (<code>{esc(national['rules'])}</code>, dipakai TPN dalam pra-evaluasi): "
                         f"{status_badge(nv)}</p>")
            parts.append(checklist(ctx.repo.rules(national["rules"]), result, pid, national["eligibility"]))
        prereq = result.get("prerequisites")
        if prereq and pid in prereq:
            parts.append(prerequisites_table(prereq, pid))
    return "\n".join(parts)


def _scores(ctx: SiteContext, view: UnitView, year: int) -> str:
    results = {a: r for a in ("self", "tpi", "tpn") if (r := view.result(year, a))}
    if not results:
        problems = [p for e in view.record.lke if e.year == year for p in e.problems]
        return "<p>Berkas LKE tahun ini belum dapat dinilai" + (f": {esc(problems[0].message)}" if problems else "") + ".</p>"
    rules = ctx.repo.rules(next(iter(results.values()))["rules"])
    src = unit_src(view.id)
    invalid = [(a, i) for a, r in results.items() for i in r.get("invalid") or []]
    notice = ""
    if invalid:  # an invalid answer counts 0 and is named here: the file's score is never dropped silently
        notice = ('<div class="admonition warning"><p class="admonition-title">Jawaban tidak valid dihitung 0</p><ul>'
                  + "".join(f"<li>{esc(ASSESSOR_LABELS.get(a, a))}: <code>{esc(i['item'])}</code> — {esc(i['message'])}</li>" for a, i in invalid)
                  + "</ul></div>")
    links = " · ".join(ctx.link.a(src, unit_src(view.id, f"lke-{y}"), f"Rincian LKE {y}") for y in view.record.years)
    counts = status_counts({a: (e.lke.data.get("answers") or {}) for a in ("self", "tpi", "tpn")
                            if (e := view.record.scored(year, a)) and e.lke and isinstance(e.lke.data.get("answers"), dict)})
    if counts:
        notice += (f'<p class="zi-review">Tinjauan TPI {year}: <strong>{counts["revisi"]}</strong> butir perlu revisi '
                   f'({counts["ditanggapi"]} sudah ditanggapi unit) · <strong>{counts["diterima"]}</strong> butir diterima. '
                   "Catatan tinjauan tidak diterbitkan.</p>")
    return "\n".join([
        notice,
        f'<p>{links} — setiap butir dengan jawaban mandiri dan TPI berdampingan serta bukti dukungnya.</p>',
        area_chart(f"area-{year}", results, rules),
        area_table(results),
    ])


def _yearly_progress(ctx: SiteContext, view: UnitView, with_git: bool = False) -> str:
    years = sorted(view.record.years)
    if not years:
        return "<p>Belum ada LKE yang dinilai.</p>"
    series = []
    for assessor in ("self", "tpi", "tpn"):
        values = [(r["total"] if (r := view.result(y, assessor)) else None) for y in years]
        if any(v is not None for v in values):
            series.append(Series(ASSESSOR_SHORT[assessor], SERIES_CSS[assessor], values))
    desc = "; ".join(f"{s.name}: " + ", ".join(f"{y} {angka(v)}" for y, v in zip(years, s.values, strict=True) if v is not None) for s in series)
    regimes = regime_per_year(view, years)
    latest = ctx.repo.rules(regimes[years[-1]] or ctx.repo.default_rules(view.id))
    changes = [(k, ctx.repo.rules(regime).title) for k, y in enumerate(years) if k and (regime := regimes[y]) and regime != regimes[years[k - 1]]]
    marks = [(k, "aturan baru: " + title.replace("PermenPANRB Nomor ", "").replace(" Tahun ", "/")) for k, title in changes]
    chart = line_chart("progres-tahunan" if with_git else "progres", [str(y) for y in years], series, latest.total_weight, total_marks(latest),
                       "Nilai total LKE per tahun", desc, x_marks=marks)
    note = "Nilai total per tahun penilaian, masing-masing menurut aturan yang berlaku pada tahun itu."
    if changes:
        note += " Garis tegak: aturan penilaian berganti (" + "; ".join(f"{years[k]}: {title}" for k, title in changes) + ")."
    if with_git:
        return chart + f"\n<p class=\"zi-muted\">{esc(note)}</p>"
    return chart + (f"\n<p class=\"zi-muted\">{esc(note)} Riwayat per perubahan (commit) tidak tersedia: "
                    "situs ini dibangun di luar checkout Git.</p>")


def regime_per_year(view: UnitView, years: list[int]) -> dict[int, str | None]:
    """The rule set each year's LKE was scored under (its first scored assessor's file names it)."""
    out: dict[int, str | None] = {}
    for year in years:
        result = next((r for a in ("self", "tpi", "tpn") if (r := view.result(year, a))), None)
        out[year] = result["rules"] if result else None
    return out


def _declarations(ctx: SiteContext, view: UnitView) -> str:
    d = view.record.declarations
    if not d:
        return "<p>Dokumen pencanangan belum dicatat.</p>"
    parts = []
    for key, heading in (("deklarasi", "Deklarasi"), ("piagam", "Piagam Pencanangan")):
        document = declaration_of(key, d, view.record.profile, view.name)
        if document is not None:
            parts.append(f"<h3>{heading}</h3>")
            macro: Any = getattr(environment("html").get_template("partials/declaration.html").module, "declaration")  # noqa: B009
            parts.append(str(macro(document)))
    pakta = d.get("pakta_integritas")
    if isinstance(pakta, dict) and pakta.get("staff"):
        frac = min(1.0, pakta.get("signed", 0) / pakta["staff"])
        label = f"{pakta.get('signed', 0)} dari {pakta['staff']} pegawai ({persen(frac)})"
        parts.append("<h3>Pakta Integritas</h3>")
        parts.append(f"<p>Telah ditandatangani {esc(label)} per {esc(tanggal(pakta.get('as_of')))}.</p>\n"
                     + meter(frac, f"Cakupan Pakta Integritas: {label}"))
    return "\n".join(parts)


def _list(values: object) -> str:
    if isinstance(values, list):
        return "<ul>" + "".join(f"<li>{esc(v)}</li>" for v in values) + "</ul>"
    return esc(values) if values not in (None, "") else "—"


SERVICE_FIELDS = [
    ("dasar_hukum", "Dasar hukum"), ("persyaratan", "Persyaratan"), ("prosedur", "Sistem, mekanisme dan prosedur"),
    ("jangka_waktu", "Jangka waktu pelayanan"), ("biaya", "Biaya/tarif"), ("produk", "Produk pelayanan"),
    ("pengaduan", "Penanganan pengaduan, saran dan masukan"), ("jumlah_pelaksana", "Jumlah pelaksana"),
    ("jaminan_pelayanan", "Jaminan pelayanan"), ("decree", "Ditetapkan dengan"), ("reviewed", "Terakhir direviu"),
]


def _standards(ctx: SiteContext, view: UnitView) -> str:
    s = view.record.standards
    if not s:
        return "<p>Standar pelayanan belum dicatat.</p>"
    parts = []
    maklumat = s.get("maklumat")
    if isinstance(maklumat, dict):
        signer = maklumat.get("signed_by") or {}
        parts.append("<h3>Maklumat pelayanan</h3>")
        signed = f"{signer.get('name') or ''} — {signer.get('position') or ''}, {tanggal(maklumat.get('date'))}"
        parts.append(f'<blockquote class="zi-maklumat"><p>{esc(maklumat.get("text"))}</p><footer>{esc(signed)}</footer></blockquote>')
        if maklumat.get("published_at"):
            parts.append(f"<p>Dipublikasikan di: {esc(', '.join(str(x) for x in maklumat['published_at']))}.</p>")
    for service in s.get("services") or []:
        if not isinstance(service, dict):
            continue
        parts.append(f"<h3>{esc(service.get('name'))}</h3>")
        rows = [[esc(label), _list(service.get(key)) if key != "reviewed" else esc(tanggal(service.get(key)))]
                for key, label in SERVICE_FIELDS if service.get(key) not in (None, "", [])]
        parts.append(table([_('Komponen standar pelayanan'), _('Isi')], rows, cls="zi-profile"))
    return "\n".join(parts)


def _surveys(ctx: SiteContext, view: UnitView) -> str:
    surveys = [s for s in view.record.surveys.get("surveys") or [] if isinstance(s, dict)]
    if not surveys:
        return "<p>Hasil survei belum dicatat.</p>"
    rows = []
    for s in surveys:
        period = s.get("period") or {}
        rows.append([esc(s.get("kind")), esc(f"{tanggal(period.get('from'))} – {tanggal(period.get('to'))}"),
                     esc(s.get("respondents")), f"<strong>{esc(angka(float(s.get('score', 0))))}</strong> <small>(skala {esc(s.get('scale'))})</small>",
                     esc(s.get("conducted_by") or "—")])
    parts = [table([_('Survei'), _('Periode'), _('Responden'), _('Nilai'), _('Pelaksana')], rows, cls="zi-numbers")]
    for s in surveys:
        aspects = s.get("aspects")
        if isinstance(aspects, dict) and aspects:
            rows = [[esc(k.replace("_", " ")), esc(angka(float(v)))] for k, v in aspects.items()]
            parts.append(f"<h3>Unsur {esc(s.get('kind'))}</h3>")
            parts.append(table([_('Unsur pelayanan'), _('Nilai')], rows, cls="zi-numbers"))
    return "\n".join(parts)


def _plans(view: UnitView) -> str:
    if not view.record.plans:
        return "<p>Rencana aksi belum dicatat.</p>"
    year = max(view.record.plans)
    plan = view.record.plans[year]
    actions = [a for area in plan.get("areas") or [] if isinstance(area, dict) for a in area.get("actions") or [] if isinstance(a, dict)]
    if not actions:
        return f"<p>Rencana aksi {year} belum memuat kegiatan.</p>"

    def mean(key: str, month: str) -> float | None:
        vals = [a[key][month] for a in actions if isinstance(a.get(key), dict) and month in a[key]]
        return sum(vals) / len(vals) if vals else None

    target = [mean("target", m) for m in MONTHS]
    real = [mean("realisasi", m) for m in MONTHS]
    desc = ", ".join(f"{MONTH_SHORT[i]}: target {angka(t or 0, 0)} %, realisasi {'—' if r is None else angka(r, 0) + ' %'}"
                     for i, (t, r) in enumerate(zip(target, real, strict=True)))
    chart = line_chart(f"rencana-{year}", MONTH_SHORT, [Series("Target", "zi-s3", target), Series("Realisasi", "zi-s2", real)], 100, [],
                       f"Rencana aksi {year}: rata-rata target dan realisasi kumulatif per bulan", desc, y_suffix=" %")
    rows = []
    for area in plan.get("areas") or []:
        for a in area.get("actions") or []:
            done = [m for m in MONTHS if isinstance(a.get("realisasi"), dict) and m in a["realisasi"]]
            last = done[-1] if done else None
            tgt = (a.get("target") or {}).get(last) if last else None
            got = a["realisasi"][last] if last else None
            met = got is not None and got >= (tgt or 0)
            status = "—" if last is None else (badge(_('Sesuai target'), "ok") if met else badge(_('Di bawah target'), "warn"))
            rows.append([esc(area.get("area")), esc(a.get("action")), esc(a.get("pic") or "—"),
                         esc(MONTH_SHORT[MONTHS.index(last)] if last else "—"),
                         esc("—" if tgt is None else f"{angka(tgt, 0)} %"), esc("—" if got is None else f"{angka(got, 0)} %"), status])
    return "\n".join([
        f"<p>Rencana aksi {year}" + (f" ({esc(plan.get('decree'))})" if plan.get("decree") else "") + ", capaian kumulatif dalam persen.</p>",
        chart,
        table([_('Area'), _('Kegiatan'), _('Penanggung jawab'), _('Bulan terakhir'), _('Target'), _('Realisasi'), _('Status')], rows),
    ])
