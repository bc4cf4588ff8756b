"""What generating one unit's site files costs, in instructions: steady on a shared machine whose speed swings.

    python tooling/bench/unit_cost.py REPO [--units 20] [--tree DIR ...]

Runs the site generator's per-unit work (``generate.unit_pages``: gate, pages, card, letters, spool, as a worker
does) in one process over ``--units`` units after 5 warm ones, under ``valgrind --tool=callgrind`` (Debian
``valgrind``), and again over none; the difference divided by ``--units`` is the instructions per unit. Each
``--tree`` (a checkout of this repository, e.g. a ``git worktree`` of an older commit) is measured with its own
``tooling/`` first on the path, side by side on the cores, so two commits compare in one run. Also prints wall and
CPU per unit without valgrind (noisy here; the instructions are not). Not a test.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WARM = 5


def work(repo: Path, units: int) -> None:
    """The measured workload: ``units`` units' pages after ``WARM`` warm ones, with a spool as the MkDocs plugin's."""
    import secrets
    from datetime import date

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.config import load_config

    from zi_evidence.gitdata import GitHistory
    from zi_evidence.i18n import set_language
    from zi_evidence.repository import Repository
    from zi_evidence.site import generate
    from zi_evidence.site.context import SiteContext, SiteOptions
    from zi_evidence.site.preconvert import MarkdownSettings
    from zi_evidence.site.spool import Spool

    config = load_config(str(repo / "mkdocs.yml"))
    scratch = Path(tempfile.mkdtemp(prefix="zi-unit-cost-"))
    try:
        spool = Spool(scratch / "docs", parts=scratch / "parts", nonce=secrets.token_hex(8), markdown=MarkdownSettings.of(config),
                      search_text=False)
        options = SiteOptions(directory_urls=True, today=date(2026, 5, 1), language="id", site_url=config.site_url)
        set_language("id")
        ctx = SiteContext(Repository(repo), options)
        history = GitHistory.open(repo) if options.history else None
        ids = ctx.repo.unit_ids()
        for unit_id in ids[:WARM]:
            generate.unit_pages(ctx, history, unit_id, spool)
        wall, cpu = time.perf_counter(), time.process_time()
        for unit_id in ids[WARM:WARM + units]:
            generate.unit_pages(ctx, history, unit_id, spool)
        if units:
            print(f"wall {(time.perf_counter() - wall) / units * 1000:.1f} ms, CPU {(time.process_time() - cpu) / units * 1000:.1f} ms a unit")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _instructions(tree: Path, repo: Path, units: int) -> int:
    env = {**os.environ, "PYTHONPATH": str(tree / "tooling"), "PYTHONHASHSEED": "0"}
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__, "--inner",
                          str(repo), "--units", str(units)], capture_output=True, text=True, env=env, check=True)
    found = re.search(r"Collected : (\d+)", run.stderr)
    if not found:
        raise SystemExit(f"valgrind gave no count: {run.stderr[-400:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--tree", type=Path, action="append", help="a checkout to measure (default: this one)")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        work(args.repo.resolve(), args.units)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    trees = [t.resolve() for t in args.tree or [ROOT]]
    jobs = [(t, n) for t in trees for n in (args.units, 0)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        counts = dict(zip(jobs, pool.map(lambda job: _instructions(job[0], args.repo.resolve(), job[1]), jobs), strict=True))
    first = None
    for tree in trees:
        per_unit = (counts[(tree, args.units)] - counts[(tree, 0)]) / args.units
        first = first or per_unit
        timing = subprocess.run([sys.executable, __file__, "--inner", str(args.repo.resolve()), "--units", str(args.units)],
                                capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(tree / "tooling")}, check=True).stdout.strip()
        print(f"{tree}: {per_unit / 1e6:.1f} M instructions a unit ({per_unit / first:.3f}× the first); {timing}")


if __name__ == "__main__":
    main()
