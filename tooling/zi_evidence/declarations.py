"""Deklarasi and Piagam Pencanangan (Lampiran I templates, as Perwal Binjai 3/2024 lays them out) as one value, so the
printable letter and the unit page say the same thing; each renders it in its own format (Markdown or HTML)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .numfmt import hari, parse_date, tanggal

TITLES = {"deklarasi": "DEKLARASI", "piagam": "PIAGAM PENCANANGAN"}
DEFAULT_STATEMENTS = {
    "deklarasi": ("Bahwa dalam rangka mewujudkan pemerintahan yang bersih dan bebas dari korupsi, kolusi dan nepotisme, kami siap "
                  "melaksanakan pembangunan Zona Integritas menuju Wilayah Bebas dari Korupsi (WBK) dan menuju Wilayah Birokrasi Bersih "
                  "dan Melayani (WBBM)."),
    "piagam": ("Melaksanakan pembangunan Zona Integritas menuju Wilayah Bebas dari Korupsi (WBK) dan menuju Wilayah Birokrasi Bersih "
               "dan Melayani (WBBM), khususnya dalam pencegahan korupsi dan peningkatan kualitas pelayanan publik."),
}


@dataclass(frozen=True)
class Person:
    position: str
    name: str


@dataclass(frozen=True)
class Declaration:
    key: str  # deklarasi | piagam
    title: str
    unit_name: str
    opening: str  # "Pada hari ini Senin tanggal 22 bulan Februari tahun 2021"
    head: Person
    statement: str
    place: str
    date_text: str
    signatories: tuple[Person, ...]
    witnesses: tuple[Person, ...]


def _people(values: Any) -> tuple[Person, ...]:
    return tuple(Person(str(v.get("position") or ""), str(v.get("name") or "")) for v in values or [] if isinstance(v, dict))


def declaration_of(key: str, declarations: dict, profile: dict, unit_name: str) -> Declaration | None:
    """The declaration ``key`` from ``pencanangan.yaml``, or None when it is not recorded."""
    doc = declarations.get(key)
    if not isinstance(doc, dict):
        return None
    when = doc.get("date")
    day = parse_date(when)
    signatories = _people(doc.get("signatories"))
    head_raw: dict[str, Any] = profile["head"] if isinstance(profile.get("head"), dict) else {}
    head = signatories[0] if signatories else Person(str(head_raw.get("position") or ""), str(head_raw.get("name") or ""))
    opening = f"Pada hari ini {hari(when)} tanggal {day.day} bulan {tanggal(when).split(' ')[1]} tahun {day.year}" if day else "Pada hari ini"
    return Declaration(key, TITLES[key], unit_name, opening, head, str(doc.get("statement") or DEFAULT_STATEMENTS[key]),
                       str(doc.get("place") or ""), tanggal(when), signatories, _people(doc.get("witnesses")))
