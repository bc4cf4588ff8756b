"""Metodologi: how scores are computed (numbers read from the rules) and every rule set rendered in full."""

from __future__ import annotations

from ..i18n import N_, Translated, _
from ..numfmt import angka, persen
from ..problems import DataError
from ..render.text import format_value
from ..ruleset.model import Item, RuleSet
from ..templating import fragment, render
from .context import SiteContext
from .files import SiteFile, page
from .markup import esc, table
from .scoreview import OPS

INDEX = "aturan/index.md"
TYPE_LABELS = Translated({"yesno": N_("Ya/Tidak"), "abc": "A/B/C", "abcd": "A/B/C/D", "abcde": "A/B/C/D/E", "survey": N_("Nilai survei"),
                          "value": N_("Nilai diisi penilai"), "computed": N_("Persentase dihitung")})


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
    """Metodologi (``templates/site/methodology.md``): every number from the default rule set."""
    rules = ctx.default_rules
    scale_rows = [[TYPE_LABELS.get(kind, kind), " · ".join(f"{code} = {angka(v)}" for code, v in scale.items())] for kind, scale in rules.scales.items()]
    scale_rows.append([TYPE_LABELS["survey"], _("skor survei dibagi nilai maksimum skalanya (0–4 → 0–1)")])
    scale_rows.append([TYPE_LABELS["computed"], _("perbandingan jumlah-jumlah yang diisi, dibatasi 0–100 %")])
    listing = []
    for rid in ctx.rule_sets():
        try:
            rs = ctx.repo.rules(rid)
        except DataError:  # a broken rule set is reported by `zi rules lint`; the page lists it without a link
            listing.append({"id": rid, "title": None})
            continue
        listing.append({"id": rid, "title": rs.title, "href": ctx.link(INDEX, ruleset_src(rid)), "base": rs.chain[1] if len(rs.chain) > 1 else None})
    body = render("html", "site/methodology.md", rules_id=rules.id, listing=listing, scale_rows=scale_rows,
                  components=" + ".join(f"{name} {angka(w)}" for name, w in rules.components.values()), total_weight=angka(rules.total_weight),
                  weights=fragment(_weights(rules)), thresholds=fragment(_thresholds(rules)), prerequisites=fragment(_prerequisites(rules)))
    return page(INDEX, _("Aturan dan cara menghitung nilai"), body)


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
        labels: dict[str | None, str | None] = {i.name: i.label for i in item.inputs}
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
    """One rule set in full (``templates/site/ruleset.md``)."""
    raw = rules.raw
    source = raw.get("source") or {}
    policy = rules.policy
    timing = [{"label": _(label), "value": (policy.get(key) or {}).get("value"), "source": (policy.get(key) or {}).get("source") or ""}
              for key, label in TIMING if isinstance(policy.get(key), dict)]
    areas = []
    for aspect in rules.aspects:
        for part in aspect.parts:
            subs = []
            for sub in part.subindicators:
                weights = [i.weight for i in sub.items]
                if len(set(weights)) <= 1:
                    share = _("masing-masing {bagian}").format(bagian=persen(1 / len(sub.items)) if sub.items else "—")
                else:
                    share = _("berbobot {bobot}").format(bobot=" : ".join(angka(w, 0) for w in weights))
                subs.append({"number": sub.number, "name": sub.name, "weight": sub.weight, "count": len(sub.items), "share": share,
                             "blocks": fragment("\n".join(_item_block(i) for i in sub.items))})
            areas.append({"aspect": aspect.name, "area": part.name, "weight": part.weight, "subs": subs})
    body = render("html", "site/ruleset.md", rules=rules, chain=rules.chain[1:],
                  regulation=source.get("regulation") if isinstance(source, dict) else None, description=raw.get("description") or "",
                  thresholds=fragment(_thresholds(rules)), predicates=list(rules.predicates.values()), prerequisites=fragment(_prerequisites(rules)),
                  deadline=policy.get("submission_deadline") or {}, timing=timing, weights=fragment(_weights(rules)),
                  in_force=rules.in_force, notes=rules.notes, areas=areas)
    return page(ruleset_src(rules.id), rules.title, body)


TIMING = (("revocation_ban_years", N_("Larangan mengusulkan kembali setelah predikat dicabut")),
          ("monitoring_interval_years", N_("Pemantauan berkala setelah predikat diberikan")))
