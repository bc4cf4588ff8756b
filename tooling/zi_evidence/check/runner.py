"""Walk a repository and report every problem as ``file:line: message`` (Indonesian, with the fix).

The checks themselves live in ``families/`` (one module per kind of data); this module orders them over the one
repository walk (:mod:`..walker`) and runs large repositories in parallel.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ..gitfs import GitPath
from ..layout import UNITS, unit_dirs
from ..lkefile import find_answers_files
from ..problems import DataError
from ..repository import Repository
from ..ruleset.loader import RuleSetLoader
from ..walker import walk
from ..workers import CHUNKS_PER_WORKER, Progress, process_pool, worker_count
from ..yamlio import read_yaml, shared_parses
from .cache import UnitCache
from .context import PUBLICATION_BLOCKERS, Checker, CheckReport
from .families import repository_wide
from .families.unit import check_unit
from .scope import EVERYTHING, ChangeScope

__all__ = ["PUBLICATION_BLOCKERS", "CheckReport", "check_repository", "publication_report"]


def run(ctx: Checker, only: Path | None, units: list[Path] | None = None, repository_wide_checks: bool = True,
        scope: ChangeScope = EVERYTHING, render: Callable | None = None) -> CheckReport:
    """Check the units (all, or those under ``only``, or exactly ``units``); ``repository_wide_checks`` adds the checks
    of everything outside unit folders (a parallel run does those once, in its first worker), walking only the unit
    folders ``scope`` names. With ``render(result, rules)``, each unit's answers files are also scored and rendered
    right after its checks, while its parsed files are still shared (:func:`..yamlio.shared_parses`)."""
    if render is None:
        return _run(ctx, only, units, repository_wide_checks, scope, None)
    with shared_parses():
        return _run(ctx, only, units, repository_wide_checks, scope, render)


def score_unit(ctx: Checker, unit_dir: Path, render: Callable) -> list[tuple[str, str | None]]:
    """The unit's answers files through the one scoring pipeline (``Repository.score_file``), rendered."""
    if ctx.scoring is None:
        ctx.scoring = Repository(ctx.root, loader=ctx.loader)
    out = []
    for path in find_answers_files(unit_dir):
        scored = ctx.scoring.score_file(path)
        result = scored.result
        out.append((scored.display, None if result is None else render(result, ctx.loader.load(result["rules"]))))
    return out


def _run(ctx: Checker, only: Path | None, units: list[Path] | None, repository_wide_checks: bool, scope: ChangeScope,
         render: Callable | None) -> CheckReport:
    entries = list(walk(ctx.root, keep=None if scope.full else scope.walks)) if repository_wide_checks else []
    if repository_wide_checks:
        for family in repository_wide.BEFORE_UNITS:
            family(ctx, entries)
    else:
        inst = ctx.root / UNITS / "instansi.yaml"
        if inst.is_file() and not inst.is_symlink():
            try:
                ctx.instansi = read_yaml(inst, ctx.rel(inst)) or {}
            except DataError:
                ctx.instansi = {}
    for unit_dir in units if units is not None else selected_units(ctx.root, only):
        found, files = len(ctx.report.problems), ctx.report.files_checked
        check_unit(ctx, unit_dir)
        ctx.report.by_unit[unit_dir.name] = (ctx.report.problems[found:], ctx.report.files_checked - files)
        if render is not None:
            ctx.report.scores[unit_dir.name] = score_unit(ctx, unit_dir, render)
    if not repository_wide_checks:
        return ctx.report
    for family in repository_wide.AFTER_UNITS:
        family(ctx, entries)
    ctx.report.problems.sort(key=lambda p: (p.file, p.line or 0, p.message))
    return ctx.report


PARALLEL_MIN_UNITS = 60  # below this, starting worker processes costs more than it saves


def selected_units(root: Path, only: Path | None) -> list[Path]:
    return [u for u in unit_dirs(root) if not only or u == only or only in u.parents or u in only.parents]


_chunk_state: tuple[str, RuleSetLoader, Repository] | None = None  # this worker's rules and scoring repository, for one run


