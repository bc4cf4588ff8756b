"""A generated page's stub converted by the worker that wrote it, with the site's own Markdown settings.

MkDocs converts pages in its main process, one after another, with a new Python-Markdown instance per page: at 1,000
units × 2 years that was a fifth of the build while the second core idled. The stub of a generated page (headings,
placeholders, the letters' text) has no Markdown links for MkDocs to rewrite, so a worker converts it with the same
extensions and settings (one instance per process, reset per page) and the plugin hands MkDocs that HTML, its TOC and
its anchor ids. A stub with links, or one another plugin changed on the way, is converted by MkDocs as usual.
"""

from __future__ import annotations

import html
import pickle
import re
from dataclasses import dataclass, field
from typing import Any

_LINKS = re.compile(r"\]\(|\]\s?\[|^ {0,3}\[[^\]\n]+\]:|<[a-zA-Z][a-zA-Z0-9+.-]*:", re.MULTILINE)  # links, images, autolinks
_IDS = re.compile(r"""id=["']([^"']*)["']""")  # an attribute when whitespace precedes it (:func:`_ids`)


@dataclass(frozen=True)
class MarkdownSettings:
    """The site's ``markdown_extensions`` and ``mdx_configs`` (MkDocs' builtins included), as MkDocs passes them."""

    extensions: tuple[str, ...]
    configs: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, config: Any) -> MarkdownSettings | None:
        """From an MkDocs config, or None when an extension is an object or a setting cannot reach a worker process."""
        extensions = list(config["markdown_extensions"])
        if not all(isinstance(e, str) for e in extensions):
            return None
        settings = cls(tuple(extensions), dict(config["mdx_configs"] or {}))
        try:
            pickle.dumps(settings)
        except Exception:  # noqa: BLE001 — a lambda in a setting: MkDocs converts these pages itself
            return None
        return settings


_converter_of: list[tuple[MarkdownSettings, Any]] = []  # one per process: (the settings it was built with, it)


def _converter(settings: MarkdownSettings) -> Any:
    import markdown

    # compared, not pickled into a key on every page (0.1 ms a page); a build has one set of settings
    if not _converter_of or _converter_of[0][0] != settings:
        _converter_of[:] = [(settings, markdown.Markdown(extensions=list(settings.extensions), extension_configs=settings.configs))]
    return _converter_of[0][1].reset()


def convert_stub(stub_page: str, settings: MarkdownSettings, parts: list[str]) -> dict[str, Any] | None:
    """What MkDocs' ``Page.render`` would set for this stub: ``content``, ``toc`` tokens and ``anchors`` (ids in the
    stub's HTML and in its raw HTML runs), with the ``markdown`` it converted; None when MkDocs must convert it."""
    from mkdocs.utils.meta import get_data  # how MkDocs splits front matter from the page

    text, _meta = get_data(stub_page)
    if _LINKS.search(text):
        return None
    md = _converter(settings)
    content = md.convert(text)
    anchors = {html.unescape(a) if "&" in a else a for chunk in (content, *parts) for a in _ids(chunk)}  # a call only where needed
    return {"markdown": text, "content": content, "toc": getattr(md, "toc_tokens", []), "anchors": sorted(anchors)}


def _ids(chunk: str) -> list[str]:
    """The values of ``id`` attributes. Searching for the literal ``id=`` and then looking at the character before is
    4× faster than a pattern that starts with ``\\s`` (tried at every position of a 120 KB LKE page)."""
    return [m.group(1) for m in _IDS.finditer(chunk) if m.start() and chunk[m.start() - 1].isspace()]
