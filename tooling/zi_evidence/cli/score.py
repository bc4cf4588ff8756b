"""``zi score PATH… [--root DIR] [--format table|json]`` — score answers files or unit folders."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..lkefile import find_answers_files, held_predicates, read_lke_file
from ..problems import DataError, Problem
from ..render.text import format_score
from ..ruleset import RuleSetLoader
from ..scoring import check_prerequisites, parse_answers, score
from ..yamlio import read_yaml
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError, print_problems, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="hitung nilai LKE (berkas jawaban atau folder unit)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="berkas units/<unit>/lke/<tahun>/<penilai>.yaml atau folder unit")
    p.add_argument("--root", help="akar repositori (berisi rules/); bawaan: dicari dari PATH ke atas")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--holds", action="append", default=None, choices=("WBK", "WBBM"),
                   help="predikat yang sudah dimiliki unit (bawaan: dibaca dari unit.yaml)")
    p.set_defaults(func=run)


def unit_holds(root: Path, unit: str | None) -> list[str]:
    return held_predicates(_read_optional(root, f"units/{unit}/unit.yaml")) if unit else []


def score_file(path: Path, root: Path, loader: RuleSetLoader, holds: list[str] | None) -> tuple[dict | None, list[Problem]]:
    """Score one answers file; (result, []) or (None, problems)."""
    try:
        lke = read_lke_file(path, root)
        rules = loader.load(lke.rules_id)
    except DataError as exc:
        return None, exc.problems
    parsed = parse_answers(rules, lke.answers, lke.display)
    if not parsed.ok:
        return None, parsed.problems
    held = holds if holds is not None else unit_holds(root, lke.unit)
    result = {"unit": lke.unit, "year": lke.year, "assessor": lke.assessor, "file": lke.display}
    result.update(score(rules, parsed.values, held))
    result["holds"] = sorted(held)
    facts, kind = unit_facts(root, lke.unit, lke.year)
    if facts is not None:
        result["prerequisites"] = check_prerequisites(rules, facts, kind)
    return result, parsed.problems


def _read_optional(root: Path, rel: str) -> dict:
    path = root / rel
    if not path.is_file():
        return {}
    try:
        return read_yaml(path, rel) or {}
    except DataError:
        return {}  # `zi check` reports broken files; scoring does not depend on them


def unit_facts(root: Path, unit: str | None, year: int | None) -> tuple[dict | None, str]:
    """Tabel 5 facts for one unit and year from units/prasyarat/<year>.yaml, unit.yaml and the stage history."""
    kind = _read_optional(root, "units/instansi.yaml").get("kind", "pemda")
    if not unit or not year:
        return None, kind
    yearly = _read_optional(root, f"units/prasyarat/{year}.yaml")
    if not yearly:
        return None, kind
    facts = dict(yearly.get("instansi") or {})
    facts.update((yearly.get("units") or {}).get(unit) or {})
    profile = _read_optional(root, f"units/{unit}/unit.yaml")
    if "core_service" in profile:
        facts["layanan_utama"] = profile["core_service"]
    start = next((s["date"] for s in profile.get("stages") or [] if s.get("stage") == "pencanangan"), None)
    if start:
        # years of building from pencanangan to the 31 May submission deadline of the evaluation year
        y, m, d = (int(x) for x in start.split("-"))
        facts["lama_pembangunan_tahun"] = round((year - y) + (5 - m) / 12 + (31 - d) / 365, 2)
    return facts, kind


def expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = find_answers_files(path)
            if not found:
                print(f"zi score: {raw}: belum ada berkas LKE (lke/<tahun>/self|tpi|tpn.yaml); dilewati", file=sys.stderr)
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"{raw}: berkas atau folder tidak ditemukan")
    if not files:
        raise UsageError("tidak ada berkas LKE untuk dinilai")
    return files


def run(args: argparse.Namespace) -> int:
    files = expand(args.paths)
    root = repo_root(args.root, files[0])
    loader = RuleSetLoader(root)
    results, exit_code = [], EXIT_OK
    for path in files:
        result, problems = score_file(path, root, loader, args.holds)
        print_problems(problems)
        if result is None:
            exit_code = EXIT_PROBLEMS
            continue
        results.append(result)
    if args.format == "json":
        single = len(args.paths) == 1 and len(files) == 1 and Path(args.paths[0]).is_file()
        payload = results[0] if single and results else results
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(format_score(r) for r in results))
    return exit_code
