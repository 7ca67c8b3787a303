"""Charts as data for server-rendered SVG: a trend with intervals, and a control chart.

Coordinates are worked out here, so templates only draw; every chart is followed on its page by
a table of the same figures. Control charts come from :mod:`analysis.spc` (Making Data Count).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.baselines import Baseline, Quantity
from analysis.estimate import Estimate
from analysis.spc import ControlChart, p_chart, xmr_chart
from analysis.spc_icons import Better
from analysis.targets import TargetKind
from feedback.formatting import figure
from feedback.models.kpis import Kpi, KpiMeasurement
from feedback.services.kpis import readings
from feedback.services.kpis.presenting import interval_words

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 48
MAX_X_LABELS = 8
MIN_CONTROL_POINTS = 2


@dataclass(frozen=True, slots=True)
class Tick:
    """A labelled gridline at height ``y``."""

    y: float
    label: str


@dataclass(frozen=True, slots=True)
class XLabel:
    """A period label under the axis at ``x``; the end labels are anchored inside the chart."""

    x: float
    label: str
    anchor: str = "middle"


@dataclass(frozen=True, slots=True)
class Level:
    """A horizontal line (target, centre) at ``y`` with its value in words."""

    y: float
    label: str


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """A period's value and interval on the trend chart."""

    x: float
    y: float
    lo_y: float
    hi_y: float
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class TrendChart:
    """A trend over periods: points with interval bars, the target, and axes."""

    points: tuple[TrendPoint, ...]
    ticks: tuple[Tick, ...]
    x_labels: tuple[XLabel, ...]
    target: Level | None
    line: str  # SVG polyline points joining the values


@dataclass(frozen=True, slots=True)
class ControlPoint:
    """A month on the control chart and the special-cause rule that flags it, if any."""

    x: float
    y: float
    label: str
    value: str
    n: int
    lower: str
    upper: str
    flag: str  # the rule in words, or "" for common cause


@dataclass(frozen=True, slots=True)
class ControlChartView:
    """A control chart ready to draw, with its summary in words."""

    points: tuple[ControlPoint, ...]
    ticks: tuple[Tick, ...]
    x_labels: tuple[XLabel, ...]
    centre: Level
    upper: str  # SVG polyline points of the upper process limit
    lower: str
    target: Level | None
    line: str
    variation: str
    assurance: str | None
    method: str
    trial_limits: bool


@dataclass(frozen=True, slots=True)
class _Axis:
    """Maps values onto the plot's height."""

    low: float
    high: float
    quantity: Quantity | None

    def y(self, value: float) -> float:
        span = self.high - self.low or 1.0
        share = (min(max(value, self.low), self.high) - self.low) / span
        return round(TOP + (1 - share) * (HEIGHT - TOP - BOTTOM), 1)

    def ticks(self) -> tuple[Tick, ...]:
        step = (self.high - self.low) / 4
        values = [self.low + i * step for i in range(5)]
        return tuple(Tick(self.y(v), self.text(v)) for v in values)

    def text(self, value: float) -> str:
        return figure(value, self.quantity, 5 if self.quantity is Quantity.MEAN_RATING else None)


def trend_chart(
    measurements: Sequence[KpiMeasurement], quantity: Quantity | None, target: float | None
) -> TrendChart | None:
    """Return the trend of the periods that have a value to show, or None if none has."""
    shown = [m for m in measurements if m.value is not None and m.lo is not None]
    if not shown:
        return None
    axis = _axis(quantity, [v for m in shown for v in (m.lo, m.hi)], target)
    xs = _xs(len(measurements))
    points = tuple(
        TrendPoint(
            xs[i],
            axis.y(m.value),
            axis.y(m.lo),
            axis.y(m.hi),
            m.label,
            interval_words(m, quantity),
        )
        for i, m in enumerate(measurements)
        if m.value is not None and m.lo is not None and m.hi is not None
    )
    return TrendChart(
        points=points,
        ticks=axis.ticks(),
        x_labels=_x_labels(xs, [m.label for m in measurements]),
        target=Level(axis.y(target), axis.text(target)) if target is not None else None,
        line=" ".join(f"{p.x},{p.y}" for p in points),
    )


