"""The generated files the spool wrote straight into ``site_dir``, kept out of MkDocs' list of files but found by path.

Those files (share cards, the per-unit JSON, printable letters…) are final where they are: MkDocs would only copy each
onto itself. Listed as ``File`` objects they cost the MkDocs process ~1 KB each once ``copy_static_files`` had asked
each for its destination, and that pass ran after the parallel render's fork, so each page of memory it touched was
copied: at 10,000 units 140,000 files, ~140 MB and ~17 s (3.6 s to make them, 13.5 s to "copy" them) of the process
that renders. Unlisted, they are neither copied nor iterated by MkDocs or another plugin; a link to one from a
hand-written page or a nav entry still resolves (and is checked) as MkDocs would, by :meth:`InPlaceFiles.get_file_from_path`.
"""

from __future__ import annotations

from pathlib import Path, PurePath

from mkdocs.structure.files import File, Files

GENERATED_BY = "zi"  # ``File.generated_by`` of a file found here, as MkDocs marks a plugin's files


class InPlaceFiles(Files):
    """MkDocs' files, plus a lookup by path of the files already in ``site_dir``.

    MkDocs empties ``site_dir`` before ``on_files`` (unless ``--dirty``), so what is there when it looks a path up was
    written by this build's generator (theme and ``docs/`` files are copied later, and are listed anyway)."""

    def __init__(self, files: Files, site_dir: Path, use_directory_urls: bool) -> None:
        super().__init__(files)
        self._site_dir = site_dir
        self._use_directory_urls = use_directory_urls

    def get_file_from_path(self, path: str) -> File | None:
        return super().get_file_from_path(path) or self._written(path)

    def __contains__(self, path: str) -> bool:
        return super().__contains__(path) or self._written(path) is not None

    def _written(self, path: str) -> File | None:
        """A file the generator wrote at ``path`` (a docs-relative URI); never a page, nothing outside ``site_dir``."""
        uri = PurePath(path).as_posix()
        parts = uri.split("/")
        if uri.startswith("/") or uri.endswith(".md") or any(p in ("", ".", "..") for p in parts):
            return None
        target = self._site_dir.joinpath(*parts)
        if not target.is_file():
            return None
        found = File(uri, src_dir=None, dest_dir=str(self._site_dir), use_directory_urls=self._use_directory_urls)
        found.generated_by = GENERATED_BY
        found.abs_src_path = str(target)
        return found
