"""What of an evidence entry may be published: the one rule the site pages, the JSON API and PortalRB documents share.

Public evidence: everything. Internal evidence: id, kind, date or period, supported items and sha256 — never its title,
file name, URL or description (a Drive share link in a title reached the public site once); an optional
``public_title`` is the one text the unit chooses to publish.
"""

from __future__ import annotations

from typing import Any

ALWAYS = ("id", "kind", "date", "period", "supports", "visibility", "sha256")


def is_public(entry: dict) -> bool:
    return entry.get("visibility") == "public"


def disclosed(entry: dict) -> dict[str, Any]:
    """The publishable fields of one manifest entry (``title`` only when there is a publishable one)."""
    out = {k: entry[k] for k in ALWAYS if k in entry}
    if is_public(entry):
        out.update({k: entry[k] for k in ("title", "description", "url", "file", "retrieved") if k in entry})
    elif entry.get("public_title"):
        out["title"] = entry["public_title"]
    return out


def label(entry: dict) -> str:
    """The text that names an entry on a public page: its title when publishable, else its id."""
    return str(disclosed(entry).get("title") or entry.get("id"))
