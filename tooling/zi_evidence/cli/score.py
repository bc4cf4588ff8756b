"""``zi score PATH… [--root DIR] [--format table|json]`` — score answers files or unit folders."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..lkefile import find_answers_files
from ..render.text import format_score
from ..repository import Repository
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError, print_problems, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="hitung nilai LKE (berkas jawaban atau folder unit)")
    p.add_argument("paths", nargs="+", metavar="PATH", help="berkas units/<unit>/lke/<tahun>/<penilai>.yaml atau folder unit")
    p.add_argument("--root", help="akar repositori (berisi rules/); bawaan: dicari dari PATH ke atas")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--holds", action="append", default=None, choices=("WBK", "WBBM"),
                   help="predikat yang sudah dimiliki unit (bawaan: dibaca dari unit.yaml)")
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


def run(args: argparse.Namespace) -> int:
    files = expand(args.paths)
    repo = Repository(repo_root(args.root, files[0]))
    results, exit_code = [], EXIT_OK
    for path in files:
        scored = repo.score_file(path, args.holds)
        print_problems(scored.problems)
        if scored.result is None:
            exit_code = EXIT_PROBLEMS
            continue
        results.append(scored.result)
    if args.format == "json":
        single = len(args.paths) == 1 and len(files) == 1 and Path(args.paths[0]).is_file()
        payload = results[0] if single and results else results
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(format_score(r) for r in results))
    return exit_code
