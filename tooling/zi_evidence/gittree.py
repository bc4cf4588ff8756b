"""A revision's files written to a folder straight from Git objects, for reading a pull request's head as data.

Not ``git archive``: it honours the archived tree's own ``.gitattributes``, so a pull request could mark its changed
files ``export-ignore`` (and hide them from validation) or rewrite them with ``export-subst``. Here every blob of the
tree is written as stored; symlinks are recreated as symlinks (``zi check`` refuses them), submodules are skipped.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import git

from .layout import EVIDENCE, UNITS

DATA_TOP = (UNITS, EVIDENCE, "rules", "docs", "mkdocs.yml")


def export_tree(commit: git.Commit, tops: tuple[str, ...] = DATA_TOP) -> Path:
    """Write the files of ``commit`` under ``tops`` to a new temporary folder; returns it."""
    folder = Path(tempfile.mkdtemp(prefix="zi-head-"))
    for blob in commit.tree.traverse():
        if blob.type != "blob" or blob.path.split("/", 1)[0] not in tops:
            continue
        parts = blob.path.split("/")
        if any(p in ("", ".", "..") for p in parts):  # Git refuses such paths; never trust that
            continue
        target = folder.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = blob.data_stream.read()
        if blob.mode == 0o120000:  # a symlink: recreate it, never follow it
            os.symlink(data.decode("utf-8", errors="replace"), target)
        else:
            target.write_bytes(data)
    return folder
