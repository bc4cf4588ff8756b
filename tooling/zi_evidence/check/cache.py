"""A local cache of each unit's findings (and scores), keyed by the bytes they were computed from.

A unit's checks read its own folders, the shared files (instansi, prasyarat, kawasan, the rule sets) and the date
(:mod:`.scope`); its scores also read every unit's ``unit.yaml`` (the share of units holding a predicate). So a unit's
entry is keyed by the sha256 of all of those, of the tool's own files and of the date: any changed byte anywhere it
depends on is a new key, and an old entry is simply never asked for again.

Why it is safe:
- it lives outside the repository (``$XDG_CACHE_HOME/zi-evidence``, or ``ZI_CACHE_DIR``), so no pull request can bring
  entries with it; only ``zi check`` on a folder uses it (the verdict and ``zi pr-report`` read Git objects and never
  look here); ``ZI_CACHE=0`` or ``--no-cache`` turns it off;
- entries are JSON (no code), checked for shape when read; a broken or foreign entry is a miss;
- it is bounded (oldest entries removed beyond :data:`MAX_BYTES`) and may be deleted at any time.

Why it is fast: the bytes are hashed once; a stat index (path → size, mtime, ctime, inode → sha256), as Git's index
does, lets an unchanged file skip reading. A file changed within :data:`RACY_SECONDS` of its recording is hashed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..layout import EVIDENCE, UNITS
from ..problems import Problem
from ..yamlio import atomic_write_text

FORMAT = 1
MAX_BYTES = 256 * 1024 * 1024
RACY_SECONDS = 2.0
PACKAGE = Path(__file__).resolve().parent.parent  # the tool's own files are part of every key


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is off."""
    if os.environ.get("ZI_CACHE", "1") == "0":
        return None
    configured = os.environ.get("ZI_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zi-evidence"


@dataclass
class FileHashes:
    """sha256 of files, through a stat index kept beside the entries (one per repository root)."""

    index_path: Path
    known: dict[str, list[Any]] = field(default_factory=dict)  # path → [size, mtime_ns, ctime_ns, ino, sha256]
    changed: bool = False

    @classmethod
    def load(cls, folder: Path, root: Path) -> FileHashes:
        path = folder / f"stat-{hashlib.sha256(str(root).encode()).hexdigest()[:16]}.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            known = data["files"] if data.get("format") == FORMAT and isinstance(data.get("files"), dict) else {}
        except (OSError, ValueError, KeyError):
            known = {}
        return cls(path, known)

    def sha(self, path: str, stat: os.stat_result) -> str:
        recorded = self.known.get(path)
        now = time.time()
        if (isinstance(recorded, list) and len(recorded) == 5 and recorded[:4] == [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
                and now - stat.st_mtime_ns / 1e9 > RACY_SECONDS):
            return str(recorded[4])
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        value = digest.hexdigest()
        self.known[path] = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, value]
        self.changed = True
        return value

    def save(self) -> None:
        if self.changed:
            atomic_write_text(self.index_path, json.dumps({"format": FORMAT, "files": self.known}, separators=(",", ":")))


def _files(folder: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Every file under ``folder`` (symlinks too, by their own stat: the checks refuse them), sorted by path."""
    if not folder.is_dir() or folder.is_symlink():
        return
    stack = [folder]
    found = []
    while stack:
        current = stack.pop()
        with os.scandir(current) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
                else:
                    found.append((entry.path, entry.stat(follow_symlinks=False)))
    yield from sorted(found)


class UnitCache:
    """Entries for the units of one repository in one run: ``key(unit)``, ``get``, ``put``."""

    def __init__(self, folder: Path, root: Path, today: date, purpose: str) -> None:
        self.folder, self.root, self.today = folder, root, today
        self.hashes = FileHashes.load(folder, root)
        self.shared = self._shared_key(today, purpose)

    def _digest(self, paths: Iterator[tuple[str, os.stat_result]], into: Any) -> None:
        for path, stat in paths:
            into.update(os.path.relpath(path, self.root).encode("utf-8", "surrogateescape") + b"\0")
            if os.path.islink(path):
                into.update(b"symlink\0" + os.readlink(path).encode("utf-8", "surrogateescape") + b"\0")
            else:
                into.update(self.hashes.sha(path, stat).encode("ascii") + b"\0")

    def _shared_key(self, today: date, purpose: str) -> str:
        digest = hashlib.sha256(f"zi-cache {FORMAT} {purpose} {today.isoformat()}\0".encode())
        self._digest(((p, s) for p, s in _files(PACKAGE) if "__pycache__" not in p), digest)
        self._digest(_files(self.root / "rules"), digest)
        units = self.root / UNITS
        if units.is_dir():
            top = sorted((e.path, e.stat(follow_symlinks=False)) for e in os.scandir(units) if not e.is_dir(follow_symlinks=False))
            self._digest(iter(top), digest)  # instansi.yaml and anything else beside the unit folders
            for name in sorted(os.listdir(units)):
                folder = units / name
                if folder.is_dir() and not folder.is_symlink():
                    profile = folder / "unit.yaml"
                    if profile.is_file() and not profile.is_symlink():
                        self._digest(iter([(str(profile), profile.stat())]), digest)
                    else:
                        self._digest(_files(folder), digest)  # prasyarat, kawasan (shared data), a unit without a profile
        return digest.hexdigest()

    def key(self, unit: str) -> str:
        digest = hashlib.sha256(self.shared.encode("ascii"))
        for top in (UNITS, EVIDENCE):
            digest.update(f"\0{top}\0".encode())
            self._digest(_files(self.root / top / unit), digest)
        return digest.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / "units" / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        path = self._entry(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            os.utime(path)  # recently used: the last to be pruned
        except (OSError, ValueError):
            return None
        if not (isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("problems"), list)
                and isinstance(data.get("files_checked"), int) and isinstance(data.get("scores"), list)):
            return None
        try:
            data["problems"] = [Problem(str(p[0]), p[1] if isinstance(p[1], int) else None, str(p[2]), str(p[3]), str(p[4]))
                                for p in data["problems"]]
            data["scores"] = [(str(s[0]), None if s[1] is None else str(s[1])) for s in data["scores"]]
        except (TypeError, IndexError, KeyError):
            return None
        return data

    def put(self, key: str, problems: list[Problem], files_checked: int, scores: list[tuple[str, str | None]]) -> None:
        entry = {"format": FORMAT, "files_checked": files_checked, "scores": scores,
                 "problems": [[p.file, p.line, p.message, p.severity, p.code] for p in problems]}
        path = self._entry(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))

    def close(self) -> None:
        self.hashes.save()
        prune(self.folder)


def prune(folder: Path, limit: int = MAX_BYTES) -> None:
    """Remove the oldest entries until the cache holds at most ``limit`` bytes."""
    entries = []
    for path in (folder / "units").glob("*/*.json"):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        path.unlink(missing_ok=True)
        total -= size
