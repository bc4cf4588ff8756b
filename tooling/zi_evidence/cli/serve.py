"""``zi serve portalrb`` — the PortalRB endpoints with a Bearer token (see :mod:`..serve`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..i18n import _
from ..repository import Repository
from ..serve import PortalConfig, RateLimiter, build_documents, check_token, make_server
from .common import EXIT_OK, UsageError, repo_root

TOKEN_ENV = "ZI_PORTALRB_TOKEN"  # noqa: S105 — the name of the variable, not a secret


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help=_("layani data lewat HTTP"))
    ssub = p.add_subparsers(dest="serve_command", metavar="LAYANAN")
    ssub.required = True
    s = ssub.add_parser("portalrb", help=_("endpoint PortalRB dengan token Bearer (pasang di belakang reverse proxy HTTPS)"))
    s.add_argument("--host", default="127.0.0.1", help=_("alamat dengar (bawaan: 127.0.0.1, hanya untuk reverse proxy di mesin yang sama)"))
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--year", type=int, action="append", help=_("tahun evaluasi (boleh berulang; bawaan: semua tahun yang ada LKE-nya)"))
    s.add_argument("--token-file", help=_("berkas berisi token (bawaan: variabel lingkungan ZI_PORTALRB_TOKEN); jangan tulis token di baris perintah"))
    s.add_argument("--base", default="/portalrb", help=_("awalan path yang diteruskan proxy (bawaan: /portalrb)"))
    s.add_argument("--rate", type=int, default=60, help=_("permintaan per menit per klien (bawaan: 60)"))
    s.add_argument("--trust-proxy", action="store_true", help=_("ambil alamat klien dari X-Forwarded-For (hanya di belakang proxy sendiri)"))
    s.add_argument("--log", help=_("tulis log permintaan ke berkas ini (bawaan: layar galat)"))
    s.add_argument("--root")
    s.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        raw = Path(args.token_file).read_text(encoding="utf-8") if args.token_file else os.environ.get(TOKEN_ENV)
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(_("{file}: berkas token tidak dapat dibaca ({why})").format(file=args.token_file, why=getattr(exc, "strerror", None) or exc)) from exc
    try:
        token = check_token(raw)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    repo = Repository(repo_root(args.root))
    documents = build_documents(repo, args.year)
    try:
        log_file = open(args.log, "a", encoding="utf-8", buffering=1) if args.log else sys.stderr  # noqa: SIM115 — open for the server's life
    except OSError as exc:
        raise UsageError(_("{file}: berkas log tidak dapat ditulis ({why})").format(file=args.log, why=exc.strerror)) from exc

    def log(line: str) -> None:
        print(line, file=log_file, flush=True)

    config = PortalConfig(documents, token, RateLimiter(per_minute=args.rate), log, args.base.rstrip("/"), args.trust_proxy)
    server = make_server(args.host, args.port, config)
    years = sorted({path.split("/")[1] for path in documents})
    print(_("PortalRB: {n} dokumen ({years}) di http://{host}:{port}{base}/<tahun>/ — Ctrl+C untuk berhenti").format(
        n=len(documents) // 2, years=", ".join(years), host=args.host, port=server.server_address[1], base=config.base), file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK
