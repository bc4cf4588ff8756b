"""``zi score PATH… [--root DIR] [--format table|json]`` — score answers files or unit folders."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..layout import UNITS
from ..lkefile import ASSESSORS, find_answers_files
from ..render.text import format_compare, format_score
from ..repository import Repository
from ..ruleset.loader import RuleSetLoader
from ..ruleset.model import RuleSet
from ..workers import CHUNKS_PER_WORKER, Progress, process_pool, worker_count
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError, print_problems, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="hitung nilai LKE (berkas jawaban atau folder unit)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="berkas units/<unit>/lke/<tahun>/<penilai>.yaml atau folder unit")
    p.add_argument("--root", help="akar repositori (berisi rules/); bawaan: dicari dari PATH ke atas")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--holds", action="append", default=None, choices=("WBK", "WBBM"),
                   help="predikat yang sudah dimiliki unit (bawaan: dibaca dari unit.yaml)")
    p.add_argument("--compare", action="store_true", help="bandingkan penilaian mandiri, TPI dan TPN per sub-indikator (PATH: folder unit)")
    p.add_argument("--year", type=int, help="tahun yang dibandingkan dengan --compare (bawaan: tahun terakhir)")
    p.set_defaults(func=run)


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


PARALLEL_MIN_FILES = 120  # below this, starting worker processes costs more than it saves


def _score_chunk(job: tuple) -> list[tuple[dict | None, list]]:
    root, paths, holds = job
    repo = Repository(root)
    return [(s.result, s.problems) for s in (repo.score_file(p, holds) for p in paths)]


def _render_chunk(job: tuple) -> list[tuple[str | None, list]]:
    """Score and render in the worker: sending text back is far cheaper than sending result dicts."""
    *score_job, render = job
    loader = RuleSetLoader(score_job[0])
    return [(None if result is None else render(result, loader.load(result["rules"])), problems)
            for result, problems in _score_chunk(tuple(score_job))]


def _in_chunks(function, root: Path, files: list[Path], extra: tuple, workers: int | None) -> list:
    if workers is None:
        workers = worker_count(len(files), PARALLEL_MIN_FILES)
    if workers <= 1:
        return function((root, files, *extra))
    size = -(-len(files) // (workers * CHUNKS_PER_WORKER))
    jobs = [(root, files[i:i + size], *extra) for i in range(0, len(files), size)]
    progress = Progress("zi score", len(files), "berkas")
    out = []
    with process_pool(workers) as pool:
        for chunk in pool.map(function, jobs):
            out.extend(chunk)
            progress.advance(len(chunk))
    progress.finish()
    return out


def score_all(root: Path, files: list[Path], holds: list[str] | None, workers: int | None = None) -> list[tuple[dict | None, list]]:
    """(result, problems) per file, in order; large batches use one worker process per core."""
    return _in_chunks(_score_chunk, root, files, (holds,), workers)


def render_all(root: Path, files: list[Path], holds: list[str] | None, render, workers: int | None = None) -> list[tuple[str | None, list]]:
    """(rendered result or None, problems) per file, in order; ``render`` must be a module-level function."""
    return _in_chunks(_render_chunk, root, files, (holds, render), workers)


def _json_line(result: dict, _rules: RuleSet) -> str:
    return json.dumps(result, ensure_ascii=False)


def run_compare(args: argparse.Namespace) -> int:
    """``zi score --compare UNIT_DIR…``: one side-by-side table per unit and year."""
    out = []
    for raw in args.paths:
        path = Path(os.path.abspath(raw))
        root = repo_root(args.root, path)
        unit_dir = next((p for p in [path, *path.parents] if p.parent.name == UNITS), None)
        if unit_dir is None:
            raise UsageError(f"{raw}: --compare membandingkan satu unit; beri folder units/<unit>/")
        repo = Repository(root)
        record = repo.unit(unit_dir.name)
        year = args.year or (record.years[0] if record.years else None)
        results = {a: e.result for a in ASSESSORS if (e := record.scored(year, a)) and e.result} if year else {}
        if not results:
            raise UsageError(f"{unit_dir.name}: tidak ada LKE yang dapat dinilai untuk tahun {year or '—'}")
        rules_ids = {r["rules"] for r in results.values()}
        if len(rules_ids) > 1:
            raise UsageError(f"{unit_dir.name} {year}: penilai memakai aturan berbeda ({', '.join(sorted(rules_ids))}); samakan dulu")
        out.append(format_compare(results, repo.rules(rules_ids.pop()), unit_dir.name, year))
    print("\n\n".join(out))
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.compare:
        return run_compare(args)
    files = expand(args.paths)
    root = repo_root(args.root, files[0])
    single = args.format == "json" and len(args.paths) == 1 and len(files) == 1 and Path(args.paths[0]).is_file()
    if single:  # one answers file: one indented JSON object, for people reading it
        result, problems = score_all(root, files, args.holds, workers=1)[0]
        print_problems(problems)
        if result is None:
            return EXIT_PROBLEMS
        print(json.dumps(result, ensure_ascii=False, indent=2))
        # an invalid item counts 0 and the rest is scored, but the file still needs fixing
        return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK
    # Several files: a JSON array with one compact object per line (the C encoder; indent is ~10× slower), or tables.
    rendered, exit_code = [], EXIT_OK
    for text, problems in render_all(root, files, args.holds, _json_line if args.format == "json" else format_score):
        print_problems(problems)
        if text is None or any(p.severity == "error" for p in problems):
            exit_code = EXIT_PROBLEMS
        if text is not None:
            rendered.append(text)
    if args.format == "json":
        print("[\n" + ",\n".join(rendered) + "\n]" if rendered else "[]")
    else:
        print("\n\n".join(rendered))
    return exit_code
