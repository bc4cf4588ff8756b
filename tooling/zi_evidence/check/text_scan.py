"""Finding personal data and markup in text that will be published.

The public site must not carry personal data (UU 27/2022 on personal data protection) nor
markup that a browser would run. These patterns are deliberately simple and explainable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..yamlio import line_of

# NIK: 16 digits. NIP: 18 digits, often written 8-6-1-3 with spaces.
_NIK = re.compile(r"(?<![\d.,])\d{16}(?![\d.,])")
_NIP = re.compile(r"(?<![\d.,])\d{8}[ ]?\d{6}[ ]?\d[ ]?\d{3}(?![\d.,])")
# Indonesian mobile numbers: 08xx / +628xx / 628xx with optional separators.
_PHONE = re.compile(r"(?<![\w+.,])(?:\+62[ .-]?|62[ .-]?|0)8\d{1,3}(?:[ .-]?\d{2,4}){2,3}(?!\d)")
# E-mail addresses; official role addresses on government domains (.go.id) are public by duty.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
_MARKUP = re.compile(r"<\s*[A-Za-z!/?]|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)

LABELS = {
    "nik": "NIK (16 digit)",
    "nip": "NIP (18 digit)",
    "phone": "nomor telepon seluler",
    "email": "alamat e-mail pribadi",
}


# sha256 and Git object ids are long hex strings; a run of 16 digits inside one is not a NIK.
_HEX_ID = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{40}(?:[0-9a-f]{24})?(?![0-9A-Za-z])")


def personal_data(text: str) -> list[str]:
    """Kinds of personal data found in ``text`` (empty when none)."""
    text = _HEX_ID.sub(" ", text)
    found = []
    if _NIP.search(text):
        found.append("nip")
    elif _NIK.search(text):
        found.append("nik")
    if _PHONE.search(text):
        found.append("phone")
    for match in _EMAIL.finditer(text):
        if not match.group(0).lower().endswith(".go.id"):
            found.append("email")
            break
    return found


def has_markup(text: str) -> bool:
    return bool(_MARKUP.search(text))


def walk_strings(node: Any, path: tuple = (), line: int | None = None) -> Iterator[tuple[tuple, str, int | None]]:
    """Every string value (and string key) inside loaded YAML, with its path and line."""
    if isinstance(node, dict):
        for key, value in node.items():
            key_line = line_of(node, key) or line
            if isinstance(key, str):
                yield (*path, key), key, key_line
            yield from walk_strings(value, (*path, key), key_line)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk_strings(value, (*path, index), line_of(node, index) or line)
    elif isinstance(node, str):
        yield path, node, line
