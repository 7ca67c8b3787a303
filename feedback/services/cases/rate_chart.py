"""The response-rate chart as data: each month's rate and Wilson interval, placed for an SVG.

The template only draws what this returns; the page shows the same figures in a table after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from feedback.formatting import percent, percent_range
from feedback.services.cases.rates import RateTable

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 48


@dataclass(frozen=True, slots=True)
class ChartPoint:
    """One month: where its rate and interval are drawn, and what they say in words."""

    x: float
    y: float
    lo_y: float
    hi_y: float
    label: str
    description: str


@dataclass(frozen=True, slots=True)
class Gridline:
    """A horizontal line at ``y`` labelled with a percentage."""

    y: float
    label: str


@dataclass(frozen=True, slots=True)
class RateChart:
    """Everything the SVG needs: size, plot area, gridlines and points."""

    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    gridlines: tuple[Gridline, ...]
    points: tuple[ChartPoint, ...]


def _y(value: float) -> float:
    return round(TOP + (1 - value) * (HEIGHT - TOP - BOTTOM), 1)


def monthly_rate_chart(table: RateTable) -> RateChart | None:
    """Return the chart of the months that have a publishable rate, or ``None`` when none has."""
    shown = [row for row in table.rows if row.rate is not None]
    if not shown:
        return None
    plot_width = WIDTH - LEFT - RIGHT
    step = plot_width / len(shown)
    points = []
    for index, row in enumerate(shown):
        rate = row.rate
        assert rate is not None
        points.append(
            ChartPoint(
                x=round(LEFT + step * (index + 0.5), 1),
                y=_y(rate.value),
                lo_y=_y(rate.lo),
                hi_y=_y(rate.hi),
                label=row.key,
                description=f"{row.key}: {percent(rate.value)} ({percent_range(rate.lo, rate.hi)})",
            )
        )
    gridlines = tuple(Gridline(_y(step / 100), percent(step / 100)) for step in range(0, 101, 25))
    return RateChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        gridlines=gridlines,
        points=tuple(points),
    )
