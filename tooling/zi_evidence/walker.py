"""The one repository walker: every file and folder under ``units/`` and ``evidence/``, classified by :mod:`.filekinds`.

Symlinks are listed, never followed (``zi check`` refuses them); order is sorted, so every consumer sees the same
sequence on every machine. The root is a folder (``Path``) or a commit's tree read in memory (:class:`.gitfs.GitPath`,
the pull request's head in the verdict): the same walk over both.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from .filekinds import Classified, classify
from .gitfs import GitPath
from .layout import EVIDENCE, UNITS


@dataclass(frozen=True)
class Entry:
    folder: Any  # the folder holding it: Path, or GitPath under a commit's tree
    name: str
    rel: str  # repository-relative, '/' separated
    is_dir: bool
    is_symlink: bool
    found: Classified | None  # None for folders and for files no kind claims

    @cached_property
    def path(self) -> Any:
        """``folder / name``, made when asked: most entries (evidence files) are only classified, and a path per
        entry was a fifth of walking a 10,000-unit repository."""
        return self.folder / self.name

    @property
    def kind(self) -> str | None:
        return self.found.kind.name if self.found else None


def _listing(folder: Any) -> tuple[list[str], list[tuple[str, bool]]]:
    """(sub-folders, other entries with whether each is a symlink) of ``folder``, sorted; symlinked folders count as
    entries, never as folders. On disk both answers come from the directory listing itself (no ``lstat`` per file)."""
    dirs: list[str] = []
    files: list[tuple[str, bool]] = []
    if isinstance(folder, GitPath):
        for child in folder.iterdir():
            if child.is_dir():
                dirs.append(child.name)
            else:
                files.append((child.name, child.is_symlink()))
    else:
        with os.scandir(folder) as it:
            for item in it:
                if item.is_dir(follow_symlinks=False):
                    dirs.append(item.name)
                else:
                    files.append((item.name, item.is_symlink()))
    dirs.sort()
    files.sort()
    return dirs, files


def walk(root: Any, under: str | None = None, keep: Callable[[str, str], bool] | None = None) -> Iterator[Entry]:
    """Every entry under ``units/`` and ``evidence/`` (or only under the relative folder ``under``), depth first, sorted.
    ``keep(top, name)`` chooses which entries directly under each top folder are walked (a change's scope); all by default."""
    for top in [under] if under else [UNITS, EVIDENCE]:
        base = root / top
        if not base.is_dir() or base.is_symlink():
            continue
        yield from _walk_folder(base, top, partial(keep, top) if keep else None)


def _walk_folder(folder: Any, rel_dir: str, keep: Callable[[str], bool] | None = None) -> Iterator[Entry]:
    dirs, files = _listing(folder)
    if keep is not None:
        dirs, files = [d for d in dirs if keep(d)], [f for f in files if keep(f[0])]
    for name in dirs:
        yield Entry(folder, name, f"{rel_dir}/{name}", True, False, None)
    for name, symlink in files:
        rel = f"{rel_dir}/{name}"
        yield Entry(folder, name, rel, False, symlink, None if symlink else classify(rel))
    for name in dirs:
        yield from _walk_folder(folder / name, f"{rel_dir}/{name}")


def files_of_kind(root: Path, *kinds: str, under: str | None = None) -> list[Entry]:
    """The (non-symlink) files of the given kinds."""
    return [e for e in walk(root, under) if e.found and e.kind in kinds]
