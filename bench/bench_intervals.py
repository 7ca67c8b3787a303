"""Time 10,000 KPI intervals with our estimators against the same done by a statsmodels loop.

Run from the repository root: ``.venv/bin/python bench/bench_intervals.py``.

The mix is a third each of Wilson proportions, Newcombe differences and Koopman ratios, with
sample sizes and satisfaction rates like a council's survey periods. Counts stay strictly
between 0 and n because statsmodels warns or returns complex limits at 0/n and n/n (our
functions handle those; see the tests). Both runs compute the same intervals, and the script
checks they agree before it reports the times. The budget: ours under 1 second.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from analysis.estimates import difference, proportion, ratio

KPI_COUNT = 10_000
BUDGET_SECONDS = 1.0

Counts = tuple[int, int, int, int]


def kpi_counts(count: int, seed: int = 20240601) -> list[Counts]:
    """(x1, n1, x0, n0) for ``count`` KPIs: this period's and the baseline's answers."""
    rng = np.random.default_rng(seed)
    n1 = rng.integers(10, 400, size=count)
    n0 = rng.integers(10, 400, size=count)
    x1 = rng.binomial(n1, rng.uniform(0.3, 0.95, size=count))
    x0 = rng.binomial(n0, rng.uniform(0.3, 0.95, size=count))
    x1 = np.clip(x1, 1, n1 - 1)
    x0 = np.clip(x0, 1, n0 - 1)
    return [(int(a), int(b), int(c), int(d)) for a, b, c, d in zip(x1, n1, x0, n0, strict=True)]


def ours(kpi: int, counts: Counts) -> tuple[float, float]:
    x1, n1, x0, n0 = counts
    if kpi % 3 == 0:
        estimate = proportion(x1, n1)
    elif kpi % 3 == 1:
        estimate = difference(x1, n1, x0, n0)
    else:
        estimate = ratio(x1, n1, x0, n0)
    return estimate.lo, estimate.hi


def statsmodels_loop(kpi: int, counts: Counts) -> tuple[float, float]:
    x1, n1, x0, n0 = counts
    if kpi % 3 == 0:
        lo, hi = proportion_confint(x1, n1, alpha=0.05, method="wilson")
    elif kpi % 3 == 1:
        lo, hi = confint_proportions_2indep(x1, n1, x0, n0, compare="diff", method="newcomb")
    else:
        # Koopman: the score method without the Miettinen-Nurminen variance correction.
        lo, hi = confint_proportions_2indep(
            x1, n1, x0, n0, compare="ratio", method="score", correction=False
        )
    return float(lo), float(hi)


def timed(
    compute: Callable[[int, Counts], tuple[float, float]], kpis: list[Counts]
) -> tuple[float, np.ndarray]:
    """Seconds to compute every KPI's interval, and the intervals."""
    compute(0, kpis[0])  # warm up imports and caches outside the timing
    start = time.perf_counter()
    limits = [compute(kpi, counts) for kpi, counts in enumerate(kpis)]
    return time.perf_counter() - start, np.array(limits)


def main() -> None:
    kpis = kpi_counts(KPI_COUNT)
    our_seconds, our_limits = timed(ours, kpis)
    their_seconds, their_limits = timed(statsmodels_loop, kpis)
    # statsmodels' root finder for Koopman stops at about 1e-7 relative error; differences
    # can be 0 or negative, so gaps are relative only to limits above 1 in size.
    gaps = np.abs(our_limits - their_limits) / np.maximum(np.abs(their_limits), 1.0)
    worst = float(gaps.max())
    if worst > 1e-6:
        raise SystemExit(f"intervals disagree with statsmodels: worst gap {worst:.2e}")
    print(f"{KPI_COUNT} KPI intervals (Wilson, Newcombe, Koopman mix); agree to {worst:.1e}")
    print(f"ours:        {our_seconds:.3f} s")
    print(f"statsmodels: {their_seconds:.3f} s")
    print(f"ratio ours / statsmodels: {our_seconds / their_seconds:.3f}")
    verdict = "yes" if our_seconds < BUDGET_SECONDS else "NO"
    print(f"ours under {BUDGET_SECONDS:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
