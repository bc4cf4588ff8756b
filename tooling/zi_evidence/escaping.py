"""The one escaping policy: every piece of data reaches an output through exactly one of these, chosen by where it lands.

- ``html_text`` — HTML content and attribute values (site pages, printable letters, SVG);
- ``markdown_inert`` — a Markdown line on the site: every character Markdown, attr_list or tables act on becomes a numeric
  entity, so no markup, link or HTML survives;
- ``markdown_readable`` — Markdown a person also reads as a file (the letters' ``.md``): backslash escapes, still inert
  once rendered;
- ``terminal_text`` — a line printed on a terminal: control characters (ANSI escape sequences, carriage returns,
  bidirectional overrides) shown as ``\\xNN``/``\\uNNNN``, so data cannot move the cursor, recolour or hide text;
- ``comment_inline`` / ``comment_code`` — GitHub/GitLab comments (``render/comment.py`` documents the threat): entities,
  no @mentions, #references or autolinks; identifiers as code spans whose fence outlasts any backtick run inside.
"""

from __future__ import annotations

import html
import re

_SITE_ACTIVE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]{}()#+!|~^:<>&\"'"})
# "{" and "}" too: the site's Markdown has attr_list, which reads "{: onclick=…}" after a cell or heading as attributes
_LETTER_ESCAPE = str.maketrans({"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "|": "\\|",
                                "{": "\\{", "}": "\\}", "<": "&lt;", ">": "&gt;", "&": "&amp;"})
# what GitHub/GitLab Markdown acts on inside a line: emphasis, code, links and images, HTML and entities, tables, headings
# and #references, strikethrough, math ($…$); "-", ":", "=", "(", quotes stay readable (only a line's start or an
# emoji shortcode / URL scheme gives them meaning, handled below)
_COMMENT_ACTIVE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]<>&|#!~$"})
_COMMENT_COLON = re.compile(r":(?=[A-Za-z0-9_+/-])")  # :emoji: shortcodes and scheme: links; "nilai: 80" stays as typed
_COMMENT_LINE_START = re.compile(r"^([-+=]|\d+[.)])")  # a list, setext heading or numbered item if it began a line
_ZWSP = "\u200b"
_BACKTICKS = re.compile(r"`+")


def html_text(value: object) -> str:
    """Text for HTML content or attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def markdown_inert(value: object) -> str:
    """Text for a Markdown line (headings, paragraphs): no markup, no links, no HTML survives."""
    return ("" if value is None else str(value)).replace("\n", " ").translate(_SITE_ACTIVE)


def markdown_readable(value: object) -> str:
    """Data inside a letter: readable in the .md file (backslash escapes), inert once rendered."""
    text = str(value or "").replace("\n", " ").translate(_LETTER_ESCAPE)
    return "\\" + text if text[:1] in "#+-=>" or text[:2].rstrip(".").isdigit() and text[1:2] == "." else text


_TERMINAL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def terminal_text(value: object) -> str:
    """Text for one terminal line: every control or invisible direction character made visible as its escape."""
    return _TERMINAL_UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), "" if value is None else str(value))


def comment_inline(value: object) -> str:
    """Free text for a comment line: inert Markdown, inert HTML, no mentions, references or autolinks."""
    text = " ".join(str(value).split())  # no line breaks: a table row or list item stays one
    text = _COMMENT_LINE_START.sub(lambda m: m.group()[:-1] + f"&#{ord(m.group()[-1])};", text.translate(_COMMENT_ACTIVE))
    text = _COMMENT_COLON.sub("&#58;", text)
    return text.replace("@", "@" + _ZWSP).replace("&#35;", "&#35;" + _ZWSP).replace("&#58;//", "&#58;/" + _ZWSP + "/").replace("www.", "www" + _ZWSP + ".")


def comment_code(value: object) -> str:
    """An identifier or path as a code span (``|`` inside tables escaped too)."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"
