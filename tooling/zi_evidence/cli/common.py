"""Helpers shared by the CLI commands: exit codes, problem printing, repository discovery."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..i18n import _
from ..problems import Problem
from ..ruleset import find_rules_root

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad command line (exit code 2)."""


def print_problems(problems: Iterable[Problem], stream=None) -> None:
    stream = stream or sys.stderr
    for problem in problems:
        print(str(problem), file=stream)


def repo_root(explicit: str | None, near: Path | None = None) -> Path:
    """The repository root: ``--root``, else the nearest ancestor of ``near`` or the cwd holding ``rules/``."""
    if explicit:
        root = Path(explicit)
        if not (root / "rules").is_dir():
            raise UsageError(_("--root {explicit}: folder 'rules/' tidak ditemukan di sana").format(explicit=explicit))
        return root
    for start in [near, Path.cwd()]:
        if start is None:
            continue
        found = find_rules_root(start if start.is_dir() else start.parent)
        if found:
            return found
    raise UsageError(_("folder 'rules/' tidak ditemukan; jalankan dari dalam repositori atau beri --root DIR"))


def given_day(text: str | None) -> date:
    """``--date`` as a date ("today" is a parameter everywhere), else today's date; a malformed one is a usage error."""
    try:
        return date.fromisoformat(text) if text else date.today()
    except ValueError as exc:
        raise UsageError(_('--date {date!r} bukan tanggal YYYY-MM-DD').format(date=text)) from exc
