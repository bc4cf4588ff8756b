"""Issue [7/7]'s targets, measured: cost in proportion to the work. Prints a table; ``--write`` puts it in
developer/benchmarks.md (between the ``targets`` markers).

    python tooling/bench/targets.py [--big 1000] [--small 10] [--years 5] [--huge 10000] [--pairs 7] [--write]

Method (the machine is shared and noisy): two things compared are run as interleaved pairs (A B A B …), each in its
own process, and the ratio of their medians is quoted with the medians and minimums; CPU time (user + system of the
process and its workers) beside wall time; peak memory is the process tree's. Repositories come from
``zi demo generate``. Kept out of the test suite's pass/fail; tests/test_bench_smoke.py runs it at a tiny size.

Rows:
- ``zi verdict`` on a pull request changing two answers of one unit, in a ``--big`` and a ``--small`` institution;
- ``zi check --score`` cold (``ZI_CACHE=0``) and warm (a filled cache, nothing changed), against parsing the same YAML
  files with PyYAML's C loader;
- the first view at 390 px in Chromium of Beranda, a unit page and an LKE page of the ``--big`` site: every file the
  page fetches before any interaction, uncompressed and gzipped;
- ``mkdocs build`` of ``--big`` units × ``--years`` years, and of ``--huge`` units × 1 year: wall, CPU, peak memory;
- ``zi score`` of every answers file of the ``--huge`` institution: peak memory (it streams).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import BIN, ROOT, measure  # noqa: E402 — one way of timing for every benchmark script

MARK_BEGIN, MARK_END = "<!-- targets:begin -->", "<!-- targets:end -->"
PARSE = """import os, sys, yaml
for top in ("units", "evidence"):
    for folder, _, names in os.walk(top):
        for name in names:
            if name.endswith(".yaml"):
                with open(os.path.join(folder, name), encoding="utf-8") as fh:
                    yaml.load(fh.read(), Loader=yaml.CSafeLoader)
"""
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@x", "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "b@x"}


def zi(*args: str) -> list[str]:
    return [str(BIN / "zi"), *args]


def generate(work: Path, units: int, years: int = 1, commits: int = 1) -> Path:
    out = work / f"n{units}x{years}"
    if not (out / "units").is_dir():
        subprocess.run(zi("demo", "generate", "--units", str(units), "--years", str(years), "--seed", "7", "--commits", str(commits),
                          "--out", str(out), "--root", str(ROOT)), check=True, stdout=subprocess.DEVNULL)
    return out


def pull_request(repo: Path) -> None:
    """Branch ``pr``: two answers of the first unit's latest self-assessment changed (A ↔ B)."""
    git = ["git", "-C", str(repo)]
    subprocess.run([*git, "checkout", "-q", "-B", "pr", "main"], check=True)
    unit = sorted(p for p in (repo / "units").iterdir() if (p / "unit.yaml").is_file())[0]
    own = sorted(unit.glob("lke/*/self.yaml"))[-1]
    text, changed = own.read_text(encoding="utf-8"), 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if changed < 2 and line.strip() in ("answer: A", "answer: B"):
            lines[i] = line.replace("answer: A", "answer: X").replace("answer: B", "answer: A").replace("answer: X", "answer: B")
            changed += 1
    own.write_text("\n".join(lines), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "ubah dua jawaban"], check=True, env={**os.environ, **GIT_ENV})
    subprocess.run([*git, "checkout", "-q", "main"], check=True)


def pairs(a: tuple[list[str], Path, dict], b: tuple[list[str], Path, dict], count: int) -> tuple[list[tuple], list[tuple]]:
    """A B A B …: (wall, cpu, peak) of each run."""
    runs_a, runs_b = [], []
    for _ in range(count):
        for cmd, runs in ((a, runs_a), (b, runs_b)):
            seconds, cpu, peak, code = measure(cmd[0], cmd[1], cmd[2])
            if code not in (0, 1):  # 1: the verdict or the check found something, still a full run
                raise SystemExit(f"{' '.join(cmd[0])}: exit {code}")
            runs.append((seconds, cpu, peak))
    return runs_a, runs_b


