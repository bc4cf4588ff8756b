"""Reading the repository's Git history with GitPython: which commits touched which file, and the file at each.

Fast by construction: one ``git log --raw`` lists every (commit, blob) pair of the paths asked for, and the blobs
are read straight from the object database through GitPython's persistent ``git cat-file --batch`` process —
no checkouts, and only the commits that changed the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import git
from gitdb.util import hex_to_bin

NULL_SHA = "0" * 40
# ``git cat-file --batch`` keeps up to 96 MB of delta bases by default, and each worker process runs its own: two of
# them held ~230 MB at the peak of a 10,000-unit site build. Reading every blob of that repository with 4 MB:
# 56 MB resident instead of 156 MB, and faster (1.8 s vs 2.3 s), since the cache is searched less.
DELTA_BASE_CACHE = "4m"


@dataclass(frozen=True)
class FileVersion:
    commit: str
    date: str  # ISO 8601 author date
    author: str
    blob: str | None  # None when the commit deleted the file
    order: int = 0  # the commit's place in the log, 0 = newest (topological): "after" without comparing dates


class GitHistory:
    """The history of a repository's data folders, read once."""

    def __init__(self, repo: git.Repo, rev: str = "HEAD", paths: tuple[str, ...] = ("units", "evidence")) -> None:
        self.repo = repo
        self.rev = rev
        self.shallow = Path(repo.git_dir, "shallow").exists()
        self.versions: dict[str, list[FileVersion]] = {}  # path -> newest first
        self._load(paths)

    @classmethod
    def open(cls, root: Path, rev: str = "HEAD", paths: tuple[str, ...] = ("units", "evidence")) -> GitHistory | None:
        """The history of the repository at ``root``, or None when it is not a Git checkout (or has no commits)."""
        try:
            repo = git.Repo(root, search_parent_directories=False)
            repo.git.set_persistent_git_options(c=f"core.deltaBaseCacheLimit={DELTA_BASE_CACHE}")  # our own Repo: no caller's options replaced
            repo.commit(rev)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.BadName, ValueError):
            return None
        return cls(repo, rev, paths)

    def _load(self, paths: tuple[str, ...]) -> None:
        out = self.repo.git.log(self.rev, "--topo-order", "--raw", "--no-abbrev", "--no-renames", "--format=%x1e%H%x1f%aI%x1f%an",
                                "--", *paths)
        for order, record in enumerate(out.split("\x1e")[1:]):
            head, _, raw = record.partition("\n")
            commit, date, author = head.split("\x1f")
            for line in raw.splitlines():
                if not line.startswith(":"):
                    continue
                meta, _, path = line.partition("\t")
                new_blob = meta.split()[3]
                self.versions.setdefault(path, []).append(FileVersion(commit, date, author, None if new_blob == NULL_SHA else new_blob, order))

    def history(self, path: str) -> list[FileVersion]:
        """Versions of one file, oldest first."""
        return list(reversed(self.versions.get(path, [])))

    def read(self, blob: str) -> bytes:
        return self.repo.odb.stream(hex_to_bin(blob)).read()

    def read_at(self, rev: str, path: str) -> bytes | None:
        """A file as it was at ``rev`` (None when it did not exist)."""
        try:
            return self.repo.commit(rev).tree[path].data_stream.read()
        except KeyError:
            return None

    def first_seen(self, path: str) -> FileVersion | None:
        versions = self.history(path)
        return versions[0] if versions else None
