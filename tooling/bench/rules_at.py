"""verdict.rules_at at N units: the old per-path lookup vs one listing of units/, interleaved A B ×5, medians.

    python tooling/bench/rules_at.py REPO   (REPO: zi demo generate --units 1000 --commits 1 --out REPO)
"""
import statistics
import sys
import time

import git

from zi_evidence.verdict import UNITS, Side, ownership_rules, rules_at

repo = git.Repo(sys.argv[1])
commit = repo.commit("HEAD")


def old(repo, commit):
    side = Side(repo, commit=commit)
    tree = commit.tree[UNITS]
    units = {e.name: side.yaml(f"{UNITS}/{e.name}/unit.yaml") for e in tree.trees}
    return ownership_rules(side.yaml(f"{UNITS}/instansi.yaml"), units)


a, b = [], []
for _ in range(5):
    t = time.perf_counter()
    r_old = old(repo, commit)
    a.append(time.perf_counter() - t)
    t = time.perf_counter()
    r_new = rules_at(repo, commit)
    b.append(time.perf_counter() - t)
assert r_old == r_new
print(f"old {statistics.median(a):.2f} s, new {statistics.median(b):.2f} s, ratio new/old {statistics.median(b)/statistics.median(a):.3f}")
