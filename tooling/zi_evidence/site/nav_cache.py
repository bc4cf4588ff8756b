"""Material renders the site's whole navigation and the page's table of contents into every page (its ``site_nav``
block). For the ~4 pages a unit that are not in the nav (unit page, LKE details, evidence list, letters) that HTML
is the same wherever every link in it resolves the same: rendered once per key and reused (theme/main.html).

Measured on a 1,000-unit site: the block was 31 % of Material's rendering of a page. Material's ``config`` block (a
JSON of settings and translations, ~6 %) is kept the same way, for every page, by its path to the site's root. The key holds everything the
block reads that differs between pages outside the nav: the link to each nav target (and the home page and logo) as
MkDocs' ``url`` filter writes it from this page, the page's ``hide`` list and its table of contents. A page in the
nav (whose item is marked active and may carry its TOC) is always rendered in full.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from mkdocs.utils import normalize_url

MAX_KEYS = 512  # a generated site has a few dozen (a unit's pages differ by year and letters, not by unit)
TocKey = tuple[tuple[str, str, int, Any, "TocKey"], ...]


def _targets(items: list[Any]) -> list[str]:
    """Every URL the nav links to, sections' children included."""
    out: list[str] = []
    for item in items:
        url = getattr(item, "url", None)
        if isinstance(url, str):
            out.append(url)
        out.extend(_targets(getattr(item, "children", None) or []))
    return out


def _toc_key(items: Any) -> TocKey:
    return tuple((str(i.title), str(i.url), int(i.level), getattr(i, "typeset", None), _toc_key(i.children)) for i in items)


class NavCache:
    """The rendered ``site_nav`` block by key, for the pages outside the nav; one per build (and per render process)."""

    def __init__(self, nav: Any, config: Any):
        homepage = (config.extra or {}).get("homepage") or (nav.homepage.url if nav.homepage else "")
        logo = config.theme.get("logo") or ""
        self._targets = [*_targets(nav.items), str(homepage), str(logo)]
        self._in_nav = {id(p) for p in nav.pages}
        self._rendered: dict[tuple, Markup] = {}

    def key(self, page: Any, base_url: str) -> tuple | None:
        """What the block's HTML depends on for ``page``; None for a page in the nav (rendered every time)."""
        if page is None or id(page) in self._in_nav or page.parent is not None:
            return None
        hide = (page.meta or {}).get("hide")
        toc = list(page.toc or [])
        if toc and toc[0].level == 1:  # as partials/toc.html: a page's one h1 is left out, its children shown
            toc = list(toc[0].children)
        return (base_url, tuple(normalize_url(t, page) for t in self._targets),
                tuple(hide) if isinstance(hide, list) else repr(hide), _toc_key(toc))

    @staticmethod
    def config_key(base_url: str) -> tuple:
        """The key of Material's ``config`` block (the JSON its script reads): it differs between pages only by the
        relative path to the site's root, ``base_url`` (its one link, the search worker, is made relative the same way)."""
        return ("config", base_url)

    def get(self, key: tuple) -> Markup | None:
        return self._rendered.get(key)

    def put(self, key: tuple, rendered: Markup) -> Markup:
        if len(self._rendered) >= MAX_KEYS:  # a site whose pages all differ here gains nothing: memory stays bounded
            self._rendered.clear()
        self._rendered[key] = rendered
        return rendered
