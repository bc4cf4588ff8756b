"""The site's search: Pagefind, run over the built HTML.

Why not Material's search: its index is one file that every page downloads on the first visit (15 MB for 1,000 units,
150 MB for 10,000). Pagefind splits the index into fragments; the search page (``cari/``) loads the small UI and then
only the fragments a query needs, and no other page loads anything of it. What is indexed is marked in the theme
(``data-pagefind-body`` on every page that is not ``search: exclude``, theme/main.html), in the page's language.
"""

from __future__ import annotations

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
# be indexed (not LKE details or letters: `search: exclude`), and on the unit pages (`zi_search: lean`) not the data
# tables, whose numbers nobody searches for; the unit's profile (name, code, other names) stays. 1,000 units: 0.2 GB.
PAGES = "{index.html,*/index.html,*/*/index.html,unit/*/bukti/index.html}"  # with directory URLs
EXCLUDE = ".headerlink, .zi-search-lean .zi-table:not(.zi-profile), .zi-search-lean svg"  # headerlink: the "¶" permalinks


def build_search_index(site_dir: Path, directory_urls: bool = True) -> None:
    """Index ``site_dir`` into ``site_dir/pagefind`` with the pinned Pagefind binary (``pagefind[bin]``)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT, "--silent",
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
