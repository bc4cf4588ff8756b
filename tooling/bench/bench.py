"""Benchmark ZI Evidence at institution scale; prints a table and (with --write) puts it in developer/benchmarks.md.

    python tooling/bench/bench.py --sizes 50 200 1000 --write

For each N: a synthetic repository (`zi demo generate --units N --commits C`), then wall time and peak memory of
`zi check`, `zi score` over every answers file, `zi history` of the busy unit (C commits), `zi pr-report` for a branch
touching 5 units, `mkdocs build` with the plugin, the same pages exported (`zi site export`) and built as plain
Markdown without the plugin, and `check-jsonschema` over the same YAML files (when installed). Each command runs as
its own process; peak memory is the most its whole process tree (workers included) held at once.
Kept out of the test suite's pass/fail: it prints numbers, tests/test_bench_smoke.py only checks it still runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MARK_BEGIN = "<!-- bench:begin -->"
MARK_END = "<!-- bench:end -->"
TARGETS = ("zi check + zi score ≤ 10 s at N = 1,000 and faster than check-jsonschema; plugin build ≤ 1.3 × plain; "
           "site ≤ 180 s and ≤ 60 KB/page; history ≤ 5 s; memory ≤ 1 GB")


def _tree(pid: int) -> tuple[dict[int, int], dict[int, str], list[int]]:
    """(resident pages, command name) of every process, and ``pid`` with all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                head, _, tail = fh.read().rpartition(b")")
        except OSError:
            continue
        child, fields = int(entry.name), tail.split()
        parents[child], rss[child] = int(fields[1]), int(fields[21])  # ppid, rss in pages
        names[child] = head.partition(b"(")[2].decode(errors="replace")
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(c for c, p in parents.items() if p == current)
    return rss, names, tree


def tree_rss_mb(pid: int, parts: dict[str, float] | None = None) -> float:
    """Resident memory of ``pid`` and all its descendants (worker processes count too), from /proc. With ``parts``,
    also the memory of each part of the tree at this moment: ``main`` (``pid`` itself) and the others by command name.
    A forked worker's pages shared with its parent count in both: see :func:`tree_pss_mb`."""
    rss, names, tree = _tree(pid)
    page = os.sysconf("SC_PAGE_SIZE") / 2**20
    total = 0.0
    for current in tree:
        total += rss.get(current, 0) * page
        if parts is not None:
            name = "main" if current == pid else names.get(current, "?")
            parts[name] = parts.get(name, 0.0) + rss.get(current, 0) * page
    return total


