"""``zi codeowners [--check]`` and ``zi authz --base REV --head REV --actor LOGIN``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..authz import ownership_rules, render_codeowners
from ..i18n import _
from ..layout import CODEOWNERS_PATH as CODEOWNERS
from ..layout import UNITS
from ..repository import Repository
from ..yamlio import atomic_write_text
from .common import EXIT_OK, EXIT_PROBLEMS, UsageError, repo_root


def add_parsers(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("codeowners", help=_('buat .github/CODEOWNERS dari pengelola unit dan TPI'))
    c.add_argument("--root")
    c.add_argument("--check", action="store_true", help=_('gagal bila CODEOWNERS belum sesuai data'))
    c.set_defaults(func=run_codeowners)
    a = sub.add_parser("authz", help=_('periksa apakah pengubah berhak atas setiap berkas yang diubah'))
    a.add_argument("--base", required=True)
    a.add_argument("--head", default="HEAD")
    a.add_argument("--actor", required=True, help=_('akun GitHub pembuat perubahan'))
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
            print(_('{codeowners}: belum sesuai dengan pengelola di units/; jalankan `zi codeowners` lalu commit').format(
                        codeowners=CODEOWNERS), file=sys.stderr)
            return EXIT_PROBLEMS
        print(_('{codeowners}: sesuai').format(codeowners=CODEOWNERS))
        return EXIT_OK
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, text)
    print(_('{codeowners} ditulis').format(codeowners=CODEOWNERS))
    return EXIT_OK


def run_authz(args: argparse.Namespace) -> int:
    import git

    from ..verdict import authorization
    root = repo_root(args.root)
    try:
        auth = authorization(git.Repo(root), args.base, args.head, args.actor)
    except (git.BadName, git.InvalidGitRepositoryError, ValueError) as exc:
        raise UsageError(_('revisi atau repositori Git tidak dikenal: {exc}').format(exc=exc)) from exc
    me = "@" + args.actor.lstrip("@")
    for v in auth.files:
        who = " ".join(v["owners"]) or "(tidak ada)"
        print(_('{path}: {me} tidak berhak mengubah berkas ini — {why}; perlu perubahan oleh atau persetujuan {who}').format(
                    path=v['path'], me=me, why=v['why'], who=who))
    for v in auth.fields:
        where = f"{v['path']}:{v['line']}" if v["line"] else v["path"]
        print(_('{where}: {me} tidak berhak mengubah kolom {field} — {why}; hanya {v4}').format(
                    where=where, me=me, field=v['field'], why=v['why'], v4=', '.join(v['owners'])))
    for path in auth.protected:
        if path not in auth.registration:
            print(_('{path}: perubahan perkakas/aturan/alur kerja — perlu ditinjau admin').format(path=path))
    if auth.registration:
        print(_('pendaftaran unit baru {v0}: {v1} berkas — bukan pelanggaran, tetapi pull request pertama unit baru '
                'perlu persetujuan admin (Code Owners) sebelum digabung').format(v0=', '.join(auth.new_units), v1=len(auth.registration)))
    print(_('zi authz: {v0} berkas diubah, {v1} berkas dan {v2} kolom di luar hak {me}').format(
                v0=len(auth.paths), v1=len(auth.files), v2=len(auth.fields), me=me))
    return EXIT_OK if auth.ok else EXIT_PROBLEMS
