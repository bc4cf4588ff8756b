"""``zi export FORMAT …`` — one sub-command per entry of the export registry (:mod:`..exports`)."""

from __future__ import annotations

import argparse

from ..exports import EXPORTS
from ..i18n import _
from ..repository import Repository
from .common import EXIT_OK, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help=_('ekspor data ke format lain'))
    esub = p.add_subparsers(dest="export_command", metavar="FORMAT")
    esub.required = True
    for export in EXPORTS.values():
        e = esub.add_parser(export.name, help=export.help)
        export.arguments(e)
        e.add_argument("--root", help=_('akar repositori (bawaan: dicari dari folder ini ke atas)'))
        e.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print(EXPORTS[args.export_command].run(Repository(repo_root(args.root)), args))
    return EXIT_OK
