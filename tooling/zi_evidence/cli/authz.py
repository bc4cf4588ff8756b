"""``zi codeowners [--check]`` and ``zi authz --base REV --head REV --actor LOGIN``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..authz import ownership_rules, render_codeowners
from ..layout import CODEOWNERS_PATH as CODEOWNERS
from ..layout import UNITS
from ..repository import Repository
from ..yamlio import atomic_write_text
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError, repo_root


def add_parsers(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("codeowners", help="buat .github/CODEOWNERS dari pengelola unit dan TPI")
    c.add_argument("--root")
    c.add_argument("--check", action="store_true", help="gagal bila CODEOWNERS belum sesuai data")
    c.set_defaults(func=run_codeowners)
    a = sub.add_parser("authz", help="periksa apakah pengubah berhak atas setiap berkas yang diubah")
    a.add_argument("--base", required=True)
    a.add_argument("--head", default="HEAD")
    a.add_argument("--actor", required=True, help="akun GitHub pembuat perubahan")
    a.add_argument("--root")
    a.set_defaults(func=run_authz)


def current_rules(root: Path):
    repo = Repository(root)
    return ownership_rules(repo.instansi, {uid: repo.read_optional(f"{UNITS}/{uid}/unit.yaml") for uid in repo.unit_ids()})


def run_codeowners(args: argparse.Namespace) -> int:
    root = repo_root(args.root)
    text = render_codeowners(current_rules(root))
    target = root / CODEOWNERS
    if args.check:
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            print(f"{CODEOWNERS}: belum sesuai dengan pengelola di units/; jalankan `zi codeowners` lalu commit", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"{CODEOWNERS}: sesuai")
        return EXIT_OK
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, text)
    print(f"{CODEOWNERS} ditulis")
    return EXIT_OK


def run_authz(args: argparse.Namespace) -> int:
    import git

    from ..verdict import authorization
    root = repo_root(args.root)
    try:
        auth = authorization(git.Repo(root), args.base, args.head, args.actor)
    except (git.BadName, git.InvalidGitRepositoryError, ValueError) as exc:
        raise UsageError(f"revisi atau repositori Git tidak dikenal: {exc}") from exc
    me = "@" + args.actor.lstrip("@")
    for v in auth.files:
        who = " ".join(v["owners"]) or "(tidak ada)"
        print(f"{v['path']}: {me} tidak berhak mengubah berkas ini — {v['why']}; perlu perubahan oleh atau persetujuan {who}")
    for v in auth.fields:
        where = f"{v['path']}:{v['line']}" if v["line"] else v["path"]
        print(f"{where}: {me} tidak berhak mengubah kolom {v['field']} — {v['why']}; hanya {', '.join(v['owners'])}")
    for path in auth.protected:
        if path not in auth.registration:
            print(f"{path}: perubahan perkakas/aturan/alur kerja — perlu ditinjau admin")
    if auth.registration:
        print(f"pendaftaran unit baru {', '.join(auth.new_units)}: {len(auth.registration)} berkas — bukan pelanggaran, tetapi pull request "
              "pertama unit baru perlu persetujuan admin (Code Owners) sebelum digabung")
    print(f"zi authz: {len(auth.paths)} berkas diubah, {len(auth.files)} berkas dan {len(auth.fields)} kolom di luar hak {me}")
    return EXIT_OK if auth.ok else EXIT_PROBLEMS
