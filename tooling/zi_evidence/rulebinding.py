"""Which rule set an LKE file may be scored by: the unit does not choose it.

Why: ``rules:`` in ``lke/<year>/self.yaml`` is written by the unit. Trusted as is, a unit could move its own LKE to
another rule set in ``rules/`` (another region's overlay with lower thresholds) and the verdict would say success.
The rule set follows from files the unit does not own: its ``unit.yaml`` ``rules`` (an admin-owned field), else the
instansi's ``rules`` (``units/instansi.yaml``, admins), and, for a year that rule set does not govern, the national
rule sets in force that year (``in_force``). The TPN may also score by the national rule set a local one extends.
A file naming anything else is an error naming both files and lines, and is scored by the bound rule set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .layout import DEFAULT_RULES, INSTANSI_FILE, UNITS
from .problems import DataError, Problem
from .ruleset import RuleSetLoader
from .yamlio import line_of


@dataclass(frozen=True)
class Binding:
    """The rule set a unit is assessed by, and where that is written (file, line) — never a unit-owned value."""

    rules_id: str
    file: str
    line: int | None


def binding_of(profile: dict[str, Any], unit_id: str, instansi: dict[str, Any]) -> Binding:
    if isinstance(profile.get("rules"), str):
        return Binding(profile["rules"], f"{UNITS}/{unit_id}/unit.yaml", line_of(profile, "rules"))
    if isinstance(instansi.get("rules"), str):
        return Binding(instansi["rules"], f"{UNITS}/{INSTANSI_FILE}", line_of(instansi, "rules"))
    return Binding(DEFAULT_RULES, f"{UNITS}/{INSTANSI_FILE}", None)


def allowed(binding: Binding, loader: RuleSetLoader, year: int | None, assessor: str | None) -> list[str]:
    """The rule sets an LKE file of that year and assessor may name, the bound one first."""
    out = [binding.rules_id]
    try:
        bound = loader.load(binding.rules_id)
    except DataError:
        return out
    if year is not None and not bound.governs(year):
        out += [r for r in loader.governing(year) if r not in out]
    if assessor == "tpn":
        out += [r for r in bound.chain if r not in out]
    return out


def mismatch(binding: Binding, loader: RuleSetLoader, chosen: Any, lke_file: str, lke_line: int | None, year: int | None,
             assessor: str | None) -> Problem | None:
    """The error for an LKE file whose ``rules:`` is not one it may name (None when it may)."""
    permitted = allowed(binding, loader, year, assessor)
    if chosen in permitted:
        return None
    where = f"{binding.file}:{binding.line}" if binding.line else binding.file
    return Problem(lke_file, lke_line,
                   f"rules: {chosen} tidak boleh dipilih berkas LKE; unit ini dinilai dengan {binding.rules_id} ({where}, ditetapkan admin)"
                   f" — tulis rules: {permitted[0]}" + (f" (atau {', '.join(permitted[1:])})" if permitted[1:] else ""),
                   code="lke.rules_binding")
