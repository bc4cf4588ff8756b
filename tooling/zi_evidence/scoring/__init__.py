"""The pure scoring core: (rule set, answers) -> breakdown. No file or network I/O lives here."""

from .answers import ParsedAnswers, parse_answers
from .engine import available_quantities, item_value, score
from .prerequisites import check_prerequisites

__all__ = ["ParsedAnswers", "check_prerequisites", "available_quantities", "item_value", "parse_answers", "score"]
