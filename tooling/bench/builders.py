"""The site at N units built four ways, interleaved A B C D A B C D …: MkDocs with the ``zi`` plugin, plain MkDocs on the
exported pages (the same Markdown, no plugin), ProperDocs and Zensical on the export. Prints each run (seconds, peak MB
of the process tree) and the medians, with the plugin ÷ plain ratio (the machine is shared: read the ratios).

    python tooling/bench/builders.py --repo /tmp/r200 --runs 3 [--properdocs P] [--zensical Z]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import run  # noqa: E402 — the same timing and memory sampling as the scale benchmark


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--properdocs", default=os.environ.get("ZI_PROPERDOCS"))
    parser.add_argument("--zensical", default=os.environ.get("ZI_ZENSICAL"))
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "ZI_SITE_TODAY": "2026-05-01", "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        export, export_z = tmp_path / "export", tmp_path / "export-zensical"
        subprocess.run([str(bin_dir / "zi"), "site", "export", str(export), "--root", str(args.repo)], check=True, env=env, stdout=subprocess.DEVNULL)
        subprocess.run([str(bin_dir / "zi"), "site", "export", str(export_z), "--root", str(args.repo), "--for", "zensical"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        pages = sum(1 for _ in (export / "docs").rglob("*.md"))
        builds = {
            "mkdocs+zi": ([str(bin_dir / "mkdocs"), "build", "-q", "-f", str(args.repo / "mkdocs.yml"), "-d", str(tmp_path / "out-a")], args.repo),
            "mkdocs plain": ([str(bin_dir / "mkdocs"), "build", "-q", "-f", str(export / "mkdocs.yml"), "-d", str(tmp_path / "out-b")], export),
        }
        if args.properdocs:
            builds["properdocs"] = ([args.properdocs, "build", "-q", "-f", str(export / "mkdocs.yml"), "-d", str(tmp_path / "out-c")], export)
        if args.zensical:
            builds["zensical"] = ([args.zensical, "build", "-c", "-f", str(export_z / "mkdocs.yml")], export_z)
        results: dict[str, list[tuple[float, float]]] = {k: [] for k in builds}
        print(f"{args.repo}: {pages} pages", flush=True)
        for i in range(1, args.runs + 1):
            for name, (cmd, cwd) in builds.items():
                seconds, peak, code = run(cmd, cwd, env)
                if code != 0:
                    print(f"{name}: exit {code}", file=sys.stderr)
                    return 1
                results[name].append((seconds, peak))
                print(f"run {i} {name:13} {seconds:6.1f} s {peak:7.0f} MB", flush=True)
            shutil.rmtree(export_z / "site", ignore_errors=True)
        med = {k: (statistics.median(s for s, _ in v), max(m for _, m in v)) for k, v in results.items()}
        for name, (seconds, peak) in med.items():
            print(f"median {name:13} {seconds:6.1f} s  peak {peak:5.0f} MB  ÷ plain {seconds / med['mkdocs plain'][0]:.2f}")
        ratios = [a / b for (a, _), (b, _) in zip(results["mkdocs+zi"], results["mkdocs plain"], strict=True)]
        print(f"plugin ÷ plain per run: {', '.join(f'{r:.2f}' for r in ratios)} (median {statistics.median(ratios):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
