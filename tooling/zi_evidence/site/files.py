"""The output of the page generator: files by their path in the docs tree."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .markup import block, esc, md


class SpoolRecord(NamedTuple):
    """Where a split page's records are (:class:`.spool.Spool`): its pack file, the offset of its head record, and the
    sizes of the head and of the runs record that follows it."""

    pack: str
    offset: int
    head: int
    runs: int


@dataclass(frozen=True)
class SiteFile:
    """A generated page or data file (``text``), a generated binary file (``data``: the share cards), or a repository file
    copied as is (``source``)."""

    path: str  # POSIX path inside the docs tree, e.g. "unit/disdukcapil/index.md"
    text: str | None = None
    source: Path | None = None
    # hand-written Markdown inside (Beranda's intro): the plugin gives MkDocs the whole page, not a stub (splice.py)
    convert_whole: bool = False
    data: bytes | None = None
    record: SpoolRecord | None = None  # a stub's head and runs in the spool

    def __post_init__(self) -> None:
        if sum(x is not None for x in (self.text, self.source, self.data)) != 1:
            raise ValueError(f"{self.path}: give exactly one of text, data or source")
        parts = self.path.split("/")
        if self.path.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"unsafe site path {self.path!r}")


def front_matter(**meta: object) -> str:
    """YAML front matter from simple values (JSON literals are valid YAML and need no escaping care)."""
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items())
        else:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def excluded_from_search(markdown: str) -> bool:
    """Whether a generated page's front matter (:func:`front_matter`) keeps it out of the search index."""
    head = markdown.split("\n---\n", 1)[0] if markdown.startswith("---\n") else ""
    return "\nsearch:\n  exclude: true" in head


def page(path: str, title: str, *parts: str, convert_whole: bool = False, **meta: object) -> SiteFile:
    """A Markdown page whose first heading and page title are ``title``.

    MkDocs puts a page's title into ``<title>``, the header and the nav without escaping it, and would take
    it unescaped from the first heading; so the title is always given escaped in the front matter.
    """
    return SiteFile(path, front_matter(title=esc(title), **meta) + block(f"# {md(title)}", *parts), convert_whole=convert_whole)
