"""The site generator: repository in, a tree of Markdown pages, JSON and public files out.

Independent of MkDocs on purpose — the MkDocs plugin is an adapter (plus the stubs of splice.py), and ``zi site export``
writes the same tree to disk for any Material-compatible builder (e.g. Zensical, which reads
``mkdocs.yml`` but not MkDocs plugins).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..check import publication_report
from ..gitdata import GitHistory
from ..i18n import _, set_language, using_language
from ..layout import UNITS
from ..portalrb import document_problems, document_text, proposal_documents, unit_answer_documents
from ..problems import DataError
from ..repository import Repository
from ..termprogress import TerminalProgress
from ..workers import process_pool, start_method, worker_count
from ..yamlio import shared_parses
from .api import data_page, evidence_index
from .context import SiteContext, SiteOptions, UnitView, make_unit_view
from .evidence_page import public_evidence_files
from .feeds import unit_events
from .files import SiteFile
from .home_page import home_page, unit_list_pages
from .letters_page import pengajuan_files, submission_years
from .methodology_pages import methodology_index, ruleset_page
from .pages import OPEN_DATA, SITE_FILES, UNIT_PAGES, UnitInputs
from .search import search_page
from .spool import Spool

ASSETS = ("assets/zi.css", "assets/zi.js")
EXTRA_CSS = ["assets/zi.css"]
EXTRA_JS = ["assets/zi.js"]
THEME_DIR = Path(__file__).parent / "theme"  # template overrides (main.html): Open Graph tags and the feed link


@dataclass
class SiteBuild:
    files: list[SiteFile]
    warnings: list[str] = field(default_factory=list)  # shown by the builder; fail `mkdocs build --strict`
    errors: list[str] = field(default_factory=list)  # the site must not be published: what `zi check` refuses (personal data…)


PARALLEL_MIN_UNITS = 40  # below this, starting worker processes costs more than it saves
CHUNK_UNITS = 5  # units per job: small jobs keep both cores busy to the end and the parent's memory flat


@dataclass
class UnitPages:
    """What one unit contributes: its files, build warnings, the findings that block publication, PortalRB documents,
    and its slimmed view for Beranda."""

    files: list[SiteFile]
    warnings: list[str]
    errors: list[str]
    portal: dict[str, dict]
    view: UnitView


def unit_pages(ctx: SiteContext, git_history: GitHistory | None, unit_id: str, spool: Spool | None = None) -> UnitPages:
    """Every file of one unit; its files are parsed once for the pages and the publication gate (:func:`shared_parses`)."""
    with shared_parses():
        return _unit_pages(ctx, git_history, unit_id, spool)


def _unit_pages(ctx: SiteContext, git_history: GitHistory | None, unit_id: str, spool: Spool | None = None) -> UnitPages:
    """Every file of one unit. Pure of other units, so units can be generated in any process.

    Publication is gated by `zi check` itself (run here on the unit's folder): the build refuses exactly the findings
    listed in ``PUBLICATION_BLOCKERS`` and copies only the evidence files the check verified. The generated output is
    not scanned again: it holds numbers the tool computed, which are never personal data.
    """
    view = make_unit_view(ctx.repo.unit(unit_id))
    gate = publication_report(ctx.repo.root, ctx.repo.root / UNITS / unit_id, ctx.repo.loader)
    warnings = [f"{p.file}:{p.line or 1}: {p.message}" for p in view.record.problems]
    # a skeleton's "GANTI: …" must never reach the public: a warning, so `mkdocs build --strict` refuses the site
    warnings += [f"{p.file}:{p.line or 1}: {p.message} — tidak diterbitkan sebelum diganti" for p in gate.problems if p.code == "text.placeholder"]
    for entry in view.record.lke:
        if entry.result is None:
            first = entry.problems[0] if entry.problems else None
            warnings.append(f"{entry.display}: tidak dapat dinilai" + (f" ({first.file}:{first.line}: {first.message})" if first else ""))
    copied, copy_warnings = public_evidence_files(view, gate)
    warnings.extend(copy_warnings)
    inputs = UnitInputs(git_history, gate)
    made = [f for build in UNIT_PAGES.values() for f in build(ctx, view, inputs)] + copied
    files = [spool.put(f) for f in made] if spool else made
    portal: dict[str, Any] = {}
    if ctx.options.portalrb:
        for year in view.record.years:
            portal.update((f"{year}/{path}", doc) for path, doc in unit_answer_documents(ctx.repo, view.record, year).items())
    view.events = unit_events(view, git_history)
    view.evidence_index = evidence_index(view)
    view.slim()
    return UnitPages(files, warnings, [str(p) for p in gate.blocking], portal, view)


_worker_state: tuple[SiteContext, GitHistory | None, Spool | None] | None = None


def _start_worker(root: Path, options: SiteOptions, git_history: GitHistory | None, spool: Spool | None) -> None:
    """One context per worker process. A forked worker inherits the parent's commit list (``git_history``); it has
    read no blob yet, so each worker starts its own ``git cat-file`` on first use. A spawned one lists the commits itself."""
    global _worker_state  # noqa: PLW0603
    if git_history is None and options.history:
        git_history = GitHistory.open(root)
    set_language(options.language)
    _worker_state = (SiteContext(Repository(root), options), git_history, spool)


def _pages_of(unit_ids: list[str]) -> list[UnitPages]:
    assert _worker_state is not None
    ctx, git_history, spool = _worker_state
    return [unit_pages(ctx, git_history, unit_id, spool) for unit_id in unit_ids]


def outside_units(root: Path) -> list[str]:
    """What stops publication outside unit folders (`zi check` on instansi.yaml, units/prasyarat/ and every file and
    folder name)."""
    return [str(p) for p in publication_report(root, None).blocking]


def all_unit_pages(ctx: SiteContext, workers: int | None = None, spool: Spool | None = None,
                   outside: list[str] | None = None) -> Iterator[UnitPages]:
    """Each unit's pages, in unit order; large repositories use one worker process per core (see :mod:`..workers`).
    ``outside`` receives :func:`outside_units` once the units are done: with workers, one of them walks the whole
    repository for it beside the units (at 10,000 units it walked 3–5 s alone before any worker started)."""
    unit_ids = ctx.repo.unit_ids()
    if workers is None:
        workers = worker_count(len(unit_ids), PARALLEL_MIN_UNITS)
    if workers <= 1:
        if outside is not None:
            outside.extend(outside_units(ctx.repo.root))
        git_history = GitHistory.open(ctx.repo.root) if ctx.options.history else None
        for unit_id in unit_ids:  # one unit at a time: its parsed files are released after its pages
            yield unit_pages(ctx, git_history, unit_id, spool)
        return
    shared_history = GitHistory.open(ctx.repo.root) if start_method() == "fork" and ctx.options.history else None
    chunks = [unit_ids[i:i + CHUNK_UNITS] for i in range(0, len(unit_ids), CHUNK_UNITS)]
    with process_pool(workers, _start_worker, (ctx.repo.root, ctx.options, shared_history, spool)) as pool:
        whole = pool.submit(outside_units, ctx.repo.root) if outside is not None else None
        for chunk in pool.map(_pages_of, chunks):
            yield from chunk
        if outside is not None and whole is not None:
            outside.extend(whole.result())


def generate_site(root: Path, options: SiteOptions | None = None, intro: str = "", workers: int | None = None,
                  spool: Spool | None = None) -> SiteBuild:
    """Every generated file of the public site. ``intro`` is the hand-written Beranda text, placed above the generated part.

    With a ``spool`` each file is written out as soon as it is made and the build lists paths; without one, texts.
    """
    options = options or SiteOptions()
    with using_language(options.language):
        return _generate(root, options, intro, workers, spool)


def _generate(root: Path, options: SiteOptions, intro: str, workers: int | None, spool: Spool | None) -> SiteBuild:
    ctx = SiteContext(Repository(root), options)
    methodology: list[SiteFile] = [methodology_index(ctx)]
    warnings: list[str] = []
    for rid in ctx.rule_sets():
        try:
            methodology.append(ruleset_page(ctx, ctx.repo.rules(rid)))
        except DataError as exc:
            warnings.append(f"rules/{rid}: rule set tidak dapat dimuat ({exc.problems[0].message}); halamannya dilewati")
    unit_files: list[SiteFile] = []
    outside: list[str] = []  # instansi.yaml, units/prasyarat/, file names
    unit_errors: list[str] = []
    portal: dict[str, dict] = {}
    progress = TerminalProgress(_("zi: halaman unit dibuat"), len(ctx.repo.unit_ids()))
    for pages in all_unit_pages(ctx, workers, spool, outside):
        progress.step()
        unit_files.extend(pages.files)
        warnings.extend(pages.warnings)
        unit_errors.extend(pages.errors)
        portal.update(pages.portal)
        ctx.units.append(pages.view)
    progress.close()
    errors = outside + unit_errors
    submissions = sorted({y for v in ctx.units for y in submission_years(v.record)})
    shared = [f for year in submissions for f in pengajuan_files(ctx, [v.record for v in ctx.units], year)]
    extra = list(OPEN_DATA)
    if options.portalrb:
        years = sorted({y for v in ctx.units for y in v.record.years})
        for year in years:
            proposals = proposal_documents([v.record for v in ctx.units], year, ctx.default_rules.predicate_ids)
            portal.update((f"{year}/{path}", doc) for path, doc in proposals.items())
        problems = document_problems(portal)
        if problems:  # never publish what PortalRB would reject (the CLI export refuses the same)
            raise DataError(problems)
        for path, doc in sorted(portal.items()):
            text = document_text(doc)
            shared.append(SiteFile(f"portalrb/{path}", text))  # the exact endpoint path PortalRB requests
            shared.append(SiteFile(f"portalrb/{path}.json", text))
        extra += [(f"portalrb/{y}/pengusulan/unit-wbk.json", f"PortalRB {y}: unit diusulkan menuju WBK (base URL: portalrb/{y}/)", None)
                  for y in years]
    for build in SITE_FILES.values():
        shared.extend(build(ctx))
    shared.extend(SiteFile(path, resources.files("zi_evidence.site").joinpath(path).read_text(encoding="utf-8")) for path in ASSETS)
    head = [home_page(ctx, intro, submissions), *unit_list_pages(ctx), search_page(ctx), data_page(ctx, extra), *methodology]
    if spool:  # the files made after the units (Beranda, api/, the feed); each unit's went out as it was made
        head, shared = [spool.put(f) for f in head], [spool.put(f) for f in shared]
    return SiteBuild(head + unit_files + shared, warnings, errors)