def med(runs: list[tuple], index: int = 0) -> float:
    return statistics.median(r[index] for r in runs)


def low(runs: list[tuple], index: int = 0) -> float:
    return min(r[index] for r in runs)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard library's name
        pass


def first_view(site: Path, paths: list[str]) -> dict[str, tuple[int, int, int]]:
    """(files, bytes, gzipped bytes) each page fetches at 390 px before any interaction."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import Chromium, find_chromium  # the suite's driver: Debian's chromium over the DevTools pipe

    executable = find_chromium()
    if executable is None:
        return {}
    handler = partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    chrome = Chromium(executable)
    out = {}
    try:
        for path in paths:
            report = chrome.open(base + path, width=390, height=844, mobile=True)
            files = []
            for url in report.requests:
                if url.startswith(base):
                    local = site / url.removeprefix(base).split("?")[0]
                    files.append(local / "index.html" if local.is_dir() else local)
            files = [f for f in files if f.is_file()]
            out[path] = (len(files), sum(f.stat().st_size for f in files), sum(len(gzip.compress(f.read_bytes(), 6)) for f in files))
    finally:
        chrome.close()
        server.shutdown()
    return out


PHASES = {"generation": re.compile(r"berkas situs dibuat dalam ([0-9.]+) detik"),
          "index": re.compile(r"indeks pencarian \(Pagefind\) dibuat dalam ([0-9.]+) detik")}


def site_build(repo: Path, out: Path) -> tuple[float, float, float, str]:
    """(wall, CPU, peak MB, where the time and the memory went) of ``mkdocs build``: the zi plugin logs how long the
    generator and Pagefind took; MkDocs' own share (converting, rendering and writing pages, copying files) is the
    rest. Peaks: the MkDocs process itself, the generator's workers together, Pagefind."""
    env = {**os.environ, "ZI_SITE_TODAY": "2026-05-01", "NO_MKDOCS_2_WARNING": "1"}
    log = out.with_suffix(".log")
    peaks: dict[str, float] = {}
    seconds, cpu, peak, _ = measure([str(BIN / "mkdocs"), "build", "-f", str(repo / "mkdocs.yml"), "-d", str(out)], repo, env,
                                    stderr=log, peaks=peaks)
    text = log.read_text(encoding="utf-8", errors="replace")
    log.unlink()
    took = {name: float(m.group(1)) if (m := rx.search(text)) else 0.0 for name, rx in PHASES.items()}
    where = (f"generator {took['generation']:.0f} s · MkDocs {seconds - took['generation'] - took['index']:.0f} s · "
             f"Pagefind {took['index']:.0f} s; peak MB, resident: MkDocs {peaks.get('main', 0):.0f}, workers "
             f"{sum(mb for name, mb in peaks.items() if name not in ('main', 'pagefind', 'rss_sum')):.0f}, Pagefind {peaks.get('pagefind', 0):.0f}, "
             f"summed {peaks.get('rss_sum', 0):.0f}")
    return seconds, cpu, peak, where


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=1000)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--huge", type=int, default=10000, help="0: skip the largest institution")
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--work", type=Path, help="keep the generated repositories here (reused when present)")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="zi-targets-"))
    rows: list[tuple[str, str, str, str]] = []  # (measure, result, target, met)
    try:
        big, small = generate(work, args.big), generate(work, args.small)
        for repo in (big, small):
            pull_request(repo)
        verdict = ["verdict", "--base", "main", "--head", "pr", "--actor", "bench", "--format", "json", "--output", os.devnull]
        a, b = pairs((zi(*verdict, "--root", str(big)), big, dict(os.environ)), (zi(*verdict, "--root", str(small)), small, dict(os.environ)), args.pairs)
        ratio = med(a) / med(b)
        rows.append((f"`zi verdict`, 1 unit changed in {args.big:,} vs {args.small:,} units",
                     f"{med(a):.2f} s (min {low(a):.2f}) vs {med(b):.2f} s (min {low(b):.2f}): **{ratio:.2f}×**",
                     "≤ 2 s, ≤ 1.5×", "yes" if med(a) <= 2 and ratio <= 1.5 else "no"))

        cache = work / "cache"
        shutil.rmtree(cache, ignore_errors=True)
        cold_env = {**os.environ, "ZI_CACHE": "0"}
        warm_env = {**os.environ, "ZI_CACHE": "1", "ZI_CACHE_DIR": str(cache)}
        parse = ([sys.executable, "-c", PARSE], big, dict(os.environ))
        p1, c = pairs(parse, (zi("check", "--score"), big, cold_env), args.pairs)
        measure(zi("check", "--score"), big, warm_env)  # fills the cache
        p2, w = pairs(parse, (zi("check", "--score"), big, warm_env), args.pairs)
        cold, warm = med(c) / med(p1), med(w) / med(p2)
        rows.append((f"`zi check --score` cold, {args.big:,} units (C-loader parse of the same files)",
                     f"{med(c):.2f} s, CPU {med(c, 1):.1f} s (parse {med(p1):.2f} s, CPU {med(p1, 1):.1f} s): **{cold:.2f}×** wall, "
                     f"{med(c, 1) / med(p1, 1):.2f}× CPU", "≤ 1.1×", "yes" if cold <= 1.1 else "no"))
        rows.append(("the same, warm (nothing changed)", f"{med(w):.2f} s (parse {med(p2):.2f} s): **{warm:.2f}×**", "≤ 0.2×",
                     "yes" if warm <= 0.2 else "no"))

        years_repo = generate(work, args.big, args.years)
        site = work / "site-big"
        seconds, cpu, peak, where = site_build(years_repo, site)
        rows.append((f"site, {args.big:,} units × {args.years} years", f"{seconds:.0f} s, CPU {cpu:.0f} s, {peak:.0f} MB ({where})",
                     "≤ 2 min, ≤ 1 GB", "yes" if seconds <= 120 and peak <= 1024 else "no"))
        unit = sorted(p.name for p in (years_repo / "units").iterdir() if (p / "unit.yaml").is_file())[0]
        lke = sorted((site / "unit" / unit).glob("lke-*"))[-1].name
        views = first_view(site, ["", f"unit/{unit}/", f"unit/{unit}/{lke}/"])
        for path, (count, raw, packed) in views.items():
            rows.append((f"first view at 390 px: `/{path}` ({args.big:,} units)", f"{count} files, {raw / 1024:.0f} KB, **{packed / 1024:.0f} KB gzipped**",
                         "≤ 300 KB gzipped, ≤ 1.5 MB", "yes" if packed <= 300 * 1024 and raw <= 1.5 * 2**20 else "no"))
        shutil.rmtree(site, ignore_errors=True)

        if args.huge:
            huge = generate(work, args.huge)
            seconds, cpu, peak, where = site_build(huge, work / "site-huge")
            rows.append((f"site, {args.huge:,} units × 1 year", f"{seconds:.0f} s, CPU {cpu:.0f} s, {peak:.0f} MB ({where})",
                         "≤ 5 min, ≤ 1 GB", "yes" if seconds <= 300 and peak <= 1024 else "no"))
            shutil.rmtree(work / "site-huge", ignore_errors=True)
            files = list(huge.glob("units/*/lke/*/*.yaml"))
            seconds, cpu, peak, _ = measure(["sh", "-c", f"{BIN / 'zi'} score units/*/ --format json > /dev/null 2>&1"], huge)
            rows.append((f"`zi score` of every LKE file, {args.huge:,} units ({len(files):,} files)", f"{seconds:.0f} s, **{peak:.0f} MB peak**",
                         "≤ 300 MB", "yes" if peak <= 300 else "no"))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    table = "\n".join(["| measure | result | target | met |", "|---|---|---|---|", *(f"| {m} | {r} | {t} | {ok} |" for m, r, t, ok in rows)])
    print(table)
    if args.write:
        doc = ROOT / "developer" / "benchmarks.md"
        body = doc.read_text(encoding="utf-8")
        block = f"{MARK_BEGIN}\n{table}\n{MARK_END}"
        body = body.split(MARK_BEGIN)[0] + block + body.split(MARK_END, 1)[1] if MARK_BEGIN in body else body + "\n" + block + "\n"
        doc.write_text(body, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
