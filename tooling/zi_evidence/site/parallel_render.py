"""Rendering the generated pages on every core.

MkDocs renders and writes every page in one process, one after another (Material's ``main.html``: ~1 ms a page); at
10,000 units that is a minute of one core while the other waits. Once MkDocs has read and converted every page
(``on_env``, its last event before it renders), :func:`start` forks worker processes that render a share of the
generated pages with MkDocs' own ``_build_page`` — the same template, context and plugin events, so the bytes are the
same — and write them. MkDocs' own pass renders the rest; for a page a worker took, it renders a one-line template
(:data:`DONE_TEMPLATE`) into ``os.devnull``: 0.1 ms a page (0.3 ms into a scratch file, recreated each time on a
disk where creating a file is slow; ~5 s of the MkDocs process at 10,000 units). :meth:`Renders.finish` (``on_post_build``)
waits for the workers, replays what they logged (so ``--strict`` still counts their warnings) and puts each page's
template and destination back.

Only when it is safe: the build forks (no other threads: ``mkdocs serve`` rebuilds in one), MkDocs has ``_build_page``,
and no plugin but ``zi`` listens to the events of rendering (``page_context``, ``post_page``) — a plugin that collects
something there (Material's search, a sitemap plugin) would collect it in a worker, and lose it.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import signal
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..workers import MAX_WORKERS, start_method, worker_count

DONE_TEMPLATE = "zi-rendered.html"  # in the theme layer (theme/): what MkDocs' own pass renders for a page a worker wrote
RENDER_EVENTS = ("page_context", "post_page")
MIN_PAGES = 400  # below this, a fork costs more than it saves
PROCESSES_ENV = "ZI_RENDER_PROCESSES"  # how many processes render (1: MkDocs' alone), whatever the number of pages


def _build_page() -> Callable | None:
    try:
        from mkdocs.commands.build import _build_page as build_page  # MkDocs' own page pass (pinned MkDocs 1.6)
    except ImportError:
        return None
    return build_page


def can_render_in_parallel(plugins: Any, owner: object) -> bool:
    """Whether pages may be rendered outside the MkDocs process: only ``owner`` (the zi plugin) listens to rendering."""
    events = getattr(plugins, "events", None)
    if events is None or _build_page() is None or start_method() != "fork" or not hasattr(os, "fork"):
        return False
    return all(getattr(method, "__self__", None) is owner for name in RENDER_EVENTS for method in events.get(name, ()))


class _Collect(logging.Handler):
    """A worker's log records, replayed by the parent (MkDocs counts warnings there for ``--strict``)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


@dataclass
class Renders:
    """Workers rendering their share of the pages; the parent's pass skips those pages (:meth:`taken`)."""

    workers: list[tuple[int, Path]] = field(default_factory=list)  # (pid, where it reports)
    pages: dict[str, Any] = field(default_factory=dict)  # src_uri → page a worker renders
    templates: dict[str, str | None] = field(default_factory=dict)  # src_uri → the page's own template (front matter)
    scratch: Path | None = None

    def __len__(self) -> int:
        return len(self.pages)

    def taken(self, page: Any) -> bool:
        return page.file.src_uri in self.pages

    def finish(self, stats: Counter[str]) -> None:
        """Wait for every worker; replay their logs and counts; restore the pages. Raises if a worker failed."""
        failures = []
        for pid, report in self.workers:
            _, status = os.waitpid(pid, 0)
            try:
                result = json.loads(report.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                result = {"error": f"proses pekerja berhenti tanpa laporan (status {status})", "records": [], "stats": {}}
            for name, level, message in result["records"]:
                logging.getLogger(name).log(level, message)
            stats.update(result["stats"])
            if result["error"]:
                failures.append(result["error"])
        for uri, page in self.pages.items():
            template = self.templates.get(uri)
            if template is None:
                page.meta.pop("template", None)
            else:
                page.meta["template"] = template
            page.file.__dict__.pop("abs_dest_path", None)  # MkDocs' own destination again (a cached property)
        self.workers, self.pages, self.templates = [], {}, {}
        self._drop_scratch()
        if failures:
            raise RuntimeError("; ".join(failures))

    def abandon(self) -> None:
        """The build failed: stop the workers (they would go on writing pages of a build that is over)."""
        for pid, _ in self.workers:
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except OSError:
                pass
        self.workers = []
        self._drop_scratch()

    def _drop_scratch(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


def process_count(pages: int) -> int:
    """Processes that render, the MkDocs process included: one per core for ``MIN_PAGES`` pages or more, or what
    ``ZI_RENDER_PROCESSES`` says."""
    chosen = os.environ.get(PROCESSES_ENV, "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return min(int(chosen), MAX_WORKERS)
    return worker_count(pages, MIN_PAGES)


def start(pages: Sequence[Any], render_args: tuple, stats_of_worker: Callable[[], Counter[str]]) -> Renders:
    """Fork workers that render ``pages`` round-robin with the parent (which keeps share 0), then mark the workers'
    pages so MkDocs' own pass writes them to a scratch file. ``render_args``: MkDocs' (config, doc_files, nav, env)."""
    renders = Renders()
    count = process_count(len(pages))
    if count < 2:
        return renders
    build_page = _build_page()
    assert build_page is not None
    renders.scratch = Path(tempfile.mkdtemp(prefix="zi-render-"))
    gc.freeze()  # what exists now is never traversed by a worker's collector, so it stays shared, not copied
    try:
        for share in range(1, count):
            mine = list(pages[share::count])
            report = renders.scratch / f"worker-{share}.json"
            pid = os.fork()
            if pid == 0:  # the worker: render, report, and leave without running the parent's cleanup
                _work(build_page, mine, render_args, report, stats_of_worker)
            renders.workers.append((pid, report))
            renders.pages.update((p.file.src_uri, p) for p in mine)
    finally:
        gc.unfreeze()
    sink = os.devnull
    for uri, page in renders.pages.items():
        renders.templates[uri] = page.meta.get("template")
        page.meta["template"] = DONE_TEMPLATE
        page.file.abs_dest_path = sink
    return renders


def _work(build_page: Callable, pages: list[Any], render_args: tuple, report: Path, stats_of_worker: Callable[[], Counter[str]]) -> None:
    code, error = 0, None
    before = Counter(stats_of_worker())
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.handlers, logger.propagate = [collect], False
    try:
        config, doc_files, nav, env = render_args
        for page in pages:
            build_page(page, config, doc_files, nav, env)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the build
        code, error = 1, f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"
    try:
        tmp = report.with_suffix(".tmp")
        tmp.write_text(json.dumps({"error": error, "records": collect.records, "stats": dict(Counter(stats_of_worker()) - before)}), encoding="utf-8")
        tmp.replace(report)
    finally:
        os._exit(code)