def tree_pss_mb(pid: int) -> float:
    """Proportional memory of ``pid`` and its descendants (``Pss`` of /proc/<pid>/smaps_rollup): a page shared by n
    processes counts 1/n in each, so the sum is what the tree holds in the machine's memory. The resident sizes
    summed count a forked worker's pages shared with its parent twice. Reading it walks the page tables (~11 ms per GB)."""
    total = 0.0
    for current in _tree(pid)[2]:
        try:
            with open(f"/proc/{current}/smaps_rollup", "rb") as fh:
                for line in fh:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) / 1024
                        break
        except OSError:
            continue
    return total


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of one command in its own process (:func:`measure` without the CPU time)."""
    seconds, _cpu, peak, code = measure(cmd, cwd, env)
    return seconds, peak, code


def measure(cmd: list[str], cwd: Path, env: dict | None = None, stdout: int | None = subprocess.DEVNULL, stderr: Path | None = None,
            peaks: dict[str, float] | None = None) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak MB, exit code) of one command in its own process.

    CPU is user + system of the process and every child it waited for (``os.wait4``: worker processes included).
    Peak memory is the larger of the process's own maximum resident set and the proportional memory of the process
    and its workers (:func:`tree_pss_mb`) — the number that has to fit in the machine's memory. The resident sizes
    are sampled every 0.2 s; the proportional sum, which costs more to read, whenever the resident sum is at or above
    its peak so far (it can only be a new peak then), at most once a second: the sampler runs on the same cores as
    what it measures, and reading it every 0.3 s (resident every 0.1 s) cost 1.15 s of CPU in a 31 s build of 1,000
    units (3.7 % of a core, most of it the kernel walking page tables); now 0.41 s, the same peak (289 MB).
    ``stderr``: a file for the command's log; ``peaks``: filled with the peak of each part of the tree (resident, see :func:`tree_rss_mb`) and ``rss_sum``, the
    peak of the resident sizes summed.
    """
    start = time.perf_counter()
    log = stderr.open("wb") if stderr else None
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=stdout, stderr=log or subprocess.DEVNULL, env=env)
    peak, rss_peak, done = [0.0], [0.0], threading.Event()

    def sample() -> None:
        last = 0.0
        while not done.wait(0.2):
            now: dict[str, float] = {}
            resident = tree_rss_mb(proc.pid, now)
            rss_peak[0] = max(rss_peak[0], resident)
            if resident >= peak[0] and time.perf_counter() - last >= 1.0:
                last = time.perf_counter()
                peak[0] = max(peak[0], tree_pss_mb(proc.pid))
            if peaks is not None:
                peaks.update((name, max(mb, peaks.get(name, 0.0))) for name, mb in now.items())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if log:
        log.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if peaks is not None:
        peaks["rss_sum"] = rss_peak[0]
    return seconds, usage.ru_utime + usage.ru_stime, max(peak[0], usage.ru_maxrss / 1024), proc.returncode


def tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else (shutil.which(name) or name)


def pr_branch(repo: Path, units: list[str]) -> None:
    """A branch that changes one answer in each of five units' self-assessment."""
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "-b", "bench-pr"], check=True)
    for unit in units[:5]:
        files = sorted((repo / "units" / unit / "lke").glob("*/self.yaml"))
        text = files[-1].read_text()
        files[-1].write_text(text.replace("answer: A\n", "answer: B\n", 1) if "answer: A\n" in text else text.replace("answer: B\n", "answer: A\n", 1))
    subprocess.run(["git", "-C", str(repo), "commit", "-qam", "bench: ubah 5 unit"], check=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "b@x"})


def check_jsonschema(repo: Path) -> tuple[float, float] | None:
    """The same YAML files through check-jsonschema, one call per schema (the generic yardstick); None when not installed."""
    exe = tool("check-jsonschema")
    if not shutil.which(exe) and not Path(exe).exists():
        return None
    schemas = ROOT / "tooling" / "zi_evidence" / "schemas"
    groups = {
        "unit": sorted(repo.glob("units/*/unit.yaml")), "declarations": sorted(repo.glob("units/*/pencanangan.yaml")),
        "standards": sorted(repo.glob("units/*/standar-pelayanan.yaml")), "surveys": sorted(repo.glob("units/*/survei.yaml")),
        "plan": sorted(repo.glob("units/*/rencana/*.yaml")), "lke": sorted(repo.glob("units/*/lke/*/*.yaml")),
        "manifest": sorted(repo.glob("evidence/*/manifest.yaml")),
    }
    total, peak = 0.0, 0.0
    for schema, files in groups.items():
        for start in range(0, len(files), 2000):  # stay under the argument-length limit
            seconds, mb, _ = run([exe, "--schemafile", str(schemas / f"{schema}.schema.json"), *map(str, files[start:start + 2000])], repo)
            total += seconds
            peak = max(peak, mb)
    return total, peak


def html_stats(site: Path) -> tuple[int, float]:
    sizes = [p.stat().st_size for p in site.rglob("*.html")]
    return len(sizes), (sum(sizes) / len(sizes) / 1024 if sizes else 0.0)


