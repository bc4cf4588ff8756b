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
# The site also shows 12-character hash prefixes followed by an ellipsis.
_HEX_ID = re.compile(r"(?<![0-9A-Za-z])(?:[0-9a-f]{40}(?:[0-9a-f]{24})?(?![0-9A-Za-z])|[0-9a-f]{12}…)")


# NIK, NIP and phone numbers all need ten digits in a run (separators allowed): find such runs in one
# cheap pass and run the exact patterns only on them (with one character of context for the lookarounds).
# A run may cross a line break, so raw YAML whose scalars are folded over lines is scanned the same way.
_DIGIT_RUN = re.compile(r"\d[\d .\t\r\n-]{8,}\d")
_FOLD = re.compile(r"[ \t]*\r?\n[ \t]*")


def personal_data(text: str) -> list[str]:
    """Kinds of personal data found in ``text`` (empty when none)."""
    found: set[str] = set()
    scanned_to = -1
    for run in _DIGIT_RUN.finditer(text):
        if run.end() <= scanned_to or sum(c.isdigit() for c in run.group(0)) < 10:
            continue  # already scanned, or too few digits for any of the numbers (dates have eight)
        # Only the lines around a digit run can hold a number; a hash never spans lines, so masking hashes
        # line by line equals masking the whole text (and costs nothing on long files without numbers).
        start = text.rfind("\n", 0, run.start()) + 1
        scanned_to = text.find("\n", run.end())
        if scanned_to < 0:
            scanned_to = len(text)
        _numbers(text[start:scanned_to], found)
    if "@" in text:
        for match in _EMAIL.finditer(text):
            if not match.group(0).lower().endswith(".go.id"):
                found.add("email")
                break
    return [kind for kind in LABELS if kind in found]


def _numbers(text: str, found: set[str]) -> None:
    """Add the kinds of personal numbers (NIK, NIP, phone) in ``text`` to ``found``."""
    text = _HEX_ID.sub(" ", text)
    for run in _DIGIT_RUN.finditer(text):
        piece = _FOLD.sub(" ", text[max(0, run.start() - 1):run.end() + 1])
        if _NIP.search(piece):
            found.add("nip")
        elif _NIK.search(piece):
            found.add("nik")
        # Indonesian mobile numbers have 10–13 digits; shorter matches are dates, decree numbers or amounts
        if any(sum(c.isdigit() for c in m.group(0)) >= 10 for m in _PHONE.finditer(piece)):
            found.add("phone")


def may_have_markup(text: str) -> bool:
    """False only when ``text`` cannot match: every alternative of _MARKUP needs "<", "=" or the word javascript."""
    return "<" in text or "=" in text or "javascript" in text.casefold()


def has_markup(text: str) -> bool:
    return may_have_markup(text) and bool(_MARKUP.search(text))


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
