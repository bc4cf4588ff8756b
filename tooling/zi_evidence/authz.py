"""Who may change what, as data: unit maintainers (unit.yaml), the TPI and the admins (units/instansi.yaml).

One ordered rule list serves both ``.github/CODEOWNERS`` (GitHub enforces reviews) and ``zi authz`` (CI reports
changes the PR author may not make). As in CODEOWNERS, the last matching rule decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .filekinds import kinds_owned_by
from .scan.text import identifier_key

HEADER = "# Dibuat oleh `zi codeowners` dari units/instansi.yaml dan units/*/unit.yaml — jangan diubah manual.\n"


@dataclass(frozen=True)
class Rule:
    pattern: str  # CODEOWNERS syntax (the subset generated here)
    owners: tuple[str, ...]
    why: str


def handle(name: str) -> str:
    return "@" + str(name).lstrip("@")


def ownership_rules(instansi: dict, units: dict[str, dict]) -> list[Rule]:
    """Rules from the instansi file and each unit's profile, most general first."""
    admins = tuple(handle(h) for h in instansi.get("admins") or [])
    tpi = tuple(handle(h) for h in ((instansi.get("tpi") or {}).get("github") or []))
    rules = [Rule("*", admins, "berkas instansi (rules/, units/instansi.yaml, prasyarat, alur kerja, unit baru) dikelola admin")]
    for unit_id, profile in sorted(units.items()):
        maintainers = tuple(handle(h) for h in profile.get("maintainers") or [])
        if maintainers:
            rules.append(Rule(f"/units/{unit_id}/", maintainers, f"folder unit {unit_id} diubah oleh pengelolanya"))
            rules.append(Rule(f"/evidence/{unit_id}/", maintainers, f"bukti unit {unit_id} diubah oleh pengelolanya"))
            # the profile also records what the TPI and the admins decide (stages from monitoring on, predicates):
            # all three may touch the file; which fields each may change is the field policy (authz_fields.py)
            rules.append(Rule(f"/units/{unit_id}/unit.yaml", tuple(dict.fromkeys(maintainers + tpi + admins)),
                              f"profil unit {unit_id}: pengelola unit, TPI (tahap dan predikat) atau admin"))
    if tpi:
        for kind in kinds_owned_by("tpi"):  # the file kinds the TPI owns (filekinds.py)
            rules.append(Rule(kind.glob, tpi, f"{kind.description}: hanya diubah oleh TPI"))
    return rules


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern:
    if pattern == "*":
        return re.compile(r".*")
    anchored = pattern.startswith("/")
    body = re.escape(pattern.strip("/")).replace(r"\*", "[^/]*")
    prefix = "^" if anchored else r"(^|.*/)"
    suffix = "/.*" if pattern.endswith("/") else "(/.*)?"
    return re.compile(prefix + body + suffix + "$")


def matching_rule(rules: list[Rule], path: str) -> Rule | None:
    for rule in reversed(rules):
        if _regex(rule.pattern).match(path):
            return rule
    return None


def render_codeowners(rules: list[Rule]) -> str:
    lines = [HEADER]
    for rule in rules:
        if rule.owners:
            lines.append(f"# {rule.why}")
            lines.append(f"{rule.pattern} {' '.join(rule.owners)}")
    return "\n".join(lines) + "\n"


def violations(rules: list[Rule], actor: str, paths: list[str]) -> list[dict]:
    """Changed paths the actor may not change, with who may. Teams (org/team) cannot be resolved offline:
    an actor listed only through a team is reported, and GitHub's CODEOWNERS review settles it."""
    me = identifier_key(handle(actor))  # accounts compare as people read them: NFKC, no invisible characters, any case
    out = []
    for path in sorted(paths):
        rule = matching_rule(rules, path)
        owners = rule.owners if rule else ()
        if me not in (identifier_key(o) for o in owners):
            out.append({"path": path, "owners": list(owners), "rule": rule.pattern if rule else None, "why": rule.why if rule else "tidak ada pemilik"})
    return out
