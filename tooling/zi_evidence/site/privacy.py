"""The last gate before publishing: no personal data in any generated text file of the public site."""

from __future__ import annotations

from ..check.text_scan import LABELS, personal_data
from .files import SiteFile


def personal_data_problems(files: list[SiteFile]) -> list[str]:
    """One Indonesian message per generated file that carries personal data (NIK, NIP, mobile number, private e-mail)."""
    problems = []
    for f in files:
        if f.text is None:
            continue  # copied public evidence: `zi check` scans its text before it can be public
        kinds = personal_data(f.text)
        if kinds:
            problems.append(f"{f.path}: halaman publik memuat data pribadi ({', '.join(LABELS[k] for k in kinds)}); "
                            "hapus dari data publik atau tandai buktinya internal, lalu bangun ulang")
    return problems
