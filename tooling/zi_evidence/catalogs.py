"""Maintaining the message catalogs (``make messages``): extract the marked text from the sources and templates
(``babel.cfg``), rewrite ``locale/zi.pot`` and merge it into every ``locale/<lang>/LC_MESSAGES/zi.po`` — new messages
arrive untranslated, removed ones become obsolete. ``missing_translations`` is what the test suite checks."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).parent
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("templates/**", "jinja2"), ("**.py", "python")]
OPTIONS = {"templates/**": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}}


def extract() -> Catalog:
    """Every marked message of the package (Python and templates)."""
    catalog = Catalog(project="ZI Evidence", domain="zi")
    for filename, lineno, message, comments, context in extract_from_dir(str(PACKAGE), METHODS, OPTIONS, KEYWORDS):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def languages() -> list[Path]:
    return sorted((PACKAGE / "locale").glob("*/LC_MESSAGES/zi.po"))


def missing_translations(template: Catalog | None = None) -> dict[str, list[str]]:
    """Messages of the sources each shipped language does not translate yet (by language)."""
    template = template or extract()
    out = {}
    for po in languages():
        with po.open("rb") as handle:
            catalog = read_po(handle)
        ids = {m.id for m in template if m.id}
        out[po.parent.parent.name] = sorted(str(i) for i in ids if not ((m := catalog.get(i)) and m.string and not m.fuzzy))
    return out


def update() -> None:
    template = extract()
    buffer = io.BytesIO()
    write_po(buffer, template, width=0, no_location=True, sort_output=True)
    (PACKAGE / "locale" / "zi.pot").write_bytes(buffer.getvalue())
    for po in languages():
        with po.open("rb") as handle:
            catalog = read_po(handle)
        catalog.update(template, no_fuzzy_matching=True)
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=0, no_location=True, sort_output=True, ignore_obsolete=True)
        po.write_bytes(buffer.getvalue())


if __name__ == "__main__":  # pragma: no cover
    update()
