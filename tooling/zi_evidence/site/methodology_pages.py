"""Metodologi: how scores are computed (numbers read from the rules) and every rule set rendered in full."""

from __future__ import annotations

from ..i18n import _
from ..numfmt import angka, persen
from ..problems import DataError
from ..render.text import format_value
from ..ruleset.model import Item, RuleSet
from .context import SiteContext
from .files import SiteFile, page
from .markup import esc, md, table
from .scoreview import OPS

INDEX = "aturan/index.md"
TYPE_LABELS = {"yesno": "Ya/Tidak", "abc": "A/B/C", "abcd": "A/B/C/D", "abcde": "A/B/C/D/E", "survey": "Nilai survei",
               "value": "Nilai diisi penilai", "computed": "Persentase dihitung"}


def ruleset_src(rules_id: str) -> str:
    return f"aturan/{rules_id}.md"


def _thresholds(rules: RuleSet) -> str:
    ids = list(rules.predicates)
    labels: dict[str, str] = {}
    values: dict[tuple[str, str], str] = {}
    for pid, predicate in rules.predicates.items():
        for c in predicate.criteria:
            labels.setdefault(c.id, c.label)
            values[(c.id, pid)] = "wajib" if c.display == "bool" else f"{OPS.get(c.op, c.op)} {format_value(c.value, c.display)}"
    rows = [[esc(label)] + [esc(values.get((cid, pid), "—")) for pid in ids] for cid, label in labels.items()]
    return table([_('Kriteria')] + [rules.predicates[p].name for p in ids], rows, cls="zi-numbers")


def _prerequisites(rules: RuleSet) -> str:
    rows = []
    for p in rules.prerequisites:
        minimum = p.get("min")
        if isinstance(minimum, dict):
            text = "; ".join(f"{k}: " + (", ".join(f"{kk} {vv}" for kk, vv in v.items()) if isinstance(v, dict) else str(v)) for k, v in minimum.items())
        else:
            text = "wajib" if p.get("kind") == "bool" else str(minimum or "—")
        rows.append([esc(p.get("label")), esc(p.get("level")), esc(text), f"<small>{esc(p.get('source') or '')}</small>"])
    return table([_('Prasyarat'), _('Tingkat'), _('Minimal'), _('Sumber')], rows)


def _weights(rules: RuleSet) -> str:
    rows = []
    for aspect in rules.aspects:
        for part in aspect.parts:
            rows.append([esc(rules.components.get(aspect.component, (aspect.component, 0))[0]), esc(aspect.name), esc(part.name), esc(angka(part.weight))])
    return table([_('Komponen'), _('Aspek'), _('Area'), _('Bobot')], rows, cls="zi-numbers")


