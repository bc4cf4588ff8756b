"""``zi check``: everything a JSON Schema can say about the repository, and what it cannot."""

from .runner import PUBLICATION_BLOCKERS, CheckReport, check_repository, publication_report

__all__ = ["PUBLICATION_BLOCKERS", "CheckReport", "check_repository", "publication_report"]
