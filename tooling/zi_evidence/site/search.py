"""The site's search: Pagefind, run over the built HTML.

Why not Material's search: its index is one file that every page downloads on the first visit (15 MB for 1,000 units,
150 MB for 10,000). Pagefind splits the index into fragments; the search page (``cari/``) loads the small UI and then
only the fragments a query needs, and no other page loads anything of it. What is indexed is marked in the theme
(``data-pagefind-body`` on every page that is not ``search: exclude``, theme/main.html), in the page's language.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..i18n import _
from ..templating import render
from .context import SiteContext
from .files import SiteFile, page

OUTPUT = "pagefind"
SRC = "cari.md"


class SearchIndexError(RuntimeError):
    """The index could not be built (the plugin reports it as a build error)."""
TIMEOUT = 1800  # seconds: 10,000 units index in about a minute; a hung indexer must not hold the build forever


# Pagefind holds what it indexes in memory (1.3 GB for a 1,000-unit site read whole). It reads only the pages that can
# be indexed (not LKE details, evidence lists or letters: `search: exclude`), and on the unit pages (`zi_search: lean`)
# not the data tables, whose numbers nobody searches for; the unit's profile (name, code, other names) stays.
# 1,000 units: 0.2 GB.
PAGE_PATTERNS = ("index.html", "*/index.html", "*/*/index.html")  # with directory URLs
PAGES = "{" + ",".join(PAGE_PATTERNS) + "}"  # the same, as Pagefind's --glob
EXCLUDE = ".headerlink, .zi-search-lean .zi-table:not(.zi-profile), .zi-search-lean svg"  # headerlink: the "¶" permalinks


SHARD_UNITS = 1000  # units per index: Pagefind holds what it indexes in memory, ~0.2 GB per 1,000 units' pages
SHARDS_FILE = "zi-bagian.json"  # in pagefind/: the other indexes the search page merges (mergeIndex), [] when one
SHARD_DIR = "bagian-{n}/"  # under pagefind/: index n ≥ 1
UNIT_DIR = "unit"


def build_search_index(site_dir: Path, directory_urls: bool = True, shard_units: int = SHARD_UNITS) -> None:
    """Index ``site_dir`` into ``site_dir/pagefind`` with the pinned Pagefind binary (``pagefind[bin]``).

    An institution of more than ``shard_units`` units gets several indexes, made one after another so the indexer's
    memory stays that of one: the site's own pages and the first units in ``pagefind/``, each further group of units
    in ``pagefind/bagian-<n>/``, listed in ``pagefind/zi-bagian.json``; the search page merges them (Pagefind's
    ``mergeIndex``) and still fetches only the fragments a query needs. Each index reads hard links of its pages in a
    folder of its own (a copy where links are not possible), so its result URLs are the site's."""
    groups = _shards(site_dir, shard_units) if directory_urls else []
    if len(groups) <= 1:
        _pagefind(site_dir, site_dir / OUTPUT, directory_urls)
        _write_shards(site_dir, [])
        return
    names = []
    for n, pages in enumerate(groups):
        farm = site_dir / f".zi-indeks-{n}"
        shutil.rmtree(farm, ignore_errors=True)
        try:
            for rel in pages:
                _link(site_dir / rel, farm / rel)
            output = site_dir / OUTPUT / (SHARD_DIR.format(n=n) if n else "")
            _pagefind(farm, output, directory_urls)
        finally:
            shutil.rmtree(farm, ignore_errors=True)
        if n:
            names.append(SHARD_DIR.format(n=n))
    _write_shards(site_dir, names)


def _shards(site_dir: Path, shard_units: int) -> list[list[str]]:
    """The indexable pages (:data:`PAGES`) by index: the site's own pages with the first ``shard_units`` units, then
    the next units in groups of ``shard_units`` (sorted by folder name, so a unit stays in its group between builds)."""
    pages = sorted({str(p.relative_to(site_dir)) for pattern in PAGE_PATTERNS
                    for p in site_dir.glob(pattern) if p.is_file()})
    units = sorted({rel.split("/")[1] for rel in pages if rel.startswith(f"{UNIT_DIR}/") and rel.count("/") >= 2})
    group_of = {unit: i // shard_units for i, unit in enumerate(units)}
    groups: list[list[str]] = [[] for _ in range(max(1, -(-len(units) // shard_units)))]
    for rel in pages:
        parts = rel.split("/")
        groups[group_of.get(parts[1], 0) if parts[0] == UNIT_DIR and len(parts) >= 3 else 0].append(rel)
    return groups


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copyfile(source, target)


def _write_shards(site_dir: Path, names: list[str]) -> None:
    (site_dir / OUTPUT).mkdir(parents=True, exist_ok=True)
    (site_dir / OUTPUT / SHARDS_FILE).write_text(json.dumps(names), encoding="utf-8")


def _pagefind(site: Path, output: Path, directory_urls: bool) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output), "--silent",
               "--exclude-selectors", EXCLUDE, *(["--glob", PAGES] if directory_urls else [])]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as exc:
        raise SearchIndexError(f"indeks pencarian (Pagefind) tidak selesai dalam {TIMEOUT} detik") from exc
    if run.returncode != 0:
        detail = (run.stderr or run.stdout).strip().splitlines()[-3:]
        hint = "; pasang dengan `pip install -c constraints.txt -e '.[site]'`" if "No module named pagefind" in run.stderr else ""
        raise SearchIndexError("indeks pencarian (Pagefind) gagal dibuat: " + " ".join(detail) + hint)


def search_page(ctx: SiteContext) -> SiteFile:
    """``cari/``: a form that works as a plain GET (``?q=``) and the results, read from the index fragments by
    ``zi.js`` only once a query is asked; without JavaScript, links to the full list of units and to the rule sets."""
    body = render("html", "site/search.md", index=ctx.link(SRC, f"{OUTPUT}/pagefind.js"), action=ctx.link(SRC, SRC),
                  all_units=ctx.link(SRC, "daftar-unit/index.md"), rules=ctx.link(SRC, "aturan/index.md"))
    return page(SRC, _("Cari"), body.rstrip("\n"), search={"exclude": True}, hide=["toc"])
