"""Inline SVG charts drawn in Python: readable without JavaScript, no CDN, with a text alternative.

Colours come from CSS classes (``assets/zi.css``) so the charts follow Material's light/dark scheme.
Every chart carries ``<title>`` and ``<desc>``; pages also print the same numbers in a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..numfmt import angka
from .markup import esc

WIDTH = 640
LABEL_CHARS = 38  # what fits left of the bars at 12 px


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # zi-s1 | zi-s2 | …
    values: Sequence[float | None]


def _frame(chart_id: str, height: int, title: str, desc: str, body: list[str]) -> str:
    return figure(
        f'<svg class="zi-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{esc(title)}</title><desc id="{chart_id}-d">{esc(desc)}</desc>'
        + "".join(body) + "</svg>"
    )


def figure(svg: str) -> str:
    """A chart as a block of its own: a bare ``<svg>`` line is inline HTML to Markdown, which wraps it in a paragraph
    and converts it instead of passing it through (see :mod:`.splice`)."""
    return f'<div class="zi-figure">{svg}</div>'



def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    out = []
    for s in series:
        out.append(f'<rect class="{s.css}" x="{x:.0f}" y="{y - 9:.0f}" width="12" height="10"/>')
        out.append(f'<text class="zi-label" x="{x + 16:.0f}" y="{y:.0f}">{esc(s.name)}</text>')
        x += 24 + 7 * len(s.name)
    return out


def percent_bars(chart_id: str, labels: Sequence[str], series: Sequence[Series], marks: Sequence[tuple[float, str]],
                 title: str, desc: str) -> str:
    """Horizontal bars of fractions (0–1), one group per label, with vertical threshold lines."""
    left, right, row_h, bar_gap = 270, 16, 14 * max(1, len(series)) + 14, 2
    top = 34
    height = top + row_h * len(labels) + 16 + 13 * max(1, len(marks))
    plot_w = WIDTH - left - right
    body = _legend(series, left, 16)
    for i, label in enumerate(labels):
        y0 = top + i * row_h
        short = label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"  # the full name in its tooltip
        body.append(f'<text class="zi-label" x="{left - 8}" y="{y0 + row_h / 2 + 2:.1f}" text-anchor="end"><title>{esc(label)}</title>'
                    f'{esc(short)}</text>')
        body.append(f'<rect class="zi-track" x="{left}" y="{y0 + 4}" width="{plot_w}" height="{row_h - 10}"/>')
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            w = max(0.0, min(1.0, value)) * plot_w
            y = y0 + 6 + j * (14 + bar_gap)
            body.append(f'<rect class="{s.css}" x="{left}" y="{y:.1f}" width="{w:.1f}" height="12"><title>{esc(s.name)}: '
                        f'{esc(label)} {angka(value * 100)} %</title></rect>')
    bottom = top + row_h * len(labels)
    for k, (frac, text) in enumerate(marks):  # labels on separate lines so close thresholds do not overlap
        x = left + frac * plot_w
        body.append(f'<line class="zi-mark" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{bottom + 4 + 13 * k}"/>')
        body.append(f'<text class="zi-label zi-small" x="{x + 3:.1f}" y="{bottom + 14 + 13 * k}">{esc(text)}</text>')
    return _frame(chart_id, height, title, desc, body)


def line_chart(chart_id: str, labels: Sequence[str], series: Sequence[Series], y_max: float, marks: Sequence[tuple[float, str]],
               title: str, desc: str, y_suffix: str = "", x_marks: Sequence[tuple[int, str]] = ()) -> str:
    """Lines over categorical x labels (months, commits, years) with horizontal threshold lines and vertical marks
    (``x_marks``: (label index, text), e.g. where a new regulation starts)."""
    left, right, top, bottom = 48, 16, 30, 40
    height = 260
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    n = max(1, len(labels))
    step = plot_w / max(1, n - 1) if n > 1 else 0

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + (i * step if n > 1 else plot_w / 2)
        return x, top + plot_h * (1 - max(0.0, min(v, y_max)) / y_max)

    body = _legend(series, left, 16)
    for k in range(5):
        v = y_max * k / 4
        _, y = xy(0, v)
        body.append(f'<line class="zi-grid" x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        body.append(f'<text class="zi-label zi-small" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{esc(angka(v, 0))}{esc(y_suffix)}</text>')
    for value, text in marks:
        _, y = xy(0, value)
        body.append(f'<line class="zi-mark" x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        body.append(f'<text class="zi-label zi-small" x="{WIDTH - right - 2}" y="{y - 4:.1f}" text-anchor="end">{esc(text)}</text>')
    for index, text in x_marks:
        x, _ = xy(index, 0)
        body.append(f'<line class="zi-mark" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h}"/>')
        right_half = x > left + plot_w / 2  # keep the label inside the chart: to the left of a mark on the right
        anchor = ' text-anchor="end"' if right_half else ""
        body.append(f'<text class="zi-label zi-small" x="{x - 4 if right_half else x + 4:.1f}" y="{top + 12}"{anchor}>{esc(text)}</text>')
    every = max(1, n // 12)
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            x, _ = xy(i, 0)
            body.append(f'<text class="zi-label zi-small" x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">{esc(label)}</text>')
    for s in series:
        points = [(i, v) for i, v in enumerate(s.values) if v is not None]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in points))
        body.append(f'<polyline class="zi-line {s.css}" points="{path}"/>')
        for i, v in points:
            x, y = xy(i, v)
            body.append(f'<circle class="{s.css}" cx="{x:.1f}" cy="{y:.1f}" r="3.5"><title>{esc(s.name)} {esc(labels[i])}: '
                        f'{esc(angka(v))}{esc(y_suffix)}</title></circle>')
    return _frame(chart_id, height, title, desc, body)


def meter(fraction: float, label: str) -> str:
    """A one-line progress bar (e.g. Pakta Integritas coverage)."""
    w = max(0.0, min(1.0, fraction)) * 300
    return figure(f'<svg class="zi-chart zi-meter" viewBox="0 0 300 14" width="300" height="14" role="img" aria-label="{esc(label)}" '
                  f'xmlns="http://www.w3.org/2000/svg"><rect class="zi-track" x="0" y="0" width="300" height="14"/>'
                  f'<rect class="zi-s1" x="0" y="0" width="{w:.1f}" height="14"/></svg>')
