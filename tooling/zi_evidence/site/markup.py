"""Safe HTML and Markdown building blocks for generated pages.

Every string that comes from YAML goes through :func:`esc` (HTML) or :func:`md` (Markdown
headings and text) — there is no other way in. Links come from :class:`Links`, which knows
whether the builder uses directory URLs, because MkDocs does not rewrite links inside raw HTML.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from ..escaping import html_text, markdown_inert
from ..i18n import SOURCE_LANGUAGE, current_language
from ..templating import HtmlRows, environment

_SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
esc = html_text  # the one escaping policy (escaping.py): HTML text and attributes
md = markdown_inert  # … and a Markdown line of a site page


def safe_url(url: object) -> str | None:
    """An external link target, only for http(s) URLs (never ``javascript:`` or ``data:``)."""
    text = str(url or "").strip()
    return text if _SAFE_URL.match(text) else None


def tag(name: str, content: str = "", **attrs: object) -> str:
    """``<name attrs>content</name>``; attribute values are escaped, ``content`` must already be safe."""
    parts = [name]
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        key = key.rstrip("_").replace("_", "-")
        parts.append(key if value is True else f'{key}="{esc(value)}"')
    return f"<{' '.join(parts)}>{content}</{name}>"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, cls: str | None = None, row_classes: Sequence[str | None] | None = None,
          caption: str | None = None) -> str:
    """The site's one table (``templates/partials/table.html``) for Python callers: ``headers`` are plain text, cells
    are HTML fragments these builders made (templates call the macro directly, with plain data or fragments)."""
    macro: Any = getattr(environment("html").get_template("partials/table.html").module, "table")  # noqa: B009 - a template macro
    return str(macro(headers, HtmlRows(rows), cls=cls, row_classes=row_classes, caption=caption))


def regulation_text(value: object) -> str:
    """A rule text (question, criterion, sub-indicator): the regulation's own words stay Indonesian in every language,
    so on a site in another language they are marked ``lang="id"`` (screen readers and translators read them right)."""
    text = esc(value)
    return text if current_language() == SOURCE_LANGUAGE else f'<span lang="id">{text}</span>'


def badge(text: str, kind: str) -> str:
    """A small coloured label (kind: ok, no, warn, info, muted)."""
    return f'<span class="zi-badge zi-{esc(kind)}">{esc(text)}</span>'


def block(*parts: str) -> str:
    """Join Markdown blocks with blank lines; raw HTML blocks must not contain blank lines themselves."""
    return "\n\n".join(p.strip("\n") for p in parts if p) + "\n"


def page_url(src: str, directory_urls: bool) -> str:
    """Site-relative URL of a generated page or file: ``unit/x/index.md`` → ``unit/x/``."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if not directory_urls:
        return f"{stem}.html"
    if posixpath.basename(stem) == "index":
        base = posixpath.dirname(stem)
        return f"{base}/" if base else ""
    return f"{stem}/"


_NOT_PLAIN = re.compile(r"(?:^|/)\.{1,2}(?:/|$)|//|^/")  # a dot segment, an empty one, an absolute path


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)``; for plain relative paths (every link between generated pages) without its
    two ``abspath`` calls, which were ~1 % of a unit's pages."""
    if _NOT_PLAIN.search(path) or _NOT_PLAIN.search(start):
        return posixpath.relpath(path, start)
    to = [] if path == "." else path.rstrip("/").split("/")
    here = [] if start == "." else start.split("/")
    same = 0
    for a, b in zip(to, here, strict=False):  # the shorter decides
        if a != b:
            break
        same += 1
    return "/".join([".."] * (len(here) - same) + to[same:]) or "."


class Links:
    """Relative links between generated pages, as the builder will lay them out."""

    def __init__(self, directory_urls: bool = True, source_relative: bool = False) -> None:
        self.directory_urls = directory_urls
        # MkDocs and ProperDocs leave links in raw HTML alone (relative to the page's URL); Zensical rewrites them as if
        # they were Markdown links (relative to the page's source file), so an export for it links from the source
        self.source_relative = source_relative
        self._relative = lru_cache(maxsize=65536)(self._relative_uncached)  # pages link to the same few targets many times

    def __call__(self, from_src: str, to: str, anchor: str | None = None) -> str:
        """Relative href from page ``from_src`` to page or file ``to`` (both source paths)."""
        return self._relative(from_src, to) + (f"#{anchor}" if anchor else "")

    def _relative_uncached(self, from_src: str, to: str) -> str:
        here = page_url(from_src, self.directory_urls)
        target = page_url(to, self.directory_urls)
        here_dir = posixpath.dirname(from_src) if self.source_relative else here if here.endswith("/") or not here else posixpath.dirname(here)
        rel = _relpath(target or ".", here_dir.rstrip("/") or ".")
        if target.endswith("/") or not target:
            rel = "./" if rel == "." else f"{rel}/"
        return rel

    def a(self, from_src: str, to: str, text: str, anchor: str | None = None, **attrs: object) -> str:
        return tag("a", esc(text), href=self(from_src, to, anchor), **attrs)
