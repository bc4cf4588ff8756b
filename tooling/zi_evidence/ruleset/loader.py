"""Read ``rules/<id>/`` directories into :class:`RuleSet` objects, composing ``extends:`` overlays.

A rule-set directory is one document split over several files (``ruleset.yaml`` first, then the
other ``*.yaml`` in name order); a top-level key may appear in only one of them. An overlay names
the rule set it ``extends`` and lists ``overrides`` addressed by id. References to ids that do not
exist are kept as findings for ``zi rules lint`` instead of aborting, so an inconsistent local
regulation can still be loaded, scored and reported on.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ..problems import DataError, Problem
from ..validation import schema_problems
from ..yamlio import line_of, read_yaml
from .model import (
    AreaPart,
    Aspect,
    Constraint,
    CountInput,
    Criterion,
    Formula,
    Item,
    Option,
    PortalWorkbook,
    Predicate,
    RuleSet,
    Subindicator,
    SummaryQuantity,
)

RULES_DIRNAME = "rules"
MAIN_FILE = "ruleset.yaml"
REQUIRED_KEYS = ("id", "title", "scales", "areas", "components", "total_weight", "lke", "predicates")


def find_rules_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` holding a ``rules/`` folder of rule sets."""
    start = start.resolve()
    for candidate in [start, *start.parents]:
        rules = candidate / RULES_DIRNAME
        if rules.is_dir() and any(rules.glob(f"*/{MAIN_FILE}")):
            return candidate
    return None


class _Doc:
    """The raw composed document of one directory plus where each top-level key came from."""

    def __init__(self, data: dict[str, Any], origin: dict[str, tuple[str, Any]]):
        self.data = data
        self.origin = origin  # top-level key -> (display filename, container holding it)

    def where(self, key: str) -> tuple[str, int | None]:
        filename, container = self.origin.get(key, (MAIN_FILE, None))
        return filename, line_of(container, key) if container is not None else None


