"""Jinja2 environments: every page, letter and comment is rendered by a template, and each output format escapes
data by itself (the policy in :mod:`.escaping`), so no template can forget to.

- ``html`` — site pages (Markdown holding raw HTML) and printable letters: HTML autoescape; ``|md`` for a Markdown
  line (headings); fragments built by :mod:`.site.markup` arrive as ``Markup``;
- ``letter`` — a letter's Markdown: every ``{{ }}`` goes through ``markdown_readable`` (readable as a file, inert once
  rendered);
- ``comment`` — GitHub/GitLab comments: every ``{{ }}`` goes through ``comment_inline``; ``|code`` for identifiers.

Strings the templates hold themselves are the user interface (Bahasa Indonesia) and go through gettext (``_``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .escaping import comment_code, comment_inline, markdown_inert, markdown_readable
from .i18n import current_language, translations
from .numfmt import angka, persen, tanggal


def trusted(text: str) -> Markup:
    """Text one of the escaping functions produced. The only constructor of ``Markup`` in the code base (ruff S704 flags
    any other), so every trusted fragment passes through here or :func:`fragment`."""
    return Markup(text)  # noqa: S704 — the input is the output of an escaping function


def _finalize(escape: Callable[[object], str]) -> Callable[[object], object]:
    def finalize(value: object) -> object:
        return value if isinstance(value, Markup) else trusted(escape(value))
    return finalize


class _Environment(jinja2.Environment):
    """``{{ row.items }}`` on a dict means the key, never the method: dict keys win over attributes (a context key named
    ``items`` or ``values`` rendered ``<built-in method …>`` before)."""

    def getattr(self, obj: object, attribute: str) -> object:
        # dict first: an ABC check on every ``loop.index0`` of a table cell cost ~10 % of a site build
        if (isinstance(obj, dict) or (not isinstance(obj, jinja2.runtime.LoopContext) and isinstance(obj, Mapping))) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def environment(kind: str, language: str | None = None) -> jinja2.Environment:
    """The environment of one output format (``html``, ``letter``, ``comment``) in ``language`` (None: the current one)."""
    return _environment(kind, language or current_language())


@cache
def _environment(kind: str, language: str) -> jinja2.Environment:
    options: dict = {
        "loader": jinja2.PackageLoader("zi_evidence", "templates"),
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "extensions": ["jinja2.ext.i18n"],
        "autoescape": kind == "html",
        # templates are files of the installed package: checking each one's modification time on every use was ~1 %
        # of a site build (a changed template needs a new process, as a changed module does)
        "auto_reload": False,
    }
    if kind == "letter":
        options["finalize"] = _finalize(markdown_readable)
    elif kind == "comment":
        options["finalize"] = _finalize(comment_inline)
    elif kind != "html":
        raise ValueError(kind)
    env = _Environment(**options)  # noqa: S701 — autoescape is on for HTML; the others escape in finalize
    catalog = translations(language)
    # translations are the tool's own text: trusted in every format (their %(placeholders)s are HTML-escaped by Jinja)
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        lambda m: trusted(catalog.gettext(m)), lambda s, p, n: trusted(catalog.ngettext(s, p, n)), newstyle=True)
    env.globals["gettext"] = env.globals["_"] = _gettext(catalog)
    env.globals["table_rows"] = table_rows
    env.globals["heading_id"] = heading_id
    filters: dict[str, Callable[..., Any]] = {
        "md": lambda v: trusted(markdown_inert(v)),
        "code": lambda v: trusted(comment_code(v)),
        # numbers the tool formats hold no markup in any format (a date may be data: escaped as usual)
        "angka": lambda v: trusted(angka(float(v))), "persen": lambda v: trusted(persen(float(v))), "tanggal": tanggal,
        "signed": lambda v: trusted(("+" if float(v) > 0.0000005 else "") + angka(float(v))),
    }
    env.filters.update(filters)
    return env


def _gettext(catalog: Any) -> Callable[..., Markup]:
    """Jinja's new-style ``gettext`` (``jinja2.ext._make_new_gettext``: the translation, trusted, always %-formatted),
    keeping the text of a call without variables: a table asks for the same labels on every row (an LKE page ~130
    times), and Jinja's alias, context call and ``Markup % {}`` were ~3 % of a site build. ``_`` is this function too,
    not Jinja's alias that looks ``gettext`` up on every call. tests/test_templates.py holds it to Jinja's."""
    plain: dict[str, Markup] = {}

    @jinja2.pass_context
    def gettext(_context: jinja2.runtime.Context, string: str, /, **variables: object) -> Markup:
        if variables:
            return trusted(catalog.gettext(string)) % variables
        text = plain.get(string)
        if text is None:
            text = plain[string] = trusted(catalog.gettext(string)) % {}
        return text

    return gettext


def heading_id(text: object) -> str:
    """The id Python-Markdown's toc extension (default ``slugify``) gives a heading of this text."""
    from markdown.extensions.toc import slugify  # Markdown comes with the site's builder

    return str(slugify(str(text), "-"))


class HtmlRows(list):
    """Table rows whose every cell is an HTML fragment a builder of :mod:`.site.markup` made: :func:`table_rows` takes
    each as :func:`fragment` would, without a ``Markup`` per cell (an LKE page has ~650)."""


def table_rows(rows: Sequence[Sequence[object]], labels: Sequence[object], row_classes: Sequence[object] | None) -> Markup:
    """The body rows of the table macro (``partials/table.html``), one line each: every cell, label and row class goes
    through markupsafe's ``escape``, the function autoescape calls for ``{{ }}`` (a ``Markup`` fragment stays as it is,
    anything else becomes text), so the bytes are those the macro's own loop made. Why in Python: that loop, three
    escapes and a tuple per cell, was 40 % of an LKE page (1.9 of 4.8 ms; 130 rows of 5 cells)."""
    opening = ["<td>" if label is None else f'<td data-label="{escape(label)}">' for label in labels]
    html_cells = isinstance(rows, HtmlRows)
    out: list[str] = []
    for i, row in enumerate(rows):
        cls = row_classes[i] if row_classes else None
        out.append(f'<tr class="{escape(cls)}">' if cls else "<tr>")
        last = len(row) - 1
        for j, cell in enumerate(row):
            out.append(opening[j] if j < len(opening) else "<td>")
            if html_cells:
                out.append(cell if type(cell) is str else str(Markup(cell)))  # noqa: S704 — as fragment(): a builder made it
            else:
                out.append(cell if type(cell) is Markup else escape(cell))
            out.append("</td>" if j == last else "</td> ")
        out.append("</tr>\n")
    return trusted("".join(out))


def render(kind: str, template: str, language: str | None = None, **context: object) -> str:
    return environment(kind, language).get_template(template).render(**context)


def fragment(html: str) -> Markup:
    """An HTML fragment a :mod:`.site.markup` builder made (its data already escaped there), for a template."""
    return Markup(html)  # noqa: S704 — built by site/markup.py, which escapes every piece of data it takes


def squeeze_blank_lines(markdown: str) -> str:
    """A page template's Markdown with the blank lines of empty sections collapsed (a raw HTML block never holds a blank
    line, so this only joins blocks)."""
    return _BLANK_LINES.sub("\n\n", markdown)


# the same as ``\n{3,}``, 9× faster on a unit page (0.04 vs 0.38 ms): a literal start lets the regex engine skip ahead
_BLANK_LINES = re.compile(r"\n\n\n+")