def methodology_index(ctx: SiteContext) -> SiteFile:
    rules = ctx.default_rules
    scale_rows = [[esc(TYPE_LABELS.get(kind, kind)), esc(" · ".join(f"{code} = {angka(v)}" for code, v in scale.items()))]
                  for kind, scale in rules.scales.items()]
    scale_rows.append([esc(TYPE_LABELS["survey"]), "skor survei dibagi nilai maksimum skalanya (0–4 → 0–1)"])
    scale_rows.append([esc(TYPE_LABELS["computed"]), "perbandingan jumlah-jumlah yang diisi, dibatasi 0–100 %"])
    listing = []
    for rid in ctx.rule_sets():
        try:
            rs = ctx.repo.rules(rid)
        except DataError:  # a broken rule set is reported by `zi rules lint`; the page lists it without a link
            listing.append(f"<li><code>{esc(rid)}</code> (tidak dapat dimuat; jalankan <code>zi rules lint {esc(rid)}</code>)</li>")
            continue
        base = f" — turunan dari <code>{esc(rs.chain[1])}</code>" if len(rs.chain) > 1 else ""
        listing.append(f'<li><a href="{esc(ctx.link(INDEX, ruleset_src(rid)))}">{esc(rs.title)}</a> <code>{esc(rid)}</code>{base}</li>')
    components = " + ".join(f"{name} {angka(w)}" for name, w in rules.components.values())
    parts = [
        f"<p>Semua bobot, pilihan jawaban, ambang batas, dan prasyarat di bawah ini dibaca dari data aturan di folder <code>rules/</code> "
        f"repositori (aturan bawaan: <code>{esc(rules.id)}</code>), bukan ditulis tangan di halaman ini.</p>",
        "<ul>" + "".join(listing) + "</ul>",
        "## " + _('Nilai setiap butir'),
        table([_('Jenis butir'), _('Nilai')], scale_rows),
        "## " + _('Dari butir ke nilai total'),
        "<ol>"
        "<li>Nilai sub-indikator = rata-rata nilai butir-butirnya × bobot sub-indikator.</li>"
        "<li>Nilai area = jumlah sub-indikatornya (bagian pemenuhan + bagian reform); persentase area = nilai area ÷ bobot area.</li>"
        f"<li>Nilai total = {esc(components)} = {esc(angka(rules.total_weight))}.</li>"
        "<li><strong>Butir yang belum dijawab bernilai 0</strong> dan menurunkan kelengkapan; status memenuhi syarat hanya diberikan bila LKE lengkap. "
        "Lembar kerja Excel resmi memakai fungsi AVERAGE yang melewati sel kosong, sehingga LKE yang baru separuh terisi tampak bernilai lebih tinggi; "
        "situs ini tidak demikian.</li>"
        "<li>Perbandingan dengan ambang batas memakai presisi penuh (toleransi 10<sup>−9</sup>); tampilan dibulatkan dua desimal.</li>"
        "</ol>",
        "## " + _('Bobot area'),
        _weights(rules),
        "## " + _('Syarat predikat'),
        _thresholds(rules),
        "## " + _('Prasyarat pengajuan'),
        _prerequisites(rules),
    ]
    return page(INDEX, "Aturan dan cara menghitung nilai", *parts)


def _item_block(item: Item) -> str:
    rows = []
    if item.options:
        rows = [[f"<strong>{esc(o.code)}</strong>", esc(angka(o.value)), esc(o.text or "—") + (f"<br><small>{esc(o.note)}</small>" if o.note else "")]
                for o in item.options]
        body = table([_('Pilihan'), _('Nilai'), _('Kriteria')], rows, cls="zi-options")
    elif item.range is not None:
        low, high = item.range
        what = "Skor survei" if item.type == "survey" else "Nilai diisi penilai"
        unit = f" {item.unit}" if item.unit else ""
        entered = "skor" if item.type == "survey" else "isian"
        shifted = entered if low == 0 else f"({entered} − {esc(angka(low))})"
        body = f"<p>{what} {esc(angka(low))}–{esc(angka(high))}{esc(unit)}; nilai butir = {shifted} ÷ {esc(angka(high - low))}.</p>"
    else:
        f = item.formula
        labels = {i.name: i.label for i in item.inputs}
        inputs = "".join(f"<li>{esc(i.label)} <code>{esc(i.name)}</code>" + ("" if i.scored else " (dicatat, tidak dihitung)")
                         + (f" · soal PortalRB {i.soal_id}" if i.soal_id else "") + "</li>" for i in item.inputs)
        if f and f.kind == "decrease":
            formula = (f"({esc(labels.get(f.previous, f.previous))} − {esc(labels.get(f.current, f.current))}) ÷ {esc(labels.get(f.previous, f.previous))}; "
                       f"bila tahun lalu 0: nilai {esc(angka(f.value_when_denominator_is_0))} (tahun ini 0) atau "
                       f"{esc(angka(f.value_when_previous_is_0_and_current_is_positive))} (tahun ini ada)")
        elif f:
            num = " + ".join(esc(labels.get(n, n)) for n in f.numerator)
            den = " + ".join(esc(labels.get(n, n)) for n in f.denominator)
            formula = f"({num}) ÷ ({den}), dibatasi 0–100 %; penyebut 0 → nilai {esc(angka(f.value_when_denominator_is_0))}"
        else:
            formula = "—"
        body = f"<ul>{inputs}</ul><p>Rumus: {formula}</p>"
    explanation = f"<p><small>{esc(item.explanation)}</small></p>" if item.explanation else ""
    soal = f" · soal PortalRB {item.soal_id}" if item.soal_id else ""
    return (f'<div class="zi-item" id="{esc(item.id)}"><p><strong class="zi-id">{esc(item.id)}</strong> {esc(item.text)} '
            f'<span class="zi-muted">({esc(TYPE_LABELS.get(item.type, item.type))}{esc(soal)})</span></p>{explanation}{body}'
            f'{_examples(item)}</div>')


