"""The one repository walker: every file and folder under ``units/`` and ``evidence/``, classified by :mod:`.filekinds`.

Symlinks are listed, never followed (``zi check`` refuses them); order is sorted, so every consumer sees the same
sequence on every machine.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .filekinds import Classified, classify
from .layout import EVIDENCE, UNITS


@dataclass(frozen=True)
class Entry:
    path: Path
    rel: str  # repository-relative, '/' separated
    is_dir: bool
    is_symlink: bool
    found: Classified | None  # None for folders and for files no kind claims

    @property
    def kind(self) -> str | None:
        return self.found.kind.name if self.found else None


def walk(root: Path, under: str | None = None) -> Iterator[Entry]:
    """Every entry under ``units/`` and ``evidence/`` (or only under the relative folder ``under``), depth first, sorted."""
    for top in [under] if under else [UNITS, EVIDENCE]:
        base = root / top
        if not base.is_dir() or base.is_symlink():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            here = Path(dirpath)
            rel_dir = here.relative_to(root).as_posix()
            for name in dirnames:
                path = here / name
                yield Entry(path, f"{rel_dir}/{name}", True, path.is_symlink(), None)
            for name in sorted(filenames):
                path = here / name
                rel = f"{rel_dir}/{name}"
                yield Entry(path, rel, False, path.is_symlink(), None if path.is_symlink() else classify(rel))


def files_of_kind(root: Path, *kinds: str, under: str | None = None) -> list[Entry]:
    """The (non-symlink) files of the given kinds."""
    return [e for e in walk(root, under) if e.found and e.kind in kinds]
