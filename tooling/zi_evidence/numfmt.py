"""Indonesian number formatting for people: ``75,00`` and ``1.234,50`` (JSON keeps raw floats)."""

from __future__ import annotations

from datetime import date


def angka(value: float, digits: int = 2) -> str:
    """Format with a decimal comma and dot thousands separators, e.g. ``1.234,50``."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def bilangan(value: float) -> str:
    """A count or a measured number as people write it: ``6``, ``1.234``, ``3,72`` (no trailing zeros)."""
    if isinstance(value, int) or float(value).is_integer():
        return angka(value, 0)
    return angka(value).rstrip("0").rstrip(",") if "," in angka(value) else angka(value)


def jawaban(value: object) -> str:
    """An answer as people write it, plain text: ``A``, ``3,72``, ``harus 6 · selesai 1``; ``—`` when empty."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return " · ".join(f"{k.replace('_', ' ')} {bilangan(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v}"
                          for k, v in value.items() if v is not None) or "—"
    if isinstance(value, float):
        return bilangan(value)
    return str(value)


def durasi(years: float) -> str:
    """A span in years as people say it: ``5 bulan``, ``1 tahun 3 bulan``; a start still ahead is ``belum dimulai``."""
    if years < 0:
        return "belum dimulai"
    months = round(years * 12)
    if months < 12:
        return f"{months} bulan"
    whole, rest = divmod(months, 12)
    return f"{whole} tahun" + (f" {rest} bulan" if rest else "")


def besaran(value: object, unit: str | None = None) -> str:
    """A prerequisite's value or requirement in its unit ("tahun", "%") — one format for the CLI, the site and letters."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int | float):
        if unit == "tahun":
            return durasi(float(value))
        return bilangan(value) + (f" {unit}" if unit else "")
    return str(value)


def persen(fraction: float, digits: int = 2) -> str:
    """A fraction as an Indonesian percentage, e.g. ``0.6 -> '60,00 %'``."""
    return f"{angka(fraction * 100, digits)} %"


BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember")
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def parse_date(text: object) -> date | None:
    """``'2024-02-19'`` → a date; None for anything else (data files keep dates as text)."""
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def tanggal(text: object) -> str:
    """``'2024-02-19'`` → ``'19 Februari 2024'``; other text unchanged."""
    day = parse_date(text)
    return f"{day.day} {BULAN[day.month - 1]} {day.year}" if day else str(text or "—")


def hari(text: object) -> str:
    """Day name of a date (``'Senin'``), as the Lampiran I templates write it."""
    day = parse_date(text)
    return HARI[day.weekday()] if day else ""
