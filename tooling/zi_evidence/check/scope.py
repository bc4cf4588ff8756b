"""What a change can affect, so a pull request is checked in proportion to it.

A unit's checks read only its own folders (``units/<id>/``, ``evidence/<id>/``), the instansi file, the rule sets and
"today" (``families/unit.py``; evidence never leaves its unit's folder, ``scan/evidence.py``). So when a change touches
only unit folders, checking those units in full plus everything outside unit folders gives every finding the change
can cause; a finding inside an untouched unit was there before the change. Anything shared — ``units/instansi.yaml``,
``prasyarat``, ``kawasan``, ``rules/``, the tooling and its schemas, a stray file beside the unit folders — can change
every unit's findings: then the whole repository is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..layout import EVIDENCE, RESERVED_UNIT_NAMES, UNIT_ID, UNITS


@dataclass(frozen=True)
class ChangeScope:
    """The unit folders a change touches; ``full`` when it touches something shared (``shared`` names one such path)."""

    units: frozenset[str] = frozenset()
    full: bool = False
    shared: str | None = None

    def covers(self, file: str) -> bool:
        """Whether a finding on ``file`` (a repository path) is within what this scope checks: everything outside unit
        folders (a folder whose name is not a valid unit id is checked whole, always), and the touched units."""
        if self.full:
            return True
        unit = unit_of(file)
        return unit is None or unit in self.units

    def walks(self, top: str, name: str) -> bool:
        """Whether the entry ``name`` directly under ``top`` (``units``/``evidence``) is walked."""
        return self.full or not is_unit_name(name) or name in self.units

    def listing(self) -> Callable[[str, str], bool] | None:
        """What a commit's tree must list for this change (:class:`..gitfs.GitTree` ``keep``): None (everything) for
        a full check or a change of very many units."""
        return None if self.full or len(self.units) > MAX_LISTED_UNITS else self.walks


MAX_LISTED_UNITS = 200  # above this, one listing of the whole tree is cheaper than listing folder by folder
EVERYTHING = ChangeScope(full=True)


def is_unit_name(name: str) -> bool:
    """A name a unit folder can have (``units/<name>/``, ``evidence/<name>/``): a unit id, not a reserved folder."""
    return bool(UNIT_ID.match(name)) and name not in RESERVED_UNIT_NAMES


def unit_of(path: str) -> str | None:
    """The unit whose folders hold ``path`` (the folder itself included), else None."""
    parts = path.split("/", 2)
    return parts[1] if len(parts) >= 2 and parts[0] in (UNITS, EVIDENCE) and is_unit_name(parts[1]) else None


def change_scope(paths: Iterable[str]) -> ChangeScope:
    """The scope of a change given every path it adds, modifies or deletes (anywhere in the repository)."""
    units: set[str] = set()
    for path in paths:
        unit = unit_of(path)
        top = path.split("/", 1)[0]
        if unit is not None:
            units.add(unit)
        elif top in (UNITS, EVIDENCE) or top in SHARED_FOLDERS or path in SHARED_FILES:
            return ChangeScope(frozenset(), True, path)
    return ChangeScope(frozenset(units))


# outside units/ and evidence/, what the checks (or the trusted tooling that runs them) read: a change here is shared
SHARED_FOLDERS = frozenset({"rules", "tooling"})
SHARED_FILES = frozenset({"pyproject.toml", "constraints.txt"})