def bench_size(n: int, commits: int, work: Path, site: bool) -> dict:
    repo = work / f"n{n}"
    seconds, _, code = run([tool("zi"), "demo", "generate", "--units", str(n), "--seed", "7", "--commits", str(commits),
                            "--out", str(repo), "--root", str(ROOT)], ROOT)
    assert code == 0, "zi demo generate failed"
    row: dict = {"units": n, "generate": seconds}
    units = sorted(p.name for p in (repo / "units").iterdir() if p.is_dir() and p.name != "prasyarat")
    log = subprocess.run(["git", "-C", str(repo), "log", "--format=", "--name-only", "-n", "3"], capture_output=True, text=True).stdout
    busy_unit = next(line.split("/")[1] for line in log.splitlines() if line.startswith("units/"))
    row["check"] = run([tool("zi"), "check", "."], repo)
    row["score"] = run([tool("zi"), "score", *[f"units/{u}" for u in units], "--format", "json"], repo)
    row["history"] = run([tool("zi"), "history", busy_unit], repo)
    pr_branch(repo, units)
    row["pr_report"] = run([tool("zi"), "pr-report", "--base", "main", "--format", "json"], repo)
    row["check_jsonschema"] = check_jsonschema(repo)
    if site:
        env = {**os.environ, "ZI_SITE_TODAY": "2026-11-22", "NO_MKDOCS_2_WARNING": "1"}
        row["site"] = run([tool("mkdocs"), "build", "--site-dir", str(work / f"site{n}")], repo, env)
        row["pages"], row["page_kb"] = html_stats(work / f"site{n}")
        export = work / f"export{n}"
        run([tool("zi"), "site", "export", str(export), "--root", str(repo)], repo, env)
        row["plain"] = run([tool("mkdocs"), "build", "-f", str(export / "mkdocs.yml"), "--site-dir", str(work / f"plain{n}")], repo, env)
    shutil.rmtree(repo, ignore_errors=True)
    for name in (f"site{n}", f"export{n}", f"plain{n}"):
        shutil.rmtree(work / name, ignore_errors=True)
    return row


def fmt(m: tuple | None) -> str:
    return "—" if m is None else f"{m[0]:.1f} s / {m[1]:.0f} MB"


def table(rows: list[dict], commits: int) -> str:
    head = ("| N units | zi check | zi score (all files) | check + score | check-jsonschema | "
            f"zi history ({commits} commits) | zi pr-report (5 units) | mkdocs build (plugin) | plain Markdown build | plugin ÷ plain | pages | avg page |")
    lines = [head, "|" + "---:|" * 12]
    for r in rows:
        both = r["check"][0] + r["score"][0]
        ratio = f"{r['site'][0] / r['plain'][0]:.2f}" if "site" in r and r["plain"][0] else "—"
        lines.append(f"| {r['units']:,} | {fmt(r['check'])} | {fmt(r['score'])} | {both:.1f} s | {fmt(r['check_jsonschema'])} | "
                     f"{fmt(r['history'])} | {fmt(r['pr_report'])} | {fmt(r.get('site'))} | {fmt(r.get('plain'))} | {ratio} | "
                     f"{r.get('pages', '—')} | {r.get('page_kb', 0):.1f} KB |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000])
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--no-site", action="store_true")
    parser.add_argument("--write", action="store_true", help="replace the table in developer/benchmarks.md")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="zi-bench-"))
    rows = []
    try:
        for n in args.sizes:
            rows.append(bench_size(n, args.commits, work, not args.no_site))
            print(f"N={n} done", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = table(rows, args.commits)
    print(text)
    if args.write:
        doc = ROOT / "developer" / "benchmarks.md"
        body = doc.read_text(encoding="utf-8")
        block = f"{MARK_BEGIN}\n{text}\n\nTargets: {TARGETS}.\n{MARK_END}"
        if MARK_BEGIN in body:
            body = body.split(MARK_BEGIN)[0] + block + body.split(MARK_END, 1)[1]
        else:
            body += "\n" + block + "\n"
        doc.write_text(body, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
