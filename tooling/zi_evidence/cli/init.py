"""``zi init FOLDER`` — a new instansi repository without the demo data (:mod:`..instansi_init`)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ..i18n import _
from .common import EXIT_OK, UsageError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help=_('mulai repositori instansi baru tanpa data demo: instansi.yaml, prasyarat, mkdocs.yml, alur kerja, CODEOWNERS'))
    p.add_argument("folder", help=_('folder baru atau kosong'))
    p.add_argument("--nama", required=True, help=_('nama instansi, mis. "Pemerintah Kabupaten Contoh"'))
    p.add_argument("--jenis", choices=["pemda", "kl"], required=True, help=_('pemda atau kl (kementerian/lembaga)'))
    p.add_argument("--situs", required=True, metavar="URL", help=_('alamat situs publik, mis. https://zi.contoh.go.id/'))
    p.add_argument("--admin", action="append", default=[], metavar="AKUN", help=_('akun Bagian Organisasi (boleh berulang)'))
    p.add_argument("--tpi", action="append", default=[], metavar="AKUN", help=_('akun TPI (boleh berulang)'))
    p.add_argument("--tahun", type=int, default=date.today().year, help=_('tahun prasyarat pertama (bawaan: tahun ini)'))
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..instansi_init import InitError, InstansiSetup, init_instansi

    setup = InstansiSetup(args.nama, args.jenis, args.situs, args.tahun, list(args.admin), list(args.tpi))
    target = Path(args.folder)
    try:
        written = init_instansi(target, setup)
    except InitError as exc:
        raise UsageError(str(exc)) from None
    print(_('Repositori instansi dibuat di {folder}:').format(folder=target))
    for rel in written:
        print(f"  {rel}")
    print(_('Langkah berikutnya (panduan: developer/mulai.md): ganti setiap "GANTI: …" di units/instansi.yaml dan prasyarat, '
            'jalankan `zi check`, tambah unit dengan `zi new unit`, lalu git init, commit dan push.'))
    return EXIT_OK