def _check_chunk(args: tuple) -> CheckReport:
    """One chunk of a parallel run. The chunks a worker takes in the same run share its rule-set loader and scoring
    repository, as one process checking every unit does: a new ``Repository`` per chunk read every ``unit.yaml`` of
    the instansi again for the share of units holding a predicate (8 chunks at 1,000 units: 8,000 reads, 7 % of a
    `zi check --score`)."""
    global _chunk_state  # noqa: PLW0603
    run_id, root, units, today, repository_wide, render = args
    if _chunk_state is None or _chunk_state[0] != run_id:
        loader = RuleSetLoader(root)
        _chunk_state = (run_id, loader, Repository(root, loader=loader))
    checker = Checker(root, today, _chunk_state[1])
    checker.scoring = _chunk_state[2]
    return run(checker, None, units, repository_wide, render=render)


def publication_report(root: Path, unit_dir: Path | None, loader: RuleSetLoader | None = None) -> CheckReport:
    """What the site build needs from `zi check`: the report for one unit folder, or (``None``) for everything outside
    unit folders — its ``blocking`` problems stop the build, its ``publishable`` files are the ones to copy.
    The site passes its repository's rule-set loader, so the rules are read once per build, not once per unit."""
    return run(Checker(root, loader=loader), None, [unit_dir] if unit_dir else [], unit_dir is None)


def cached_check(root: Path, only: Path | None, cache: UnitCache, render: Callable | None = None) -> CheckReport:
    """``check_repository`` with each unit's findings (and scores) taken from the local cache when nothing they depend
    on changed (:mod:`.cache`); the units that did change are checked (in parallel when many) and stored."""
    units = selected_units(root, only.resolve() if only else None)
    keys = {u.name: cache.key(u.name) for u in units}
    hits = {name: entry for name, key in keys.items() if (entry := cache.get(key)) is not None}
    todo = [u for u in units if u.name not in hits]
    report = check_repository(root, today=cache.today, render=render, units=todo)
    for unit in todo:
        problems, files = report.by_unit.get(unit.name, ([], 0))
        cache.put(keys[unit.name], problems, files, report.scores.get(unit.name, []))
    for name, entry in hits.items():
        report.problems.extend(entry["problems"])
        report.files_checked += entry["files_checked"]
        if render is not None:
            report.scores[name] = entry["scores"]
    report.problems.sort(key=lambda p: (p.file, p.line or 0, p.message))
    cache.close()
    report.cached = len(hits)
    return report


def check_repository(root: Any, only: Any = None, today: date | None = None, workers: int | None = None,
                     loader: RuleSetLoader | None = None, scope: ChangeScope = EVERYTHING, render: Callable | None = None,
                     units: list[Path] | None = None) -> CheckReport:
    """Check the whole repository at ``root`` (or only the unit at/under ``only``, or what a change's ``scope`` can
    affect: its units in full and everything outside unit folders — :mod:`.scope`).

    ``root`` is a folder or a commit's tree in memory (:class:`..gitfs.GitPath`: the verdict's pull-request head, with
    ``loader`` reading the trusted side's rules). Large repositories on disk are checked by one worker process per core
    (units dealt round-robin); the report is the same. ``render``: also score every answers file, parsing each once
    (``zi check --score``; the report's ``scores``).
    """
    only = only.resolve() if only else None
    if not scope.full:
        units = [u for u in unit_dirs(root) if scope.walks(UNITS, u.name)]
        return run(Checker(root, today, loader), None, units, True, scope, render)
    explicit = units is not None
    units = units if units is not None else selected_units(root, only)
    if workers is None:
        workers = worker_count(len(units), PARALLEL_MIN_UNITS) if only is None and not isinstance(root, GitPath) else 1
    if workers <= 1 or loader is not None:
        return run(Checker(root, today, loader), only, units if explicit else None, render=render)
    chunks = workers * CHUNKS_PER_WORKER
    run_id = secrets.token_hex(8)  # a worker reuses its rules and scoring repository for the chunks of this run only
    jobs = [(run_id, root, units[i::chunks], today, i == 0, render) for i in range(chunks) if units[i::chunks]]
    progress = Progress("zi check", len(units), "unit")
    reports = []
    with process_pool(workers) as pool:
        for job, report in zip(jobs, pool.map(_check_chunk, jobs), strict=True):
            reports.append(report)
            progress.advance(len(job[2]))
    progress.finish()
    merged = CheckReport()
    for report in reports:
        merged.problems.extend(report.problems)
        merged.files_checked += report.files_checked
        merged.scores.update(report.scores)
        merged.by_unit.update(report.by_unit)
    merged.problems.sort(key=lambda p: (p.file, p.line or 0, p.message))
    return merged
