"""A/B timing of the site build: two tooling trees on the same repository, interleaved A B A B …; prints each run,
the medians and the ratio B ÷ A (the machine is shared and noisy: only the ratio is meant to be read).

    python tooling/bench/ab_site.py --repo /tmp/r200 --a /tmp/base-wt/tooling --b tooling --runs 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def build(repo: Path, tooling: Path, out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(tooling.resolve()), "ZI_SITE_TODAY": "2026-05-01"}
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(repo / "mkdocs.yml"), "-d", str(out)], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--a", type=Path, required=True, help="tooling folder of the baseline")
    parser.add_argument("--b", type=Path, required=True, help="tooling folder measured against it")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"a": [], "b": []}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(1, args.runs + 1):
            for key in ("a", "b"):
                times[key].append(build(args.repo, getattr(args, key), Path(tmp) / key))
            print(f"run {run}: A {times['a'][-1]:.1f} s  B {times['b'][-1]:.1f} s  B÷A {times['b'][-1] / times['a'][-1]:.2f}", flush=True)
    a, b = statistics.median(times["a"]), statistics.median(times["b"])
    print(f"median: A {a:.1f} s  B {b:.1f} s  B÷A {b / a:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