class RuleSetLoader:
    """Loads and caches rule sets below ``<root>/rules``."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.rules_dir = self.root / RULES_DIRNAME
        self._cache: dict[str, RuleSet] = {}

    def available(self) -> list[str]:
        return sorted(p.parent.name for p in self.rules_dir.glob(f"*/{MAIN_FILE}"))

    def governing(self, year: int) -> list[str]:
        """The national rule sets in force for evaluation ``year`` (their ``in_force``), e.g. 10/2019 for 2020."""
        out = []
        for rid in self.available():
            try:
                rules = self.load(rid)
            except DataError:
                continue
            if rules.scope == "national" and rules.in_force and rules.governs(year):
                out.append(rid)
        return out

    def display(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def read_dir(self, ruleset_id: str) -> _Doc:
        folder = self.rules_dir / ruleset_id
        main = folder / MAIN_FILE
        if not main.is_file():
            known = ", ".join(self.available()) or "(tidak ada)"
            msg = f"rule set '{ruleset_id}' tidak ditemukan di {self.display(self.rules_dir)}; yang tersedia: {known}"
            raise DataError([Problem(self.display(main), None, msg, code="rules.unknown")])
        files = [main] + sorted(p for p in folder.glob("*.yaml") if p.name != MAIN_FILE)
        data: dict[str, Any] = {}
        origin: dict[str, tuple[str, Any]] = {}
        problems: list[Problem] = []
        for path in files:
            name = self.display(path)
            part = read_yaml(path, name)
            if part is None:
                continue
            if not isinstance(part, dict):
                problems.append(Problem(name, line_of(part), "berkas rule set harus berupa mapping", code="rules.shape"))
                continue
            problems.extend(schema_problems("ruleset", part, name))
            for key, value in part.items():
                if key in data:
                    first = origin[key][0]
                    msg = f"kunci '{key}' sudah ada di {first}; satu kunci hanya boleh di satu berkas"
                    problems.append(Problem(name, line_of(part, key), msg, code="rules.duplicate_key"))
                    continue
                data[key] = value
                origin[key] = (name, part)
        if data.get("id") != ruleset_id:
            msg = f"id rule set harus sama dengan nama foldernya ('{ruleset_id}'), bukan {data.get('id')!r}"
            problems.append(Problem(self.display(main), line_of(data, "id") or 1, msg, code="rules.id"))
        if problems:
            raise DataError(problems)
        return _Doc(data, origin)

    def load(self, ruleset_id: str) -> RuleSet:
        if ruleset_id not in self._cache:
            self._cache[ruleset_id] = self._load(ruleset_id, ())
        return self._cache[ruleset_id]

    def _load(self, ruleset_id: str, seen: tuple[str, ...]) -> RuleSet:
        if ruleset_id in seen:
            cycle = " → ".join((*seen, ruleset_id))
            raise DataError([Problem(f"rules/{ruleset_id}/{MAIN_FILE}", None, f"extends melingkar: {cycle}", code="rules.cycle")])
        doc = self.read_dir(ruleset_id)
        findings: list[Problem] = []
        base_id = doc.data.get("extends")
        if base_id:
            base = self._load(base_id, (*seen, ruleset_id))
            merged = copy.deepcopy(base.raw)
            for key, value in doc.data.items():
                if key not in ("overrides", "extends"):
                    merged[key] = value
            merged["extends"] = base_id
            findings.extend(base.findings)
            provenance = dict(base.provenance)
            findings.extend(apply_overrides(merged, doc, provenance))
            chain = (ruleset_id, *base.chain)
        else:
            if "overrides" in doc.data:
                file, line = doc.where("overrides")
                findings.append(Problem(file, line, "overrides hanya berlaku bersama extends", code="rules.overrides_without_extends"))
            merged = dict(doc.data)
            chain = (ruleset_id,)
            provenance = {}
        missing = [k for k in REQUIRED_KEYS if k not in merged]
        if missing:
            msg = f"rule set belum lengkap: kunci {', '.join(missing)} tidak ada di berkas mana pun"
            raise DataError([Problem(self.display(self.rules_dir / ruleset_id / MAIN_FILE), None, msg, code="rules.incomplete")])
        merged["scope"] = doc.data.get("scope") or ("local" if base_id else "national")  # never inherited
        rules = build_ruleset(merged, chain, tuple(findings))
        rules.provenance.update(provenance)
        return rules


def load_ruleset(root: Path, ruleset_id: str) -> RuleSet:
    return RuleSetLoader(root).load(ruleset_id)


def _finding(doc: _Doc, path: list[Any], message: str, code: str) -> Problem:
    file, line = doc.where(path[0])
    node: Any = doc.data
    for key in path:
        if isinstance(node, dict) and key in node:
            line = line_of(node, key) or line
            node = node[key]
        else:
            break
    return Problem(file, line, message, code=code)


def apply_overrides(merged: dict[str, Any], doc: _Doc, provenance: dict[tuple[Any, ...], tuple[str, int | None]]) -> list[Problem]:
    """Patch ``merged`` in place with ``doc``'s overrides; return findings for dangling references.

    ``provenance`` records, for each overridden criterion ``("predicates", pred, crit)``, the overlay
    file and line it came from, so later findings about it point at the overlay, not the base.
    """
    overrides = doc.data.get("overrides") or {}
    findings: list[Problem] = []
    items = {}
    subs = {}
    for aspect in merged.get("lke", []):
        for area in aspect["areas"]:
            for sub in area["subindicators"]:
                subs[sub["id"]] = sub
                for item in sub["items"]:
                    items[item["id"]] = item

    for pred_id, patch in (overrides.get("predicates") or {}).items():
        target = merged.setdefault("predicates", {}).get(pred_id)
        if target is None:
            findings.append(_finding(doc, ["overrides", "predicates", pred_id],
                                     f"predikat '{pred_id}' tidak ada di rule set induk", "rules.override_unknown"))
            continue
        for key in ("name", "source", "stated"):
            if key in patch:
                target[key] = patch[key]
        for crit_id, crit_patch in (patch.get("criteria") or {}).items():
            existing = target.setdefault("criteria", {}).get(crit_id)
            if existing is None:
                if not {"quantity", "op", "value", "label"} <= set(crit_patch):
                    findings.append(_finding(doc, ["overrides", "predicates", pred_id, "criteria", crit_id],
                                             f"kriteria baru '{crit_id}' harus memuat label, quantity, op dan value",
                                             "rules.criterion_incomplete"))
                    continue
                target["criteria"][crit_id] = copy.copy(crit_patch)
            else:
                existing.update(crit_patch)
            provenance[("predicates", pred_id, crit_id)] = (doc.where("overrides")[0], line_of(crit_patch))

    for item_id, patch in (overrides.get("items") or {}).items():
        item = items.get(item_id)
        if item is None:
            findings.append(_finding(doc, ["overrides", "items", item_id],
                                     f"butir '{item_id}' tidak ada di LKE rule set induk", "rules.override_unknown"))
            continue
        for key in ("text", "explanation", "weight"):
            if key in patch:
                item[key] = patch[key]
        for code, opt_patch in (patch.get("options") or {}).items():
            option = next((o for o in item.get("options", []) if o["code"] == code), None)
            if option is None:
                findings.append(_finding(doc, ["overrides", "items", item_id, "options", code],
                                         f"pilihan '{code}' tidak ada pada butir {item_id}", "rules.override_unknown"))
                continue
            option.update(opt_patch)

    for sub_id, patch in (overrides.get("subindicators") or {}).items():
        sub = subs.get(sub_id)
        if sub is None:
            findings.append(_finding(doc, ["overrides", "subindicators", sub_id],
                                     f"sub-indikator '{sub_id}' tidak ada di LKE rule set induk", "rules.override_unknown"))
            continue
        sub.update(patch)

    for area_id, patch in (overrides.get("areas") or {}).items():
        area = merged.get("areas", {}).get(area_id)
        if area is None:
            findings.append(_finding(doc, ["overrides", "areas", area_id],
                                     f"area '{area_id}' tidak ada di rule set induk", "rules.override_unknown"))
            continue
        area.update(patch)

    if "policy" in overrides:
        merged.setdefault("policy", {}).update(overrides["policy"])
    return findings


def _item(raw: dict[str, Any], aspect: str, area: str, sub_id: str) -> Item:
    formula = None
    if raw.get("formula"):
        f = raw["formula"]
        formula = Formula(
            kind=f["kind"],
            numerator=tuple(f.get("numerator", ())),
            denominator=tuple(f.get("denominator", ())),
            numerator_may_exceed_denominator=bool(f.get("numerator_may_exceed_denominator", False)),
            previous=f.get("previous"),
            current=f.get("current"),
            value_when_denominator_is_0=float(f["value_when_denominator_is_0"]),
            value_when_previous_is_0_and_current_is_positive=float(
                f.get("value_when_previous_is_0_and_current_is_positive", 0.0)
            ),
        )
    rng = raw.get("range")
    return Item(
        id=raw["id"],
        aspect=aspect,
        area=area,
        subindicator=sub_id,
        type=raw["type"],
        text=raw["text"],
        soal_id=raw.get("soal_id"),
        explanation=raw.get("explanation"),
        options=tuple(
            Option(code=o["code"], value=float(o["value"]), text=o.get("text"), note=o.get("note"))
            for o in raw.get("options", ())
        ),
        range=(float(rng["min"]), float(rng["max"])) if rng else None,
        inputs=tuple(
            CountInput(name=i["name"], label=i["label"], soal_id=i.get("soal_id"), scored=i.get("scored", True))
            for i in raw.get("inputs", ())
        ),
        formula=formula,
        constraints=tuple(Constraint(tuple(c["sum"]), tuple(c["at_most"])) for c in raw.get("constraints", ())),
        survey=raw.get("survey"),
        weight=float(raw.get("weight", 1.0)),
        unit=raw.get("unit"),
        source=raw.get("source"),
        evidence_examples=tuple(raw.get("contoh_data_dukung", ())),
    )


def build_ruleset(raw: dict[str, Any], chain: tuple[str, ...], findings: tuple[Problem, ...]) -> RuleSet:
    """Turn the composed raw document into the typed model."""
    aspects = []
    for a in raw["lke"]:
        parts = []
        for ar in a["areas"]:
            subs = tuple(
                Subindicator(
                    id=s["id"],
                    aspect=a["aspect"],
                    area=ar["area"],
                    number=s.get("number", ""),
                    name=s["name"],
                    weight=float(s["weight"]),
                    quantity=s.get("quantity"),
                    items=tuple(_item(i, a["aspect"], ar["area"], s["id"]) for i in s["items"]),
                )
                for s in ar["subindicators"]
            )
            parts.append(AreaPart(a["aspect"], ar["area"], ar["name"], float(ar["weight"]), subs))
        aspects.append(Aspect(a["aspect"], a["name"], a["component"], float(a["weight"]), tuple(parts)))
    predicates = {}
    for pid, p in raw["predicates"].items():
        criteria = tuple(
            Criterion(
                id=cid,
                label=c.get("label", cid),
                quantity=c.get("quantity", cid),
                op=c.get("op", ">="),
                value=c.get("value"),
                display=c.get("display", "points"),
                source=c.get("source", p.get("source")),
                stated=bool(c.get("stated", p.get("stated", True))),
            )
            for cid, c in (p.get("criteria") or {}).items()
        )
        predicates[pid] = Predicate(pid, p.get("name", pid), criteria, p.get("source"))
    return RuleSet(
        id=raw["id"],
        title=raw["title"],
        aspects=tuple(aspects),
        areas={k: (v.get("name", k), float(v["weight"])) for k, v in raw["areas"].items()},
        components={k: (v.get("name", k), float(v["weight"])) for k, v in raw["components"].items()},
        total_weight=float(raw["total_weight"]),
        scales={k: {c: float(x) for c, x in v.items()} for k, v in raw["scales"].items()},
        predicates=predicates,
        prerequisites=tuple(raw.get("prerequisites", ())),
        policy=dict(raw.get("policy", {})),
        raw=raw,
        chain=chain,
        findings=findings,
        scope=raw.get("scope", "national"),
        summary=tuple(_summary(s) for s in raw.get("summary", ())),
        in_force=raw.get("in_force"),
        notes=tuple(raw.get("notes", ())),
        portalrb_workbook=_portal_workbook(raw.get("portalrb_workbook")),
    )


def _portal_workbook(raw: dict[str, Any] | None) -> PortalWorkbook | None:
    if not raw:
        return None
    return PortalWorkbook(sheet=raw["sheet"], columns=dict(raw["columns"]), rows={int(k): int(v) for k, v in raw["rows"].items()},
                          source=raw.get("source"))


def _summary(raw: dict[str, Any]) -> SummaryQuantity:
    kind, _, ref = raw["of"].partition(":")
    labels = tuple(sorted((str(k), str(v)) for k, v in (raw.get("labels") or {}).items()))
    return SummaryQuantity(raw["key"], raw["label"], kind, ref, bool(raw.get("area_column", False)), bool(raw.get("show", True)), labels)
