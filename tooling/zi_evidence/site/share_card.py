"""Share cards: the picture a link preview shows (``og:image``) when a unit's page is pasted into WhatsApp or a post.

1200×630 PNG, drawn with Pillow and its bundled font, so the build needs no system fonts or SVG renderer (cairo) and a
card is the same bytes on every machine. It says what the unit's badge says (:func:`.badges.unit_badge_message`): one
status, one source.
"""

from __future__ import annotations

import io
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
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line += " " + words.pop(0)
        while font.getlength(line) > width and len(line) > 1:  # one word wider than the card
            line = line[:-1]
        lines.append(line)
    if words and lines:
        last = lines[-1]
        while last and font.getlength(last + " …") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + " …"
    return lines


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


def card_png(kicker: str, title: str, status: str, colour: str, footer: str, meter: tuple[float, list[tuple[float, str]]] | None = None) -> bytes:
    """The card as a palette PNG (~21 KB): :func:`card_image` mapped to the card's own colours (:func:`_palette`).
    zlib level 3: 1.8 ms for 21 KB; level 6 took 4.2 ms for 16 KB (read only by link-preview crawlers)."""
    out = io.BytesIO()
    card_image(kicker, title, status, colour, footer, meter).quantize(palette=_palette(), dither=Image.Dither.NONE).save(out, "PNG", compress_level=3)
    return out.getvalue()


def card_image(kicker: str, title: str, status: str, colour: str, footer: str, meter: tuple[float, list[tuple[float, str]]] | None = None) -> Image.Image:
    """A card: a small line above (the instansi), the title in large type, the status on a coloured bar, the site below.
    ``meter``: (fraction of the maximum, [(fraction, label)] of the predicates' lines), drawn as a bar under the title."""
    image, y = _top(kicker, footer)
    image = image.copy()
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    for line in _wrap(title, _font(64), width, 2 if meter else 3):
        draw.text((MARGIN, y), line, font=_font(64), fill=INK)
        y += 78
    if meter:
        y = _meter(draw, y + 52, *meter)
    status_font = _font(40)
    lines = _wrap(status, status_font, width - 48, 2)
    top = max(y + 24, HEIGHT - 120 - 56 * len(lines))
    draw.rounded_rectangle((MARGIN, top, WIDTH - MARGIN, top + 32 + 52 * len(lines)), radius=18, fill=STATUS_FILL.get(colour, STATUS_FILL["lightgrey"]))
    for i, line in enumerate(lines):
        draw.text((MARGIN + 24, top + 16 + 52 * i), line, font=status_font, fill=INK)
    return image


@lru_cache(maxsize=4)  # 2.3 MB each; a site has one instansi, or a few (a kawasan)
def _top(kicker: str, footer: str) -> tuple[Image.Image, int]:
    """The paper with what every card of a site shares (band, instansi, footer), and the y below the instansi: drawn
    once per process and copied per card (a card 5.9 → 5.3 ms, same bytes). The status bar, drawn later, never reaches
    the footer."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 18), fill=BAND)
    y = 64
    for line in _wrap(kicker, _font(30), WIDTH - 2 * MARGIN, 1):
        draw.text((MARGIN, y), line, font=_font(30), fill=MUTED)
        y += 48
    draw.text((MARGIN, HEIGHT - 56), footer, font=_font(26), fill=MUTED)
    return image, y + 16


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
    return top + 38 + (30 if len(marks) > 1 else 0)


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
