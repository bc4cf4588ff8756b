"""One unit's LKE of one year, item by item: self and TPI side by side, differences marked, evidence linked."""

from __future__ import annotations

import posixpath
from typing import Any

from markdown.extensions.toc import slugify  # the ids the toc extension gave these headings when they were Markdown

from ..disclosure import is_public, label
from ..i18n import _
from ..numfmt import angka
from ..templating import fragment, render
from .context import ASSESSOR_SHORT, SiteContext, UnitView, unit_src
from .files import SiteFile, page
from .markup import esc, regulation_text, safe_url, table
from .scoreview import answer_text, area_chart, summary_table
from .share_card import unit_card_path


def answer_meta(lke_data: dict | None, item_id: str) -> tuple[list[str], str | None]:
    """(evidence ids, note) written with one answer in the long form."""
    raw = ((lke_data or {}).get("answers") or {}).get(item_id)
    if isinstance(raw, dict) and "answer" in raw:
        evidence = raw.get("evidence") or []
        return [str(e) for e in (evidence if isinstance(evidence, list) else [evidence])], raw.get("note")
    return [], None


def evidence_cell(ctx: SiteContext, src: str, view: UnitView, ids: list[str], manifest: dict[str, dict]) -> str:
    """Public evidence: title linked to the download or URL, with its sha256; internal: id (or public_title) and sha256."""
    out = []
    for eid in ids:
        entry = manifest.get(eid)
        if entry is None:
            out.append(f'<span class="zi-missing">{esc(eid)} (tidak ada di manifest)</span>')
            continue
        title = esc(label(entry))
        short = esc(str(entry.get("sha256") or "")[:12])
        index_link = ctx.link(src, unit_src(view.id, "bukti"), f"e-{eid}")
        if is_public(entry):
            href = public_href(ctx, src, view, entry)
            text = f'<a href="{esc(href)}"{DOWNLOAD if entry.get("file") else ""}>{title}</a>' if href else title
        else:
            text = f'{title} <span class="zi-muted">(internal)</span>'
        out.append(f'{text} <a class="zi-hash" href="{esc(index_link)}" title="sha256">{short}…</a>')
    return "<br>".join(out) or '<span class="zi-muted">—</span>'


def examples_hint(item: Any) -> str:
    """The guideline's "contoh data dukung" for this item, folded (examples, never requirements)."""
    if not item.evidence_examples:
        return ""
    listing = "".join(f"<li>{esc(x)}</li>" for x in item.evidence_examples)
    return f'<details class="zi-examples"><summary>Contoh data dukung</summary><ul>{listing}</ul></details>'


DOWNLOAD = " download"  # evidence files are downloads, never pages of the site


def public_href(ctx: SiteContext, src: str, view: UnitView, entry: dict) -> str | None:
    """Link to a public evidence file (only when it was verified and copied) or to its external URL."""
    if entry.get("file"):
        path = view.published.get(str(entry.get("id")))
        return ctx.link(src, path) if path else None
    return safe_url(entry.get("url"))


def published_path(unit_id: str, entry: dict) -> str:
    """Where a public evidence file is copied on the site: named by its (unique, safe) id and its verified extension,
    never by the uploaded file name."""
    return f"bukti/{unit_id}/{entry['id']}{posixpath.splitext(str(entry['file']))[1].lower()}"


def _value(entry: dict | None) -> str:
    if not entry or not entry["answered"]:
        return "0"
    return angka(entry["value"])


