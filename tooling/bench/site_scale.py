"""The site of a large institution: ``mkdocs build`` with the ``zi`` plugin on N units × Y years, run R times.
Prints each run (seconds, peak MB of the process tree, built pages) and the medians. Issue 17's targets for 1,000 units
× 2 years: ≤ 2 min and ≤ 1 GB on the 2-core build machine.

    python tooling/bench/site_scale.py --units 1000 --years 2 --runs 3 [--repo DIR to reuse or keep it]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import BIN, ROOT, run  # noqa: E402 — the same timing and memory sampling as the scale benchmark


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repo", type=Path, help="the generated repository (made here when missing)")
    args = parser.parse_args()
    env = {**os.environ, "ZI_SITE_TODAY": "2026-05-01", "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        repo = args.repo or Path(tmp) / "repo"
        if not (repo / "mkdocs.yml").is_file():
            subprocess.run([str(BIN / "zi"), "demo", "generate", "--units", str(args.units), "--years", str(args.years), "--seed", "7",
                            "--out", str(repo), "--root", str(ROOT)], check=True, stdout=subprocess.DEVNULL)
        out = Path(tmp) / "site"
        results = []
        for i in range(1, args.runs + 1):
            seconds, peak, code = run([str(BIN / "mkdocs"), "build", "-q", "-f", str(repo / "mkdocs.yml"), "-d", str(out)], repo, env)
            if code != 0:
                print(f"mkdocs build: exit {code}", file=sys.stderr)
                return 1
            pages = sum(1 for _ in out.rglob("*.html"))
            results.append((seconds, peak))
            print(f"run {i}: {seconds:6.1f} s {peak:6.0f} MB  {pages} HTML files", flush=True)
        print(f"{args.units} units × {args.years} years: median {statistics.median(s for s, _ in results):.1f} s, "
              f"peak {max(m for _, m in results):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
