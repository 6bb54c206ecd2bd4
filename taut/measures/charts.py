"""Small line charts over time as inline SVG, with the numbers as a table (plain Python).

A chart is accessible on its own: the <svg> is role="img" named by its <title> and described by
its <desc>, and `table()` gives the same numbers for a data table. Series differ by dash and
marker shape as well as colour, so they stay apart in a black-and-white print.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape

WIDTH, HEIGHT = 640.0, 250.0
LEFT, RIGHT, TOP, BOTTOM = 52.0, 20.0, 34.0, 38.0
LEGEND_ROW = 20.0
MAX_TICKS = 6
# (colour, dash pattern, marker) per series, in order.
STYLES = (
    ("#0f6e6e", "", "circle"),
    ("#b45309", "6 4", "square"),
    ("#6d28d9", "2 3", "triangle"),
    ("#1d4ed8", "10 3 2 3", "diamond"),
)

When = date | datetime


@dataclass(frozen=True)
class Series:
    """One line: its name and (when, value) points, oldest first."""

    name: str
    points: tuple[tuple[When, float], ...]


@dataclass(frozen=True)
class Guide:
    """A labelled horizontal line, e.g. the score that counts as an important change."""

    value: float
    label: str


@dataclass(frozen=True)
class Chart:
    """A line chart of values over time on a fixed y range."""

    slug: str  # unique on the page: element ids derive from it
    title: str
    description: str
    y_label: str
    y_range: tuple[float, float]
    series: tuple[Series, ...]
    guides: tuple[Guide, ...] = ()
    unit: str = ""  # appended to values in the table, e.g. "%"
    fmt: Callable[[float], str] = field(default=lambda v: number(v))

    @property
    def dates(self) -> list[When]:
        return sorted({when for s in self.series for when, _ in s.points}, key=_ordinal)

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Header and rows for the data table: one row per date, one column per series."""
        axis = self.y_label[0].lower() + self.y_label[1:]
        header = ["Date", *(f"{s.name}: {axis}" for s in self.series)]
        values = [{when: v for when, v in s.points} for s in self.series]
        rows = []
        for when in self.dates:
            cells = [_iso(when)]
            for by_date in values:
                v = by_date.get(when)
                cells.append("" if v is None else f"{self.fmt(v)}{self.unit}")
            rows.append(cells)
        return header, rows

    def svg(self) -> str:
        low, high = self.y_range
        dates = self.dates
        first, last = (_ordinal(dates[0]), _ordinal(dates[-1])) if dates else (0.0, 1.0)
        # Each guide gets a legend row of its own, above the plot, so no label hides data.
        top = TOP + LEGEND_ROW * len(self.guides)
        height = HEIGHT + LEGEND_ROW * len(self.guides)
        plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

        def x(when: When) -> float:
            if last == first:
                return LEFT + plot_w / 2
            return LEFT + 12 + (_ordinal(when) - first) / (last - first) * (plot_w - 24)

        def y(value: float) -> float:
            clamped = min(max(value, low), high)
            return top + plot_h - (clamped - low) / (high - low) * plot_h

        title_id, desc_id = f"{self.slug}-title", f"{self.slug}-desc"
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"'
            f' viewBox="0 0 {WIDTH:g} {height:g}" aria-labelledby="{title_id} {desc_id}">',
            f'<title id="{title_id}">{escape(self.title)}</title>',
            f'<desc id="{desc_id}">{escape(self.description)}</desc>',
        ]
        out += _y_axis(self.y_label, low, high, y, self.fmt, top + plot_h / 2)
        out += _x_axis(dates, x, top + plot_h)
        for k, guide in enumerate(self.guides):
            out += _guide(guide, y(guide.value), 14 + LEGEND_ROW * (k + 1))
        for k, s in enumerate(self.series):
            out += _series(s, STYLES[k % len(STYLES)], x, y)
        out += _legend(self.series)
        out.append("</svg>")
        return "\n".join(out)


