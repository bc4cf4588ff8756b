"""Rule sets: the LKE, weights, thresholds and prerequisites as data (see ``rules/``)."""

from .loader import RULES_DIRNAME, RuleSetLoader, find_rules_root, load_ruleset
from .model import Criterion, Item, Option, Predicate, RuleSet, Subindicator

__all__ = [
    "RULES_DIRNAME",
    "Criterion",
    "Item",
    "Option",
    "Predicate",
    "RuleSet",
    "RuleSetLoader",
    "Subindicator",
    "find_rules_root",
    "load_ruleset",
]
