"""The whole-file pre-check of ``zi check`` must never call a file clean when a value inside it is not.

``raw_text_is_clean`` lets ``zi check`` skip walking every string of a file; it may say "look closer" too often,
but never "clean" wrongly. Values carrying NIKs, NIPs, phone numbers, e-mails, markup and placeholders are written
in every YAML style (plain, quoted, folded over lines, block scalars, next to hashes and dates) and compared.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from zi_evidence.scan.document import raw_text_is_clean, walk_text
from zi_evidence.scan.text import has_markup, personal_data
from zi_evidence.yamlio import parse_yaml

SHA = "0806487c5e1b2a3d4f60718293a4b5c6d7e8f9001122334455667788990aabbc"
PIECES = ["3201234567890001", "19800101 200501 1 001", "0812-3456-7890", "+62 812 3456 7890", "08123456789",
          "budi@gmail.com", "humas@kota.go.id", "<b>x</b>", "javascript:alert(1)", "JaVaScRiPt:x", "onclick=go()",
          "GANTI: nama", "2026-03-31", "No. 800/123/2025", SHA, SHA[:12] + "…", "Rp 1.250.000.000", "12345 67890",
          "biasa saja", "a = b", "x", "", " ", "-", ".", "0", "62", "8"]


def _flagged(data) -> bool:
    for _path, text, _line in walk_text(data):
        if text.startswith("GANTI:") or has_markup(text) or personal_data(text):
            return True
    return False


_values = st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map(" ".join)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.lists(_values, min_size=1, max_size=4), st.sampled_from([None, "'", '"', "|", ">"]), st.integers(8, 60))
def test_clean_verdict_is_never_wrong(values, style, width):
    doc = {"rules": "permenpanrb-90-2021", "catatan": values, "date": "2026-03-31", "sha256": SHA}
    text = "# yaml-language-server: $schema=../x.schema.json\n" + yaml.safe_dump(
        doc, default_style=style, width=width, allow_unicode=True, sort_keys=False)
    data = parse_yaml(text, "f")
    if _flagged(data):
        assert not raw_text_is_clean(text), text


def test_numbers_folded_over_lines_are_found():
    text = "catatan: hubungi 0812\n  3456 7890 segera\n"
    assert parse_yaml(text, "f")["catatan"] == "hubungi 0812 3456 7890 segera"
    assert not raw_text_is_clean(text)
    assert personal_data(text) == ["phone"]


def test_hashes_dates_and_schema_comment_are_clean():
    text = f"# yaml-language-server: $schema=../s.json\ndate: '2026-03-31'\nsha256: {SHA}\nsize: 1234567890\n"
    assert raw_text_is_clean(text)


@pytest.mark.parametrize("text, kind", [
    ("NIK: 3201/0203/0405/0006", "nik"), ("No. KTP 3201-0203-0405-0006", "nik"), ("NIK 32 01 02 03 04 05 00 06", "nik"),
    ("nik\n  3201 0203\n  0405 0006", "nik"), ("NIP. 19800101 2005 01 1 001", "nip"), ("N.I.P 198001012005011001", "nip"),
])
def test_a_label_and_sixteen_or_eighteen_digits_in_any_grouping(text, kind):
    """The context rule: NIK/NIP/KTP nearby plus 16/18 digits, whatever separates them (also across folded lines)."""
    assert personal_data(text) == [kind]


@pytest.mark.parametrize("text", [
    "NIK 2023 2024 2025 2026", "NIP (tidak diisi) 85.12 90.34 77.25 60.00", "NIP 8,75 9,12 7,25 6,00 8,50 9,25 8,00 7,00",
    "kode 3201/0203/0405/0006", "NIK 3201 0203 0405 00061", "Nilai NIK rata-rata 62.8373658008658 dan 0,9166666666666666",
])
def test_the_context_rule_leaves_scores_years_and_unlabelled_codes_alone(text):
    assert personal_data(text) == []


@pytest.mark.parametrize("label", ["NIK", "nik", "N\u0130K", "\u212aTP", "N.I.P.", "n.i.k"])
def test_a_label_in_any_case_or_case_folding_still_opens_the_context_rule(label):
    """The label test takes a fast path on ASCII text; Unicode case folding (dotted İ, the Kelvin sign) keeps the regex."""
    assert personal_data(f"{label}: 3201/0203/0405/0006") == ["nik"]
    assert personal_data(f"catatan {label}: 3201/0203/0405/0006 terlampir") == ["nik"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="nNiIkKpPtT.\u0130\u0131\u212a :0123/", max_size=40))
def test_the_label_fast_path_agrees_with_the_regex(text):
    from zi_evidence.scan.text import _ID_WORD_HINT, _has_id_word

    assert _has_id_word(text) == (_ID_WORD_HINT.search(text) is not None)
