"""Synthetic institutions for benchmarks and trials at scale (``zi demo generate``)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from ..ruleset import RuleSetLoader
from ..yamlio import replaced_dir
from .history import Commit, write_history
from .institution import RULES_ID, Institution, InstitutionBuilder

SYNTH_INTRO = """# Beranda

Situs uji skala: **Pemerintah Kabupaten Sintetis** adalah instansi rekaan yang dibuat oleh `zi demo generate`.
Semua nama, angka dan dokumen di dalamnya acak dan fiktif.
"""


def _read_tree(base: Path, prefix: str) -> dict[str, bytes]:
    return {f"{prefix}/{p.relative_to(base).as_posix()}": p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


def site_files(source_root: Path) -> dict[str, bytes]:
    """The hand-written docs and mkdocs.yml of the source repository, renamed for the synthetic institution."""
    files = {k: v for k, v in _read_tree(source_root / "docs", "docs").items() if k != "docs/index.md"}
    files["docs/index.md"] = SYNTH_INTRO.encode()
    config = (source_root / "mkdocs.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    config = ["site_name: Zona Integritas — Pemerintah Kabupaten Sintetis\n" if line.startswith("site_name:") else line for line in config]
    files["mkdocs.yml"] = "".join(config).encode()
    return files


def generate_repository(source_root: Path, out: Path, units: int, years: int = 1, seed: int = 1, commits: int = 0) -> Institution:
    """Write a complete synthetic repository to ``out`` (which must not exist or be empty); with ``commits`` > 0 also its Git history.

    The history: a first commit with everything, then ``commits - 1`` commits that each change one answer of the first
    unit's latest self-assessment (the busy unit a history benchmark reads) and, every 4th commit, one answer of another unit.
    """
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out}: folder sudah berisi berkas")
    rules = RuleSetLoader(source_root).load(RULES_ID)
    builder = InstitutionBuilder(rules, _read_tree(source_root / "rules", "rules"), site_files(source_root), seed)
    inst = builder.build(units, years)
    history: list[Commit] = []
    if commits > 0:
        rng = random.Random(seed + 1)  # noqa: S311 — reproducible fake data, not security
        start = int(datetime(inst.years[-1], 1, 5, 1, 0, tzinfo=UTC).timestamp())
        history.append(Commit("Bagian Organisasi", "organisasi@sintetis.go.id", start, "Data awal instansi sintetis\n", dict(builder.files)))
        busy, year = inst.units[0], inst.years[-1]
        for k in range(1, commits):
            changed = [busy]
            if k % 4 == 0 and len(inst.units) > 1:
                changed.append(rng.choice(inst.units[1:]))
            items = [builder.change_one_answer(u, year) for u in changed]
            handle = busy.maintainers[0]
            history.append(Commit(handle, f"{handle}@users.noreply.github.com", start + 3600 * k,
                                  f"LKE {year}: perbarui {', '.join(items)}\n",
                                  {builder.self_path(u, year): builder.files[builder.self_path(u, year)] for u in changed}))
    with replaced_dir(out) as tmp:
        for path, content in builder.files.items():
            target = tmp / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if history:
            write_history(tmp, history)
    return inst
