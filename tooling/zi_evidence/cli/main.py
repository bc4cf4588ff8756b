"""Entry point of the ``zi`` command: one sub-command per module in this package."""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..i18n import _
from ..problems import DataError
from . import (
    authz,
    check,
    cms,
    demo,
    doctor,
    edit,
    export,
    history,
    importer,
    init,
    letters,
    prreport,
    reminders,
    review,
    rules,
    score,
    serve,
    site,
    status,
    verdict,
)
from .common import EXIT_PROBLEMS, EXIT_USAGE, UsageError, print_problems

# modules of the optional extras (pyproject.toml) → the extra that installs them
OPTIONAL_MODULES = {"openpyxl": "xlsx", "mkdocs": "site", "markdown": "site", "material": "site", "pymdownx": "site"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zi",
        description=_('ZI Evidence — evaluasi Zona Integritas (PermenPANRB 90/2021) sebagai data di Git.'),
    )
    parser.add_argument("--version", action="version", version=f"zi {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH")
    sub.required = True
    for module in (check, score, history, prreport, review, reminders, status, verdict, rules, site, export, serve, importer, letters, cms, demo, doctor, init):
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
    except ModuleNotFoundError as exc:  # a command of an optional part (site, workbook) without its extra installed
        extra = OPTIONAL_MODULES.get((exc.name or "").split(".")[0])
        if extra is None:
            raise
        print(_("zi {command}: perintah ini butuh paket tambahan '{name}'; pasang dengan `pip install "
                "'zi-evidence[{extra}]'` (atau '.[{extra}]' dari repositori ini)").format(command=args.command, name=exc.name, extra=extra), file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
