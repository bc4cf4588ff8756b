"""``zi site export DIR`` — the public site's source tree for any Material-compatible builder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import _
from .common import EXIT_OK, UsageError, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("site", help=_('situs publik (MkDocs Material)'))
    ssub = p.add_subparsers(dest="site_command", metavar="AKSI")
    ssub.required = True
    ep = ssub.add_parser("export", help=_('tulis halaman yang dibuat otomatis + dokumen tulisan tangan + mkdocs.yml tanpa plugin ke DIR'))
    ep.add_argument("dir", metavar="DIR")
    ep.add_argument("--root", help=_('akar repositori (berisi rules/ dan mkdocs.yml)'))
    ep.add_argument("--config", help=_('berkas mkdocs.yml (bawaan: <root>/mkdocs.yml)'))
    ep.add_argument("--replace", action="store_true", help=_('ganti isi DIR bila sudah ada'))
    ep.add_argument("--for", dest="builder", choices=("mkdocs", "properdocs", "zensical"), default="mkdocs",
                    help=_("pembangun situs yang akan dipakai (Zensical membaca tautan seperti tautan Markdown)"))
    ep.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from ..site.export import export_site
    root = repo_root(args.root)
    config = Path(args.config) if args.config else root / "mkdocs.yml"
    if not config.is_file():
        raise UsageError(_('{config}: mkdocs.yml tidak ditemukan').format(config=config))
    try:
        build = export_site(root, Path(args.dir), config, replace=args.replace, builder=args.builder)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    for warning in build.warnings:
        print(_('peringatan: {warning}').format(warning=warning), file=sys.stderr)
    pages = sum(1 for f in build.files if f.path.endswith(".md"))
    print(_('{v0} berkas ({pages} halaman) ditulis ke {dir}; bangun dengan: mkdocs build -f {v3}').format(
                v0=len(build.files), pages=pages, dir=args.dir, v3=Path(args.dir) / 'mkdocs.yml'))
    return EXIT_OK
