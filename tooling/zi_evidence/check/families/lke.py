"""LKE answers files (``units/<unit>/lke/<year>/<assessor>.yaml``): name and identity, the regime in force that
year, answers against the rule set, review fields in the right file, survey-bound answers, evidence links, and
full-value answers without evidence (with the rule set's contoh data dukung).

Codes: lke.path, lke.identity, lke.regime, lke.rules_binding, dates.lke, answers.*, answers.review_place, survey.*,
lke.evidence_unknown, lke.evidence_mismatch, lke.no_evidence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...lkefile import ASSESSORS, identity_from_path
from ...rulebinding import Binding, mismatch
from ...scan.evidence import inspect_evidence
from ...scoring import parse_answers
from ...scoring.surveys import survey_findings
from ...yamlio import derived, line_of
from ..context import SKIP_SURVEYS, Checker


def check_lke(ctx: Checker, path: Path, uid: str, stages: dict[str, str], manifest: dict[str, dict], surveys: Any,
              binding: Binding) -> None:
    name = ctx.rel(path)
    _, year, assessor = identity_from_path(path)
    if assessor not in ASSESSORS or year is None:
        ctx.add(name, None, "berkas LKE harus bernama lke/<tahun>/self.yaml, tpi.yaml atau tpn.yaml", "lke.path")
    data = ctx.load(path)
    if not data:
        return
    for key, expected in (("unit", uid), ("year", year), ("assessor", assessor)):
        if key in data and data[key] != expected:
            ctx.add(name, line_of(data, key), f"{key} {data[key]!r} tidak sama dengan letak berkas ({expected!r}); hapus atau perbaiki", "lke.identity")
    start = stages.get("pencanangan")
    if start and year and year < int(start[:4]):
        ctx.add(name, None, f"LKE tahun {year} lebih awal dari pencanangan ({start})", "dates.lke")
    unbound = mismatch(binding, ctx.loader, data.get("rules"), name, line_of(data, "rules"), year, assessor)
    if unbound is not None:  # the unit does not choose its rules: reported, and checked by the bound rule set
        ctx.report.problems.append(unbound)
    rules = ctx.rules_for(binding.rules_id if unbound is not None else data.get("rules"))
    if rules is None:
        return
    if year and not rules.governs(year):
        span = rules.in_force or {}
        until = span.get("until_year") or "sekarang"
        instead = ", ".join(ctx.loader.governing(year)) or "aturan yang berlaku pada tahun itu"
        ctx.add(name, line_of(data, "rules"), f"aturan {rules.id} berlaku untuk penilaian tahun {span.get('from_year')}–{until}, bukan {year}; "
                 f"LKE {year} dinilai dengan aturan yang berlaku pada tahunnya: rules: {instead}", "lke.regime", "warning")
    answers = data.get("answers")
    parsed = derived(answers, ("answers", rules.id, name), lambda: parse_answers(rules, answers, name))  # scored from it too
    ctx.report.problems.extend(parsed.problems)
    for item_id, review in parsed.review.items():  # status/catatan are the assessor's, tanggapan the unit's (its own file)
        misplaced = [k for k in (("status", "catatan") if assessor == "self" else ("tanggapan",)) if k in review]
        if misplaced:
            where = "tpi.yaml (diisi TPI)" if assessor == "self" else "self.yaml (diisi unit)"
            ctx.add(name, parsed.lines.get(item_id), f"{item_id}: {', '.join(misplaced)} tidak berlaku di berkas ini; "
                     f"tempatnya di {where}", "answers.review_place")
    for finding in survey_findings(rules, parsed.values, surveys, year) if surveys is not SKIP_SURVEYS else ():
        ctx.add(name, parsed.lines.get(finding.item), finding.message, finding.code, finding.severity)
    for item_id, ids in parsed.evidence.items():
        for ev in ids:
            entry = manifest.get(ev)
            if entry is None:
                ctx.add(name, parsed.lines.get(item_id), f"{item_id}: bukti '{ev}' tidak ada di evidence/{uid}/manifest.yaml; "
                         "tambahkan dengan `zi evidence add` atau perbaiki id-nya", "lke.evidence_unknown")
            elif item_id not in (entry.get("supports") or ()):
                ctx.add(name, parsed.lines.get(item_id), f"{item_id}: bukti '{ev}' tidak mencantumkan {item_id} di supports; "
                         f"tambahkan {item_id} ke supports bukti itu", "lke.evidence_mismatch")
    for item_id, rel in parsed.uploads.items():  # a file uploaded through the form: the same inspection as any evidence file
        entry = {"id": f"berkas-{item_id}", "file": rel, "visibility": "internal"}
        ctx.report.problems.extend(inspect_evidence(ctx.root, uid, entry, name, parsed.lines.get(item_id), recorded=False).problems)
    if assessor == "self":
        for item_id, value in parsed.values.items():
            item = rules.items[item_id]
            if item.is_choice and item.option(value).value >= 1 and not parsed.evidence.get(item_id) and item_id not in parsed.uploads:
                hint = f"; contoh data dukung: {'; '.join(item.evidence_examples)}" if item.evidence_examples else ""
                ctx.add(name, parsed.lines.get(item_id), f"{item_id}: jawaban '{value}' (nilai penuh) belum disertai bukti dukung{hint}",
                         "lke.no_evidence", "warning")
