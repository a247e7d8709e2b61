"""Charts drawn on the server as inline SVG: a bar chart and a line chart of growth over time.

No chart library and no script: the hub works without JavaScript and loads nothing from elsewhere.
Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>`` (a
plain sentence with the numbers); the page shows the same numbers as a table beside it, so nobody
depends on seeing the drawing.

Geometry is worked out for left-to-right reading. In a right-to-left language every x coordinate is
mirrored: bars grow from the right and time runs from right to left. ``text-anchor`` values stay the
same because SVG reads them in the text's own direction, which the SVG inherits from the page, so a
label that ends at a point in English starts there in Arabic. Text uses the page's font; colours come
from the stylesheet (classes ``chart__*``), never from colour alone: every bar and the last point of
every line carry their number in text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import get_language_bidi, gettext

WIDTH = 640


def format_number(value: int) -> str:
    """A count as the reader's language writes it: 1,234 / 1 234."""
    return formats.number_format(value, decimal_pos=0, force_grouping=True)


def month_label(month: date, *, short: bool = False) -> str:
    return formats.date_format(month, "M Y" if short else "YEAR_MONTH_FORMAT")


def nice_ceiling(value: int, *, ticks: int = 4) -> tuple[int, int]:
    """(top of the axis, step between grid lines) for counts up to ``value``: steps of 1, 2 or 5."""
    if value <= 0:
        return 1, 1
    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(int(step), 1)
    return step * math.ceil(value / step), step


class _Mirror:
    """Turns left-to-right x coordinates into those of the reading direction."""

    def __init__(self, width: int, rtl: bool):
        self.width, self.rtl = width, rtl

    def x(self, x: float) -> float:
        return round(self.width - x if self.rtl else x, 1)

    def span(self, x: float, width: float) -> float:
        """The left edge of a box drawn from ``x`` to ``x + width`` in left-to-right terms."""
        return round(self.width - x - width if self.rtl else x, 1)


# Bar chart -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    value_text: str
    label_x: float
    label_y: float
    bar_x: float
    bar_y: float
    bar_width: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per group, the label above each bar and the number at its end."""

    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    rtl: bool
    bar_height: int

    ROW = 56
    BAR = 20
    PAD = 8
    VALUE_ROOM = 80  # room at the end of the longest bar for its number

    @classmethod
    def build(cls, *, id: str, title: str, rows: Sequence[tuple[str, int]]) -> BarChart:
        rtl = get_language_bidi()
        mirror = _Mirror(WIDTH, rtl)
        largest = max((value for _label, value in rows), default=0) or 1
        scale = (WIDTH - 2 * cls.PAD - cls.VALUE_ROOM) / largest
        bars = []
        for index, (label, value) in enumerate(rows):
            top = cls.PAD + index * cls.ROW
            width = max(value * scale, 2)  # a sliver, so that a bar is never invisible
            bar_y = top + 24
            bars.append(
                Bar(
                    label=label,
                    value=value,
                    value_text=format_number(value),
                    label_x=mirror.x(cls.PAD),
                    label_y=top + 16,
                    bar_x=mirror.span(cls.PAD, width),
                    bar_y=bar_y,
                    bar_width=round(width, 1),
                    value_x=mirror.x(cls.PAD + width + 8),
                    value_y=bar_y + cls.BAR - 5,
                )
            )
        description = gettext("%(title)s: %(values)s.") % {
            "title": title,
            "values": "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars),
        }
        return cls(
            id=id,
            title=title,
            description=description,
            bars=tuple(bars),
            width=WIDTH,
            height=cls.PAD * 2 + len(bars) * cls.ROW,
            rtl=rtl,
            bar_height=cls.BAR,
        )

    def render(self) -> SafeString:
        return render_to_string("reports/charts/bar_chart.html", {"chart": self})


# Line chart ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class LineChart:
    """A count month by month, drawn as a line over a shaded area, with a grid and labelled axes."""

    id: str
    title: str
    description: str
    line: str
    area: str
    points: tuple[Point, ...]
    grid: tuple[Tick, ...]
    months: tuple[Tick, ...]
    last: Tick
    plot_start: float
    plot_end: float
    width: int
    height: int
    rtl: bool

    HEIGHT = 300
    LEFT, RIGHT, TOP, BOTTOM = 64, 48, 24, 44

    @classmethod
    def build(
        cls, *, id: str, title: str, months: Sequence[date], values: Sequence[int]
    ) -> LineChart:
        if not months or len(months) != len(values):
            raise ValueError("one value per month is needed")
        rtl = get_language_bidi()
        mirror = _Mirror(WIDTH, rtl)
        plot_width = WIDTH - cls.LEFT - cls.RIGHT
        plot_height = cls.HEIGHT - cls.TOP - cls.BOTTOM
        bottom = cls.TOP + plot_height
        top_value, step = nice_ceiling(max(values))
        gap = plot_width / max(len(values) - 1, 1)

        def x_at(index: int) -> float:
            return mirror.x(cls.LEFT + index * gap)

        def y_at(value: int) -> float:
            return round(bottom - value / top_value * plot_height, 1)

        points = tuple(Point(x_at(i), y_at(value)) for i, value in enumerate(values))
        line = "M" + " L".join(f"{p.x} {p.y}" for p in points)
        area = f"{line} L{points[-1].x} {bottom} L{points[0].x} {bottom} Z"
        grid = tuple(
            Tick(mirror.x(cls.LEFT - 10), y_at(value), format_number(value))
            for value in range(0, top_value + 1, step)
        )
        # A month label every six months and on the last month, unless it would crowd the one before.
        every = 6 if len(months) > 12 else 3
        shown = list(range(0, len(months), every))
        if len(months) - 1 - shown[-1] >= every // 2:
            shown.append(len(months) - 1)
        month_ticks = tuple(
            Tick(x_at(i), bottom + 24, month_label(months[i], short=True)) for i in shown
        )
        last = points[-1]
        description = gettext(
            "%(title)s, month by month: %(first)s in %(first_month)s, %(last)s in %(last_month)s."
        ) % {
            "title": title,
            "first": format_number(values[0]),
            "first_month": month_label(months[0]),
            "last": format_number(values[-1]),
            "last_month": month_label(months[-1]),
        }
        return cls(
            id=id,
            title=title,
            description=description,
            line=line,
            area=area,
            points=points,
            grid=grid,
            months=month_ticks,
            last=Tick(last.x, max(last.y - 10, cls.TOP - 8), format_number(values[-1])),
            plot_start=mirror.x(cls.LEFT),
            plot_end=mirror.x(WIDTH - cls.RIGHT),
            width=WIDTH,
            height=cls.HEIGHT,
            rtl=rtl,
        )

    def render(self) -> SafeString:
        return render_to_string("reports/charts/line_chart.html", {"chart": self})
