"""Data in a GitHub/GitLab comment: the one escaping policy for pull-request and merge-request text.

Everything a pull request controls (file names, item keys, evidence ids and titles, notes, `zi check` messages that quote
them, account names) reaches a comment only through :func:`code` (identifiers and paths, as a code span whose fence
is longer than any backtick run inside, so nothing breaks out) or :func:`inline` (free text: Markdown and HTML
characters as entities, ``@`` and ``#`` followed by a zero-width space so no mention or reference fires, ``://`` broken
so no autolink appears). No image, link, HTML tag or live @mention can come from data.
"""

from __future__ import annotations

import re

MAX_COMMENT = 65_536  # GitHub's limit for an issue comment, in characters
_ACTIVE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]{}()#+-!|~<>&\"':="})
_ZWSP = "\u200b"
_BACKTICKS = re.compile(r"`+")


def inline(value: object) -> str:
    """Free text for a comment line: inert Markdown, inert HTML, no mentions, references or autolinks."""
    text = " ".join(str(value).split())  # no line breaks: a table row or list item stays one
    text = text.translate(_ACTIVE)
    return text.replace("@", "@" + _ZWSP).replace("&#35;", "&#35;" + _ZWSP).replace("&#58;//", "&#58;/" + _ZWSP + "/").replace("www.", "www" + _ZWSP + ".")


def code(value: object) -> str:
    """An identifier or path as a code span (``| `` inside tables escaped too)."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fit(body: str, pointer: str, limit: int = MAX_COMMENT) -> str:
    """The body cut at a line boundary so that it, plus ``pointer`` (where the full text is), stays within ``limit``."""
    if len(body) <= limit:
        return body
    room = limit - len(pointer) - 2
    cut = body.rfind("\n", 0, room)
    return body[: cut if cut > 0 else room] + "\n\n" + pointer
