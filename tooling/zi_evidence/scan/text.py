"""The one detector of what must not be published: personal data, markup, invisible characters, secret URLs.

Used by ``zi check`` (YAML values and the text of public evidence), the site build (through ``zi check``'s findings)
and ``zi pr-report``. Text is first put in one *scan form* (:func:`scan_form`): compatibility-normalised (full-width
digits and ``＠`` become ASCII), invisible format characters removed, ``[at]``/``(dot)`` read as ``@``/``.``,
decimal fractions masked — so a NIK written ``3201 0203 0405 0006``, ``32.01.02.030405.0006``, folded over two YAML
lines or with zero-width spaces between its digits is the same NIK, while a score such as ``62.8373658008658`` is
never a ``+62`` phone number.

Every pattern here runs in linear time on adversarial text: character classes are disjoint from what follows them,
repetitions are bounded or possessive, and each match attempt starts only where a token can start (no nested
unbounded quantifiers, no backtracking over a long run). ``tests/test_scan_text.py`` times 2 MB adversarial lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

LABELS = {
    "nik": "NIK (16 digit)",
    "nip": "NIP (18 digit)",
    "phone": "nomor telepon seluler",
    "email": "alamat e-mail pribadi",
}

# Unicode general category Cf (format characters: zero-width spaces and joiners, bidi embeddings/overrides/isolates,
# soft hyphen, BOM, tag characters …). Written out so that removing them is one C-level regex pass;
# tests/test_scan_text.py checks the class against unicodedata of the running Python.
INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0/C1 controls other than tab, newline, carriage return
NAME_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # in a file name not even those
# Dashes and spaces that NFKC leaves alone but people type between digit groups.
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"})

# "nama [at] dinas [dot] id", "nama(at)dinas(dot)id", "nama @ dinas . id" (patterns start with a character class, so the
# regex engine skips to candidate positions quickly)
_AT = re.compile(r"[\[({<] ?(?:at|et) ?[\])}>]", re.IGNORECASE)
_DOT = re.compile(r"[\[({<] ?(?:dot|titik) ?[\])}>]", re.IGNORECASE)
_WORD_AT = re.compile(r"(?<![\w.%+-])([\w.%+-]++) (?:at|AT) ([\w-]++) (?:dot|DOT) ([A-Za-z]{2,}+)\b")
# sha256 / Git object ids (and the 12-character prefixes the site shows) and decimal fractions look like numbers
_DECIMAL = re.compile(r"\d+[.,]\d{5,}")

# How people write the numbers, after whitespace runs (a YAML fold, any indentation) are collapsed to one space: digits
# together, or in the groupings in use, separated by up to three spaces, dots or dashes. Only these groupings count —
# ten two-digit numbers in a table, SVG path data or a list of scores is not a NIK.
_S = r"[ .-]{1,3}"
# NIK: 16 together, 4-4-4-4, 6-6-4 or 2-2-2-6-4 (province, regency, district, birth date, serial); NIP: 18 together,
# 8-6-1-3 or 8-6-4. One pattern, branching on the length of the first group, so each start costs a few steps.
_NIK_NIP = re.compile(
    r"(?<![\d.])\d\d(?:" + rf"{_S}\d\d{_S}\d\d{_S}\d{{6}}{_S}\d{{4}}"
    + r"|\d\d(?:" + rf"{_S}\d{{4}}{_S}\d{{4}}{_S}\d{{4}}"
    + r"|\d\d(?:" + rf"{_S}\d{{6}}{_S}\d{{4}}"
    + r"|\d\d(?:" + rf"(?P<nip>{_S}\d{{6}}{_S}(?:\d{_S}\d{{3}}|\d{{4}}))"
    + r"|\d{8}(?P<nip18>\d\d)?))))(?![\d]|[.,]\d)"
)
# The context rule: the word NIK, NIP or KTP, then (within a label's distance) 16 or 18 digits in any grouping —
# spaces, dots, dashes or slashes between any of them, a YAML fold included. Possessive quantifiers keep it linear.
_ID_WORD = re.compile(r"(?<![A-Za-z])(?:NIK|NIP|KTP|N\.I\.[KP]\.?)(?![A-Za-z])[^\d\n]{0,24}+(\d(?:[ ./-]{0,3}+\d){13,19}+)",
                      re.IGNORECASE)
_DECIMAL_GROUP = re.compile(r"[.,]\d{1,2}(?![\d.,/-])")
_ID_WORD_HINT = re.compile(r"nik|nip|ktp|n\.i\.", re.IGNORECASE)
_ID_WORDS = ("nik", "nip", "ktp", "n.i.")
# Indonesian mobile numbers: 08xx / 62 8xx / +62 8xx / (0812), then groups of three or four digits; 10 to 13 digits
# in the national form (checked on each match).
_PHONE = re.compile(r"(?<![\d+.])(?:\(?(?:\+ ?62|62|0)[ .-]{0,3}\(?8\d{1,3}\)?)(?:[ .-]{0,3}\d{3,4}){1,3}(?!\d|[.,]\d)")
_SEP_WIDE = r"(?:\s++|[.()-]){0,3}"
_TEN_DIGITS = re.compile(rf"\d(?:{_SEP_WIDE}\d){{9}}")
_WHITESPACE = re.compile(r"\s+")
_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++")
_TLD = re.compile(r"\.[a-z]{2,}$")
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")

_TAG = re.compile(r"<\s*+[A-Za-z!/?]")
_SCRIPT_URL = re.compile(r"script\s*+:")
_HANDLER = re.compile(r"on[a-z]++\s*+=")
_DATA_HTML = re.compile(r"data\s*+:\s*+text/html")
_URL = re.compile(r"https?://[^\s<>\"'`]++", re.IGNORECASE)
_SECRET_PARAM = re.compile(
    r"(?:key|token|sig|signature|secret|passw(?:or)?d|pwd|auth|authorization|credentials?|session(?:id)?|sid|otp|code)$|^x-(?:amz|goog)-",
    re.IGNORECASE,
)
_TOKEN_VALUE = re.compile(r"[A-Za-z0-9_\-]{32,}")


@lru_cache(maxsize=16)  # the detectors below read the same value in turn; str caches its hash, so a hit is cheap
def scan_form(text: str) -> str:
    """The form every detector reads: NFKC, no invisible characters, dashes unified, obfuscations undone."""
    if not text.isascii():
        text = INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).translate(_DASHES).replace("\u00a0", " ")
    if "@" in text:
        text = text.replace(" @ ", "@")
    if _AT.search(text):
        text = _DOT.sub(".", _AT.sub("@", text)).replace(" @ ", "@").replace(" . ", ".")
    if " at " in text or " AT " in text:
        text = _WORD_AT.sub(r"\1@\2.\3", text)
    return text


_HEX_BEFORE = re.compile(r"[0-9a-f]{0,64}$")
_HEX_AFTER = re.compile(r"[0-9a-f]{0,64}")
_NUMBER_BEFORE = re.compile(r"[\d.,]{0,64}$")
_NUMBER_AFTER = re.compile(r"[\d.,]{0,64}")


def _excused(text: str, start: int, end: int) -> bool:
    """A match inside a hex id (sha256, commit) or inside a decimal number (a score, a measurement) is not a number of a person."""
    left = _HEX_BEFORE.search(text, max(0, start - 64), start).start()  # type: ignore[union-attr]
    right = _HEX_AFTER.match(text, end).end()  # type: ignore[union-attr]
    length = right - left
    if length in (40, 64) or (length == 12 and text.startswith("…", right)):
        if not text[left:right].isdigit() and not text[left - 1:left].isalnum() and not text[right:right + 1].isalnum():
            return True
    left = _NUMBER_BEFORE.search(text, max(0, start - 64), start).start()  # type: ignore[union-attr]
    right = _NUMBER_AFTER.match(text, end).end()  # type: ignore[union-attr]
    while right > end and text[right - 1] in ".,":  # the end of a sentence or a JSON separator
        right -= 1
    # one decimal point or comma with five or more fraction digits: 62.8373658008658, 0,9166666666666666
    return _DECIMAL.fullmatch(text, left, right) is not None


def _years_only(match: str) -> bool:
    """"2023 2024 2025 2026" has sixteen digits but is a list of years, not a NIK."""
    groups = _DIGITS.findall(match)
    return len(groups) > 1 and all(len(g) == 4 and _YEAR.fullmatch(g) for g in groups)


def _numbers(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """Matches of ``pattern`` that are not excused (hash, decimal, list of years)."""
    for match in pattern.finditer(text):
        if not _excused(text, match.start(), match.end()) and not _years_only(match.group(0)):
            yield match


def _is_mobile(match: str) -> bool:
    """10–13 digits in the national form (62 8… → 08…); a match that took one group too many is read without it."""
    groups = _DIGITS.findall(match)
    while groups:
        digits = "".join(groups)
        national = len(digits) - 1 if digits.startswith("62") else len(digits)
        if national <= 13:
            return national >= 10
        groups.pop()
    return False


def _labelled_number(text: str) -> str | None:
    """``nik``/``nip`` when a NIK, NIP or KTP label is followed by exactly 16 (NIK) or 18 (NIP) digits in any grouping
    (``NIK: 3201/0203/0405/0006``, ``NIP 198001 01200501 1 001``); decimals next to a label (scores) are excused."""
    for match in _ID_WORD.finditer(text):
        digits = _DIGITS.findall(match.group(1))
        count = sum(map(len, digits))
        if count not in (16, 18) or _excused(text, match.start(1), match.end(1)) or _years_only(match.group(1)):
            continue
        if _DECIMAL_GROUP.search(match.group(1)):
            continue  # "NIP … 85.12 90.34 77.25": a row of decimal numbers (scores) after a label, not an identifier
        return "nip" if count == 18 else "nik"
    return None


def _has_id_word(text: str) -> bool:
    """Whether ``text`` may hold a NIK/NIP/KTP label (:data:`_ID_WORD_HINT`). ASCII text: lower-cased substring tests,
    a tenth of the case-insensitive regex's time (a ninth of a whole `zi check`); other text keeps the regex, whose
    Unicode case folding (the Kelvin sign, dotted İ) ``str.lower`` does not share."""
    if text.isascii():
        low = text.lower()
        return any(word in low for word in _ID_WORDS)
    return _ID_WORD_HINT.search(text) is not None


def personal_data(text: str) -> list[str]:
    """Kinds of personal data in ``text`` (empty when none), in the order of :data:`LABELS`."""
    text = scan_form(text)
    found: set[str] = set()
    if _TEN_DIGITS.search(text):  # cheap necessary condition for NIK, NIP and phone numbers
        text = _WHITESPACE.sub(" ", text)
        number = next(_numbers(_NIK_NIP, text), None)  # the first is enough to refuse the text
        if number is not None:
            found.add("nip" if number.group("nip") or number.group("nip18") else "nik")
        if any(_is_mobile(m.group(0)) for m in _numbers(_PHONE, text)):
            found.add("phone")
    if not found.intersection(("nik", "nip")) and _has_id_word(text):
        kind = _labelled_number(_WHITESPACE.sub(" ", text))
        if kind:
            found.add(kind)
    if "@" in text:
        for match in _EMAIL.finditer(text):
            domain = match.group(0).rsplit("@", 1)[1].lower()
            if _TLD.search(domain) and not domain.endswith(".go.id"):  # official role addresses are public by duty
                found.add("email")
                break
    return [kind for kind in LABELS if kind in found]


def may_have_markup(text: str) -> bool:
    """False only when ``text`` cannot match :func:`has_markup` (a few substring tests, no regex)."""
    form = scan_form(text)
    if "<" in form or "=" in form:
        return True
    low = form.lower()
    return "script" in low or "text/html" in low


def has_markup(text: str) -> bool:
    """Tags, event-handler attributes or script URLs that a browser would act on."""
    if not may_have_markup(text):
        return False
    low = scan_form(text).lower()
    if "<" in low and _TAG.search(low):
        return True
    if "=" in low:
        for match in _HANDLER.finditer(low):
            if match.start() == 0 or not (low[match.start() - 1].isalnum() or low[match.start() - 1] == "_"):
                return True
    if "script" in low:
        for match in _SCRIPT_URL.finditer(low):
            if low.endswith("java", 0, match.start()) or low.endswith("vb", 0, match.start()):
                return True
    return "text/html" in low and _DATA_HTML.search(low) is not None


def invisible_characters(text: str, name: bool = False) -> list[str]:
    """Code points (``U+202E``…) of bidi controls, other invisible format characters and control characters in ``text``
    (for a file ``name`` also tab, newline and carriage return)."""
    control = NAME_CONTROL if name else CONTROL
    if text.isascii() and not control.search(text):
        return []
    found = set(INVISIBLE.findall(text)) | set(control.findall(text))
    return [f"U+{ord(c):04X}" for c in sorted(found)]


def secret_urls(text: str) -> list[str]:
    """URLs in ``text`` that carry credentials: a secret-looking query parameter, a long token value, or user:password@."""
    if "://" not in text:
        return []
    from urllib.parse import parse_qsl, urlsplit

    found = []
    for match in _URL.finditer(text):
        url = match.group(0)
        try:
            parts = urlsplit(url)
            password = parts.password
        except ValueError:
            continue
        params = parse_qsl(parts.query, keep_blank_values=True) + parse_qsl(parts.fragment, keep_blank_values=True)
        if password or any(_SECRET_PARAM.search(k[-24:]) or _TOKEN_VALUE.fullmatch(v) for k, v in params):
            found.append(url)
    return found


def identifier_key(value: str) -> str:
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", str(value))).casefold().strip()
