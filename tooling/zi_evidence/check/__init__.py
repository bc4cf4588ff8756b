"""``zi check``: everything a JSON Schema can say about the repository, and what it cannot."""

from .runner import CheckReport, check_repository

__all__ = ["CheckReport", "check_repository"]
