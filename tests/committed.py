"""The committed tree the tests read their fixtures from, and Git commits with fixed dates.

Why a snapshot: a user with a half-filled new unit (or any uncommitted edit) in the working tree must still be able
to run ``make test``, and a test must see the same data on every machine. So the data folders, ``mkdocs.yml`` and
``tests/data`` are read from HEAD (``git archive``), extracted once per test session. Code still runs from the working
tree (the editable install, :data:`SOURCE` for scripts). Outside a Git checkout (a source tarball) the tree itself is
the committed tree.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import git

SOURCE = Path(__file__).resolve().parent.parent
# the first commit of every test repository; each further commit is one minute later (see :func:`commit`)
EPOCH = datetime.fromisoformat("2026-11-20T09:00:00+07:00")


def _snapshot() -> Path:
    """A clone of HEAD beside the checkout: its files are the committed ones, its history the repository's (the site's
    progress charts and evidence provenance read it). ``--shared`` borrows the objects, so this takes a fraction of a second."""
    target = Path(tempfile.mkdtemp(prefix="zi-head-"))
    try:
        subprocess.run(["git", "clone", "--quiet", "--shared", "--no-checkout", str(SOURCE), str(target / "repo")], check=True,
                       capture_output=True, timeout=120)
        head = subprocess.run(["git", "-C", str(SOURCE), "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
        subprocess.run(["git", "-C", str(target / "repo"), "checkout", "--quiet", "--detach", head], check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.CalledProcessError):
        shutil.rmtree(target, ignore_errors=True)
        return SOURCE  # not a Git checkout: the tree is what was committed
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    return target / "repo"


COMMITTED = _snapshot()


def commit(repo: git.Repo, message: str, author: str, when: str | datetime | None = None) -> str:
    """Stage everything and commit with fixed author and committer dates (never the clock).

    Without ``when``, the n-th commit of a repository is dated :data:`EPOCH` plus n minutes, so histories keep their
    order and their ages on any day the tests run.
    """
    repo.git.add("-A")
    if when is None:
        count = int(repo.git.rev_list("--count", "--all")) if repo.head.is_valid() else 0
        when = EPOCH + timedelta(minutes=count)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S %z") if isinstance(when, datetime) else when
    actor = git.Actor(author, f"{author}@users.noreply.github.com")
    return repo.index.commit(message, author=actor, committer=actor, author_date=stamp, commit_date=stamp).hexsha