def control_chart(
    measurements: Sequence[KpiMeasurement],
    quantity: Quantity | None,
    target: float | None,
    better: Better,
) -> ControlChartView | None:
    """Return a p-chart (proportions) or XmR chart (means, counts) of the periods with a value.

    Returns None when fewer than two periods have a value to show.
    """
    shown = [m for m in measurements if m.value is not None]
    if len(shown) < MIN_CONTROL_POINTS:
        return None
    if quantity is Quantity.PROPORTION and all("successes" in m.inputs for m in shown):
        chart = p_chart(
            [int(m.inputs["successes"]) for m in shown],
            [m.n for m in shown],
            better=better,
            target=target if target is not None and 0 <= target <= 1 else None,
        )
    else:
        chart = xmr_chart([float(m.value or 0.0) for m in shown], better=better, target=target)
    return _control_view(chart, shown, quantity)


def _control_view(
    chart: ControlChart, shown: Sequence[KpiMeasurement], quantity: Quantity | None
) -> ControlChartView:
    values = [p.value for p in chart.points]
    limits = [v for p in chart.points for v in (p.lower_limit, p.upper_limit) if math.isfinite(v)]
    axis = _axis(quantity, values + limits, chart.target)
    xs = _xs(len(shown))
    points = tuple(
        ControlPoint(
            xs[i],
            axis.y(p.value),
            shown[i].label,
            axis.text(p.value),
            shown[i].n,
            axis.text(p.lower_limit),
            axis.text(p.upper_limit),
            p.headline.rule.description if p.headline else "",
        )
        for i, p in enumerate(chart.points)
    )
    return ControlChartView(
        points=points,
        ticks=axis.ticks(),
        x_labels=_x_labels(xs, [m.label for m in shown]),
        centre=Level(axis.y(chart.centre), axis.text(chart.centre)),
        upper=" ".join(f"{xs[i]},{axis.y(p.upper_limit)}" for i, p in enumerate(chart.points)),
        lower=" ".join(f"{xs[i]},{axis.y(p.lower_limit)}" for i, p in enumerate(chart.points)),
        target=Level(axis.y(chart.target), axis.text(chart.target))
        if chart.target is not None
        else None,
        line=" ".join(f"{p.x},{p.y}" for p in points),
        variation=chart.variation.label,
        assurance=chart.assurance.label if chart.assurance else None,
        method=chart.method,
        trial_limits=chart.trial_limits,
    )


def chart_target(kpi: Kpi) -> float | None:
    """Return the final target as a value on the chart's scale, if it can be drawn.

    A level is drawn as it is; a change on a baseline with a value is drawn as the value it
    asks for (on a measured baseline, from its point estimate); otherwise nothing is drawn.
    """
    target = readings.final_target(kpi)
    if target is None:
        return None
    if target.kind is TargetKind.LEVEL:
        return target.value
    baseline = readings.baseline_for_verdicts(kpi)
    if isinstance(baseline, Estimate):
        return target.threshold(baseline.value)
    if isinstance(baseline, Baseline) and baseline.value is not None and baseline.value > 0:
        return target.threshold(baseline.value)
    return None


def better_direction(kpi: Kpi) -> Better:
    """Return which way is an improvement, from the target (higher when there is none)."""
    target = readings.final_target(kpi)
    if target is None or target.higher_is_better:
        return Better.HIGHER
    return Better.LOWER


def _axis(quantity: Quantity | None, values: Sequence[float], target: float | None) -> _Axis:
    if quantity is Quantity.PROPORTION:
        return _Axis(0.0, 1.0, quantity)
    if quantity is Quantity.MEAN_RATING:
        return _Axis(1.0, 5.0, quantity)
    finite = [v for v in (*values, target or 0.0) if v is not None and math.isfinite(v)]
    top = max(finite, default=1.0) or 1.0
    step = 10 ** math.floor(math.log10(top))
    return _Axis(0.0, math.ceil(top * 1.1 / step) * step, quantity)


def _xs(count: int) -> list[float]:
    width = WIDTH - LEFT - RIGHT
    if count == 1:
        return [LEFT + width / 2]
    return [round(LEFT + 12 + i * (width - 24) / (count - 1), 1) for i in range(count)]


def _x_labels(xs: Sequence[float], labels: Sequence[str]) -> tuple[XLabel, ...]:
    # Leave room for the longest label (about 7 px a character at 13 px) and a gap.
    fit = max(1, int((WIDTH - LEFT - RIGHT) // (7 * max(len(x) for x in labels) + 16)))
    every = max(1, math.ceil(len(labels) / min(fit, MAX_X_LABELS)))
    shown = sorted(range(len(labels) - 1, -1, -every))  # always label the latest period
    if len(labels) == 1:
        return (XLabel(xs[0], labels[0]),)
    return tuple(
        XLabel(xs[i], labels[i], "start" if i == 0 else "end" if i == len(labels) - 1 else "middle")
        for i in shown
    )
