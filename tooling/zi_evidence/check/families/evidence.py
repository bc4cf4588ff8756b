"""Evidence manifests (``evidence/<unit>/manifest.yaml``): unique ids, supported items that exist in the rule set,
and every listed file inspected (type, size, content, personal data). Decides which public files the site may copy.

Codes: evidence.duplicate_id, evidence.unknown_item, and the ``evidence.*`` findings of :mod:`...scan.evidence`.
"""

from __future__ import annotations

from ...layout import EVIDENCE, MANIFEST
from ...scan.document import internal_evidence_fields
from ...scan.evidence import inspect_evidence
from ...yamlio import line_of
from ..context import Checker


def check_manifest(ctx: Checker, uid: str, rules) -> dict[str, dict]:
    path = ctx.root / EVIDENCE / uid / MANIFEST
    if not path.is_file():
        return {}
    before = len(ctx.report.problems)
    data = ctx.load(path, keep_invalid=True, private_fields=internal_evidence_fields)
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return {}
    name = ctx.rel(path)
    # lines with schema errors: an entry spanning one of them is not inspected (its fields cannot be trusted), but
    # one bad entry never withholds the others
    bad_lines = sorted(p.line for p in ctx.report.problems[before:] if p.severity == "error" and p.line)
    items = data["items"]
    entries: dict[str, dict] = {}
    for index, entry in enumerate(items):
        line = line_of(items, index)
        end = line_of(items, index + 1) if index + 1 < len(items) else None
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        sound = not any(line and b >= line and (end is None or b < end) for b in bad_lines)
        if sound and entry["id"] in entries:
            ctx.add(name, line, f"id bukti '{entry['id']}' dipakai dua kali; id harus unik", "evidence.duplicate_id")
        entries.setdefault(entry["id"], entry)
        if not sound:
            if entry.get("visibility") == "public" and entry.get("file"):
                ctx.report.withheld[(uid, entry["id"])] = f"entri manifest tidak valid (lihat {name}:{line})"
            continue
        if rules:
            supports = entry.get("supports")  # the schema reports a missing or malformed list; never a crash here
            for item_id in supports if isinstance(supports, list) else ():
                if item_id not in rules.items:
                    ctx.add(name, line_of(entry, "supports"), f"bukti '{entry['id']}': butir '{item_id}' tidak ada di rule set {rules.id}",
                             "evidence.unknown_item")
        if "file" in entry:
            found = inspect_evidence(ctx.root, uid, entry, name, line_of(entry, "file") or line)
            ctx.report.problems.extend(found.problems)
            if entry["visibility"] == "public":
                if found.ok and found.path is not None:
                    ctx.report.publishable[(uid, entry["id"])] = found.path
                else:
                    ctx.report.withheld[(uid, entry["id"])] = "; ".join(p.message for p in found.problems if p.severity == "error")
    return entries
