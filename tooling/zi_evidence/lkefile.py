"""Reading LKE answers files (``units/<unit>/lke/<year>/<assessor>.yaml``) from disk.

This is the I/O layer in front of the pure scoring core: it finds the file's unit, year and
assessor from its path, the rule set it names, and the predicates the unit already holds.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .problems import DataError, Problem
from .ruleset.model import ITEM_ID_TEXT
from .validation import schema_problems
from .yamlio import copy_with_lines, line_of, read_yaml

ASSESSORS = ("self", "tpi", "tpn")
ASSESSOR_LABELS = {"self": "Penilaian mandiri unit", "tpi": "TPI", "tpn": "TPN"}
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass
class LkeFile:
    path: Path
    display: str
    data: dict
    rules_id: str
    unit: str | None
    year: int | None
    assessor: str | None

    @property
    def answers(self) -> Any:
        return self.data.get("answers")


def identity_from_path(path: Any) -> tuple[str | None, int | None, str | None]:
    """(unit, year, assessor) from ``…/units/<unit>/lke/<year>/<assessor>.yaml``; None where the path does not say."""
    if isinstance(path, Path):  # `zi score .` or `self.yaml` inside a unit folder still name their unit and year
        path = Path(os.path.abspath(path))
    assessor = path.stem if path.stem in ASSESSORS else None
    year = int(path.parent.name) if _YEAR.match(path.parent.name) else None
    unit = None
    if path.parent.parent.name == "lke":
        unit = path.parent.parent.parent.name
    return unit, year, assessor


def display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


_ANSWER_PATH = re.compile(rf"^answers\.{ITEM_ID_TEXT}")


def lke_schema_problems(data: Any, display: str) -> list[Problem]:
    """Schema problems of an answers file, leaving per-answer problems to the answer validator,
    whose messages name the item, its type and the allowed options.

    The answers are left out of this check: the item-level schema (kept for editors' autocomplete) costs
    ~20 ms per file to check in depth, and the answer validator checks every id and value anyway.
    """
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        data = copy_with_lines(data)
        data["answers"] = {}
    return [p for p in schema_problems("lke", data, display) if not _ANSWER_PATH.match(p.message)]


def read_lke_file(path: Path, root: Path | None = None) -> LkeFile:
    """Load one answers file; raise :class:`DataError` when it cannot be used at all."""
    display = display_path(path, root)
    data = read_yaml(path, display)
    if not isinstance(data, dict):
        raise DataError([Problem(display, line_of(data) or 1,
                                 "berkas LKE harus berupa mapping dengan kunci 'rules' dan 'answers'", code="lke.shape")])
    problems = lke_schema_problems(data, display)
    if problems:
        raise DataError(problems)
    unit, year, assessor = identity_from_path(path)
    unit = data.get("unit", unit)
    year = data.get("year", year)
    assessor = data.get("assessor", assessor)
    return LkeFile(path, display, data, data["rules"], unit, year, assessor)


def held_predicates(unit_yaml: dict | None) -> list[str]:
    """Predicates a unit holds now (granted and not revoked), from its ``unit.yaml``."""
    held = []
    for entry in (unit_yaml or {}).get("predicates", []) or []:
        if isinstance(entry, dict) and not entry.get("revoked"):
            held.append(entry.get("predicate"))
    return [h for h in held if h]


def find_answers_files(unit_dir: Path) -> list[Path]:
    """All answers files of a unit folder, by year then assessor (self, tpi, tpn)."""
    found = []
    for year_dir in sorted((unit_dir / "lke").glob("*")):
        if year_dir.is_dir() and _YEAR.match(year_dir.name):
            for assessor in ASSESSORS:
                candidate = year_dir / f"{assessor}.yaml"
                if candidate.is_file():
                    found.append(candidate)
    return found
