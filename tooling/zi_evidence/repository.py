"""Reading a whole ZI Evidence repository: units, their files and their scored LKE answers.

The I/O layer shared by ``zi score``, the public site and the exports. It never raises on a
broken unit file: it records the problem and goes on, because ``zi check`` is the place that
reports broken files; everyone else shows what can be shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from .gitfs import GitPath
from .layout import DEFAULT_RULES, EVIDENCE, INSTANSI_FILE, KAWASAN_DIR, MANIFEST, PREREQ_DIR, UNITS, unit_dirs
from .lkefile import LkeFile, display_path, held_predicates, identity_from_path, read_lke_file
from .problems import DataError, Problem
from .rulebinding import binding_of, mismatch
from .ruleset import RuleSet, RuleSetLoader
from .scoring import ParsedAnswers, check_prerequisites, parse_answers
from .scoring.engine import score_result
from .scoring.policy import deadline, revocation_ban, years_between
from .scoring.policy import parse as parse_date
from .scoring.surveys import survey_findings
from .walker import files_of_kind, walk
from .yamlio import derived, line_of, read_yaml

ANSWERS_KINDS = ("lke_self", "lke_tpi", "lke_tpn")  # filekinds.py: the answers files that are scored


@dataclass
class ScoredFile:
    """One LKE answers file and what scoring it gave (``result`` is None when it could not be scored)."""

    path: Path
    display: str
    unit: str | None
    year: int | None
    assessor: str | None
    lke: LkeFile | None
    result: dict | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class UnitRecord:
    """Everything the repository holds about one unit (missing files are empty dicts)."""

    id: str
    profile: dict
    declarations: dict
    standards: dict
    surveys: dict
    plans: dict[int, dict]
    manifest: dict
    lke: list[ScoredFile]
    problems: list[Problem]

    @property
    def name(self) -> str:
        return str(self.profile.get("name") or self.id)

    def scored(self, year: int, assessor: str) -> ScoredFile | None:
        for entry in self.lke:
            if entry.year == year and entry.assessor == assessor:
                return entry
        return None

    @property
    def years(self) -> list[int]:
        return sorted({e.year for e in self.lke if e.year}, reverse=True)


def floor_2(years: float) -> float:
    """Years shown with two decimals, cut rather than rounded: 364 days are 0,99 years, never the 1,00 a ≥ 1 test passes."""
    return math.floor(years * 100 + 1e-9) / 100


class Repository:
    """A repository on disk, read lazily and cached: build one per command or site build."""

    def __init__(self, root: Path | GitPath, loader: RuleSetLoader | None = None) -> None:
        if isinstance(root, GitPath):  # a pull request's tree in memory: its rules come from the trusted side, never from it
            if loader is None:
                raise ValueError("a commit's tree is read with the trusted side's rules: pass loader")
            self.root: Any = root
        else:
            self.root = Path(root)
        self.loader = loader or RuleSetLoader(self.root)
        # unit.yaml is read again and again while scoring one unit; unit pages read their other files once
        self._read_cached = lru_cache(maxsize=256)(self._read_uncached)
        # instansi.yaml and units/prasyarat/<year>.yaml are shared by every unit (and the latter grows with the number
        # of units): kept for the whole run, so they are parsed once — not once per unit after LRU eviction (O(N²))
        self._shared: dict[str, tuple[dict, tuple[Problem, ...]]] = {}
        self._spans: list[list[tuple[date, date | None]]] | None = None  # per unit: (granted, revoked) of each predicate
        self._shares: dict[date, float | None] = {}  # per date asked: every answers file asks its own assessment date

    # -- files ---------------------------------------------------------------------------
    def _read_uncached(self, rel: str) -> tuple[dict, tuple[Problem, ...]]:
        path = self.root / rel
        if not path.is_file():
            return {}, ()
        try:
            data = read_yaml(path, rel)
        except DataError as exc:
            return {}, tuple(exc.problems)
        return (data if isinstance(data, dict) else {}), ()

    def read_optional(self, rel: str) -> dict:
        """A YAML mapping, or {} when the file is missing or broken (``zi check`` reports it)."""
        if rel == f"{UNITS}/{INSTANSI_FILE}" or rel.startswith(f"{UNITS}/{PREREQ_DIR}/"):
            if rel not in self._shared:
                self._shared[rel] = self._read_uncached(rel)
            return self._shared[rel][0]
        return self._read_cached(rel)[0]

    @cached_property
    def instansi(self) -> dict:
        return self.read_optional(f"{UNITS}/{INSTANSI_FILE}")

    @property
    def kind(self) -> str:
        return str(self.instansi.get("kind", "pemda"))

    def unit_ids(self) -> list[str]:
        return [p.name for p in unit_dirs(self.root)]

    def kawasan(self) -> list[dict]:
        """The kawasan files (units/kawasan/<id>.yaml) that can be read; `zi check` reports the others."""
        out = [self.read_optional(e.rel) for e in files_of_kind(self.root, "kawasan", under=f"{UNITS}/{KAWASAN_DIR}")]
        return [k for k in out if k.get("id") and isinstance(k.get("units"), list)]

    def rules(self, rules_id: str) -> RuleSet:
        return self.loader.load(rules_id)

    # -- scoring -------------------------------------------------------------------------
    def holds(self, unit: str | None) -> list[str]:
        return held_predicates(self.read_optional(f"{UNITS}/{unit}/unit.yaml")) if unit else []

    def unit_facts(self, unit: str | None, year: int | None) -> dict | None:
        """The facts of the submission criteria for one unit and year: Tabel 5 from units/prasyarat/<year>.yaml, and
        what the data itself says — years of building, the ban after a revocation, the share of units holding a
        predicate (computed at the year's submission deadline)."""
        if not unit or not year:
            return None
        yearly = self.read_optional(f"{UNITS}/{PREREQ_DIR}/{year}.yaml")
        facts = dict(yearly.get("instansi") or {})
        if isinstance(facts.get("kasus_kkn"), bool):
            facts["tanpa_kasus_kkn"] = not facts["kasus_kkn"]
        facts.update((yearly.get("units") or {}).get(unit) or {})
        profile = self.read_optional(f"{UNITS}/{unit}/unit.yaml")
        if "core_service" in profile:
            facts["layanan_utama"] = profile["core_service"]
        policy = self.loader.load(self.default_rules(unit)).policy
        cutoff = deadline(year, policy)
        start = next((parse_date(s.get("date")) for s in profile.get("stages") or [] if isinstance(s, dict) and s.get("stage") == "pencanangan"), None)
        if start is not None:
            facts["lama_pembangunan_tahun"] = floor_2(years_between(start, cutoff))
        wbk = [granted for p in profile.get("predicates") or [] if isinstance(p, dict) and p.get("predicate") == "WBK"
               and not p.get("revoked") and (granted := parse_date(p.get("granted"))) is not None]
        if wbk:
            facts["lama_pembangunan_wbbm_tahun"] = floor_2(years_between(min(wbk), cutoff))
        facts["bebas_larangan_pencabutan"] = revocation_ban(profile.get("predicates"), cutoff, policy) is None
        share = self.predicate_share(cutoff)
        if share is not None:
            facts["porsi_satker_berpredikat"] = share
        return facts

    def predicate_share(self, on: date) -> float | None:
        """Percentage of the instansi's units holding a predicate (granted, not revoked) on ``on``.

        Every unit.yaml is read once per Repository, whatever the number of dates asked (a site of 5 years asks 5), and
        each date is counted once: scoring every answers file of 1,000 units asked 1,756 times (0.9 s of a `zi check`)."""
        if on not in self._shares:
            if self._spans is None:
                self._spans = [self._predicate_spans(uid) for uid in self.unit_ids()]
            held = sum(1 for spans in self._spans if any(granted <= on and not (revoked and revoked <= on) for granted, revoked in spans))
            self._shares[on] = round(100 * held / len(self._spans), 2) if self._spans else None
        return self._shares[on]

    def _predicate_spans(self, unit: str) -> list[tuple[date, date | None]]:
        spans = []
        for p in self.read_optional(f"{UNITS}/{unit}/unit.yaml").get("predicates") or []:
            granted = parse_date(p.get("granted")) if isinstance(p, dict) else None
            if granted:
                spans.append((granted, parse_date(p.get("revoked"))))
        return spans

    def bound_rules(self, unit: str | None, year: int | None, assessor: str | None, chosen: Any, display: str,
                    line: int | None) -> tuple[str, Problem | None]:
        """The rule set an answers file is scored by (:mod:`.rulebinding`): its own ``rules`` when the unit may name it,
        else the bound one, with the problem saying so."""
        profile = self.read_optional(f"{UNITS}/{unit}/unit.yaml") if unit else {}
        binding = binding_of(profile, unit or "", self.instansi)
        unbound = mismatch(binding, self.loader, chosen, display, line, year, assessor)
        return (binding.rules_id, unbound) if unbound is not None else (str(chosen), None)

    def default_rules(self, unit: str | None) -> str:
        profile = self.read_optional(f"{UNITS}/{unit}/unit.yaml") if unit else {}
        return str(profile.get("rules") or self.instansi.get("rules") or DEFAULT_RULES)

    def score_file(self, path: Path, holds: list[str] | None = None) -> ScoredFile:
        """Score one answers file; problems are kept on the record, never raised."""
        try:
            lke = read_lke_file(path, self.root)
            rules_id, unbound = self.bound_rules(lke.unit, lke.year, lke.assessor, lke.rules_id, lke.display, line_of(lke.data, "rules"))
            rules = self.loader.load(rules_id)
        except DataError as exc:
            unit, year, assessor = identity_from_path(path)
            return ScoredFile(path, display_path(path, self.root), unit, year, assessor, None, None, exc.problems)
        parsed = derived(lke.answers, ("answers", rules.id, lke.display), lambda: parse_answers(rules, lke.answers, lke.display))
        entry = ScoredFile(path, lke.display, lke.unit, lke.year, lke.assessor, lke, None, [*([unbound] if unbound else []), *parsed.problems])
        held = holds if holds is not None else self.holds(lke.unit)
        result = {"unit": lke.unit, "year": lke.year, "assessor": lke.assessor, "file": lke.display}
        result.update(self.score_answers(rules, parsed, held, lke.unit, lke.year))
        entry.result = result
        return entry

    def national_rules(self, rules: RuleSet) -> RuleSet | None:
        """The national rule set a local one extends (the nearest of its ``extends`` chain declared ``scope: national``, else
        the root); None for a national one — an amendment such as 10/2019 extends 52/2014 and is national itself."""
        for rid in rules.chain:
            if self.loader.load(rid).scope == "national":
                return None if rid == rules.id else self.loader.load(rid)
        return None

    def score_answers(self, rules: RuleSet, parsed: ParsedAnswers, holds: list[str], unit: str | None = None,
                      year: int | None = None) -> dict:
        """The one scoring pipeline after parsing — for files, Git blobs and imported workbooks alike.

        An invalid item never erases the file: it counts 0, is listed under ``invalid`` and named in a warning
        (``zi check`` reports it as an error). Inside a unit folder the survey answers are checked against the unit's
        survey records, and the Tabel 5 facts of the year are attached.
        """
        national = self.national_rules(rules)
        # the history of a unit's answers scores their newest version, usually the very reading just scored for the
        # unit: while parses are shared, the typed (immutable) score is reused and only its JSON made again
        typed = derived(parsed, ("score", rules.id, tuple(holds), national.id if national else None),
                        lambda: score_result(rules, parsed.values, holds, national))
        result = typed.to_json()
        result["holds"] = sorted(holds)
        if parsed.invalid:
            result["invalid"] = [{"item": i, "line": parsed.lines.get(i), "message": m} for i, m in parsed.invalid.items()]
            result["warnings"] = [{"code": "invalid_item", "item": i, "message": f"{i}: {m} — dihitung 0 sampai diperbaiki"}
                                  for i, m in parsed.invalid.items()] + result["warnings"]
        if unit:  # inside a unit folder the survey answers must match the unit's survey records (`zi check`: errors)
            surveys = self.read_optional(f"{UNITS}/{unit}/survei.yaml")
            result["warnings"] = result["warnings"] + [{"code": f.code, "item": f.item, "message": f.message}
                                                       for f in survey_findings(rules, parsed.values, surveys, year)]
        facts = self.unit_facts(unit, year) if rules.prerequisites else None  # a regime without Tabel 5 has nothing to check
        if facts is not None:
            result["prerequisites"] = check_prerequisites(rules, facts, self.kind)
        return result

    # -- units ---------------------------------------------------------------------------
    def unit(self, unit_id: str) -> UnitRecord:
        base = f"{UNITS}/{unit_id}"
        problems: list[Problem] = []

        def read(rel: str) -> dict:
            data, found = self._read_cached(rel) if rel.endswith("/unit.yaml") else self._read_uncached(rel)
            problems.extend(found)
            return data

        plans, lke = {}, []
        for entry in walk(self.root, base):  # the one walker; kinds from filekinds.py
            year = entry.found.year if entry.found else None
            if entry.kind == "plan" and year:
                plans[year] = read(entry.rel)
            elif entry.kind in ANSWERS_KINDS and year:
                lke.append(self.score_file(entry.path))
        return UnitRecord(
            id=unit_id,
            profile=read(f"{base}/unit.yaml"),
            declarations=read(f"{base}/pencanangan.yaml"),
            standards=read(f"{base}/standar-pelayanan.yaml"),
            surveys=read(f"{base}/survei.yaml"),
            plans=plans,
            manifest=read(f"{EVIDENCE}/{unit_id}/{MANIFEST}"),
            lke=lke,
            problems=problems,
        )

    def units(self) -> list[UnitRecord]:
        return [self.unit(uid) for uid in self.unit_ids()]
