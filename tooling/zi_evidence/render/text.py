"""Indonesian plain-text view of a score breakdown, for the terminal."""

from __future__ import annotations

from ..i18n import _
from ..lkefile import ASSESSOR_LABELS
from ..numfmt import angka, besaran, persen
from ..ruleset.model import RuleSet, SummaryQuantity
from ..scoring.engine import verdict_sets

OPS_FAILED = {">=": "<", "<=": ">", "==": "≠"}
STATUS_WORDS = {"memenuhi": "MEMENUHI SYARAT", "belum memenuhi": "BELUM MEMENUHI SYARAT", "belum dapat dinilai": "BELUM DAPAT DINILAI"}


def format_value(value, display: str) -> str:
    if display == "bool" or isinstance(value, bool):
        return "ya" if value else "belum"
    if value is None:
        return "—"
    if display == "percent":
        return persen(value)
    return angka(value)


def criterion_line(check: dict) -> str:
    """``Pengungkit 38,20 < 40,00`` for a failed check, ``Pengungkit 45,00 ≥ 40,00`` for a passed one."""
    actual = format_value(check["actual"], check["display"])
    required = format_value(check["required"], check["display"])
    if check["passed"] is None and check.get("stated") is False:
        op = {">=": "≥", "<=": "≤", "==": "="}[check["op"]]
        return f"? {check['label']} {actual}; ambang {op} {required} diwarisi, tidak dinyatakan untuk aturan ini: belum dapat dinilai"
    if check["passed"] is None:
        return f"? {check['label']}: tidak dapat dinilai ('{check['quantity']}' tidak ada di LKE)"
    if check["display"] == "bool":
        mark = "✓" if check["passed"] else "✗"
        return f"{mark} {check['label']}: {actual}"
    op = {">=": "≥", "<=": "≤", "==": "="}[check["op"]] if check["passed"] else OPS_FAILED[check["op"]]
    mark = "✓" if check["passed"] else "✗"
    return f"{mark} {check['label']} {actual} {op} {required}"


def _component_of(rules: RuleSet, q: SummaryQuantity) -> str | None:
    aspect = q.ref.split(".")[0]
    return next((a.component for a in rules.aspects if a.id == aspect), None)


def format_compare(results: dict[str, dict], rules: RuleSet, unit: str, year: int) -> str:
    """Self, TPI and TPN side by side per sub-indicator and per summary quantity; ``≠`` marks a difference of at least 0,01."""
    who = list(results)
    short = {"self": "Mandiri", "tpi": "TPI", "tpn": "TPN"}
    width = max(len(s.id) + len(s.name) + 1 for s in rules.subindicators.values())
    width = min(width, 70)
    header = f"{'Sub-indikator':<{width}} {'Bobot':>6} " + " ".join(f"{short.get(a, a):>8}" for a in who) + "  Beda"
    lines = [f"Unit: {unit} · Tahun: {year} · Aturan: {rules.id} · Perbandingan {' / '.join(short.get(a, a) for a in who)}", "", header,
             "-" * len(header)]

    def row(label: str, weight: float | None, values: list[float]) -> str:
        differ = max(values) - min(values) >= 0.005 if len(values) > 1 else False
        cells = " ".join(f"{angka(v):>8}" for v in values)
        return f"{label[:width]:<{width}} {angka(weight) if weight is not None else '':>6} {cells}  {'≠' if differ else ''}"

    differing = 0
    for sub in rules.subindicators.values():
        values = [r["subindicators"][sub.id] for r in results.values()]
        differing += len(values) > 1 and max(values) - min(values) >= 0.005
        lines.append(row(f"{sub.id} {sub.name}", sub.weight, values))
    lines.append("-" * len(header))
    for q in [q for q in rules.summary if q.show]:
        lines.append(row(q.display, None, [r[q.key] for r in results.values()]))
    lines.append(row(_("NILAI TOTAL"), rules.total_weight, [r["total"] for r in results.values()]))
    lines += ["", f"{differing} dari {len(rules.subindicators)} sub-indikator berbeda (≠)." if len(who) > 1 else
              "Hanya satu penilaian tersedia; tidak ada yang dibandingkan."]
    changed = [item_id for item_id in rules.items
               if len({_answer_text((r.get("items") or {}).get(item_id)) for r in results.values()}) > 1]
    if len(who) > 1 and changed:  # per item: what each assessor answered where they differ
        lines += ["", f"Butir dengan jawaban berbeda ({len(changed)}):"]
        lines += [f"  {item_id:<10} " + " · ".join(f"{short.get(a, a)}: {_answer_text((results[a].get('items') or {}).get(item_id))}"
                                                   for a in who) for item_id in changed]
    return "\n".join(lines)


