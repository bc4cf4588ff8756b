"""The fixtures are HEAD's files, never the working tree's: a half-filled new unit does not change any test."""

from __future__ import annotations

import subprocess

from committed import COMMITTED, SOURCE


def test_the_data_the_tests_read_is_exactly_heads():
    if COMMITTED == SOURCE:  # not a Git checkout (a source archive): nothing else to read
        return
    listed = subprocess.run(["git", "-C", str(SOURCE), "ls-tree", "-r", "--name-only", "HEAD", "--", "units", "evidence", "rules"],
                            capture_output=True, text=True, check=True).stdout.split("\n")
    present = sorted(p.relative_to(COMMITTED).as_posix() for top in ("units", "evidence", "rules") for p in (COMMITTED / top).rglob("*")
                     if p.is_file())
    assert present == sorted(x for x in listed if x)
    head = subprocess.run(["git", "-C", str(SOURCE), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    here = subprocess.run(["git", "-C", str(COMMITTED), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    assert here == head
