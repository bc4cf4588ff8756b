"""Share cards: the picture a link preview shows (``og:image``) when a unit's page is pasted into WhatsApp or a post.

1200×630 PNG, drawn with Pillow and its bundled font, so the build needs no system fonts or SVG renderer (cairo) and a
card is the same bytes on every machine. It says what the unit's badge says (:func:`.badges.unit_badge_message`): one
status, one source.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from ..i18n import _
from ..problems import DataError
from .badges import unit_badge_message
from .context import SiteContext, UnitView
from .files import SiteFile
from .scoreview import total_marks

WIDTH, HEIGHT, MARGIN = 1200, 630, 64
HOME_CARD = "kartu.png"
# the badge's colour names (shields.io) as the card's status colour; text on it is dark (contrast ≥ 4.5:1 on each)
STATUS_FILL = {"brightgreen": "#3fb618", "green": "#97ca00", "yellow": "#f0c419", "lightgrey": "#d0d4d9"}
INK, MUTED, PAPER, BAND, TRACK = "#14213d", "#4a5568", "#ffffff", "#0b5394", "#e2e8f0"
# what is drawn on what: antialiased text and the meter's bar over their backgrounds (the palette's blends, _palette)
INKS_ON = {PAPER: (INK, MUTED, BAND, TRACK, *STATUS_FILL.values()), TRACK: (INK, BAND),
           **{fill: (INK,) for fill in STATUS_FILL.values()}}
BLEND_STEPS = 10  # levels of antialiasing per pair: ±6 % of a pair's distance at worst, invisible at 1200×630


def unit_card_path(unit_id: str) -> str:
    return f"unit/{unit_id}/kartu.png"


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size)  # Pillow's bundled FreeType font (Aileron): no system font, identical everywhere


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int, max_lines: int) -> list[str]:
    """Whole words per line; the last line ends with … when the text does not fit."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        count = _fitting(words, font, width)
        line = " ".join(words[:count])
        del words[:count]
        while count == 1 and font.getlength(line) > width and len(line) > 1:  # one word wider than the card
            line = line[:-1]
        lines.append(line)
    if words and lines:
        last = lines[-1]
        while last and font.getlength(last + " …") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + " …"
    return lines


def _fitting(words: list[str], font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> int:
    """How many of ``words`` start a line (at least one): the most whose text fits in ``width``. A line only widens
    with each word, so halving finds what adding one word at a time found, measuring ~3 texts a line instead of one
    per word (measuring was a quarter of drawing a card)."""
    if font.getlength(" ".join(words)) <= width:
        return len(words)
    low, high = 1, len(words) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(" ".join(words[:middle])) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


@lru_cache(maxsize=1)
def _palette() -> Image.Image:
    """The card's flat colours exactly, then the blends antialiasing makes between each colour and what it is drawn on.

    Why fixed: an adaptive palette (quantize) costs 6–7 ms per card, a third of a unit's pages at 10,000 units, and
    averages white into a tint. Mapping to a fixed palette is ~1 ms. Blends within 12 levels of a flat colour are left
    out: Pillow maps colours through a coarse cache, and such a neighbour would take the flat colour's pixels."""
    flat = list(dict.fromkeys(_rgb(c) for c in (PAPER, INK, MUTED, BAND, TRACK, *STATUS_FILL.values())))
    colours: list[tuple[int, ...]] = list(flat)
    for background, inks in INKS_ON.items():
        bg = _rgb(background)
        for ink in map(_rgb, inks):
            for step in range(1, BLEND_STEPS):
                blend = tuple(round(b + (i - b) * step / BLEND_STEPS) for i, b in zip(ink, bg, strict=True))
                if blend not in colours and all(max(abs(x - y) for x, y in zip(blend, f, strict=True)) >= 12 for f in flat):
                    colours.append(blend)
    assert len(colours) <= 256, "a PNG palette holds 256 colours"
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for c in colours for v in c])
    return palette


@lru_cache(maxsize=1)
def _palette_bytes() -> bytes:
    """The palette as a PNG PLTE chunk holds it: its colours, no padding."""
    return bytes(_palette().getpalette() or [])


PNG_LEVEL = 3  # zlib level: 1.8 ms for ~21 KB a card; level 6 took 4.2 ms for 16 KB (read only by link-preview crawlers)
ABOVE_TITLE = 24  # rows above the title's first line that its glyphs may reach (accents on capitals): inside the band


