"""Score results as HTML pieces: readiness badges, checklists with gaps, answer cells, area charts."""

from __future__ import annotations

from typing import Any

from ..i18n import _
from ..numfmt import angka, besaran, persen, tanggal
from ..render.text import format_value
from ..ruleset.model import Item, RuleSet
from ..scoring.gaps import gap_advice
from .context import ASSESSOR_SHORT, UnitView
from .markup import badge, esc, table
from .svg import Series, percent_bars

OPS = {">=": "≥", "<=": "≤", "==": "="}
SERIES_CSS = {"self": "zi-s1", "tpi": "zi-s2", "tpn": "zi-s3"}


def readiness(view: UnitView, predicate: str) -> str:
    """Badge for one predicate in the index table: held, revoked, ready, not yet, or no LKE."""
    if predicate in view.held:
        return badge(_('Berpredikat'), "ok")
    revoked = next((r for r in view.revoked if r.get("predicate") == predicate), None)
    if revoked and predicate == "WBK":
        return badge(_('Dicabut {v0}').format(v0=tanggal(revoked.get('revoked'))), "no")
    source = view.verdict_source(view.latest_year)
    if source is None:
        return badge(_('Belum dinilai'), "muted")
    assessor, result = source
    verdict = result["eligibility"].get(predicate)
    if verdict is None:
        return badge("—", "muted")
    who = ASSESSOR_SHORT.get(assessor, assessor)
    if verdict.get("status") == "belum dapat dinilai":
        return badge(_('Belum dapat dinilai ({who})').format(who=who), "muted")
    return badge(_('Memenuhi ({who})').format(who=who), "ok") if verdict["eligible"] else badge(_('Belum ({who})').format(who=who), "warn")


def total_cell(result: dict | None) -> str:
    if not result:
        return '<span class="zi-muted">—</span>'
    text = esc(angka(result["total"]))
    if result["completeness"] < 1:
        text += f' <span class="zi-muted" title="butir kosong dihitung 0">({esc(persen(result["completeness"], 0))} terisi)</span>'
    return text


STATUS_BADGES = {"memenuhi": ("Memenuhi syarat", "ok"), "belum memenuhi": ("Belum memenuhi syarat", "no"),
                 "belum dapat dinilai": ("Belum dapat dinilai", "warn")}


def status_badge(verdict: dict, suffix: str = "") -> str:
    """The verdict of one predicate as a badge: never "memenuhi" when a criterion could not be assessed."""
    text, kind = STATUS_BADGES[verdict.get("status") or ("memenuhi" if verdict["eligible"] else "belum memenuhi")]
    return badge(text + suffix, kind)


def checklist(rules: RuleSet, result: dict, predicate: str, eligibility: dict | None = None) -> str:
    """Tabel 6 checklist of one predicate (of ``eligibility``, default the result's own) with the failing numbers and
    what closes each gap."""
    verdict = (eligibility or result["eligibility"])[predicate]
    rows, classes = [], []
    for check in verdict["checks"]:
        passed = check["passed"]
        status = badge(_('Terpenuhi'), "ok") if passed else (badge(_('Tidak dapat dinilai'), "muted") if passed is None else badge(_('Belum'), "no"))
        required = "ya" if check["display"] == "bool" else f"{OPS.get(check['op'], check['op'])} {format_value(check['required'], check['display'])}"
        unstated = check.get("stated") is False
        actual = format_value(check["actual"], check["display"]) if passed is not None or unstated else "—"
        advice = gap_advice(rules, result, check) if passed is False else ""
        if unstated:
            advice = f"Ambang ini tidak dinyatakan sumber aturan ini; diwarisi ({check['source']})."
        elif passed is None:
            advice = f"Aturan merujuk besaran '{check['quantity']}' yang tidak diukur LKE."
        rows.append([esc(check["label"]), esc(required), esc(actual), status, esc(advice)])
        classes.append("zi-fail" if passed is False else None)
    return table([_('Kriteria'), _('Syarat'), _('Capaian'), _('Status'), _('Yang perlu dilakukan')], rows, cls="zi-checklist", row_classes=classes)


