"""The benchmark script and the generator keep working (N = 20); the numbers themselves are not judged here."""

from __future__ import annotations

import subprocess
import sys

import pytest

from committed import SOURCE

pytestmark = pytest.mark.slow  # runs the benchmark scripts


def test_bench_runs_at_small_scale():
    out = subprocess.run([sys.executable, str(SOURCE / "tooling/bench/bench.py"), "--sizes", "20", "--commits", "30"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0].startswith("| N units | zi check |")
    row = [c.strip() for c in lines[2].strip("|").split("|")]
    assert row[0] == "20"
    assert all(" s / " in c for c in (row[1], row[2], row[5], row[6], row[7], row[8]))
    assert int(row[10]) > 60 and row[11].endswith("KB")


def test_site_scale_bench_runs_at_small_scale():
    out = subprocess.run([sys.executable, str(SOURCE / "tooling/bench/site_scale.py"), "--units", "5", "--years", "2", "--runs", "1"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    run, summary = out.stdout.strip().splitlines()
    assert run.startswith("run 1:") and " MB " in run and int(run.split()[-3]) > 20
    assert summary.startswith("5 units × 2 years: median ")