def _answer_text(entry: dict | None) -> str:
    """One item's answer as the assessor wrote it (counts as name=value), or — when unanswered."""
    if not entry or not entry.get("answered"):
        return "—"
    answer = entry.get("answer")
    if isinstance(answer, dict):
        return ", ".join(f"{k}={v}" for k, v in answer.items())
    return str(answer)


def format_score(result: dict, rules: RuleSet) -> str:
    """The full Indonesian table for one scored answers file; its rows and labels come from ``rules``."""
    lines = []
    who = ASSESSOR_LABELS.get(result.get("assessor") or "", result.get("assessor") or "—")
    head = f"Unit: {result.get('unit') or '—'} · Tahun: {result.get('year') or '—'} · Penilai: {who} · Aturan: {result['rules']}"
    lines.append(head)
    if result.get("file"):
        lines.append(f"Berkas: {result['file']}")
    lines.append(
        f"Kelengkapan: {result['answered']}/{result['item_count']} butir terjawab ({persen(result['completeness'])})"
        + ("" if result["completeness"] >= 1 else " — butir kosong dihitung 0")
    )
    lines.append("")
    columns = [q for q in rules.summary if q.area_column]  # e.g. the pemenuhan and reform share of each area
    name_w = max((len(a["name"]) + len(k) + 3 for k, a in result["areas"].items()), default=20)
    header = f"{'Area':<{name_w}} {'Nilai':>7} {'Bobot':>7} {'Persen':>9}" + "".join(f" {q.display:>10}" for q in columns)
    lines.append(header)
    lines.append("-" * len(header))
    for key, area in result["areas"].items():
        label = f"{area['name']} ({key})"
        lines.append(f"{label:<{name_w}} {angka(area['value']):>7} {angka(area['weight']):>7} {persen(area['percent']):>9}"
                     + "".join(f" {angka(area.get(q.key, 0.0)):>10}" for q in columns))
    lines.append("-" * len(header))
    weights = result["weights"]  # maxima from the rule set's components
    for component, (name, _weight) in rules.components.items():
        own = next((q for q in rules.summary if q.kind == "component" and q.ref == component), None)
        parts = [q for q in rules.summary if q.show and q.kind in ("aspect", "part", "sub") and _component_of(rules, q) == component]
        line = f"{own.label if own else name} {angka(result[own.key if own else component])} / {angka(weights[component])}"
        if parts:
            line += " — " + " · ".join(f"{q.display} {angka(result[q.key])}" for q in parts)
        lines.append(line)
    lines.append(f"NILAI TOTAL: {angka(result['total'])} / {angka(weights['total'])}")
    lines.append("")
    for heading, rules_id, eligibility in verdict_sets(result):
        lines.append(f"Kelayakan predikat — {heading} ({rules_id}):" if "national" in result else "Kelayakan predikat:")
        for pid, verdict in eligibility.items():
            lines.append(f"  {verdict['name']} ({pid}): {STATUS_WORDS[verdict.get('status', 'memenuhi' if verdict['eligible'] else 'belum memenuhi')]}")
            for check in verdict["checks"]:
                if check["passed"] is not True:
                    lines.append(f"    {criterion_line(check)}")
    prereq = result.get("prerequisites")
    if prereq:
        lines.append("")
        lines.append("Kriteria pengajuan (Tabel 5 dan ketentuan Lampiran II):")
        for pid, verdict in prereq.items():
            status = "terpenuhi" if verdict["met"] else "belum terpenuhi"
            lines.append(f"  {pid}: {status}")
            for check in verdict["checks"]:
                if check["passed"] is False:
                    unit = check.get("unit")
                    required = check["required"] if isinstance(check["required"], str) else f"minimal {besaran(check['required'], unit)}"
                    lines.append(f"    ✗ {check['label']}: {besaran(check['actual'], unit)} ({required})")
                elif check["passed"] is None:
                    lines.append(f"    ? {check['label']}: belum ada data")
    if result["warnings"]:
        lines.append("")
        lines.append("Peringatan:")
        for w in result["warnings"]:
            lines.append(f"  - {w['message']}")
    return "\n".join(lines)
