"""Walk a repository and report every problem as ``file:line: message`` (Indonesian, with the fix)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..layout import DEFAULT_RULES, EVIDENCE, KAWASAN_DIR, LKE_DIR, MANIFEST, UNIT_ID, UNITS, schema_for, unit_dirs
from ..lkefile import ASSESSORS, identity_from_path, lke_schema_problems
from ..problems import DataError, Problem
from ..ruleset import RuleSetLoader
from ..scan.document import internal_evidence_fields, raw_text_is_clean, text_problems
from ..scan.evidence import inspect_evidence
from ..scan.text import invisible_characters
from ..scoring import parse_answers
from ..scoring.surveys import survey_findings
from ..validation import schema_problems
from ..workers import CHUNKS_PER_WORKER, Progress, process_pool, worker_count
from ..yamlio import line_of, parse_yaml, read_yaml, read_yaml_text

STAGE_ORDER = ["pencanangan", "penetapan", "pembangunan", "pemantauan", "evaluasi_tpi", "pengajuan_tpn",
               "evaluasi_tpn", "predikat", "pemantauan_berkala", "pencabutan"]
# Findings that stop the public site from being built: what it would publish must not carry them. (Markup is not
# among them: every page escapes it, so it shows as typed; `zi check` still fails on it in CI.)
PUBLICATION_BLOCKERS = frozenset({
    "text.personal_data", "text.invisible", "text.secret_url", "path.control",
    "evidence.personal_data", "evidence.content", "evidence.kind",
})


SKIP_SURVEYS = object()  # survei.yaml exists but is broken


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    # public evidence files that passed every check, by (unit, evidence id): the only ones the site may publish
    publishable: dict[tuple[str, str], Path] = field(default_factory=dict)
    withheld: dict[tuple[str, str], str] = field(default_factory=dict)  # public files not publishable, and why

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def blocking(self) -> list[Problem]:
        """The errors that stop the public site from being built."""
        return [p for p in self.errors if p.code in PUBLICATION_BLOCKERS]


class _Checker:
    def __init__(self, root: Path, today: date | None = None):
        self.root = root
        self.report = CheckReport()
        self.loader = RuleSetLoader(root)
        self.today = today or date.today()
        self.instansi: dict = {}

    # -- helpers -----------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        return str(path.relative_to(self.root))

    def add(self, file: str, line: int | None, message: str, code: str, severity: str = "error") -> None:
        self.report.problems.append(Problem(file, line, message, severity, code))

    def load(self, path: Path, keep_invalid: bool = False, private_fields: Callable[[Any], Callable[[tuple], bool]] | None = None) -> Any:
        """Read, schema-check and scan one data file; None when it could not be read or is invalid
        (unless ``keep_invalid``: then cross-references can still use it, avoiding cascades)."""
        name = self.rel(path)
        self.report.files_checked += 1
        try:
            raw = read_yaml_text(path, name)
            data = parse_yaml(raw, name)
        except DataError as exc:
            self.report.problems.extend(exc.problems)
            return None
        is_private = private_fields(data) if private_fields else None
        schema = schema_for(self.root, path)
        if schema:
            problems = lke_schema_problems(data, name) if schema == "lke" else schema_problems(schema, data, name)
            self.report.problems.extend(problems)
            if problems:
                self.scan_text(name, data, raw, is_private)
                return data if keep_invalid else None
        self.scan_text(name, data, raw, is_private)
        return data

    def scan_text(self, name: str, data: Any, raw: str | None = None, is_private=None) -> None:
        if raw is not None and raw_text_is_clean(raw):
            return  # nothing in the file could match; walking every string costs more than all other checks together
        self.report.problems.extend(text_problems(name, data, is_private) if is_private else text_problems(name, data))

    def rules_for(self, rules_id: str | None):
        try:
            return self.loader.load(rules_id or self.instansi.get("rules") or DEFAULT_RULES)
        except DataError as exc:
            self.report.problems.extend(exc.problems)
            return None

    # -- repository walk ---------------------------------------------------------------------
    def run(self, only: Path | None, units: list[Path] | None = None, repository_wide: bool = True) -> CheckReport:
        """Check the units (all, or those under ``only``, or exactly ``units``); ``repository_wide`` adds the checks of
        everything outside unit folders (a parallel run does those once, in its first worker)."""
        inst = self.root / UNITS / "instansi.yaml"
        if repository_wide:
            self.symlinks()
            if inst.is_file():
                self.instansi = self.load(inst) or {}
            known_units = {u.name for u in unit_dirs(self.root)}
            for path in sorted((self.root / UNITS / KAWASAN_DIR).glob("*.yaml")):
                data = self.load(path)
                if not data:
                    continue
                if data.get("id") != path.stem:
                    self.add(self.rel(path), line_of(data, "id"), f"id '{data.get('id')}' harus sama dengan nama berkas {path.name}", "kawasan.id")
                for index, uid in enumerate(data.get("units") or []):
                    if uid not in known_units:
                        self.add(self.rel(path), line_of(data["units"], index), f"unit '{uid}' tidak ada di units/; perbaiki id-nya atau buat unitnya",
                                 "kawasan.unit")
            for path in sorted((self.root / UNITS / "prasyarat").glob("*.yaml")):
                data = self.load(path)
                if data and path.stem.isdigit() and data.get("year") != int(path.stem):
                    self.add(self.rel(path), line_of(data, "year"), f"year {data.get('year')} tidak sama dengan nama berkas {path.name}", "prereq.year")
        elif inst.is_file():
            try:
                self.instansi = read_yaml(inst, self.rel(inst)) or {}
            except DataError:
                self.instansi = {}
        for unit_dir in units if units is not None else selected_units(self.root, only):
            self.unit(unit_dir)
        if not repository_wide:
            return self.report
        for ev_dir in sorted((self.root / EVIDENCE).glob("*")) if (self.root / EVIDENCE).is_dir() else []:
            if ev_dir.is_dir() and not (self.root / UNITS / ev_dir.name / "unit.yaml").is_file():
                self.add(self.rel(ev_dir), None, f"folder bukti '{ev_dir.name}' tidak punya unit di units/{ev_dir.name}/; "
                         "ganti nama foldernya atau buat unitnya dengan `zi new unit`", "evidence.orphan")
        self.report.problems.sort(key=lambda p: (p.file, p.line or 0, p.message))
        return self.report

    def symlinks(self) -> None:
        """Symlinks, and names with control or invisible characters (a newline or a right-to-left override in a file
        name can make a listing, a log line or a review show something else than what is there)."""
        for top in (UNITS, EVIDENCE):
            base = self.root / top
            if not base.exists():
                continue
            for dirpath, dirnames, filenames in os.walk(base):
                for name in dirnames + filenames:
                    path = Path(dirpath) / name
                    hidden = invisible_characters(name, name=True)
                    if hidden:
                        self.add(repr(self.rel(path))[1:-1], None, f"nama berkas/folder memuat karakter kendali atau tak terlihat "
                                 f"({', '.join(hidden)}); ganti namanya dengan huruf, angka, '-' dan '_'", "path.control")
                    if path.is_symlink():
                        self.add(self.rel(path), None, "tautan simbolik (symlink) tidak diizinkan; simpan berkas aslinya di sini", "path.symlink")

    def unit(self, unit_dir: Path) -> None:
        uid = unit_dir.name
        unit_file = unit_dir / "unit.yaml"
        if not UNIT_ID.match(uid):
            self.add(self.rel(unit_dir), None, f"nama folder unit '{uid}' tidak sah; pakai huruf kecil, angka dan tanda hubung", "unit.id")
        if not unit_file.is_file():
            self.add(self.rel(unit_dir), None, "unit.yaml tidak ada; buat dengan `zi new unit " + uid + "`", "unit.missing")
            return
        unit = self.load(unit_file) or {}
        if unit and unit.get("id") != uid:
            self.add(self.rel(unit_file), line_of(unit, "id"), f"id '{unit.get('id')}' harus sama dengan nama folder '{uid}'", "unit.id")
        stages = self.stages(unit_file, unit)
        rules = self.rules_for(unit.get("rules"))
        manifest = self.manifest(uid, rules)
        decl = unit_dir / "pencanangan.yaml"
        if decl.is_file():
            data = self.load(decl)
            pencanangan = stages.get("pencanangan")
            if data and pencanangan and data["deklarasi"]["date"] != pencanangan:
                self.add(self.rel(decl), line_of(data["deklarasi"], "date"),
                         f"tanggal deklarasi {data['deklarasi']['date']} berbeda dari tahap pencanangan di unit.yaml ({pencanangan})",
                         "dates.declaration", "warning")
            if data and data["pakta_integritas"]["signed"] > data["pakta_integritas"]["staff"]:
                self.add(self.rel(decl), line_of(data["pakta_integritas"], "signed"),
                         "jumlah penanda tangan Pakta Integritas melebihi jumlah pegawai", "declarations.pakta")
        if (unit_dir / "standar-pelayanan.yaml").is_file():
            self.load(unit_dir / "standar-pelayanan.yaml")
        surveys: Any = None
        if (unit_dir / "survei.yaml").is_file():
            # a survei.yaml that cannot be read is reported for itself; binding LKE answers to it would only cascade
            surveys = self.load(unit_dir / "survei.yaml", keep_invalid=True) or SKIP_SURVEYS
        for plan in sorted((unit_dir / "rencana").glob("*.yaml")):
            data = self.load(plan)
            if data and plan.stem.isdigit() and data.get("year") != int(plan.stem):
                self.add(self.rel(plan), line_of(data, "year"), f"year {data.get('year')} tidak sama dengan nama berkas {plan.name}", "plan.year")
        for lke in sorted((unit_dir / LKE_DIR).glob("*/*.yaml")):
            self.lke(lke, uid, stages, manifest, surveys)
        for other in sorted(unit_dir.rglob("*")):
            if other.is_file() and schema_for(self.root, other) is None:
                self.add(self.rel(other), None, "berkas tidak dikenal di folder unit; pindahkan bukti ke evidence/<unit>/", "unit.unknown_file", "warning")

    def stages(self, unit_file: Path, unit: dict) -> dict[str, str]:
        name = self.rel(unit_file)
        first: dict[str, str] = {}
        previous = None
        for index, entry in enumerate(unit.get("stages") or []):
            line = line_of(unit["stages"], index)
            if index == 0 and entry["stage"] != "pencanangan":
                self.add(name, line, "riwayat tahapan harus diawali pencanangan", "dates.stages")
            if previous and entry["date"] < previous["date"]:
                self.add(name, line, f"tanggal tahap {entry['stage']} ({entry['date']}) lebih awal dari tahap sebelumnya "
                         f"{previous['stage']} ({previous['date']}); urutkan riwayat menurut tanggal", "dates.stages")
            if entry["date"] > self.today.isoformat():
                self.add(name, line, f"tanggal tahap {entry['stage']} ({entry['date']}) ada di masa depan", "dates.future")
            first.setdefault(entry["stage"], entry["date"])
            previous = entry
        start = first.get("pencanangan")
        for index, pred in enumerate(unit.get("predicates") or []):
            line = line_of(unit["predicates"], index)
            if start and pred["granted"] < start:
                self.add(name, line, f"predikat {pred['predicate']} diberikan ({pred['granted']}) sebelum pencanangan ({start})", "dates.predicate")
            if pred.get("revoked") and pred["revoked"] < pred["granted"]:
                self.add(name, line, f"predikat {pred['predicate']} dicabut ({pred['revoked']}) sebelum diberikan ({pred['granted']})", "dates.predicate")
        return first

    def manifest(self, uid: str, rules) -> dict[str, dict]:
        path = self.root / EVIDENCE / uid / MANIFEST
        if not path.is_file():
            return {}
        before = len(self.report.problems)
        data = self.load(path, keep_invalid=True, private_fields=internal_evidence_fields)
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            return {}
        name = self.rel(path)
        # lines with schema errors: an entry spanning one of them is not inspected (its fields cannot be trusted), but
        # one bad entry never withholds the others
        bad_lines = sorted(p.line for p in self.report.problems[before:] if p.severity == "error" and p.line)
        items = data["items"]
        entries: dict[str, dict] = {}
        for index, entry in enumerate(items):
            line = line_of(items, index)
            end = line_of(items, index + 1) if index + 1 < len(items) else None
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            sound = not any(line and b >= line and (end is None or b < end) for b in bad_lines)
            if sound and entry["id"] in entries:
                self.add(name, line, f"id bukti '{entry['id']}' dipakai dua kali; id harus unik", "evidence.duplicate_id")
            entries.setdefault(entry["id"], entry)
            if not sound:
                if entry.get("visibility") == "public" and entry.get("file"):
                    self.report.withheld[(uid, entry["id"])] = f"entri manifest tidak valid (lihat {name}:{line})"
                continue
            if rules:
                for item_id in entry["supports"]:
                    if item_id not in rules.items:
                        self.add(name, line_of(entry, "supports"), f"bukti '{entry['id']}': butir '{item_id}' tidak ada di rule set {rules.id}",
                                 "evidence.unknown_item")
            if "file" in entry:
                found = inspect_evidence(self.root, uid, entry, name, line_of(entry, "file") or line)
                self.report.problems.extend(found.problems)
                if entry["visibility"] == "public":
                    if found.ok:
                        self.report.publishable[(uid, entry["id"])] = found.path
                    else:
                        self.report.withheld[(uid, entry["id"])] = "; ".join(p.message for p in found.problems if p.severity == "error")
        return entries

    def lke(self, path: Path, uid: str, stages: dict[str, str], manifest: dict[str, dict], surveys: Any) -> None:
        name = self.rel(path)
        _, year, assessor = identity_from_path(path)
        if assessor not in ASSESSORS or year is None:
            self.add(name, None, "berkas LKE harus bernama lke/<tahun>/self.yaml, tpi.yaml atau tpn.yaml", "lke.path")
        data = self.load(path)
        if not data:
            return
        for key, expected in (("unit", uid), ("year", year), ("assessor", assessor)):
            if key in data and data[key] != expected:
                self.add(name, line_of(data, key), f"{key} {data[key]!r} tidak sama dengan letak berkas ({expected!r}); hapus atau perbaiki", "lke.identity")
        start = stages.get("pencanangan")
        if start and year and year < int(start[:4]):
            self.add(name, None, f"LKE tahun {year} lebih awal dari pencanangan ({start})", "dates.lke")
        rules = self.rules_for(data.get("rules"))
        if rules is None:
            return
        if year and not rules.governs(year):
            span = rules.in_force or {}
            until = span.get("until_year") or "sekarang"
            instead = ", ".join(self.loader.governing(year)) or "aturan yang berlaku pada tahun itu"
            self.add(name, line_of(data, "rules"), f"aturan {rules.id} berlaku untuk penilaian tahun {span.get('from_year')}–{until}, bukan {year}; "
                     f"LKE {year} dinilai dengan aturan yang berlaku pada tahunnya: rules: {instead}", "lke.regime", "warning")
        parsed = parse_answers(rules, data.get("answers"), name)
        self.report.problems.extend(parsed.problems)
        for item_id, review in parsed.review.items():  # status/catatan are the assessor's, tanggapan the unit's (its own file)
            misplaced = [k for k in (("status", "catatan") if assessor == "self" else ("tanggapan",)) if k in review]
            if misplaced:
                where = "tpi.yaml (diisi TPI)" if assessor == "self" else "self.yaml (diisi unit)"
                self.add(name, parsed.lines.get(item_id), f"{item_id}: {', '.join(misplaced)} tidak berlaku di berkas ini; "
                         f"tempatnya di {where}", "answers.review_place")
        for finding in survey_findings(rules, parsed.values, surveys, year) if surveys is not SKIP_SURVEYS else ():
            self.add(name, parsed.lines.get(finding.item), finding.message, finding.code, finding.severity)
        for item_id, ids in parsed.evidence.items():
            for ev in ids:
                entry = manifest.get(ev)
                if entry is None:
                    self.add(name, parsed.lines.get(item_id), f"{item_id}: bukti '{ev}' tidak ada di evidence/{uid}/manifest.yaml; "
                             "tambahkan dengan `zi evidence add` atau perbaiki id-nya", "lke.evidence_unknown")
                elif item_id not in entry["supports"]:
                    self.add(name, parsed.lines.get(item_id), f"{item_id}: bukti '{ev}' tidak mencantumkan {item_id} di supports; "
                             f"tambahkan {item_id} ke supports bukti itu", "lke.evidence_mismatch")
        if assessor == "self":
            for item_id, value in parsed.values.items():
                item = rules.items[item_id]
                if item.is_choice and item.option(value).value >= 1 and not parsed.evidence.get(item_id):
                    hint = f"; contoh data dukung: {'; '.join(item.evidence_examples)}" if item.evidence_examples else ""
                    self.add(name, parsed.lines.get(item_id), f"{item_id}: jawaban '{value}' (nilai penuh) belum disertai bukti dukung{hint}",
                             "lke.no_evidence", "warning")


PARALLEL_MIN_UNITS = 60  # below this, starting worker processes costs more than it saves


def selected_units(root: Path, only: Path | None) -> list[Path]:
    return [u for u in unit_dirs(root) if not only or u == only or only in u.parents or u in only.parents]


def _check_chunk(args: tuple) -> CheckReport:
    root, units, today, repository_wide = args
    return _Checker(root, today).run(None, units, repository_wide)


def publication_report(root: Path, unit_dir: Path | None) -> CheckReport:
    """What the site build needs from `zi check`: the report for one unit folder, or (``None``) for everything outside
    unit folders — its ``blocking`` problems stop the build, its ``publishable`` files are the ones to copy."""
    return _Checker(root).run(None, [unit_dir] if unit_dir else [], repository_wide=unit_dir is None)


def check_repository(root: Path, only: Path | None = None, today: date | None = None, workers: int | None = None) -> CheckReport:
    """Check the whole repository at ``root`` (or only the unit at/under ``only``).

    Large repositories are checked by one worker process per core (units dealt round-robin); the report is the same.
    """
    only = only.resolve() if only else None
    units = selected_units(root, only)
    if workers is None:
        workers = worker_count(len(units), PARALLEL_MIN_UNITS) if only is None else 1
    if workers <= 1:
        return _Checker(root, today).run(only)
    chunks = workers * CHUNKS_PER_WORKER
    jobs = [(root, units[i::chunks], today, i == 0) for i in range(chunks) if units[i::chunks]]
    progress = Progress("zi check", len(units), "unit")
    reports = []
    with process_pool(workers) as pool:
        for job, report in zip(jobs, pool.map(_check_chunk, jobs), strict=True):
            reports.append(report)
            progress.advance(len(job[1]))
    progress.finish()
    merged = CheckReport()
    for report in reports:
        merged.problems.extend(report.problems)
        merged.files_checked += report.files_checked
    merged.problems.sort(key=lambda p: (p.file, p.line or 0, p.message))
    return merged
