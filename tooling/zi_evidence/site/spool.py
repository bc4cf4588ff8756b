"""Generated files go to disk as they are produced, so neither the generator nor the builder holds the site in memory.

Holding every page until MkDocs had rendered them all cost ~118 KB per page (1,000 units × 2 years: 1.5 GB). A
:class:`Spool` is picklable: worker processes write their units' files themselves and send back only paths.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import SiteFile, SpoolRecord, excluded_from_search
from .preconvert import MarkdownSettings, convert_stub

PACK = ".pack"  # the suffix of a process's pack of page records


@dataclass(frozen=True)
class Spool:
    """Writes each generated file under ``directory`` as it is made. With a ``nonce`` (the MkDocs plugin), a Markdown
    page stays in memory as its small stub and everything else about it goes to two compressed records under ``parts``:
    its head (:meth:`page_head`: how many HTML runs and — with the site's ``markdown`` settings — the stub converted
    here, in the worker, :mod:`.preconvert`) and its runs (:meth:`page`: the HTML runs, :mod:`.splice`, and their search
    text when ``search_text``). Without a nonce (the export) pages are written whole.

    The two records are appended to one pack file per process (``parts/<pid>.pack``) and found by the
    :class:`SpoolRecord` the stub carries. As two new files per page (136,000 at 10,000 units) writing them took 2.4 ms
    per unit, and 6.5 ms where creating a file is slow (this machine's ``/tmp``: ~230 µs a file)."""

    directory: Path
    parts: Path | None = None
    nonce: str | None = None
    markdown: MarkdownSettings | None = None
    search_text: bool = True  # keep each run's search text, for a search plugin that reads page.content (Material's)
    # where files that are not Markdown pages go: the builder's output folder, where they are final as written (MkDocs
    # copies nothing onto itself: 190,000 copies at 10,000 units took 17 s); None: ``directory``. With it, the public
    # evidence files are copied there too, by the worker that verified them, not later by MkDocs' one process (80,000
    # files at 10,000 units: 13.5 s while the other core rendered)
    output: Path | None = None
    # the folders this spool has made, in this process: each made once, not once per file (two system calls a file);
    # a new build has a new spool, so a cleaned site folder is made again
    _made: set[Path] = field(default_factory=set, compare=False, repr=False)

    def put(self, f: SiteFile) -> SiteFile:
        """Write ``f`` and return it as a file on disk, or as its stub (a repository file is copied into ``output``, or
        passes through without one)."""
        if f.data is not None:
            return SiteFile(f.path, source=self._write(f.path, f.data, self.output))
        if f.text is None:  # a repository file `zi check` verified (public evidence): copied now, in this worker
            return f if self.output is None or f.source is None else SiteFile(f.path, source=self._copy(f.path, f.source))
        if not f.path.endswith(".md"):
            return SiteFile(f.path, source=self._write(f.path, f.text.encode("utf-8"), self.output))
        if self.nonce is not None and self.parts is not None and not f.convert_whole:
            return self._put_page(f)
        return SiteFile(f.path, source=self._write(f.path, f.text.encode("utf-8")))

    def _write(self, path: str, data: bytes, folder: Path | None = None) -> Path:
        target = (folder or self.directory) / path
        self._make_parent(target)
        target.write_bytes(data)
        return target

    def _make_parent(self, target: Path) -> None:
        folder = target.parent
        if folder not in self._made:
            folder.mkdir(parents=True, exist_ok=True)
            self._made.add(folder)

    def in_output(self, f: SiteFile) -> bool:
        """Whether ``f`` (as :meth:`put` returned it) is a file this spool wrote into ``output``, final where it is."""
        # as text: joining and comparing 178,000 paths took 0.7 s of the MkDocs process at 10,000 units
        return self.output is not None and f.source is not None and str(f.source) == f"{self.output}/{f.path}"

    def _copy(self, path: str, source: Path) -> Path:
        assert self.output is not None
        target = self.output / path
        self._make_parent(target)
        shutil.copyfile(source, target)
        return target

    def _put_page(self, f: SiteFile) -> SiteFile:
        from .splice import search_html, split_page  # Python-Markdown: only where the plugin runs

        assert f.text is not None and self.nonce is not None and self.parts is not None
        split = split_page(f.text, self.nonce)
        record: dict[str, list[str]] = {"html": split.parts}
        if self.search_text and not excluded_from_search(split.stub):  # the LKE pages, the largest, are not indexed: no search text to make
            record["search"] = [search_html(p) for p in split.parts]
        head: dict[str, object] = {"runs": len(split.parts)}
        if self.markdown is not None:
            head["converted"] = convert_stub(split.stub, self.markdown, split.parts)
        # two records: the builder converts every page before it renders any, and the conversion needs only the head
        packed_head, packed_runs = _pack(head), _pack_texts(record)
        name = f"{os.getpid()}{PACK}"  # one writer per file: a worker process appends to its own
        self._make_parent(self.parts / name)
        with (self.parts / name).open("ab") as fh:
            offset = fh.tell()
            fh.write(packed_head + packed_runs)
        return SiteFile(f.path, split.stub, record=SpoolRecord(name, offset, len(packed_head), len(packed_runs)))

    def page(self, ref: SpoolRecord | None) -> dict[str, list[str]] | None:
        """The runs of a split page (``ref``: its stub's :attr:`SiteFile.record`): ``html`` and ``search`` (their text,
        unless the page is not indexed or no search plugin reads it); None for a page not split."""
        return None if ref is None else _unpack_texts(self._read(ref.pack, ref.offset + ref.head, ref.runs))

    def page_head(self, ref: SpoolRecord | None) -> dict[str, Any] | None:
        """What converting a split page needs: ``runs`` (how many) and ``converted`` (or None); None for a page not split."""
        if ref is None:
            return None
        loaded: dict[str, Any] = json.loads(self._read(ref.pack, ref.offset, ref.head))
        return loaded

    def _read(self, pack: str, offset: int, size: int) -> bytes:
        assert self.parts is not None
        with (self.parts / pack).open("rb") as fh:
            fh.seek(offset)
            data = fh.read(size)
        if len(data) != size:
            raise OSError(f"{self.parts / pack}: page record cut short ({len(data)} of {size} bytes at {offset})")
        return _decompress(data)


def _compress(data: bytes) -> bytes:
    """LZ4 (a block with its size): the HTML is ~5× smaller on disk, and a unit's ~190 KB of runs compress in 0.08 ms
    and come back in 0.02 ms, against 0.77 and 0.30 ms with zlib at its fastest level (3 % of a unit's pages)."""
    import lz4.block  # the site's dependency ([site]): only a spool that packs pages (the MkDocs plugin) needs it

    compressed: bytes = lz4.block.compress(data, store_size=True)
    return compressed


def _decompress(data: bytes) -> bytes:
    import lz4.block

    try:
        raw: bytes = lz4.block.decompress(data)
    except lz4.block.LZ4BlockError as exc:
        raise OSError(f"page record damaged: {exc}") from None
    return raw


def _pack(record: dict[str, object]) -> bytes:
    return _compress(json.dumps(record, ensure_ascii=False).encode("utf-8"))


def _pack_texts(record: dict[str, list[str]]) -> bytes:
    """Lists of texts (a page's HTML runs) as a JSON line of their byte lengths, then the texts themselves as UTF-8:
    quoting ~190 KB of HTML per unit into JSON and parsing it back cost more than compressing it."""
    encoded = {key: [text.encode("utf-8") for text in texts] for key, texts in record.items()}
    lengths = json.dumps({key: [len(b) for b in blobs] for key, blobs in encoded.items()}).encode("ascii")
    return _compress(b"".join([lengths, b"\n", *(b for blobs in encoded.values() for b in blobs)]))


def _unpack_texts(data: bytes) -> dict[str, list[str]]:
    header, _, body = data.partition(b"\n")
    lengths: dict[str, list[int]] = json.loads(header)
    out: dict[str, list[str]] = {}
    at = 0
    for key, sizes in lengths.items():
        texts = out[key] = []
        for size in sizes:
            texts.append(body[at:at + size].decode("utf-8"))
            at += size
    if at != len(body):
        raise OSError(f"page record holds {len(body)} bytes of text, its header {at}")
    return out
