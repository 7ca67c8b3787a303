"""From a period's counts to an estimate, a verdict and a plan status, all by ``analysis``.

Nothing statistical is decided here: estimates come from :mod:`analysis.estimates`, verdicts from
:func:`analysis.verdicts.assess`, statuses from :func:`analysis.status.plan_status`. This module
only picks the estimator for the metric and hands over the KPI's target, milestones and baseline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from analysis.baselines import Baseline
from analysis.estimate import Estimate
from analysis.estimates import mean, poisson, proportion
from analysis.min_n import can_publish
from analysis.status import StatusCode, milestone_due, plan_status
from analysis.targets import Target
from analysis.verdicts import assess
from feedback.services.kpis.aggregation import Counts
from feedback.services.kpis.metrics import MetricKind

PROPORTION_METHOD = "wilson"
MEAN_METHOD = "t"
NO_TARGET_REASON = "No status: the plan gives no number to judge this KPI against."


@dataclass(frozen=True, slots=True)
class Observation:
    """What one period gave: how many answers, the estimate if one can be made, and the inputs."""

    n: int
    estimate: Estimate | None
    method: str
    level: float
    inputs: dict[str, Any] = field(default_factory=dict)
    versions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Judgement:
    """A period's estimate judged against the KPI's target, baseline and milestone due."""

    shown: Estimate | None  # None when too few answers allow no figure to be published
    verdict: str | None
    verdict_reason: str
    change: str | None
    status: StatusCode
    reason: str
    milestone_months: int | None
    threshold: float | None


def observe_counts(counts: Counts, kind: MetricKind, level: float) -> Observation:
    """Estimate a survey metric from a period's counts.

    Returns
    -------
    Observation
        A proportion by the Wilson (1927) score interval, or a mean by Student's (1908) t
        interval computed by :func:`analysis.estimates.mean` from the scale points' counts;
        no estimate when there are no valid answers (or fewer than 2 for a mean).
    """
    versions = tuple(sorted(counts.versions))
    inputs = counts.as_inputs()
    if kind is MetricKind.MEAN:
        if counts.valid < 2:
            return Observation(counts.valid, None, MEAN_METHOD, level, inputs, versions)
        # The sample is rebuilt from the counts at each scale point: exact, and at most a few
        # numbers per answer; the answers themselves never leave the database.
        points = sorted(counts.score_counts)
        values = np.repeat(np.array(points), [counts.score_counts[p] for p in points])
        estimate = mean(values, level=level, method=MEAN_METHOD)
        return Observation(counts.valid, estimate, MEAN_METHOD, level, inputs, versions)
    if counts.valid < 1:
        return Observation(0, None, PROPORTION_METHOD, level, inputs, versions)
    estimate = proportion(counts.successes, counts.valid, level=level, method=PROPORTION_METHOD)
    return Observation(counts.valid, estimate, PROPORTION_METHOD, level, inputs, versions)


def observe_entry(
    count: int, denominator: int | None, kind: MetricKind, level: float
) -> Observation:
    """Estimate a hand-entered figure or a share from case dates: a count by the exact Poisson
    interval (Garwood 1936), or x of n by the Wilson (1927) interval."""
    inputs = {"count": count, "denominator": denominator}
    if kind is not MetricKind.MANUAL_COUNT:
        inputs |= {"successes": count, "valid": denominator or 0}
    if kind is MetricKind.MANUAL_COUNT:
        return Observation(count, poisson(count, level=level), "garwood", level, inputs)
    if not denominator:
        return Observation(0, None, PROPORTION_METHOD, level, inputs)
    estimate = proportion(count, denominator, level=level, method=PROPORTION_METHOD)
    return Observation(denominator, estimate, PROPORTION_METHOD, level, inputs)


def judge(
    observation: Observation,
    *,
    kind: MetricKind,
    target: Target | None,
    milestones: Mapping[int, Target],
    baseline: Baseline | Estimate,
    plan_start: date,
    on: date,
    min_n: int,
    previous: StatusCode | None = None,
) -> Judgement:
    """Judge one period's observation.

    Parameters
    ----------
    observation : Observation
        The period's estimate and counts.
    kind : MetricKind
        What the metric measures.
    target : Target or None
        The plan's final target; None when the plan gives nothing to judge.
    milestones : mapping of int to Target
        The milestones that can be judged, by months after the start.
    baseline : Baseline or Estimate
        The plan's baseline, or the one measured in a baseline period.
    plan_start, on : date
        The plan's start, and the day the period's data end (for the milestone due).
    min_n : int
        The fewest answers a figure or verdict needs (counts entered by hand are exempt).
    previous : StatusCode or None
        The previous period's status, to tell complete from embedded.

    Returns
    -------
    Judgement
        The verdict by the whole-interval rule and the status by the rules of
        :mod:`analysis.status`, each with its reason.
    """
    quantity = kind.quantity
    min_n = max(min_n, 2) if kind is MetricKind.MEAN else min_n
    estimate = observation.estimate or _no_estimate(observation)
    publishable = kind is MetricKind.MANUAL_COUNT or can_publish(observation.n, min_n=min_n)
    shown = observation.estimate if publishable else None
    if target is None:
        return Judgement(shown, None, "", None, StatusCode.NO_STATUS, NO_TARGET_REASON, None, None)
    try:
        assessment = assess(estimate, target, baseline=baseline, min_n=min_n, quantity=quantity)
        due = milestone_due(plan_start, milestones, on)
        status = plan_status(assessment, milestone_due=due, previous=previous)
    except ValueError as error:
        # A target and baseline that cannot be compared (say, a baseline measured at another
        # confidence level) stop this KPI's verdict, not the whole recompute.
        reason = f"No status: {error}"
        return Judgement(shown, None, "", None, StatusCode.NO_STATUS, reason, None, None)
    return Judgement(
        shown=shown,
        verdict=assessment.verdict.value if assessment.verdict else None,
        verdict_reason=assessment.reason,
        change=assessment.change.value if assessment.change else None,
        status=status.code,
        reason=status.reason,
        milestone_months=due.months if due else None,
        threshold=_finite(assessment.threshold),
    )


def _no_estimate(observation: Observation) -> Estimate:
    """Stand-in for too few answers to estimate anything: ``assess`` reads only its n, since n is
    below the minimum, and answers "insufficient data" (or "no status" on a pending baseline)."""
    return Estimate(
        math.nan, math.nan, math.nan, observation.level, observation.n, observation.method
    )


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None
