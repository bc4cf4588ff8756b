"""A commit's tree, read as Git objects in memory: the pull request's head is data, never files on the runner's disk.

Why: the verdict runs with a write token. Writing the head's blobs into a folder (the old ``gittree.export_tree``)
recreated its symlinks, so a tree holding a symlink and then an entry of the same name wrote pull-request bytes through
the link, anywhere the runner could write; and a symlink read back followed it to a file of the runner. Here nothing is
written and nothing is followed: :class:`GitTree` lists the tree once (``git ls-tree -r -t -l -z``) and reads blobs
through one ``git cat-file --batch`` process; :class:`GitPath` gives the checker the small part of ``pathlib.Path`` it
uses (``/``, ``is_file``, ``read_text``, ``iterdir``, ``stat``, ``relative_to`` …) over that listing. It has no
``__fspath__``: ``open()`` or ``Path()`` on it is a ``TypeError``, never a read of the runner's disk.

A symlink, a gitlink (submodule), a duplicate entry, a name Git itself refuses (``.``, ``..``, ``.git``) or any mode
other than a regular file or a folder is an :class:`Anomaly`, reported by its path; such an entry is neither a file nor
a folder to the checker, so nothing reads through it.
"""

from __future__ import annotations

import os
import stat as stat_module
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

SPARSE_TOPS = ("units", "evidence")  # the folders of unit folders (layout.py), listed one unit at a time when asked
REGULAR_MODES = frozenset({"100644", "100755"})
TREE_MODE = "040000"
MAX_BLOB_BYTES = 64 * 1024 * 1024  # above any evidence or YAML limit: such a blob is refused before it is read
WHY = {
    "120000": "symlink",
    "160000": "gitlink (submodule)",
}


@dataclass(frozen=True)
class Anomaly:
    """An entry of the tree that is not a regular file or a folder, by its repository path."""

    path: str
    kind: str  # symlink, gitlink (submodule), duplicate, bad-name, mode <m>


@dataclass(frozen=True)
class _Entry:
    mode: str
    sha: str
    size: int  # -1 for folders