def _examples(item: Item) -> str:
    if not item.evidence_examples:
        return ""
    return "<p><small>Contoh data dukung: " + "; ".join(esc(x) for x in item.evidence_examples) + "</small></p>"


def ruleset_page(ctx: SiteContext, rules: RuleSet) -> SiteFile:
    src = ruleset_src(rules.id)
    raw = rules.raw
    source = raw.get("source") or {}
    policy = rules.policy
    deadline = policy.get("submission_deadline") or {}
    parts = [
        f"<p><code>{esc(rules.id)}</code>" + (f" · turunan dari <code>{esc(' → '.join(rules.chain[1:]))}</code>" if len(rules.chain) > 1 else "")
        + (f" · {esc(source.get('regulation'))}" if isinstance(source, dict) and source.get("regulation") else "") + "</p>",
        f"<p>{esc(raw.get('description') or '')}</p>",
        "## " + _('Syarat predikat'),
        _thresholds(rules),
        "<p>" + " ".join(f"<small>{esc(p.name)}: {esc(p.source or '')}</small>" for p in rules.predicates.values()) + "</p>",
        "## " + _('Prasyarat pengajuan'),
        _prerequisites(rules),
        "## " + _('Ketentuan waktu'),
        "<ul>"
        + (f"<li>Batas pengajuan ke TPN: tanggal {esc(deadline.get('day'))} bulan ke-{esc(deadline.get('month'))} setiap tahun. "
           f"<small>{esc(deadline.get('source') or '')}</small></li>" if deadline else "")
        + "".join(f"<li>{esc(label)}: {esc((policy.get(key) or {}).get('value'))} tahun. <small>{esc((policy.get(key) or {}).get('source') or '')}</small></li>"
                  for key, label in (("revocation_ban_years", "Larangan mengusulkan kembali setelah predikat dicabut"),
                                     ("monitoring_interval_years", "Pemantauan berkala setelah predikat diberikan"))
                  if isinstance(policy.get(key), dict))
        + "</ul>",
        "## " + _('Bobot area'),
        _weights(rules),
    ]
    if rules.in_force or rules.notes:
        parts.append("## " + _('Masa berlaku dan catatan'))
        span = rules.in_force or {}
        lines = [f"<li>Dipakai untuk penilaian tahun {esc(span['from_year'])}–{esc(span.get('until_year') or 'sekarang')}. "
                 f"<small>{esc(span.get('source') or '')}</small></li>"] if span else []
        lines += [f"<li>{esc(note)}</li>" for note in rules.notes]
        parts.append("<ul>" + "".join(lines) + "</ul>")
    for aspect in rules.aspects:
        for part in aspect.parts:
            parts.append("## " + _('{v0}: {v1} (bobot {v2})').format(v0=md(aspect.name), v1=md(part.name), v2=md(angka(part.weight))))
            for sub in part.subindicators:
                weights = [i.weight for i in sub.items]
                if len(set(weights)) <= 1:
                    share = f"masing-masing {persen(1 / len(sub.items)) if sub.items else '—'}"
                else:
                    share = "berbobot " + " : ".join(angka(w, 0) for w in weights)
                parts.append(f"### {md(sub.number)}. {md(sub.name)} — bobot {md(angka(sub.weight))}")
                parts.append(f"<p class=\"zi-muted\">{len(sub.items)} butir, {esc(share)} dari bobot sub-indikator.</p>\n"
                             + "\n".join(_item_block(i) for i in sub.items))
    return page(src, rules.title, *parts)
