"""Field-level authorization from data (``policy/field_owners.yaml``): who may change which field of a file.

Pure: given the policy, the actor's roles and the base and head contents of one file, list the changed fields the
actor may not change, with the head line (or the base line for a removal). The policy and the roles are read from the
base revision by the caller, so a pull request cannot grant itself rights.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from .scan.text import identifier_key
from .validation import schema_problems
from .yamlio import line_of, parse_yaml

POLICY_PATH = "tooling/zi_evidence/policy/field_owners.yaml"


def load_policy(text: str | None = None) -> dict:
    """The field policy: ``text`` (the file at the base revision) or the packaged one; validated by its schema."""
    if text is None:
        text = resources.files("zi_evidence.policy").joinpath("field_owners.yaml").read_text(encoding="utf-8")
    data = parse_yaml(text, POLICY_PATH)
    problems = schema_problems("field-owners", data, POLICY_PATH)
    if problems:
        from .problems import DataError
        raise DataError(problems)
    return data


def roles(actor: str, instansi: dict, profile: dict | None) -> set[str]:
    """The roles of ``actor`` for one unit: maintainer, tpi, admin (accounts compared after normalisation)."""
    me = identifier_key(str(actor).lstrip("@"))

    def among(names: Any) -> bool:
        return me in {identifier_key(str(n).lstrip("@")) for n in names or []}

    out = set()
    if among(instansi.get("admins")):
        out.add("admin")
    if among((instansi.get("tpi") or {}).get("github")):
        out.add("tpi")
    if profile and among(profile.get("maintainers")):
        out.add("maintainer")
    return out


def field_violations(policy: dict, kind: str, path: str, actor_roles: set[str], base: dict, head: dict) -> list[dict]:
    """Changed fields of one file that ``actor_roles`` may not change: ``{path, line, field, owners, why}``."""
    rules = (policy.get("kinds") or {}).get(kind)
    if not rules:
        return []
    base, head = base if isinstance(base, dict) else {}, head if isinstance(head, dict) else {}
    out = []

    def deny(field: str, rule: dict, line: int | None) -> None:
        if not actor_roles & set(rule["owners"]):
            out.append({"path": path, "line": line, "field": field, "owners": list(rule["owners"]), "why": rule["why"]})

    for field, rule in (rules.get("fields") or {}).items():
        if base.get(field) != head.get(field):
            deny(field, rule, line_of(head, field) if field in head else line_of(base, field))
    for field, spec in (rules.get("lists") or {}).items():
        old = [e for e in base.get(field) or [] if isinstance(e, dict)] if isinstance(base.get(field), list) else []
        new_list: list[Any] = head[field] if isinstance(head.get(field), list) else []
        for index, entry in enumerate(new_list):
            if isinstance(entry, dict) and entry not in old:  # added or changed
                deny(f"{field}[{entry.get(spec['key'])}]", spec["owners"].get(entry.get(spec["key"]), spec["default"]), line_of(new_list, index))
        for entry in old:
            if entry not in new_list:  # removed
                deny(f"{field}[{entry.get(spec['key'])}] (dihapus)", spec["owners"].get(entry.get(spec["key"]), spec["default"]),
                     line_of(head, field) if field in head else None)
    return out
