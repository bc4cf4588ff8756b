"""``zi rules lint [RULESET]`` — check that rule sets are consistent; ``zi rules list``."""

from __future__ import annotations

import argparse

from ..i18n import _
from ..ruleset import RuleSetLoader
from ..ruleset.lint import lint
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError, print_problems, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rules", help=_('periksa dan tampilkan rule set (aturan penilaian)'))
    rsub = p.add_subparsers(dest="rules_command", metavar="AKSI")
    rsub.required = True
    lp = rsub.add_parser("lint", help=_('periksa konsistensi rule set (bobot, id, pilihan, ambang)'))
    lp.add_argument("ruleset", nargs="*", metavar="RULESET", help=_('id rule set (bawaan: semua di rules/)'))
    lp.add_argument("--root", help=_('akar repositori (berisi rules/)'))
    lp.set_defaults(func=run_lint)
    ls = rsub.add_parser("list", help=_('daftar rule set yang tersedia'))
    ls.add_argument("--root", help=_('akar repositori (berisi rules/)'))
    ls.set_defaults(func=run_list)


def run_lint(args: argparse.Namespace) -> int:
    loader = RuleSetLoader(repo_root(args.root))
    ids = args.ruleset or loader.available()
    if not ids:
        raise UsageError(_('tidak ada rule set di rules/'))
    exit_code = EXIT_OK
    for rid in ids:
        rules, problems = lint(loader, rid)
        errors = [p for p in problems if p.severity == "error"]
        warnings = [p for p in problems if p.severity != "error"]
        print_problems(problems)
        if rules is None:
            print(_('{rid}: tidak dapat dimuat ({v1} galat)').format(rid=rid, v1=len(errors)))
        else:
            verdict = _("LULUS") if not errors else _("GAGAL")
            print(
                _('{rid}: {verdict} — {item_count} butir, {v3} sub-indikator, bobot total {total_weight:g}; {v5} '
                  'galat, {v6} peringatan').format(
                      rid=rid, verdict=verdict, item_count=rules.item_count, v3=len(rules.subindicators), total_weight=rules.total_weight,
                      v5=len(errors), v6=len(warnings))
            )
        if errors:
            exit_code = EXIT_PROBLEMS
    return exit_code


def run_list(args: argparse.Namespace) -> int:
    loader = RuleSetLoader(repo_root(args.root))
    for rid in loader.available():
        rules = loader.load(rid)
        base = f" (extends {rules.raw.get('extends')})" if rules.raw.get("extends") else ""
        print(f"{rid}{base}: {rules.title}")
    return EXIT_OK
