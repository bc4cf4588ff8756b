"""Generated files go to disk as they are produced, so neither the generator nor the builder holds the site in memory.

Holding every page until MkDocs had rendered them all cost ~118 KB per page (1,000 units × 2 years: 1.5 GB). A
:class:`Spool` is picklable: worker processes write their units' files themselves and send back only paths.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .files import SiteFile, excluded_from_search
from .preconvert import MarkdownSettings, convert_stub

HEAD = ".head"  # the suffix of a page's head record


@dataclass(frozen=True)
class Spool:
    """Writes each generated file under ``directory`` as it is made. With a ``nonce`` (the MkDocs plugin), a Markdown
    page stays in memory as its small stub and everything else about it goes to two compressed files under ``parts``:
    its head (:meth:`page_head`: how many HTML runs and — with the site's ``markdown`` settings — the stub converted
    here, in the worker, :mod:`.preconvert`) and its runs (:meth:`page`: the HTML runs, :mod:`.splice`, and their search
    text when ``search_text``). Without a nonce (the export) pages are written whole."""

    directory: Path
    parts: Path | None = None
    nonce: str | None = None
    markdown: MarkdownSettings | None = None
    search_text: bool = True  # keep each run's search text, for a search plugin that reads page.content (Material's)
    # where files that are not Markdown pages go: the builder's output folder, where they are final as written (MkDocs
    # copies nothing onto itself: 190,000 copies at 10,000 units took 17 s); None: ``directory``
    output: Path | None = None

    def put(self, f: SiteFile) -> SiteFile:
        """Write ``f`` and return it as a file on disk, or as its stub (repository files pass through)."""
        if f.data is not None:
            return SiteFile(f.path, source=self._write(f.path, f.data, self.output))
        if f.text is None:
            return f
        if not f.path.endswith(".md"):
            return SiteFile(f.path, source=self._write(f.path, f.text.encode("utf-8"), self.output))
        if self.nonce is not None and self.parts is not None and not f.convert_whole:
            return self._put_page(f)
        return SiteFile(f.path, source=self._write(f.path, f.text.encode("utf-8")))

    def _write(self, path: str, data: bytes, folder: Path | None = None) -> Path:
        target = (folder or self.directory) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return target

    def _put_page(self, f: SiteFile) -> SiteFile:
        from .splice import search_html, split_page  # Python-Markdown: only where the plugin runs

        assert f.text is not None and self.nonce is not None
        split = split_page(f.text, self.nonce)
        record: dict[str, object] = {"html": split.parts}
        if self.search_text and not excluded_from_search(split.stub):  # the LKE pages, the largest, are not indexed: no search text to make
            record["search"] = [search_html(p) for p in split.parts]
        head: dict[str, object] = {"runs": len(split.parts)}
        if self.markdown is not None:
            head["converted"] = convert_stub(split.stub, self.markdown, split.parts)
        # two records: the builder converts every page before it renders any, and the conversion needs only the head
        self._write_record(self._page_file(f.path), record)
        self._write_record(self._page_file(f.path, HEAD), head)
        return SiteFile(f.path, split.stub)

    @staticmethod
    def _write_record(target: Path, record: dict[str, object]) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        # zlib at its fastest level: the HTML is ~10× smaller, and this shared machine's disk is the slow part
        target.write_bytes(zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 1))

    def _page_file(self, path: str, suffix: str = "") -> Path:
        assert self.parts is not None
        return self.parts / f"{path}{suffix}.json.z"

    def page(self, path: str) -> dict[str, Any] | None:
        """The runs of page ``path``: ``html`` and ``search`` (their text, unless the page is not indexed or no search
        plugin reads it); None for a page not split."""
        return self._read(path)

    def page_head(self, path: str) -> dict[str, Any] | None:
        """What converting page ``path`` needs: ``runs`` (how many) and ``converted`` (or None); None for a page not split."""
        return self._read(path, HEAD)

    def _read(self, path: str, suffix: str = "") -> dict[str, Any] | None:
        if self.parts is None:
            return None
        try:
            return json.loads(zlib.decompress(self._page_file(path, suffix).read_bytes()))
        except FileNotFoundError:
            return None
