"""Generated pages skip Python-Markdown: the builder converts a stub, the plugin splices the page's HTML back in.

Profiled at 200 units, two thirds of a site build was Python-Markdown re-parsing the raw HTML blocks the generator
wrote (Python-Markdown passes them through unchanged) and Material's search parsing them again. A generated page is
Markdown whose blocks are either Markdown (headings, the letters' text, the hand-written Beranda intro) or raw HTML
blocks. :func:`split_page` replaces every run of raw HTML blocks by a token paragraph; the builder converts that stub
with the site's own Markdown settings (title and meta from the front matter, heading ids, permalinks and the TOC as for
any page), the search plugin indexes the page with :func:`search_html` of each run in place of its token, and once the
theme has rendered the page :func:`splice` puts the runs back. The export for other builders keeps whole pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown.util import BLOCK_LEVEL_ELEMENTS

_BLOCK_TAG = "|".join(sorted(BLOCK_LEVEL_ELEMENTS, key=len, reverse=True))
_RAW_LINE = re.compile(rf"</|<(?:{_BLOCK_TAG})[\s/>]", re.IGNORECASE)
_OPAQUE = ("<script", "<style", "<textarea", "markdown")  # raw text inside, or md_in_html's markdown="1": stays Markdown
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_MARKUP = re.compile(r"<[a-zA-Z!/?]")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def token(nonce: str, index: int) -> str:
    """The placeholder paragraph of run ``index``: letters and digits only, so no Markdown extension rewrites it."""
    return f"zisplice{nonce}n{index}"


@dataclass(frozen=True)
class SplitPage:
    stub: str  # the page for the builder: front matter, headings and Markdown blocks, a token per run of raw HTML
    parts: list[str]  # the runs of raw HTML, in page order


def _is_raw(block: str) -> bool:
    """Whether Python-Markdown passes ``block`` through verbatim, for blocks the generator writes: it starts with a
    block-level tag, ends with a tag, and every line starts with a block-level or an end tag (Python-Markdown ends a
    raw block where its first element closes and reads the next line afresh). Anything else stays Markdown.
    The generator's HTML is well-formed (templates and the table macro); hand-written Markdown is never split."""
    text = block.strip("\n")
    if not text.endswith(">") or text.startswith("</"):
        return False
    if _opaque(text):
        return False
    return all(_RAW_LINE.match(line) for line in text.split("\n"))


_OPAQUE_BYTES = tuple(marker.encode("ascii") for marker in _OPAQUE)
# the only characters outside ASCII whose lower case holds an ASCII letter: İ → "i̇", the Kelvin sign K → "k"
# (tests/test_splice.py checks every code point)
LOWER_TO_ASCII = "\u0130\u212a"


def _opaque(text: str) -> bool:
    """Whether ``text.lower()`` holds one of :data:`_OPAQUE`. A copy and substring tests are much faster than a
    case-insensitive regex; lowering the UTF-8 bytes is 4× faster again than lowering a text that is not all ASCII
    (an LKE page: 0.4 ms), and finds the same: every other character lowers to characters outside ASCII, whose bytes
    never match an ASCII marker."""
    if text.isascii() or any(c in text for c in LOWER_TO_ASCII):
        lowered = text.lower()
        return any(marker in lowered for marker in _OPAQUE)
    lowered_bytes = text.encode("utf-8").lower()
    return any(marker in lowered_bytes for marker in _OPAQUE_BYTES)


def as_raw_block(html: str) -> str:
    """Converted HTML as one block :func:`split_page` takes out whole: a line that does not start with a block-level or
    an end tag (text wrapped inside a paragraph) joins the line before it, since a newline in text is a space in HTML.
    For HTML without ``pre``, ``textarea``, ``script`` or ``style``, whose newlines matter."""
    lines: list[str] = []
    for line in html.strip("\n").split("\n"):
        if not line.strip():
            continue
        if lines and not _RAW_LINE.match(line):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return "\n".join(lines)