def card_png(kicker: str, title: str, status: str, colour: str, footer: str, meter: tuple[float, list[tuple[float, str]]] | None = None) -> bytes:
    """The card as a palette PNG (~21 KB): :func:`card_image` mapped to the card's own colours (:func:`_palette`).

    Only the band a card draws on (title, meter, status) is mapped and compressed per card: the rows above it and the
    footer are the same on every card of a site and are compressed once (:class:`_Paper`), then spliced into the
    image data. With the halving line breaks (:func:`_fitting`): 6.5 → 5.3 ms a card, the same pixels."""
    paper = _paper(kicker, footer)
    band, top = _band(paper, title, status, colour, meter)
    indexed = _indexed(band)
    if top + band.height == HEIGHT:
        return _png([paper.head, _rows(indexed)])
    return _png([paper.head, _rows(indexed), paper.tail])


def card_image(kicker: str, title: str, status: str, colour: str, footer: str, meter: tuple[float, list[tuple[float, str]]] | None = None) -> Image.Image:
    """A card: a small line above (the instansi), the title in large type, the status on a coloured bar, the site below.
    ``meter``: (fraction of the maximum, [(fraction, label)] of the predicates' lines), drawn as a bar under the title."""
    paper = _paper(kicker, footer)
    band, top = _band(paper, title, status, colour, meter)
    image = paper.image.copy()
    image.paste(band, (0, top))
    return image


@dataclass(frozen=True)
class _Rows:
    """Rows of a palette image as PNG image data: each row behind its filter byte (0: none), deflated alone and ended
    with a full flush, so parts deflated apart join into one valid stream (:func:`_png`)."""

    deflated: bytes
    adler: int  # Adler-32 of the raw rows, for the stream's checksum
    size: int


@dataclass(frozen=True)
class _Paper:
    """What every card of a site shares (band, instansi, footer), drawn once per process: the RGB paper, the first
    row a card may draw on (``top``) and the first of the footer (``footer``), and the rows outside that as PNG data."""

    image: Image.Image
    y: int  # below the instansi: where the title starts
    top: int
    footer: int
    head: _Rows  # rows [0, top)
    tail: _Rows  # rows [footer, HEIGHT)


@lru_cache(maxsize=4)  # 2.3 MB each; a site has one instansi, or a few (a kawasan)
def _paper(kicker: str, footer: str) -> _Paper:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 18), fill=BAND)
    y = 64
    for line in _wrap(kicker, _font(30), WIDTH - 2 * MARGIN, 1):
        draw.text((MARGIN, y), line, font=_font(30), fill=MUTED)
        y += 48
    footer_y = HEIGHT - 56
    draw.text((MARGIN, footer_y), footer, font=_font(26), fill=MUTED)
    y += 16
    top = y - ABOVE_TITLE
    bottom = min(footer_y, int(draw.textbbox((MARGIN, footer_y), footer, font=_font(26))[1])) if footer else HEIGHT
    indexed = _indexed(image)
    return _Paper(image, y, top, bottom, _rows(indexed.crop((0, 0, WIDTH, top))), _rows(indexed.crop((0, bottom, WIDTH, HEIGHT))))


def _band(paper: _Paper, title: str, status: str, colour: str, meter: tuple[float, list[tuple[float, str]]] | None) -> tuple[Image.Image, int]:
    """The rows a card draws on, drawn, and the first of them: from ``paper.top`` to the footer (to the bottom when
    the status reaches into the footer, which the layout's limits never let it)."""
    width = WIDTH - 2 * MARGIN
    title_lines = _wrap(title, _font(64), width, 2 if meter else 3)
    status_font = _font(40)
    lines = _wrap(status, status_font, width - 48, 2)
    meter_top = paper.y + 78 * len(title_lines) + 52
    below = _meter_bottom(meter_top, meter[1]) if meter else paper.y + 78 * len(title_lines)
    bar = max(below + 24, HEIGHT - 120 - 56 * len(lines))
    bar_bottom = bar + 32 + 52 * len(lines)
    end = paper.footer if bar_bottom < paper.footer else HEIGHT
    band = paper.image.crop((0, paper.top, WIDTH, end))
    draw = ImageDraw.Draw(band)
    shift = paper.top
    y = paper.y
    for line in title_lines:
        draw.text((MARGIN, y - shift), line, font=_font(64), fill=INK)
        y += 78
    if meter:
        _meter(draw, meter_top - shift, *meter)
    draw.rounded_rectangle((MARGIN, bar - shift, WIDTH - MARGIN, bar_bottom - shift), radius=18, fill=STATUS_FILL.get(colour, STATUS_FILL["lightgrey"]))
    for i, line in enumerate(lines):
        draw.text((MARGIN + 24, bar + 16 + 52 * i - shift), line, font=status_font, fill=INK)
    return band, shift


def _indexed(image: Image.Image) -> Image.Image:
    return image.quantize(palette=_palette(), dither=Image.Dither.NONE)


