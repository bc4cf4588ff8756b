"""Run the personal-data detector over everything a repository's site would publish; print the findings.

The published output is full of numbers the tool computed (unrounded totals such as 62.8373658008658, sha256 values,
SVG path data): none of them may read as a NIK, NIP or phone number. Used on the generated 1,000-unit, 2-year
institution (developer/benchmarks.md); the test suite runs the same check on a smaller one.

    python tooling/bench/scan_published.py /tmp/synth1000
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from zi_evidence.scan.text import personal_data
from zi_evidence.site.context import SiteOptions
from zi_evidence.site.generate import generate_site


def main(argv: list[str]) -> int:
    root = Path(argv[0])
    started = time.perf_counter()
    build = generate_site(root, SiteOptions(today=date(2026, 11, 22), history=False))
    generated = time.perf_counter() - started
    started = time.perf_counter()
    texts = [f for f in build.files if f.text is not None]
    findings = [(f.path, kinds) for f in texts if (kinds := personal_data(f.text))]
    scanned = time.perf_counter() - started
    size = sum(len(f.text) for f in texts)
    print(f"{len(texts)} berkas teks ({size / 1e6:.1f} MB) dibuat dalam {generated:.1f} s, dipindai dalam {scanned:.1f} s: "
          f"{len(findings)} temuan; {len(build.errors)} galat publikasi")
    for path, kinds in findings[:20]:
        print(f"  {path}: {kinds}")
    return 1 if findings or build.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
