"""Entry point of the ``zi`` command: one sub-command per module in this package."""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..problems import DataError
from . import authz, check, demo, edit, export, history, importer, letters, prreport, rules, score, site
from .common import EXIT_PROBLEMS, EXIT_USAGE, UsageError, print_problems


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zi",
        description="ZI Evidence — evaluasi Zona Integritas (PermenPANRB 90/2021) sebagai data di Git.",
    )
    parser.add_argument("--version", action="version", version=f"zi {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    sub.required = True
    for module in (check, score, history, prreport, rules, site, export, importer, letters, demo):
        module.add_parser(sub)
    edit.add_parsers(sub)
    authz.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"zi {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DataError as exc:
        print_problems(exc.problems)
        return EXIT_PROBLEMS
    except BrokenPipeError:  # e.g. `zi score … | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
