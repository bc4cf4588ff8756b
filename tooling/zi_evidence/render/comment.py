"""Data in a GitHub/GitLab comment: the one escaping policy for pull-request and merge-request text.

Everything a pull request controls (file names, item keys, evidence ids and titles, notes, `zi check` messages that quote
them, account names) reaches a comment only through :func:`code` (identifiers and paths, as a code span whose fence
is longer than any backtick run inside, so nothing breaks out) or :func:`inline` (free text: Markdown and HTML
characters as entities, ``@`` and ``#`` followed by a zero-width space so no mention or reference fires, ``://`` broken
so no autolink appears). No image, link, HTML tag or live @mention can come from data.
"""

from __future__ import annotations

from ..escaping import comment_code, comment_inline

MAX_COMMENT = 65_536  # GitHub's limit for an issue comment, in characters
inline = comment_inline  # the one escaping policy (escaping.py), comment contexts
code = comment_code


def fit(body: str, pointer: str, limit: int = MAX_COMMENT) -> str:
    """The body cut at a line boundary so that it, plus ``pointer`` (where the full text is), stays within ``limit``."""
    if len(body) <= limit:
        return body
    room = limit - len(pointer) - 2
    cut = body.rfind("\n", 0, room)
    return body[: cut if cut > 0 else room] + "\n\n" + pointer
