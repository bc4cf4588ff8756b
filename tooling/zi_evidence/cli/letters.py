"""``zi letters UNIT --year Y [--out DIR]`` — submission letters from the data, as Markdown and print-ready HTML."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import _
from ..repository import Repository
from ..yamlio import replaced_dir
from .common import EXIT_OK, UsageError, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("letters", help=_('surat pengajuan ke TPN, SPTJM, laporan monev, deklarasi dan piagam (Markdown + HTML siap cetak)'))
    p.add_argument("unit", metavar="UNIT")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", help=_('folder tujuan (bawaan: build/surat/<unit>/<tahun>)'))
    p.add_argument("--root")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..letters import unit_letters
    root = repo_root(args.root)
    repo = Repository(root)
    if args.unit not in repo.unit_ids():
        raise UsageError(_("unit '{unit}' tidak ada di units/").format(unit=args.unit))
    records = repo.units()
    record = next(r for r in records if r.id == args.unit)
    letters = unit_letters(repo, record, args.year, records)
    out = Path(args.out) if args.out else root / "build" / "surat" / args.unit / str(args.year)
    with replaced_dir(out) as tmp:
        for letter in letters:
            (tmp / f"{letter.slug}.md").write_text(letter.markdown, encoding="utf-8")
            (tmp / f"{letter.slug}.html").write_text(letter.html(), encoding="utf-8")
    for letter in letters:
        print(_('{v0}.md  (+ .html siap cetak)  {title}').format(v0=out / letter.slug, title=letter.title))
    return EXIT_OK
