"""``zi cms --out DIR`` — the browser forms (Decap CMS) generated from the rules and the data."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..i18n import _
from ..repository import Repository
from .common import EXIT_OK, UsageError, repo_root


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cms", help=_('formulir peramban (Decap CMS) untuk tim ZI tanpa Git: admin/ dan admin/tpi/'))
    p.add_argument("--out", required=True, help=_('folder tujuan, mis. site/admin'))
    p.add_argument("--decap", help=_('folder dist Decap CMS (node_modules/decap-cms/dist) yang disalin ke samping halaman'))
    p.add_argument("--local", type=int, nargs="?", const=8081, metavar="PORT",
                   help=_('pakai decap-server di 127.0.0.1:PORT (bawaan 8081; hanya untuk uji dan pengembangan, bukan produksi)'))
    p.add_argument("--root")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..cms import copy_decap, write_admin

    repo = Repository(repo_root(args.root))
    out = Path(args.out)
    written = write_admin(repo, out, local=args.local)
    if args.decap:
        try:
            copied = copy_decap(Path(args.decap), out)
        except FileNotFoundError as exc:
            raise UsageError(str(exc)) from None
        print(_('{n} berkas Decap CMS disalin ke {out}').format(n=copied, out=out))
    print(_('{n} berkas formulir ditulis ke {out} (tampilan unit: admin/, tampilan TPI: admin/tpi/)').format(n=len(written), out=out))
    return EXIT_OK