def prerequisites_table(prereq: dict, predicate: str) -> str:
    verdict = prereq.get(predicate)
    if not verdict:
        return ""
    rows, classes = [], []
    for check in verdict["checks"]:
        passed = check.get("passed")
        status = badge(_('Terpenuhi'), "ok") if passed else (badge(_('Data belum ada'), "muted") if passed is None else badge(_('Belum'), "no"))
        required = check.get("required")
        unit = check.get("unit")
        shown = "ya" if required is None else (required if isinstance(required, str) else besaran(required, unit))
        rows.append([esc(check.get("label", check.get("id"))), esc(shown), esc(besaran(check.get("actual"), unit)
                     if not isinstance(check.get("actual"), list) else _fmt(check.get("actual"))), status])
        classes.append("zi-fail" if passed is False else None)
    return table([_('Kriteria pengajuan (Tabel 5, Lampiran II)'), _('Syarat'), _('Data'), _('Status')], rows, cls="zi-checklist", row_classes=classes)


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float):
        return angka(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def area_chart(chart_id: str, results: dict[str, dict], rules: RuleSet) -> str:
    """Area percents per assessor against the WBK/WBBM lines (thresholds read from the rules)."""
    first = next(iter(results.values()))
    keys = list(first["areas"])
    labels = [f"{first['areas'][k]['name']} ({k})" for k in keys]
    series = [Series(f"{ASSESSOR_SHORT.get(a, a)}", SERIES_CSS.get(a, "zi-s3"), [r["areas"][k]["percent"] for k in keys]) for a, r in results.items()]
    marks = []
    for pid, predicate in rules.predicates.items():
        for c in predicate.criteria:
            if c.quantity == "area_percent_min" and isinstance(c.value, int | float):
                marks.append((float(c.value), f"{persen(c.value, 0)} {pid}"))
    desc = "; ".join(
        f"{ASSESSOR_SHORT.get(a, a)}: " + ", ".join(f"{k} {persen(r['areas'][k]['percent'])}" for k in keys) for a, r in results.items()
    )
    return percent_bars(chart_id, labels, series, marks, "Capaian nilai per area pengungkit (persen dari bobot area)", desc)


def area_table(results: dict[str, dict]) -> str:
    first = next(iter(results.values()))
    headers = ["Area", "Bobot"] + [f"Nilai {ASSESSOR_SHORT.get(a, a)}" for a in results] + [f"% {ASSESSOR_SHORT.get(a, a)}" for a in results]
    rows = []
    for key, area in first["areas"].items():
        row = [esc(f"{area['name']} ({key})"), esc(angka(area["weight"]))]
        row += [esc(angka(r["areas"][key]["value"])) for r in results.values()]
        row += [esc(persen(r["areas"][key]["percent"])) for r in results.values()]
        rows.append(row)
    return table(headers, rows, cls="zi-numbers")


def summary_rows(rules: RuleSet) -> list[tuple[str, str]]:
    """(key, label) of the totals a score shows, in the rule set's order, then the total."""
    return [(q.key, q.display) for q in rules.summary if q.show] + [("total", _("NILAI TOTAL"))]


def total_marks(rules: RuleSet) -> list[tuple[float, str]]:
    """Each predicate's minimum total, as the lines of a total-score chart ("75 WBK")."""
    return [(float(c.value), f"{angka(c.value, 0)} {pid}") for pid, p in rules.predicates.items() for c in p.criteria
            if c.quantity == "total" and c.op == ">=" and isinstance(c.value, int | float) and not isinstance(c.value, bool)]


def summary_table(results: dict[str, dict], rules: RuleSet) -> str:
    """Components side by side per assessor, with the difference when there are two."""
    assessors = list(results)
    headers = ["Komponen"] + [str(ASSESSOR_SHORT.get(a, a)) for a in assessors]
    two = len(assessors) == 2
    if two:
        headers.append(f"Selisih ({ASSESSOR_SHORT.get(assessors[1])} − {ASSESSOR_SHORT.get(assessors[0])})")
    rows: list[list[str]] = []
    for key, label in summary_rows(rules):
        row: list[str] = [esc(label)] + [esc(angka(results[a][key])) for a in assessors]
        if two:
            row.append(esc(angka(results[assessors[1]][key] - results[assessors[0]][key])))
        rows.append(row)
    row = ["Kelengkapan"] + [esc(f"{r['answered']}/{r['item_count']} butir") for r in results.values()]
    rows.append(row + ([""] if two else []))
    return table(headers, rows, cls="zi-numbers")


def answer_text(item: Item, answer: Any) -> str:
    """An answer as people read it: option code, survey score, or the counts and their ratio."""
    if answer is None:
        return "—"
    if item.is_choice:
        return str(answer)
    if item.range is not None:
        return angka(float(answer))
    if isinstance(answer, dict):
        labels = {i.name: i.label for i in item.inputs}
        return "; ".join(f"{labels.get(k, k)}: {v}" for k, v in answer.items())
    return str(answer)
