"""Generated pages rendered by worker processes (site/parallel_render.py): the same bytes as MkDocs' own pass, failures
and warnings reach the build, and only when no other plugin listens to rendering."""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from sitecheck import mkdocs_build, repo_with_site, with_theme_dropping_content
from zi_evidence.site import parallel_render


def _files(site: Path) -> dict[str, bytes]:
    # Pagefind's fragment names follow the order it finds the pages in, which on tmpfs is the order they were written
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts}


def test_pages_rendered_by_workers_are_byte_for_byte_mkdocs_own(tmp_path):
    root = repo_with_site(tmp_path / "repo")
    spool = tmp_path / "tmp"
    spool.mkdir()
    serial = mkdocs_build(root / "mkdocs.yml", tmp_path / "serial", env={"ZI_RENDER_PROCESSES": "1", "TMPDIR": str(spool)})
    parallel = mkdocs_build(root / "mkdocs.yml", tmp_path / "parallel", env={"ZI_RENDER_PROCESSES": "3", "TMPDIR": str(spool)})
    assert serial.returncode == 0 and parallel.returncode == 0, parallel.stderr
    assert "proses pekerja" not in re.sub(r"dikonversi di proses pekerja", "", serial.stderr)
    taken = re.search(r"(\d+) halaman ditulis oleh 2 proses pekerja", parallel.stderr)
    assert taken and int(taken.group(1)) > 10, parallel.stderr
    # every page still had its HTML spliced in, once (in whichever process rendered it)
    inserted = [re.search(r"(\d+) disisipi HTML", log).group(1) for log in (serial.stderr, parallel.stderr)]  # type: ignore[union-attr]
    assert inserted[0] == inserted[1]
    a, b = _files(tmp_path / "serial"), _files(tmp_path / "parallel")
    assert a.keys() == b.keys() and len(a) > 100
    assert [name for name in a if a[name] != b[name]] == []
    assert list(spool.iterdir()) == []  # the spool and the workers' scratch folder are gone


def test_a_page_a_worker_cannot_render_fails_the_build(tmp_path):
    config = with_theme_dropping_content(repo_with_site(tmp_path / "repo"))
    spool = tmp_path / "tmp"
    spool.mkdir()
    result = mkdocs_build(config, tmp_path / "site", env={"ZI_RENDER_PROCESSES": "2", "TMPDIR": str(spool)})
    assert result.returncode != 0
    assert "isi halaman hilang" in result.stderr
    assert list(spool.iterdir()) == []  # workers stopped, their scratch folder and the spool removed


def _fake_pages(n: int) -> list[SimpleNamespace]:
    return [SimpleNamespace(file=SimpleNamespace(src_uri=f"unit/u{i}/index.md"), meta={}) for i in range(n)]


def test_a_workers_error_and_warnings_come_back_to_the_build(tmp_path, monkeypatch, caplog):
    written = tmp_path / "written"
    written.mkdir()

    def build_page(page, config, doc_files, nav, env):
        if page.file.src_uri == "unit/u5/index.md":
            raise ValueError("templat rusak")
        if page.file.src_uri == "unit/u3/index.md":
            logging.getLogger("mkdocs.plugins.contoh").warning("tautan tidak ditemukan")
        (written / page.file.src_uri.replace("/", "_")).write_text("x")

    monkeypatch.setattr(parallel_render, "_build_page", lambda: build_page)
    monkeypatch.setenv(parallel_render.PROCESSES_ENV, "2")
    pages = _fake_pages(8)
    renders = parallel_render.start(pages, (None, [], None, None), Counter)
    assert sorted(renders.pages) == [f"unit/u{i}/index.md" for i in (1, 3, 5, 7)]  # round-robin: the parent keeps 0, 2, …
    assert all(p.meta["template"] == parallel_render.DONE_TEMPLATE for p in pages[1::2]) and pages[0].meta == {}
    assert all(p.file.abs_dest_path == os.devnull for p in pages[1::2])  # MkDocs' placeholder pass writes no file
    with caplog.at_level(logging.WARNING), pytest.raises(RuntimeError, match="templat rusak"):
        renders.finish(Counter())
    assert "tautan tidak ditemukan" in caplog.text  # replayed in the parent, where --strict counts it
    assert sorted(p.name for p in written.iterdir()) == ["unit_u1_index.md", "unit_u3_index.md"]  # stopped at u5
    assert all(p.meta == {} for p in pages)  # template and destination given back
    assert renders.scratch is None


def test_only_a_build_where_nothing_else_listens_to_rendering_is_parallel(monkeypatch):
    class Plugin:
        def on_post_page(self, output, **kw):
            return output

    ours, theirs = Plugin(), Plugin()
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    alone = SimpleNamespace(events={"page_context": [ours.on_post_page], "post_page": [ours.on_post_page], "page_content": [theirs.on_post_page]})
    assert parallel_render.can_render_in_parallel(alone, ours)
    shared = SimpleNamespace(events={"page_context": [], "post_page": [ours.on_post_page, theirs.on_post_page]})
    assert not parallel_render.can_render_in_parallel(shared, ours)  # e.g. a minifier or Material's search: it would collect in a worker
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not parallel_render.can_render_in_parallel(alone, ours)  # mkdocs serve rebuilds in a thread: no fork


def test_few_pages_stay_in_mkdocs_own_process(monkeypatch):
    monkeypatch.delenv(parallel_render.PROCESSES_ENV, raising=False)
    assert parallel_render.process_count(parallel_render.MIN_PAGES - 1) == 1
    monkeypatch.setenv(parallel_render.PROCESSES_ENV, "1")
    assert parallel_render.process_count(100_000) == 1
    monkeypatch.setenv(parallel_render.PROCESSES_ENV, "3")
    assert parallel_render.process_count(10) == 3
