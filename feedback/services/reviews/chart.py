"""The theme-share bar chart as data for a server-rendered SVG (the page repeats it as a table).

Only themes whose share may be published get a bar; each bar carries its interval as a whisker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from feedback.formatting import percent
from feedback.services.reviews.trends import ThemeRow

WIDTH = 640
LABEL_WIDTH = 260
RIGHT = 56
BAR_HEIGHT = 18
ROW_HEIGHT = 28
TOP, BOTTOM = 8, 32


@dataclass(frozen=True, slots=True)
class Bar:
    """One theme's bar: its share, interval whisker and label, in SVG coordinates."""

    label: str
    y: float
    width: float
    lo_x: float
    hi_x: float
    text: str


@dataclass(frozen=True, slots=True)
class BarChart:
    """A horizontal bar chart of shares from 0 to 100%."""

    width: int
    height: int
    left: int
    plot_width: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]
    bar_height: int


def share_chart(rows: Sequence[ThemeRow]) -> BarChart | None:
    """Return the chart of each theme's overall share, or None when no share may be shown."""
    plot_width = WIDTH - LABEL_WIDTH - RIGHT
    bars = []
    for row in rows:
        share = row.overall.share
        if share is None:
            continue
        y = TOP + len(bars) * ROW_HEIGHT
        bars.append(
            Bar(
                label=row.theme.name,
                y=y,
                width=share.value * plot_width,
                lo_x=LABEL_WIDTH + share.lo * plot_width,
                hi_x=LABEL_WIDTH + share.hi * plot_width,
                text=percent(share.value),
            )
        )
    if not bars:
        return None
    ticks = tuple((LABEL_WIDTH + k / 4 * plot_width, f"{k * 25}%") for k in range(5))
    return BarChart(
        width=WIDTH,
        height=TOP + len(bars) * ROW_HEIGHT + BOTTOM,
        left=LABEL_WIDTH,
        plot_width=plot_width,
        bars=tuple(bars),
        ticks=ticks,
        bar_height=BAR_HEIGHT,
    )