def split_page(markdown: str, nonce: str) -> SplitPage:
    """Split a generated Markdown page into its stub and its raw HTML runs.

    Only blocks Python-Markdown would pass through verbatim are taken out (:func:`_is_raw`, outside fenced code);
    everything else stays in the stub and is converted as before.
    """
    front = _FRONT_MATTER.match(markdown)
    head, body = (markdown[:front.end()], markdown[front.end():]) if front else ("", markdown)
    blocks = body.split("\n\n")
    out: list[str] = []
    parts: list[str] = []
    run: list[str] = []
    fence: str | None = None

    def flush(last: bool = False) -> None:
        if run:
            out.append(token(nonce, len(parts)))
            # spaced as Python-Markdown places raw blocks: each followed by a blank line, none at the end of the page
            parts.append("\n\n".join(b.strip("\n") for b in run) + ("" if last else "\n"))
            run.clear()

    for block in blocks:
        if fence is None and block.strip() and _is_raw(block):
            run.append(block)
            continue
        if not block.strip() and run:
            continue  # extra blank lines between two raw blocks: Python-Markdown drops them too
        flush()
        out.append(block)
        for mark in _FENCE.findall(block):  # fenced code opens and closes on lines of the same character, at least as long
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
    flush(last=True)
    if any(_MARKUP.search(block) for block in out):
        # HTML inside Markdown (a hand-written intro) can open an element that swallows the placeholders or, with
        # md_in_html, is read differently once its neighbours are placeholders: such a page is converted whole
        return SplitPage(markdown, [])
    return SplitPage(head + "\n\n".join(out), parts)


# the tags Material's search index drops (it keeps p, code, pre, li, ol, ul, sub, sup and reads headings), comments
# and declarations; attribute values may hold ">" only inside quotes
_SEARCH_DROP = re.compile(
    r"<!--.*?-->|<![^>]*>|</?(?!(?:p|code|pre|li|ol|ul|sub|sup|h[1-6])[\s/>])[a-zA-Z][\w:-]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.DOTALL | re.IGNORECASE)
_SEARCH_SPECIAL = ("data-search-exclude", "linenodiv", "headerlink", "<script", "<style", "<object")


def search_html(html: str) -> str:
    """What the search plugin needs of a run of HTML: its text, headings and the few tags the index keeps.

    Material's search parses every page's HTML; tables, cards and charts are mostly tags it throws away. Dropping
    them first leaves the text and its order unchanged, so the index holds the same words. A run that uses the
    search's own markers (exclusions, scripts) is given whole.
    """
    lowered = html.lower()
    if any(marker in lowered for marker in _SEARCH_SPECIAL):
        return html
    return _SEARCH_DROP.sub("", html)


class SpliceError(RuntimeError):
    """A page lost a placeholder on its way through the builder: publishing it would silently drop content."""


def _token_paragraph(nonce: str) -> re.Pattern[str]:
    return re.compile(rf"<p>zisplice{nonce}n(\d+)</p>")


def intact(html: str, nonce: str, count: int) -> bool:
    """Whether the converted stub holds each of its ``count`` placeholders once, as a paragraph of its own. Markdown
    left in the stub can swallow one (a hand-written intro with an unclosed ``<div>`` makes the rest of the page one
    raw block); such a page is converted whole instead (:func:`restore`)."""
    return sorted(int(i) for i in _token_paragraph(nonce).findall(html)) == list(range(count))


def restore(stub: str, nonce: str, parts: list[str]) -> str:
    """The page's Markdown again, each placeholder line replaced by its run of raw HTML."""
    return re.sub(rf"^zisplice{nonce}n(\d+)$", lambda m: parts[int(m.group(1))].rstrip("\n"), stub, flags=re.MULTILINE)


def splice(html: str, nonce: str, parts: list[str]) -> str:
    """``html`` with each placeholder paragraph replaced by its run; every placeholder must be there exactly once."""
    seen: list[int] = []

    def put(match: re.Match[str]) -> str:
        index = int(match.group(1))
        seen.append(index)
        return parts[index] if index < len(parts) else match.group(0)

    out = _token_paragraph(nonce).sub(put, html)
    if sorted(seen) != list(range(len(parts))):
        raise SpliceError(f"expected {len(parts)} generated HTML blocks, found placeholders {sorted(seen)}")
    return out
