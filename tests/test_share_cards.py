"""Share cards (og:image): one PNG per unit and one for Beranda, 1200×630, saying what the badge says, text kept inside."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageFont

from conftest import ROOT
from zi_evidence.site.badges import unit_badge_message
from zi_evidence.site.context import SiteOptions
from zi_evidence.site.generate import generate_site
from zi_evidence.site.share_card import HEIGHT, PAPER, STATUS_FILL, WIDTH, _wrap, card_image, card_png


def test_every_unit_and_beranda_get_a_png_card_of_the_preview_size():
    build = generate_site(ROOT, SiteOptions(history=False, site_url="https://zi.contoh.test/"), workers=1)
    cards = {f.path: f.data for f in build.files if f.data is not None}
    units = {f.path.split("/")[1] for f in build.files if f.path.startswith("unit/") and f.path.endswith("/index.md") and f.path.count("/") == 2}
    assert set(cards) == {f"unit/{u}/kartu.png" for u in units} | {"kartu.png"}
    for path, data in cards.items():
        image = Image.open(io.BytesIO(data))
        assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT)), path
        assert len(data) < 100_000, path  # WhatsApp and others drop previews of large images; these are ~21 KB
    assert len(set(cards.values())) == len(cards)  # each unit's card is its own


def test_a_card_is_the_same_bytes_every_time_and_changes_with_the_status():
    args = ("Pemerintah Kota Contoh", "Dinas Sosial", "nilai 70 (TPI 2026)", "yellow", "Zona Integritas · zi.contoh.test")
    assert card_png(*args) == card_png(*args)  # the bundled font: no machine-dependent rendering
    assert card_png(*args) != card_png(*args[:2], "nilai 80 (TPI 2026)", *args[3:])
    assert card_png(*args, meter=(0.7, [(0.75, "75 WBK")])) != card_png(*args)


@pytest.mark.parametrize("colour", sorted(STATUS_FILL))
def test_the_palette_card_shows_the_drawn_card_with_flat_colours_exact(colour):
    """The PNG maps the drawn card to a fixed palette: every pixel of a flat colour (white paper, the status fill…)
    stays exactly that colour, antialiased text within a few levels. An adaptive palette tinted the white."""
    args = ("Pemerintah Kota Contoh", "Badan Pendapatan Daerah", "Menuju WBK · nilai 82,31", colour, "Zona Integritas · zi.contoh.test")
    meter = (0.8231, [(0.75, "WBK 75"), (0.85, "WBBM 85")])
    drawn = card_image(*args, meter=meter)
    shown = Image.open(io.BytesIO(card_png(*args, meter=meter))).convert("RGB")
    assert shown.size == drawn.size
    flat = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in (PAPER, STATUS_FILL[colour])}
    before, after = drawn.tobytes(), shown.tobytes()
    worst = max(abs(a - b) for a, b in zip(before, after, strict=True))
    changed = sum(1 for i in range(0, len(before), 3) if tuple(before[i:i + 3]) in flat and before[i:i + 3] != after[i:i + 3])
    assert changed == 0
    assert worst <= 16
    assert len(card_png(*args, meter=meter)) < 40_000


def test_long_and_unbroken_names_are_wrapped_inside_the_card():
    font = ImageFont.load_default(64)
    width = WIDTH - 2 * 64
    for name in ("Dinas " * 40, "X" * 300, "Badan Pengelolaan Keuangan, Pendapatan dan Aset Daerah Kabupaten Kepulauan Seribu Utara"):
        lines = _wrap(name, font, width, 3)
        assert 1 <= len(lines) <= 3
        assert all(font.getlength(line) <= width for line in lines), name
    assert _wrap("Dinas " * 40, font, width, 3)[-1].endswith("…")  # what is cut is shown as cut
    image = Image.open(io.BytesIO(card_png("I" * 500, "W" * 500, "S " * 200, "green", "F")))
    assert image.size == (WIDTH, HEIGHT)


def test_the_unit_card_says_what_its_badge_says(monkeypatch):
    from zi_evidence.site import share_card

    seen = []
    real = share_card.card_png
    monkeypatch.setattr(share_card, "card_png", lambda *a, **k: seen.append(a) or real(*a, **k))
    build = generate_site(ROOT, SiteOptions(history=False), workers=1)
    assert build.files
    statuses = {a[1]: a[2] for a in seen}
    from zi_evidence.repository import Repository
    from zi_evidence.site.context import SiteContext, make_unit_view

    ctx = SiteContext(Repository(ROOT), SiteOptions(history=False))
    view = make_unit_view(ctx.repo.unit("disdukcapil"))
    assert statuses[view.name] == unit_badge_message(ctx, view)[0]


def _greedy_wrap_lines(text: str, font, width: int, max_lines: int) -> list[str]:
    """What _wrap's first loop did before it halved: one word at a time while the line fits."""
    lines, words = [], text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line += " " + words.pop(0)
        while font.getlength(line) > width and len(line) > 1:
            line = line[:-1]
        lines.append(line)
    return lines


