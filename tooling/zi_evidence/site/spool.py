"""Generated files go to disk as they are produced, so neither the generator nor the builder holds the site in memory.

Holding every page until MkDocs had rendered them all cost ~118 KB per page (1,000 units × 2 years: 1.5 GB). A
:class:`Spool` is picklable: worker processes write their units' files themselves and send back only paths.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .files import SiteFile


@dataclass(frozen=True)
class Spool:
    """Writes each generated text file under ``directory``. With a ``nonce`` (the MkDocs plugin), a Markdown page is
    written as its stub and its HTML runs go to ``parts`` (see :mod:`.splice`); without one (the export), whole."""

    directory: Path
    parts: Path | None = None
    nonce: str | None = None

    def put(self, f: SiteFile) -> SiteFile:
        """Write ``f`` and return it as a file on disk (repository files copied as they are pass through)."""
        if f.text is None:
            return f
        target = self.directory / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = f.text
        if self.nonce is not None and self.parts is not None and f.path.endswith(".md"):
            from .splice import search_html, split_page  # Python-Markdown: only where the plugin runs

            split = split_page(text, self.nonce)
            text = split.stub
            sidecar = self.parts_file(f.path)
            sidecar.parent.mkdir(parents=True, exist_ok=True)
            sidecar.write_text(json.dumps({"html": split.parts, "search": [search_html(p) for p in split.parts]}, ensure_ascii=False),
                               encoding="utf-8")
        target.write_text(text, encoding="utf-8")
        return SiteFile(f.path, source=target)

    def parts_file(self, path: str) -> Path:
        assert self.parts is not None
        return self.parts / f"{path}.json"

    def page_parts(self, path: str) -> dict[str, list[str]] | None:
        """The HTML runs of page ``path`` (``html``, and ``search`` for the index), or None for a page not split."""
        if self.parts is None:
            return None
        try:
            return json.loads(self.parts_file(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
