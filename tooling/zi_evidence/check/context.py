"""What every check family shares: the report being built and how a data file is read, schema-checked and scanned."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..filekinds import schema_for
from ..layout import DEFAULT_RULES
from ..lkefile import lke_schema_problems
from ..problems import DataError, Problem
from ..ruleset import RuleSetLoader
from ..scan.document import raw_text_is_clean, text_problems
from ..validation import schema_problems
from ..yamlio import parse_yaml, read_yaml_text

# Findings that stop the public site from being built: what it would publish must not carry them. (Markup is not
# among them: every page escapes it, so it shows as typed; `zi check` still fails on it in CI.)
PUBLICATION_BLOCKERS = frozenset({
    "text.personal_data", "text.invisible", "text.secret_url", "path.control",
    "evidence.personal_data", "evidence.content", "evidence.kind",
})

SKIP_SURVEYS = object()  # survei.yaml exists but is broken


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    # public evidence files that passed every check, by (unit, evidence id): the only ones the site may publish
    publishable: dict[tuple[str, str], Path] = field(default_factory=dict)
    withheld: dict[tuple[str, str], str] = field(default_factory=dict)  # public files not publishable, and why
    # `zi check --score`: each unit's answers files scored in the same pass (unit → [(file, rendered score or None)])
    scores: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    # what each unit's own checks found (problems, files read): what the cache keeps per unit (cache.py)
    by_unit: dict[str, tuple[list[Problem], int]] = field(default_factory=dict)
    cached: int = 0  # units whose findings came from the local cache

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def blocking(self) -> list[Problem]:
        """The errors that stop the public site from being built."""
        return [p for p in self.errors if p.code in PUBLICATION_BLOCKERS]


class Checker:
    """The state of one check run; the families (``families/``) add their findings through it."""

    def __init__(self, root: Path, today: date | None = None, loader: RuleSetLoader | None = None):
        if loader is None and not isinstance(root, Path):
            raise ValueError("a commit's tree is checked with the trusted side's rules: pass loader")
        self.root = root
        self.report = CheckReport()
        self.loader = loader or RuleSetLoader(root)  # a caller that checks unit after unit shares one (rules read once)
        self.today = today or date.today()
        self.instansi: dict = {}
        self.scoring: Any = None  # the Repository that scores answers files in a `zi check --score` run

    # -- helpers -----------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        return str(path.relative_to(self.root))

    def add(self, file: str, line: int | None, message: str, code: str, severity: str = "error") -> None:
        self.report.problems.append(Problem(file, line, message, severity, code))

    def load(self, path: Path, keep_invalid: bool = False, private_fields: Callable[[Any], Callable[[tuple], bool]] | None = None) -> Any:
        """Read, schema-check and scan one data file; None when it could not be read or is invalid
        (unless ``keep_invalid``: then cross-references can still use it, avoiding cascades)."""
        name = self.rel(path)
        self.report.files_checked += 1
        try:
            raw = read_yaml_text(path, name)
            data = parse_yaml(raw, name)
        except DataError as exc:
            self.report.problems.extend(exc.problems)
            return None
        is_private = private_fields(data) if private_fields else None
        schema = schema_for(self.root, path)
        if schema:
            problems = lke_schema_problems(data, name) if schema == "lke" else schema_problems(schema, data, name)
            self.report.problems.extend(problems)
            if problems:
                self.scan_text(name, data, raw, is_private)
                return data if keep_invalid else None
        self.scan_text(name, data, raw, is_private)
        return data

    def scan_text(self, name: str, data: Any, raw: str | None = None, is_private=None) -> None:
        if raw is not None and raw_text_is_clean(raw):
            return  # nothing in the file could match; walking every string costs more than all other checks together
        self.report.problems.extend(text_problems(name, data, is_private) if is_private else text_problems(name, data))

    def rules_for(self, rules_id: str | None):
        try:
            return self.loader.load(rules_id or self.instansi.get("rules") or DEFAULT_RULES)
        except DataError as exc:
            self.report.problems.extend(exc.problems)
            return None
