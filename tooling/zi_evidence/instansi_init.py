"""``zi init``: a new instansi repository from this one, without the demo data.

The instansi repository is this repository's tree — the tool (``tooling/``), the rule sets, the workflows, the public
pages, ``mkdocs.yml`` — minus the demo institution (``units/``, ``evidence/``), the tool's own tests and CI. Then the
institution's own files are written: ``units/instansi.yaml`` and ``units/prasyarat/<year>.yaml`` as commented
skeletons from their schemas (every fact still to fill is "GANTI: …", which ``zi check`` names), ``site_name`` and
``site_url`` in ``mkdocs.yml``, a Beranda text, and ``.github/CODEOWNERS`` from the admins and the TPI.
Nothing is written into a folder that already holds files, and nothing half-made stays behind on an error.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .authz import ownership_rules, render_codeowners
from .layout import CODEOWNERS_PATH, EVIDENCE, PREREQ_DIR, UNITS
from .schema_scaffold import scaffold_text
from .validation import load_schema
from .yamledit import schema_comment
from .yamlio import atomic_write_text, read_yaml

# what of this repository is the demo or the tool's own development, not part of an instansi repository
LEFT_OUT = (f"{UNITS}/", f"{EVIDENCE}/", "tests/", ".ci/", "docs/index.md", CODEOWNERS_PATH, "developer/benchmarks.md")
ACCOUNT = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(/[A-Za-z0-9._-]+)?$")


class InitError(ValueError):
    """The repository cannot be started (folder not empty, a bad value); the message says why, in Indonesian."""


@dataclass(frozen=True)
class InstansiSetup:
    name: str
    kind: str  # pemda | kl
    site_url: str
    year: int
    admins: list[str] = field(default_factory=list)
    tpi: list[str] = field(default_factory=list)


def source_root() -> Path:
    """The repository this tool runs from (an editable install or a clone): where the tree to copy comes from."""
    root = Path(__file__).resolve().parents[2]
    if not (root / "rules").is_dir() or not (root / "mkdocs.yml").is_file():
        raise InitError("zi init menyalin repositori ZI Evidence tempat perkakas ini dipasang, tetapi rules/ dan mkdocs.yml "
                        f"tidak ada di {root}; pasang dari salinan repositori (git clone …; pip install -e .)")
    return root


def _tracked_files(root: Path) -> list[str]:
    """The files of ``root`` as committed (``git ls-files``), or every file when it is not a Git checkout."""
    try:
        out = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=True, timeout=60).stdout
        return [p for p in out.decode("utf-8").split("\0") if p]
    except (OSError, subprocess.SubprocessError):
        skip = {".git", ".venv", "site", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache"}
        return [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and not skip & set(p.relative_to(root).parts)]


def _validate(setup: InstansiSetup) -> None:
    if not setup.name.strip():
        raise InitError("--nama wajib diisi: nama instansi, mis. \"Pemerintah Kabupaten Contoh\"")
    if setup.kind not in ("pemda", "kl"):
        raise InitError(f"--jenis {setup.kind!r}: pilih pemda atau kl")
    if not re.match(r"^https://[^/\s]+/", setup.site_url if setup.site_url.endswith("/") else setup.site_url + "/"):
        raise InitError(f"--situs {setup.site_url!r}: alamat situs publik lengkap dengan https://, mis. https://zi.contoh.go.id/")
    for account in [*setup.admins, *setup.tpi]:
        if not ACCOUNT.match(account):
            raise InitError(f"akun {account!r} tidak sah: nama akun GitHub/GitLab atau tim org/nama")
    if not 2000 <= setup.year <= 2100:
        raise InitError(f"--tahun {setup.year}: tahun empat angka")


def _instansi_text(target: Path, setup: InstansiSetup) -> str:
    known: dict[str, object] = {"name": setup.name, "kind": setup.kind, "rules": "permenpanrb-90-2021"}
    if setup.admins:
        known["admins"] = setup.admins
    if setup.tpi:
        known["tpi"] = {"github": setup.tpi}
    path = target / UNITS / "instansi.yaml"
    return scaffold_text(load_schema("instansi"), [schema_comment(path, target, "instansi"),
                                                   f"# {setup.name}: identitas instansi, Bagian Organisasi (admins) dan TPI."], known)


def _mkdocs_text(text: str, setup: InstansiSetup) -> str:
    url = setup.site_url if setup.site_url.endswith("/") else setup.site_url + "/"
    text = re.sub(r"(?m)^site_name:.*$", f"site_name: \"Zona Integritas — {setup.name}\"", text, count=1)
    return re.sub(r"(?m)^site_url:.*$", f"site_url: {url}", text, count=1)


def _home_text(setup: InstansiSetup) -> str:
    return (f"# Beranda\n\nSitus ini menerbitkan secara terbuka data pembangunan Zona Integritas (ZI) menuju Wilayah Bebas dari "
            f"Korupsi (WBK)\ndan Wilayah Birokrasi Bersih dan Melayani (WBBM) di lingkungan {setup.name}, sesuai Peraturan "
            "Menteri PANRB\nNomor 90 Tahun 2021. Semua angka dihitung otomatis dari data di repositori Git instansi. Bagian di "
            "bawah teks ini\ndibuat otomatis setiap kali data berubah.\n\n[Tentang Zona Integritas](tentang.md) · [Cara unit kerja "
            "ikut serta](ikut-serta.md) · [Metodologi penilaian](metodologi.md) · [Data terbuka](data-terbuka.md)\n")


def init_instansi(target: Path, setup: InstansiSetup, source: Path | None = None) -> list[str]:
    """Start the instansi repository in ``target`` (absent or empty); returns the files written for the institution."""
    _validate(setup)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(f"{target}: folder sudah berisi berkas; pilih folder baru atau kosong")
    source = source or source_root()
    files = [p for p in _tracked_files(source) if not p.startswith(LEFT_OUT)]
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".zi-init-", dir=target.parent))
    try:
        for rel in files:
            src = source / rel
            if src.is_file() and not src.is_symlink():
                (staging / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, staging / rel)
        written = {
            f"{UNITS}/instansi.yaml": _instansi_text(staging, setup),
            f"{UNITS}/{PREREQ_DIR}/{setup.year}.yaml": scaffold_text(
                load_schema("prerequisites"), [schema_comment(staging / UNITS / PREREQ_DIR / f"{setup.year}.yaml", staging, "prerequisites"),
                                               f"# Prasyarat {setup.year} (Tabel 5): isi dari LHP BPK, hasil evaluasi SAKIP, Indeks RB dan SPIP."],
                {"year": setup.year}),
            "mkdocs.yml": _mkdocs_text((staging / "mkdocs.yml").read_text(encoding="utf-8"), setup),
            "docs/index.md": _home_text(setup),
            f"{EVIDENCE}/README.md": "# Bukti dukung\n\nSatu folder per unit (`evidence/<id-unit>/manifest.yaml`), dibuat oleh `zi new unit`.\n",
        }
        for rel, text in written.items():
            atomic_write_text(staging / rel, text)
        instansi = read_yaml(staging / UNITS / "instansi.yaml", f"{UNITS}/instansi.yaml") or {}
        atomic_write_text(staging / CODEOWNERS_PATH, render_codeowners(ownership_rules(instansi, {})))
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [*written, CODEOWNERS_PATH]
