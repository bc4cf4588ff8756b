"""``zi score PATH… [--root DIR] [--format table|json]`` — score answers files or unit folders."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..batch import assessments_of_year, render_all, score_all, unit_folder
from ..i18n import _
from ..lkefile import find_answers_files
from ..render.text import format_compare, format_score
from ..repository import Repository
from ..ruleset.model import RuleSet
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError, print_problems, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help=_('hitung nilai LKE (berkas jawaban atau folder unit)'))
    p.add_argument("paths", nargs="+", metavar="PATH", help=_('berkas units/<unit>/lke/<tahun>/<penilai>.yaml atau folder unit'))
    p.add_argument("--root", help=_('akar repositori (berisi rules/); bawaan: dicari dari PATH ke atas'))
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--holds", action="append", default=None, choices=("WBK", "WBBM"),
                   help=_('predikat yang sudah dimiliki unit (bawaan: dibaca dari unit.yaml)'))
    p.add_argument("--compare", action="store_true", help=_('bandingkan penilaian mandiri, TPI dan TPN per sub-indikator (PATH: folder unit)'))
    p.add_argument("--year", type=int, help=_('tahun yang dibandingkan dengan --compare (bawaan: tahun terakhir)'))
    p.set_defaults(func=run)


def expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = find_answers_files(path)
            if not found:
                print(_('zi score: {raw}: belum ada berkas LKE (lke/<tahun>/self|tpi|tpn.yaml); dilewati').format(raw=raw), file=sys.stderr)
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(_('{raw}: berkas atau folder tidak ditemukan').format(raw=raw))
    if not files:
        raise UsageError(_('tidak ada berkas LKE untuk dinilai'))
    return files


def _json_line(result: dict, _rules: RuleSet) -> str:
    return json.dumps(result, ensure_ascii=False)


def run_compare(args: argparse.Namespace) -> int:
    """``zi score --compare UNIT_DIR…``: one side-by-side table per unit and year."""
    out = []
    for raw in args.paths:
        path = Path(os.path.abspath(raw))
        unit_dir = unit_folder(path)
        if unit_dir is None:
            raise UsageError(_('{raw}: --compare membandingkan satu unit; beri folder units/<unit>/').format(raw=raw))
        repo = Repository(repo_root(args.root, path))
        year, results = assessments_of_year(repo, unit_dir.name, args.year)
        if year is None or not results:
            raise UsageError(_('{raw}: unit ini belum punya LKE yang dinilai').format(raw=raw))
        out.append(format_compare(results, repo.rules(next(iter(results.values()))["rules"]), unit_dir.name, year))
    print("\n\n".join(out))
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.compare:
        return run_compare(args)
    files = expand(args.paths)
    root = repo_root(args.root, files[0])
    single = args.format == "json" and len(args.paths) == 1 and len(files) == 1 and Path(args.paths[0]).is_file()
    if single:  # one answers file: one indented JSON object, for people reading it
        result, problems = next(score_all(root, files, args.holds, workers=1))
        print_problems(problems)
        if result is None:
            return EXIT_PROBLEMS
        print(json.dumps(result, ensure_ascii=False, indent=2))
        # an invalid item counts 0 and the rest is scored, but the file still needs fixing
        return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK
    # Several files: a JSON array with one compact object per line (the C encoder; indent is ~10× slower), or tables,
    # each written as it comes: memory stays flat however many units there are.
    exit_code, count = EXIT_OK, 0
    as_json = args.format == "json"
    for text, problems in render_all(root, files, args.holds, _json_line if as_json else format_score):
        print_problems(problems)
        if text is None or any(p.severity == "error" for p in problems):
            exit_code = EXIT_PROBLEMS
        if text is not None:
            sys.stdout.write(("[\n" if as_json else "") + text if count == 0 else (",\n" if as_json else "\n\n") + text)
            count += 1
    sys.stdout.write(("\n]\n" if count else "[]\n") if as_json else "\n")
    return exit_code
