"""The documents PortalRB pulls from an instansi (DESIGN §9, "Panduan Teknis API Integrasi ZI" v1.0.0) as static JSON.

``{base}/pengusulan/unit-wbk``, ``{base}/pengusulan/unit-wbbm`` and ``{base}/lke/jawaban-unit/{unit_id}``: one entry per
PortalRB soal, count inputs of the computed items included (the rule set maps every soal_id).
"""

from __future__ import annotations

import json
from typing import Any

from .disclosure import is_public, label
from .lkefile import ASSESSORS
from .repository import Repository, UnitRecord
from .ruleset.model import Item, RuleSet
from .scoring.answers import canonical

CATEGORY = {"WBK": "WBK", "WBBM": "WBBM"}


def portal_id(profile: dict, unit_id: str) -> str:
    return str(profile.get("portalrb_id") or f"UNIT-{unit_id.upper()}")


def soal_map(rules: RuleSet) -> list[tuple[int, str, str | None]]:
    """(soal_id, item id, count input name or None), in soal order."""
    out: list[tuple[int, str, str | None]] = []
    for item in rules.items.values():
        if item.soal_id is not None:
            out.append((item.soal_id, item.id, None))
        for count in item.inputs:
            if count.soal_id is not None:
                out.append((count.soal_id, item.id, count.name))
    return sorted(out)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def soal_value(item: Item, raw: Any, count: str | None) -> Any:
    """One soal's answer in canonical form (one normaliser): a choice, a number, or one count of a computed item (whose
    own soal, if any, has no answer: its counts are the soals)."""
    value = canonical(item, raw)
    if count is not None:
        return value.get(count) if isinstance(value, dict) else None
    return None if isinstance(value, dict) else value


def _entry(answers: dict, item: Item, count: str | None) -> tuple[str | None, str | None, str | None]:
    """(answer, note, evidence) of one soal from an answers mapping; the answer in canonical form (one normaliser)."""
    raw = answers.get(item.id)
    note = evidence = None
    if isinstance(raw, dict) and "answer" in raw:
        note = raw.get("note")
        ev = raw.get("evidence") or []
        evidence = ", ".join(str(e) for e in (ev if isinstance(ev, list) else [ev])) or None
    return _text(soal_value(item, raw, count)), _text(note), evidence


def proposed(record: UnitRecord, year: int) -> bool:
    """A unit is proposed for ``year`` when its stages record the submission to the TPN (pengajuan_tpn) that year."""
    return any(isinstance(s, dict) and s.get("stage") == "pengajuan_tpn" and str(s.get("date", "")).startswith(str(year))
               for s in record.profile.get("stages") or [])


def pengusulan(records: list[UnitRecord], year: int, predicate: str) -> dict:
    units = []
    for r in records:
        if not proposed(r, year) or r.profile.get("target") != predicate:
            continue
        afirmasi = bool(r.profile.get("afirmasi"))
        category = "WBK-AFIRMASI" if predicate == "WBK" and afirmasi else CATEGORY[predicate]
        units.append({"id": portal_id(r.profile, r.id), "nama": r.name, "kategori": category, "afirmasi": afirmasi})
    return {"tahun": year, "units": units}


def evidence_links(record: UnitRecord) -> dict[str, str]:
    """Evidence id → what PortalRB may show: the URL of public evidence, else its publishable label (internal titles,
    names and links stay private: these documents can be published on the static site)."""
    out = {}
    for e in record.manifest.get("items") or []:
        if isinstance(e, dict) and e.get("id"):
            out[str(e["id"])] = str(e.get("url")) if is_public(e) and e.get("url") else label(e)
    return out


def has_portal_answers(repo: Repository, record: UnitRecord, year: int) -> bool:
    """PortalRB's 'Jawaban' endpoint carries the soal of its master list (90/2021): a year assessed under a regime whose
    items have no soal id (52/2014, 10/2019) has no PortalRB document."""
    files = [e for e in record.lke if e.year == year and e.lke]
    if not files:
        return False
    first = files[0].lke
    return first is not None and bool(soal_map(repo.rules(first.rules_id)))


def jawaban_unit(repo: Repository, record: UnitRecord, year: int) -> dict:
    files = {a: record.scored(year, a) for a in ASSESSORS}
    data = {a: (f.lke.data.get("answers") or {}) if f and f.lke else {} for a, f in files.items()}
    rules_id = next((f.lke.rules_id for f in files.values() if f and f.lke), repo.default_rules(record.id))
    links = evidence_links(record)
    answers = []
    rules = repo.rules(rules_id)
    for soal_id, item_id, count in soal_map(rules):
        own, own_note, own_evidence = _entry(data["self"], rules.items[item_id], count)
        tpi, tpi_note, _ = _entry(data["tpi"], rules.items[item_id], count)
        if own_evidence:
            own_evidence = "; ".join(links.get(e.strip(), e.strip()) for e in own_evidence.split(","))
        answers.append({"soal_id": soal_id, "jawaban_unit": own, "jawaban_tpi": tpi, "catatan_unit": own_note,
                        "bukti_dukung_unit": own_evidence, "catatan_tpi": tpi_note})
    return {"unit_id": portal_id(record.profile, record.id), "nama_unit": record.name, "tahun": year, "answers": answers}


def error_document(code: str, message: str) -> dict:
    """An error in the guide's shape: ``{"error": true, "code": …, "message": …}`` (schemas/portalrb-error.schema.json)."""
    return {"error": True, "code": code, "message": message}


def document_text(doc: dict) -> str:
    """A document as PortalRB receives it, from the site and from ``zi serve portalrb``: compact UTF-8 JSON, one newline."""
    return json.dumps(doc, ensure_ascii=False) + "\n"


def unit_answer_documents(repo: Repository, record: UnitRecord, year: int) -> dict[str, dict]:
    """The unit's ``lke/jawaban-unit/<id>`` document of one year (none when its rule set has no PortalRB soal)."""
    if not has_portal_answers(repo, record, year):
        return {}
    return {f"lke/jawaban-unit/{portal_id(record.profile, record.id)}": jawaban_unit(repo, record, year)}


def proposal_documents(records: list[UnitRecord], year: int, predicates: list[str] | tuple[str, ...]) -> dict[str, dict]:
    """The ``pengusulan/unit-<predicate>`` documents of one year."""
    return {f"pengusulan/unit-{p.lower()}": pengusulan(records, year, p) for p in predicates}


def portalrb_documents(repo: Repository, year: int, records: list[UnitRecord] | None = None) -> dict[str, dict]:
    """Path (relative to the PortalRB base URL) → JSON document, for every endpoint of one evaluation year. The site
    assembles the same documents unit by unit from the two functions above."""
    records = records if records is not None else repo.units()
    predicates = repo.rules(repo.default_rules(None)).predicate_ids
    docs = proposal_documents(records, year, predicates)
    for r in records:
        docs.update(unit_answer_documents(repo, r, year))
    return docs


def schema_for(path: str) -> str:
    """The JSON Schema of a PortalRB endpoint path (with or without the ``<tahun>/`` prefix of the site)."""
    return "portalrb-pengusulan" if "pengusulan/" in path else "portalrb-jawaban-unit"


def document_problems(docs: dict[str, dict]) -> list:
    """Schema problems of PortalRB documents — the one check the CLI export and the published site both run before
    anything PortalRB would reject leaves the building."""
    from .validation import schema_problems
    return [problem for path, doc in docs.items() for problem in schema_problems(schema_for(path), doc, path)]
