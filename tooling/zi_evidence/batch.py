"""Scoring many answers files at once: the batch side of the one scoring pipeline (``Repository.score_file``).

Used by ``zi score`` and by anything else that scores a list of files; large batches use one worker process per core
and come back in the input order, so the output is the same with one worker or several.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from .layout import UNITS
from .lkefile import ASSESSORS
from .problems import DataError, Problem
from .repository import Repository
from .ruleset.loader import RuleSetLoader
from .workers import CHUNKS_PER_WORKER, Progress, process_pool, worker_count

PARALLEL_MIN_FILES = 120  # below this, starting worker processes costs more than it saves


def _score_chunk(job: tuple) -> list[tuple[dict | None, list]]:
    root, paths, holds = job
    repo = Repository(root)
    return [(s.result, s.problems) for s in (repo.score_file(p, holds) for p in paths)]


def _render_chunk(job: tuple) -> list[tuple[str | None, list]]:
    """Score and render in the worker: sending text back is far cheaper than sending result dicts."""
    *score_job, render = job
    loader = RuleSetLoader(score_job[0])
    return [(None if result is None else render(result, loader.load(result["rules"])), problems)
            for result, problems in _score_chunk(tuple(score_job))]


MAX_CHUNK = 200  # files per worker job: results come back (and are written out) a chunk at a time, so memory stays flat


def _in_chunks(function: Callable, root: Path, files: list[Path], extra: tuple, workers: int | None) -> Iterator:
    """The function's results file by file, in input order, as chunks finish: nothing waits for the whole batch."""
    if workers is None:
        workers = worker_count(len(files), PARALLEL_MIN_FILES)
    if workers <= 1:
        for start in range(0, len(files), MAX_CHUNK):
            yield from function((root, files[start:start + MAX_CHUNK], *extra))
        return
    size = min(MAX_CHUNK, -(-len(files) // (workers * CHUNKS_PER_WORKER)))
    jobs = [(root, files[i:i + size], *extra) for i in range(0, len(files), size)]
    progress = Progress("zi score", len(files), "berkas")
    with process_pool(workers) as pool:
        for chunk in pool.map(function, jobs):
            progress.advance(len(chunk))
            yield from chunk
    progress.finish()


def score_all(root: Path, files: list[Path], holds: list[str] | None, workers: int | None = None) -> Iterator[tuple[dict | None, list]]:
    """(result, problems) per file, in order, streamed."""
    return _in_chunks(_score_chunk, root, files, (holds,), workers)


def render_all(root: Path, files: list[Path], holds: list[str] | None, render: Callable, workers: int | None = None) -> Iterator[tuple[str | None, list]]:
    """(rendered result or None, problems) per file, in order, streamed; ``render(result, rules)`` must be a module-level
    function."""
    return _in_chunks(_render_chunk, root, files, (holds, render), workers)


def unit_folder(path: Path) -> Path | None:
    """The ``units/<unit>/`` folder at or above ``path``."""
    return next((p for p in [path, *path.parents] if p.parent.name == UNITS), None)


def assessments_of_year(repo: Repository, unit_id: str, year: int | None) -> tuple[int | None, dict[str, dict]]:
    """The scored results of one unit's year by assessor (the latest year when ``year`` is None), for a side-by-side
    comparison; refuses a year whose assessors used different rule sets (their items cannot be lined up)."""
    record = repo.unit(unit_id)
    year = year or (record.years[0] if record.years else None)
    results = {a: e.result for a in ASSESSORS if (e := record.scored(year, a)) and e.result} if year else {}
    if not results:
        raise DataError([Problem(f"{UNITS}/{unit_id}", None, f"tidak ada LKE yang dapat dinilai untuk tahun {year or '—'}")])
    rules_ids = {r["rules"] for r in results.values()}
    if len(rules_ids) > 1:
        raise DataError([Problem(f"{UNITS}/{unit_id}", None, f"penilai tahun {year} memakai aturan berbeda ({', '.join(sorted(rules_ids))}); samakan dulu")])
    return year, results
