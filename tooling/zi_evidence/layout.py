"""Where things live in a ZI Evidence repository (DESIGN §6) — the one place that knows the paths."""

from __future__ import annotations

import re
from pathlib import Path

DEFAULT_RULES = "permenpanrb-90-2021"  # when neither the file, the unit nor units/instansi.yaml names one
UNIT_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
UNITS = "units"
EVIDENCE = "evidence"
INSTANSI_FILE = "instansi.yaml"
PREREQ_DIR = "prasyarat"
KAWASAN_DIR = "kawasan"  # units/kawasan/<kawasan-id>.yaml: an area whose units build ZI together (airport, port, …)
RESERVED_UNIT_NAMES = {PREREQ_DIR, KAWASAN_DIR}

PLAN_DIR = "rencana"
LKE_DIR = "lke"
MANIFEST = "manifest.yaml"
CODEOWNERS_PATH = ".github/CODEOWNERS"  # derived by `zi codeowners` from the maintainers, TPI and admins


MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def unit_dirs(root: Path) -> list[Path]:
    """Unit folders: direct children of ``units/`` except reserved ones."""
    base = root / UNITS
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and p.name not in RESERVED_UNIT_NAMES and not p.name.startswith("."))


def schema_ref(from_file: Path, root: Path, schema: str) -> str:
    """Relative path from a data file to the packaged schema, for ``# yaml-language-server: $schema=``."""
    target = root / "tooling" / "zi_evidence" / "schemas" / f"{schema}.schema.json"
    depth = len(from_file.relative_to(root).parts) - 1
    return "../" * depth + str(target.relative_to(root))
