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


def test_the_targets_bench_runs_at_small_scale():
    """Issue [7/7]'s measures at a tiny size: every row is there (the numbers are not judged)."""
    out = subprocess.run([sys.executable, str(SOURCE / "tooling/bench/targets.py"), "--big", "8", "--small", "3", "--years", "1",
                          "--huge", "0", "--pairs", "1"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "| measure | result | target | met |"
    text = "\n".join(lines)
    for row in ("`zi verdict`, 1 unit changed in 8 vs 3 units", "`zi check --score` cold", "the same, warm", "site, 8 units × 1 year"):
        assert row in text, text
    assert all(line.endswith(("| yes |", "| no |")) for line in lines[2:])


def test_the_unit_cost_workload_runs_on_the_demo():
    """tooling/bench/unit_cost.py's measured work (valgrind counts it; here it only has to run): the demo's units."""
    out = subprocess.run([sys.executable, str(SOURCE / "tooling/bench/unit_cost.py"), "--inner", str(SOURCE), "--units", "1"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("wall ") and out.stdout.rstrip().endswith("ms a unit")