def lke_page(ctx: SiteContext, view: UnitView, year: int) -> SiteFile | None:
    src = unit_src(view.id, f"lke-{year}")
    scored = {a: e for a in ("self", "tpi", "tpn") if (e := view.record.scored(year, a)) and e.result}
    if not scored:
        return None
    results: dict[str, dict[str, Any]] = {a: e.result for a, e in scored.items() if e.result}
    rules = ctx.repo.rules(next(iter(results.values()))["rules"])
    manifest: dict[str, dict[str, Any]] = {str(e.get("id")): e for e in view.record.manifest.get("items") or [] if isinstance(e, dict)}
    who = _(" dan ").join(ASSESSOR_SHORT[a] for a in results)
    sections = []
    assessors = list(results)
    for aspect in rules.aspects:
        for part in aspect.parts:
            values = " · ".join(f"{ASSESSOR_SHORT[a]} {angka(sum(r['subindicators'][s.id] for s in part.subindicators))}" for a, r in results.items())
            rows, classes = [], []
            for sub in part.subindicators:
                for item in sub.items:
                    answers = {a: results[a]["items"].get(item.id) for a in assessors}
                    given = [answers[a]["answer"] for a in assessors if answers[a] and answers[a]["answered"]]
                    differ = len(given) == len(assessors) > 1 and any(g != given[0] for g in given)
                    ids: list[str] = []
                    notes = []
                    for a in assessors:
                        lke = scored[a].lke
                        evidence, note = answer_meta(lke.data if lke else None, item.id)
                        ids.extend(e for e in evidence if e not in ids)
                        if note:
                            notes.append(f"<strong>{esc(ASSESSOR_SHORT[a])}:</strong> {esc(note)}")
                    note_html = "".join(f'<div class="zi-note">{n}</div>' for n in notes)
                    id_cell, question, examples = _item_cells(ctx, rules.id, sub, item)
                    row = [id_cell, question + note_html]
                    row += [f"{_answer_html(item, answers[a])}<br><small>nilai {esc(_value(answers[a]))}</small>" for a in assessors]
                    row.append(evidence_cell(ctx, src, view, ids, manifest) + examples)
                    rows.append(row)
                    classes.append("zi-diff" if differ else None)
            headers = [_("Butir"), _("Pertanyaan")] + [ASSESSOR_SHORT[a] for a in assessors] + [_("Bukti dukung")]
            sections.append({"aspect": aspect.name, "part": part.name, "anchor": slugify(f"{aspect.name} {part.name}", "-"),
                             "weight": part.weight, "totals": values,
                             "table": fragment(table(headers, rows, cls="zi-lke", row_classes=classes))})
    # LKE detail pages stay out of the search index (the unit page and Metodologi carry the searchable text)
    # and use the full width for the side-by-side table.
    body = render("html", "site/lke.md", back=fragment(ctx.link.a(src, unit_src(view.id), _("← Kembali ke halaman unit"))), who=who,
                  rules_id=rules.id, summary=fragment(summary_table(results, rules)), chart=fragment(area_chart(f"area-lke-{year}", results, rules)),
                  sections=sections)
    return page(src, _("Rincian LKE {tahun}: {unit}").format(tahun=year, unit=view.name), body, search={"exclude": True}, hide=["navigation", "toc"],
                image=unit_card_path(view.id))


def _item_cells(ctx: SiteContext, rules_id: str, sub: Any, item: Any) -> tuple[str, str, str]:
    """What a row shows from the rules alone: the id cell, the question with its sub-indicator and criterion, and the
    evidence examples; made once per build (``ctx.item_cells``), not for each of 5,000 pages."""
    key = (rules_id, item.id)
    if key not in ctx.item_cells:
        word = esc(_("Kriteria"))
        criterion = f'<details class="zi-criterion"><summary>{word}</summary>{regulation_text(item.explanation)}</details>' if item.explanation else ""
        ctx.item_cells[key] = (f'<span id="{esc(item.id)}" class="zi-id">{esc(item.id)}</span>',
                               f"{regulation_text(item.text)}<br><small class=\"zi-muted\">{esc(sub.number)}. {regulation_text(sub.name)}</small>{criterion}",
                               examples_hint(item))
    return ctx.item_cells[key]


def _answer_html(item: Any, entry: dict | None) -> str:
    """The answer with its meaning: a choice shows its code and the option's text (what that answer says the unit did)."""
    if entry and entry["answered"] and item.is_choice:
        option = item.option(entry["answer"])
        if option is not None and option.text:
            return f'<strong>{esc(option.code)}</strong> <span class="zi-option">{regulation_text(option.text)}</span>'
    return esc(_answer(item, entry))


def _answer(item: Any, entry: dict | None) -> str:
    if not entry or not entry["answered"]:
        return "— belum dijawab"
    return answer_text(item, entry["answer"])