def number(value: float) -> str:
    """A value for display: one decimal at most, no trailing ".0" (scores stay unrounded)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_top(value: float, step: float) -> float:
    """`value` rounded up to a multiple of `step`, at least one step."""
    return max(step, math.ceil(value / step) * step)


def _ordinal(when: When) -> float:
    if isinstance(when, datetime):
        return when.timestamp() / 86400
    return datetime(when.year, when.month, when.day).timestamp() / 86400


def _iso(when: When) -> str:
    return f"{when:%Y-%m-%d}"


def _short(when: When, with_year: bool) -> str:
    return f"{when.day} {when:%b}" + (f" {when:%Y}" if with_year else "")


def _step(span: float) -> float:
    for step in (0.5, 1, 2, 5, 10, 20, 25, 50, 100):
        if span / step <= MAX_TICKS:
            return step
    return span / MAX_TICKS


def _y_axis(label: str, low: float, high: float, y, fmt, mid: float) -> list[str]:
    step = _step(high - low)
    out = []
    tick = low
    while tick <= high + 1e-9:
        ty = y(tick)
        out.append(
            f'<line class="grid" x1="{LEFT:g}" x2="{WIDTH - RIGHT:g}" y1="{ty:.1f}" y2="{ty:.1f}"'
            ' stroke="#d8dee3" stroke-width="1"/>'
        )
        out.append(
            f'<text class="tick" x="{LEFT - 6:g}" y="{ty + 4:.1f}" text-anchor="end">'
            f"{escape(fmt(tick))}</text>"
        )
        tick += step
    out.append(
        f'<text class="axis-label" x="14" y="{mid:.1f}" text-anchor="middle"'
        f' transform="rotate(-90 14 {mid:.1f})">{escape(label)}</text>'
    )
    return out


def _x_axis(dates: Sequence[When], x, base: float) -> list[str]:
    out = [
        f'<line class="axis" x1="{LEFT:g}" x2="{WIDTH - RIGHT:g}" y1="{base:.1f}" y2="{base:.1f}"'
        ' stroke="#5b6872" stroke-width="1"/>'
    ]
    if not dates:
        return out
    with_year = dates[0].year != dates[-1].year
    every = max(1, math.ceil(len(dates) / MAX_TICKS))
    shown = list(dates[::every])
    if shown[-1] != dates[-1]:
        # The latest date always gets a label; drop the one before it if they would touch.
        if len(shown) > 1 and x(dates[-1]) - x(shown[-1]) < 60:
            shown.pop()
        shown.append(dates[-1])
    for when in shown:
        tx = x(when)
        out.append(
            f'<line class="axis" x1="{tx:.1f}" x2="{tx:.1f}" y1="{base:g}" y2="{base + 4:g}"'
            ' stroke="#5b6872"/>'
        )
        out.append(
            f'<text class="tick" x="{tx:.1f}" y="{base + 18:g}" text-anchor="middle">'
            f"{escape(_short(when, with_year))}</text>"
        )
    return out


def _guide(guide: Guide, gy: float, legend_y: float) -> list[str]:
    """The dashed line across the plot, and its label in a legend row of its own."""
    line = ' stroke="#a3261c" stroke-width="1.5" stroke-dasharray="5 4"'
    return [
        f'<line class="guide" x1="{LEFT:g}" x2="{WIDTH - RIGHT:g}" y1="{gy:.1f}" y2="{gy:.1f}"'
        f"{line}/>",
        f'<line class="guide" x1="{LEFT:g}" x2="{LEFT + 28:g}" y1="{legend_y - 4:g}"'
        f' y2="{legend_y - 4:g}"{line}/>',
        f'<text class="guide-label" x="{LEFT + 34:g}" y="{legend_y:g}" fill="#a3261c">'
        f"{escape(guide.label)}</text>",
    ]


def _series(s: Series, style: tuple[str, str, str], x, y) -> list[str]:
    colour, dash, marker = style
    if not s.points:
        return []
    coords = " ".join(f"{x(w):.1f},{y(v):.1f}" for w, v in s.points)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    out = [f'<g class="series" stroke="{colour}" fill="{colour}">']
    out.append(f'<polyline points="{coords}" fill="none" stroke-width="2.5"{dashed}/>')
    out += [_marker(marker, x(w), y(v)) for w, v in s.points]
    out.append("</g>")
    return out


def _marker(shape: str, cx: float, cy: float, r: float = 4.5) -> str:
    if shape == "circle":
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:g}"/>'
    if shape == "square":
        return f'<rect x="{cx - r:.1f}" y="{cy - r:.1f}" width="{2 * r:g}" height="{2 * r:g}"/>'
    if shape == "triangle":
        pts = [(cx, cy - r * 1.2), (cx + r * 1.1, cy + r * 0.8), (cx - r * 1.1, cy + r * 0.8)]
    else:
        pts = [(cx, cy - r * 1.3), (cx + r * 1.1, cy), (cx, cy + r * 1.3), (cx - r * 1.1, cy)]
    return '<polygon points="' + " ".join(f"{px:.1f},{py:.1f}" for px, py in pts) + '"/>'


def _legend(series: Sequence[Series]) -> list[str]:
    out = ['<g class="legend">']
    lx = LEFT
    for k, s in enumerate(series):
        colour, dash, marker = STYLES[k % len(STYLES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="series" stroke="{colour}" fill="{colour}">')
        out.append(
            f'<line x1="{lx:g}" x2="{lx + 28:g}" y1="14" y2="14" stroke-width="2.5"{dashed}/>'
        )
        out.append(_marker(marker, lx + 14, 14))
        out.append("</g>")
        out.append(f'<text class="legend-label" x="{lx + 34:g}" y="18">{escape(s.name)}</text>')
        lx += 34 + 7.5 * len(s.name) + 24
    out.append("</g>")
    return out
