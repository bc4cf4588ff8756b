"""Indonesian number formatting for people: ``75,00`` and ``1.234,50`` (JSON keeps raw floats)."""

from __future__ import annotations


def angka(value: float, digits: int = 2) -> str:
    """Format with a decimal comma and dot thousands separators, e.g. ``1.234,50``."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def persen(fraction: float, digits: int = 2) -> str:
    """A fraction as an Indonesian percentage, e.g. ``0.6 -> '60,00 %'``."""
    return f"{angka(fraction * 100, digits)} %"
