"""Problems found in user data, reported as ``file:line: message``.

Every layer (YAML loading, schema checks, answer validation, rule lint) reports through
:class:`Problem` so the CLI, the PR report and the site print them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about one place in one file.

    ``message`` is Indonesian (users read it) and should say how to fix the problem.
    ``severity`` is ``error`` (fails a check) or ``warning`` (reported; fails only with --strict).
    """

    file: str
    line: int | None
    message: str
    severity: str = "error"
    code: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "peringatan: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


class DataError(Exception):
    """Raised when input cannot be used at all; carries the problems that explain why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