def _rows(indexed: Image.Image) -> _Rows:
    framed = Image.new("P", (indexed.width + 1, indexed.height), 0)  # column 0: each row's filter byte
    framed.paste(indexed, (1, 0))
    raw = framed.tobytes()
    deflater = zlib.compressobj(PNG_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate: _png writes the zlib frame
    return _Rows(deflater.compress(raw) + deflater.flush(zlib.Z_FULL_FLUSH), zlib.adler32(raw), len(raw))


_ZLIB_HEADER = zlib.compress(b"", PNG_LEVEL)[:2]
_LAST_BLOCK = zlib.compressobj(PNG_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS).flush()  # an empty final block
_ADLER_BASE = 65521


def _adler32_combine(first: int, second: int, second_size: int) -> int:
    """Adler-32 of two byte strings joined, from theirs (zlib's ``adler32_combine``, which Python's zlib does not offer)."""
    rem = second_size % _ADLER_BASE
    sum1 = first & 0xFFFF
    sum2 = (rem * sum1) % _ADLER_BASE
    sum1 = (sum1 + (second & 0xFFFF) + _ADLER_BASE - 1) % _ADLER_BASE
    sum2 = (sum2 + (first >> 16) + (second >> 16) + _ADLER_BASE - rem) % _ADLER_BASE
    return sum1 | (sum2 << 16)


def _png(parts: list[_Rows]) -> bytes:
    """A 1200-wide 8-bit palette PNG of the rows in ``parts``, top to bottom, with the card's palette."""
    adler, height = parts[0].adler, parts[0].size // (WIDTH + 1)
    for part in parts[1:]:
        adler = _adler32_combine(adler, part.adler, part.size)
        height += part.size // (WIDTH + 1)
    data = b"".join([_ZLIB_HEADER, *(p.deflated for p in parts), _LAST_BLOCK, adler.to_bytes(4, "big")])
    header = struct.pack(">IIBBBBB", WIDTH, height, 8, 3, 0, 0, 0)  # 8 bits, palette colour, deflate, no filter choice, no interlace
    return b"".join([b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header), _chunk(b"PLTE", _palette_bytes()), _chunk(b"IDAT", data), _chunk(b"IEND", b"")])


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _meter_bottom(top: int, marks: list[tuple[float, str]]) -> int:
    return top + 38 + (30 if len(marks) > 1 else 0)


def _meter(draw: ImageDraw.ImageDraw, top: int, fraction: float, marks: list[tuple[float, str]]) -> int:
    """The total as a bar from 0 to the maximum, a tick and label at each predicate's line; returns the y below it."""
    left, right = MARGIN, WIDTH - MARGIN
    draw.rounded_rectangle((left, top, right, top + 28), radius=8, fill=TRACK)
    filled = left + round((right - left) * max(0.0, min(1.0, fraction)))
    if filled > left:
        draw.rounded_rectangle((left, top, filled, top + 28), radius=8, fill=BAND)
    for i, (at, label) in enumerate(sorted(marks)):  # labels above and below in turn: close lines (75, 85) never overlap
        x = left + round((right - left) * at)
        draw.line((x, top - 10, x, top + 38), fill=INK, width=3)
        draw.text((x, top - 14 if i % 2 == 0 else top + 42), label, font=_font(24), fill=INK, anchor="mb" if i % 2 == 0 else "mt")
    return _meter_bottom(top, marks)


def _footer(ctx: SiteContext) -> str:
    host = ctx.options.site_url.split("://", 1)[-1].strip("/")
    return " · ".join(x for x in ("Zona Integritas", host) if x)


def unit_card(ctx: SiteContext, view: UnitView) -> SiteFile:
    status, colour = unit_badge_message(ctx, view)
    kicker = str(view.record.profile.get("instansi") or ctx.instansi_name)
    return SiteFile(unit_card_path(view.id), data=card_png(kicker, view.name, status, colour, _footer(ctx), _total_meter(ctx, view)))


def _total_meter(ctx: SiteContext, view: UnitView) -> tuple[float, list[tuple[float, str]]] | None:
    """The latest assessment's total against the predicates' minimum totals of the rule set it was scored with."""
    source = None if view.held else view.verdict_source(view.latest_year)
    if source is None:
        return None
    result = source[1]
    try:
        rules = ctx.repo.rules(str(result["rules"]))
    except DataError:
        rules = ctx.default_rules
    weight = rules.total_weight
    return result["total"] / weight, [(value / weight, label) for value, label in total_marks(rules)]


def home_card(ctx: SiteContext) -> SiteFile:
    units = len(ctx.units)
    held = sum(1 for u in ctx.units if u.held)
    status = _("{jumlah} unit membangun Zona Integritas · {berpredikat} berpredikat").format(jumlah=units, berpredikat=held)
    return SiteFile(HOME_CARD, data=card_png(_("Pembangunan Zona Integritas"), ctx.instansi_name, status,
                                             "brightgreen" if held else "lightgrey", _footer(ctx)))