def test_wrapping_by_halving_breaks_lines_where_adding_one_word_at_a_time_did():
    import random

    from zi_evidence.repository import Repository
    from zi_evidence.site.share_card import MARGIN

    rng = random.Random(7)
    vocabulary = ["Dinas", "Badan", "Pendapatan", "Daerah", "Kabupaten", "Kepulauan", "Ñusa", "Ḱ", "dan", "Pelayanan",
                  "Terpadu", "Satu", "Pintu", "W" * 12, "iii", "Pengelolaan", "Keuangan,", "Aset", "—", "(UPT)"]
    texts = [Repository(ROOT).unit(u).name for u in Repository(ROOT).unit_ids()]
    texts += [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 30))) for _ in range(300)]
    texts += ["", "X" * 300, "Dinas " * 40, "a  b\tc\nd"]
    for size, width, max_lines in ((64, WIDTH - 2 * MARGIN, 3), (64, WIDTH - 2 * MARGIN, 2), (40, WIDTH - 2 * MARGIN - 48, 2), (30, WIDTH - 2 * MARGIN, 1)):
        font = ImageFont.load_default(size)
        for text in texts:
            wrapped = _wrap(text, font, width, max_lines)
            greedy = _greedy_wrap_lines(text, font, width, max_lines)
            if wrapped and wrapped[-1].endswith(" …") and greedy[-1] != wrapped[-1]:  # the cut last line: same start
                assert wrapped[:-1] == greedy[:-1] and greedy[-1].startswith(wrapped[-1][:-2]), text
            else:
                assert wrapped == greedy, (size, text)


@pytest.mark.parametrize("reaches_footer", [False, True])
def test_the_png_holds_exactly_the_drawn_card_in_the_palette(monkeypatch, reaches_footer):
    """card_png compresses the rows every card shares once and splices them in: decoded, it is the whole drawn card
    mapped to the palette, index for index — also when a card draws into the footer's rows (then nothing is spliced
    below the band)."""
    import dataclasses

    from zi_evidence.site import share_card

    args = ("Pemerintah Kota Contoh", "Badan Pendapatan Daerah Kabupaten Contoh Wilayah Utara", "Menuju WBK · nilai 82,31", "green",
            "Zona Integritas · zi.contoh.test")
    meter = (0.8231, [(0.75, "WBK 75"), (0.85, "WBBM 85")])
    if reaches_footer:
        paper = share_card._paper(args[0], args[4])
        monkeypatch.setattr(share_card, "_paper", lambda *a: dataclasses.replace(paper, footer=300))
    png = card_png(*args, meter=meter)
    shown = Image.open(io.BytesIO(png))
    shown.load()
    expected = card_image(*args, meter=meter).quantize(palette=share_card._palette(), dither=Image.Dither.NONE)
    assert (shown.mode, shown.size) == ("P", (WIDTH, HEIGHT))
    assert shown.tobytes() == expected.tobytes()
    assert shown.getpalette() == share_card._palette().getpalette()


def test_adler32_of_joined_bytes_from_the_parts():
    import os
    import zlib

    from zi_evidence.site.share_card import _adler32_combine

    for first, second in ((b"", b""), (b"a", b""), (b"", b"b"), (os.urandom(70_000), os.urandom(131_071)), (b"\xff" * 65_521, b"\xff" * 65_522)):
        assert _adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second)) == zlib.adler32(first + second)
