"""User-facing text through gettext: Bahasa Indonesia is the source language, catalogs under ``locale/<lang>/``.

The language is chosen explicitly — ``ZI_LANG=en`` for the CLI, the plugin's ``language`` option for the site — and
never from the machine's locale: a server set to ``en_US`` must not turn an Indonesian office's output English.
Catalogs are ``.po`` files compiled in memory with Babel on first use (no compiled binaries in the repository).
Rule texts (item questions, criteria) stay Indonesian in every language: they are the regulation's words.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources

SOURCE_LANGUAGE = "id"
DOMAIN = "zi"


@cache
def _shipped() -> tuple[str, ...]:
    base = resources.files("zi_evidence").joinpath("locale")
    return tuple(sorted([SOURCE_LANGUAGE] + [d.name for d in base.iterdir() if d.joinpath("LC_MESSAGES", f"{DOMAIN}.po").is_file()]))


def available_languages() -> list[str]:
    """Indonesian and every language with a catalog under ``locale/``."""
    return list(_shipped())


_chosen: str | None = None  # set_language(): the site build's language option


def set_language(language: str | None) -> None:
    """Use ``language`` for this process (None: back to ``ZI_LANG``/Indonesian); the site build calls it."""
    global _chosen  # noqa: PLW0603
    _chosen = language


@contextmanager
def using_language(language: str | None) -> Iterator[None]:
    """``set_language`` for the duration of a block (a site build), then back to what was set before."""
    before = _chosen
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def current_language() -> str:
    """The language set for this process, else ``ZI_LANG`` when it names a shipped language, else Indonesian."""
    return _shipped_or_source(_chosen or os.environ.get("ZI_LANG") or SOURCE_LANGUAGE)


@cache
def _shipped_or_source(asked: str) -> str:
    """``en_US.UTF-8`` → ``en`` when shipped, else Indonesian: cached, a site page asks thousands of times."""
    wanted = asked.split("_")[0].split(".")[0].lower()
    return wanted if wanted in _shipped() else SOURCE_LANGUAGE


def translations(language: str | None = None) -> gettext.NullTranslations:
    """The catalog of ``language`` (None: :func:`current_language`, looked up at each call); Indonesian is the identity."""
    return _catalog(language or current_language())


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = resources.files("zi_evidence").joinpath("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """Translate ``message`` (Indonesian) into the current language."""
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations().ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 — the gettext convention for "extract, translate later"
    """Mark ``message`` for the catalog where it is defined (a module constant); translate it where it is used."""
    return message


class Translated(dict):
    """A mapping of labels (marked with ``N_``) whose values are translated when read, in the language of that moment."""

    def __getitem__(self, key: object) -> str:
        return _(super().__getitem__(key))

    def get(self, key: object, default: object = None) -> object:
        return _(super().__getitem__(key)) if key in self else default

    def items(self):
        return [(k, _(v)) for k, v in super().items()]

    def values(self):
        return [_(v) for v in super().values()]
