"""Scanning the values of a loaded YAML document: what people wrote, never what the tool computed.

``zi check`` runs this on every data file; the site build refuses exactly what it reports (see
``check.PUBLICATION_BLOCKERS``), so nothing the site would refuse can pass ``zi check``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ..problems import Problem
from ..yamlio import line_of
from .text import LABELS, has_markup, invisible_characters, may_have_markup, personal_data, secret_urls

PLACEHOLDER = "GANTI:"
PLACEHOLDER_PREFIXES = (PLACEHOLDER, "GANTI-")  # "GANTI-akun-tpi": where a pattern (an account name) allows no colon
_DIGIT_UNDERSCORE = re.compile(r"\d_\d")
_LONG_NUMBER = 10 ** 9  # numbers with ten or more digits could be a NIK, NIP or phone number written without quotes


def walk_text(node: Any, path: tuple = (), line: int | None = None) -> Iterator[tuple[tuple, str, int | None]]:
    """Every string value and key inside loaded YAML, with its path and line — and integers long enough to be a
    personal number (a NIK written as a bare number loads as an int and is printed by the site all the same)."""
    if isinstance(node, dict):
        for key, value in node.items():
            key_line = line_of(node, key) or line
            if isinstance(key, str):
                yield (*path, key), key, key_line
            yield from walk_text(value, (*path, key), key_line)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk_text(value, (*path, index), line_of(node, index) or line)
    elif isinstance(node, str):
        yield path, node, line
    elif isinstance(node, int) and not isinstance(node, bool) and abs(node) >= _LONG_NUMBER:
        yield path, str(node), line


def text_problems(name: str, data: Any, is_private: Callable[[tuple], bool] = lambda _path: False) -> list[Problem]:
    """Placeholders, markup, personal data, invisible characters and secret URLs in the document's values.

    ``is_private(path)`` is true for values that are never published (the fields of an internal evidence entry):
    a secret URL there is a warning, not an error — the repository itself may still be public.
    """
    out = []
    for keys, text, line in walk_text(data):
        where = ".".join(str(k) for k in keys)
        if text.startswith(PLACEHOLDER_PREFIXES):
            out.append(Problem(name, line, f"{where}: masih berisi isian contoh ({text!r}); ganti dengan data sebenarnya", "warning",
                               "text.placeholder"))
        if has_markup(text):
            out.append(Problem(name, line, f"{where}: teks memuat tag HTML/skrip ({text[:40]!r}); tulis sebagai teks biasa tanpa '<…>'",
                               "error", "text.markup"))
        for kind in personal_data(text):
            out.append(Problem(name, line, f"{where}: memuat data pribadi ({LABELS[kind]}); hapus dari data publik (UU 27/2022) — "
                               "simpan di bukti berlabel visibility: internal bila memang diperlukan", "error", "text.personal_data"))
        hidden = invisible_characters(text)
        if hidden:
            out.append(Problem(name, line, f"{where}: memuat karakter tak terlihat atau pengendali arah teks ({', '.join(hidden)}) "
                               "yang bisa menyamarkan isi; hapus karakter itu (ketik ulang teksnya)", "error", "text.invisible"))
        for url in secret_urls(text):
            private = is_private(keys)
            message = (f"{where}: URL memuat kunci atau token akses ({url[:60]}…); "
                       + ("repositori yang publik tetap membocorkannya — simpan tautan tanpa kunci, atau catat berkasnya dengan sha256"
                          if private else "tautan ini akan terbit di situs — hapus parameter kunci/token atau jadikan buktinya internal"))
            out.append(Problem(name, line, message, "warning" if private else "error", "text.secret_url"))
    return out


def internal_evidence_fields(manifest: Any) -> Callable[[tuple], bool]:
    """For a manifest: whether a value lies in an internal evidence entry (never published)."""
    items = manifest.get("items") if isinstance(manifest, dict) else None
    internal = {i for i, e in enumerate(items) if isinstance(e, dict) and e.get("visibility") != "public"} if isinstance(items, list) else set()
    return lambda keys: len(keys) >= 2 and keys[0] == "items" and keys[1] in internal


def raw_text_is_clean(raw: str) -> bool:
    """True when a file's raw text cannot hold a value :func:`text_problems` would report, so walking every value
    can be skipped. A necessary condition only: it may say "look closer" too often, never "clean" wrongly (every
    detector tolerates folded lines and YAML quoting; backslash escapes and ``1_000`` numbers always get the full scan)."""
    if "\\" in raw or any(p in raw for p in PLACEHOLDER_PREFIXES) or _DIGIT_UNDERSCORE.search(raw) or invisible_characters(raw):
        return False
    if may_have_markup(raw.replace("$schema=", "")):  # the editor's schema comment
        return False
    return not personal_data(raw) and not secret_urls(raw)