class GitTree:
    """The listing of one commit's tree and a reader of its blobs (bounded: one blob at a time, size checked first).

    By default the whole tree is listed at once. With ``keep(top, name)`` (a change's scope, :mod:`.check.scope`),
    everything is listed except the folders directly under ``units/`` and ``evidence/`` that ``keep`` leaves out; those
    are listed only if something asks, one level at a time. A pull request touching one unit lists that unit, not the
    institution's other 20,000 files; the anomalies are those of the listed part (all but the untouched units)."""

    def __init__(self, git_dir: str, commit: str, keep: Callable[[str, str], bool] | None = None) -> None:
        self.git_dir, self.commit = str(git_dir), commit
        self.entries: dict[str, _Entry] = {}
        self.children: dict[str, list[str]] = {"": []}
        self.anomalies: list[Anomaly] = []
        self._listed: set[str] = set()  # folders whose direct children are all in ``entries``
        self._batch: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        if keep is None:
            new = self._list(("-r", "-t"), ())
            self._listed.update(["", *(p for p in new if self.entries[p].mode == TREE_MODE)])
            return
        self._list_folder("")
        sparse = [top for top in SPARSE_TOPS if (entry := self.entries.get(top)) is not None and entry.mode == TREE_MODE]
        if sparse:
            self._listed.update(sparse)
            self._list((), tuple(f"{top}/" for top in sparse))
        wanted = {name for name in self.children[""] if name not in SPARSE_TOPS and self.entries[name].mode == TREE_MODE}
        wanted |= {f"{top}/{name}" for top in sparse for name in self.children.get(top, [])
                   if self.entries[f"{top}/{name}"].mode == TREE_MODE and keep(top, name)}
        if wanted:
            new = self._list(("-r", "-t"), tuple(sorted(wanted)))
            self._listed.update([*wanted, *(p for p in new if self.entries[p].mode == TREE_MODE)])

    def _git(self, *args: str) -> bytes:
        run = subprocess.run(["git", f"--git-dir={self.git_dir}", "-c", "core.quotePath=false", *args],
                             capture_output=True, check=True, timeout=600, env={**os.environ, "GIT_LITERAL_PATHSPECS": "1"})
        return run.stdout

    def _list(self, options: tuple[str, ...], paths: tuple[str, ...]) -> list[str]:
        """Add the entries ``git ls-tree`` lists; the paths new to this tree. An entry an earlier listing already gave
        (the folders on the way to a listed folder) is skipped; a path twice in one listing is a duplicate."""
        new: list[str] = []
        known = set(self.entries)
        for record in self._git("ls-tree", "-l", "-z", "--full-tree", *options, self.commit, "--", *paths).split(b"\0"):
            if record:
                path = self._add(record, known)
                if path is not None:
                    new.append(path)
        return new

    def _list_folder(self, folder: str) -> None:
        """The direct children of ``folder`` (once); its parents first, so a path is found however it is asked for."""
        if folder in self._listed:
            return
        if folder:
            self._list_folder(folder.rpartition("/")[0])
            entry = self.entries.get(folder)
            if entry is None or entry.mode != TREE_MODE:
                self._listed.add(folder)  # nothing (or no folder) there: nothing to list
                return
        self._listed.add(folder)
        self._list((), (f"{folder}/",) if folder else ())

    def _add(self, record: bytes, known: set[str]) -> str | None:
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, sha, size = meta.decode("ascii").split()
        try:
            path = raw_path.decode("utf-8")
        except UnicodeDecodeError:  # not a name anyone typed: named (readably) and never read
            self.anomalies.append(Anomaly(raw_path.decode("utf-8", errors="replace"), "bad-name"))
            return None
        parent, _, name = path.rpartition("/")
        if name in ("", ".", "..") or name.lower() == ".git" or "\\" in name:
            self.anomalies.append(Anomaly(path, "bad-name"))
            return None
        if path in known:
            return None
        if path in self.entries:
            self.anomalies.append(Anomaly(path, "duplicate"))
            return None
        if mode not in REGULAR_MODES and mode != TREE_MODE:
            self.anomalies.append(Anomaly(path, WHY.get(mode, f"mode {mode}")))
        self.entries[path] = _Entry(mode, sha, -1 if kind == "tree" else int(size) if size.isdigit() else -1)
        self.children.setdefault(parent, []).append(name)
        if kind == "tree":
            self.children.setdefault(path, [])
        return path

    def entry(self, path: str) -> _Entry | None:
        """The entry at ``path``, listing the folders on the way when they have not been listed yet."""
        found = self.entries.get(path)
        if found is None and path:
            parent = path.rpartition("/")[0]
            if parent not in self._listed:
                self._list_folder(parent)
                found = self.entries.get(path)
        return found

    def names(self, folder: str) -> list[str]:
        """The names directly inside ``folder``, in the order Git lists them."""
        self._list_folder(folder)
        return self.children.get(folder, [])

    @property
    def root(self) -> GitPath:
        return GitPath(self, "")

    def read(self, path: str) -> bytes:
        """The bytes of the regular file at ``path`` (``FileNotFoundError`` for anything else)."""
        entry = self.entry(path)
        if entry is None or entry.mode not in REGULAR_MODES:
            raise FileNotFoundError(path)
        if entry.size > MAX_BLOB_BYTES:
            raise OSError(27, "File too large", path)  # EFBIG
        with self._lock:
            if self._batch is None or self._batch.poll() is not None:
                self._batch = subprocess.Popen(["git", f"--git-dir={self.git_dir}", "cat-file", "--batch"],
                                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            assert self._batch.stdin is not None and self._batch.stdout is not None
            self._batch.stdin.write(entry.sha.encode("ascii") + b"\n")
            self._batch.stdin.flush()
            header = self._batch.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise FileNotFoundError(path)
            data = self._batch.stdout.read(int(header[2]))
            self._batch.stdout.read(1)  # the newline after the content
            return data

    def close(self) -> None:
        """Stop the reader. Killed, not closed: a process forked meanwhile (a sandbox helper) may hold its stdin open."""
        if self._batch is not None:
            self._batch.kill()
            self._batch.wait(timeout=30)
            for pipe in (self._batch.stdin, self._batch.stdout):
                if pipe is not None:
                    pipe.close()
            self._batch = None

    def __enter__(self) -> GitTree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class _Stat:
    st_size: int
    st_mode: int


class GitPath:
    """A path inside a :class:`GitTree`, with the part of ``pathlib.Path``'s interface the checker uses."""

    __slots__ = ("_tree", "_rel")

    def __init__(self, tree: GitTree, rel: str) -> None:
        self._tree, self._rel = tree, rel

    # -- pure path algebra ---------------------------------------------------------------------------------------
    def __truediv__(self, other: str | PurePosixPath) -> GitPath:
        joined = PurePosixPath(self._rel or ".", str(other)).as_posix()
        return GitPath(self._tree, "" if joined == "." else joined.removeprefix("./"))

    def __str__(self) -> str:
        return self._rel or "."

    def __repr__(self) -> str:
        return f"GitPath({self._tree.commit[:12]}:{self._rel or '.'})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GitPath) and other._tree is self._tree and other._rel == self._rel

    def __hash__(self) -> int:
        return hash((id(self._tree), self._rel))

    def __lt__(self, other: GitPath) -> bool:
        return self._rel.split("/") < other._rel.split("/")  # as PurePosixPath parts compare; rel is normalised

    @property
    def tree(self) -> GitTree:
        return self._tree

    @property
    def name(self) -> str:
        return self._rel.rpartition("/")[2]

    @property
    def suffix(self) -> str:
        return PurePosixPath(self._rel).suffix

    @property
    def stem(self) -> str:
        return PurePosixPath(self._rel).stem

    @property
    def parts(self) -> tuple[str, ...]:
        return PurePosixPath(self._rel).parts

    @property
    def parent(self) -> GitPath:
        parent = PurePosixPath(self._rel).parent.as_posix()
        return GitPath(self._tree, "" if parent == "." else parent)

    @property
    def parents(self) -> list[GitPath]:
        out, current = [], self
        while current._rel:
            current = current.parent
            out.append(current)
        return out

    def relative_to(self, other: GitPath) -> PurePosixPath:
        return PurePosixPath(self._rel).relative_to(other._rel) if other._rel else PurePosixPath(self._rel)

    def is_absolute(self) -> bool:
        return False

    def resolve(self) -> GitPath:
        return self  # nothing to follow: a symlink is an anomaly, never a way elsewhere

    # -- the tree ----------------------------------------------------------------------------------------------------
    def _entry(self) -> _Entry | None:
        return self._tree.entry(self._rel)

    def exists(self) -> bool:
        return self._rel == "" or self._entry() is not None

    def is_dir(self) -> bool:
        entry = self._entry()
        return self._rel == "" or (entry is not None and entry.mode == TREE_MODE)

    def is_file(self) -> bool:
        entry = self._entry()
        return entry is not None and entry.mode in REGULAR_MODES

    def is_symlink(self) -> bool:
        entry = self._entry()
        return entry is not None and entry.mode not in REGULAR_MODES and entry.mode != TREE_MODE  # never followed

    def stat(self) -> _Stat:
        entry = self._entry()
        if entry is None and self._rel:
            raise FileNotFoundError(self._rel)
        if entry is None or entry.mode == TREE_MODE:
            return _Stat(0, stat_module.S_IFDIR | 0o755)
        if entry.mode not in REGULAR_MODES:
            return _Stat(max(entry.size, 0), stat_module.S_IFLNK | 0o777)
        return _Stat(entry.size, stat_module.S_IFREG | 0o644)

    def read_bytes(self) -> bytes:
        return self._tree.read(self._rel)

    def read_text(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return self.read_bytes().decode(encoding, errors)

    def iterdir(self) -> Iterator[GitPath]:
        if not self.is_dir():
            raise NotADirectoryError(self._rel)
        prefix = f"{self._rel}/" if self._rel else ""
        for name in self._tree.names(self._rel):
            yield GitPath(self._tree, prefix + name)

    def glob(self, pattern: str) -> Iterator[GitPath]:
        """Segment-wise ``fnmatch`` (``*``, ``*/main.yaml``); no ``**``: the checker never asks for it."""
        level = [self]
        for segment in pattern.split("/"):
            level = [child for node in level if node.is_dir() for child in node.iterdir() if fnmatchcase(child.name, segment)]
        yield from sorted(level)
