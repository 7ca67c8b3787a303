"""Poisson counts and rate ratios: golden values, Garwood's table, definitions, zero counts."""

import math

import pytest
from scipy import stats

from analysis.estimate import Estimate
from analysis.estimates import poisson, rate_ratio

FOUR_PLACES = 5e-5


def limits(estimate: Estimate) -> tuple[float, float]:
    return estimate.lo, estimate.hi


# --- poisson -------------------------------------------------------------------------------


def test_exact_poisson_interval_matches_golden_value():
    estimate = poisson(44)

    assert (estimate.value, estimate.n, estimate.method) == (44.0, 44, "garwood")
    assert limits(estimate) == pytest.approx((31.970467, 59.067946), abs=FOUR_PLACES)


# Garwood F (1936). Fiducial limits for the Poisson distribution. Biometrika 28:437-442; the
# 95% limits as tabulated from it (to the decimals printed, hence the per-row tolerance).
GARWOOD_1936 = [
    (0, (0.0, 3.689), 5e-4),
    (1, (0.0253, 5.572), 5e-4),
    (2, (0.242, 7.225), 5e-4),
    (5, (1.623, 11.668), 5e-4),
    (10, (4.795, 18.390), 5e-4),
]


@pytest.mark.parametrize(("count", "printed", "tolerance"), GARWOOD_1936)
def test_exact_poisson_interval_matches_garwood_1936(count, printed, tolerance):
    assert limits(poisson(count)) == pytest.approx(printed, abs=tolerance)


@pytest.mark.parametrize("count", [1, 7, 44, 500])
def test_exact_poisson_limits_leave_half_of_alpha_in_each_tail(count):
    estimate = poisson(count, level=0.9)

    assert stats.poisson.sf(count - 1, estimate.lo) == pytest.approx(0.05, abs=1e-10)
    assert stats.poisson.cdf(count, estimate.hi) == pytest.approx(0.05, abs=1e-10)


def test_zero_count_has_the_closed_form_upper_limit():
    # P(X = 0) = exp(-mu) = alpha / 2 at the upper limit.
    estimate = poisson(0)

    assert (estimate.value, estimate.lo) == (0.0, 0.0)
    assert estimate.hi == pytest.approx(-math.log(0.025), abs=1e-12)


# --- rate_ratio ----------------------------------------------------------------------------


def test_score_rate_ratio_matches_golden_value():
    estimate = rate_ratio(35, 1.0, 44, 1.0)

    assert estimate.value == pytest.approx(35 / 44)
    assert limits(estimate) == pytest.approx((0.512122, 1.235540), abs=FOUR_PLACES)


def test_score_rate_ratio_limits_are_where_the_conditional_score_statistic_is_z():
    # Given 79 events in all, k1 is binomial with pi = R e1 / (R e1 + e0); the score
    # statistic (k1 - K pi) / sqrt(K pi (1 - pi)) is -/+ z at the limits.
    estimate = rate_ratio(35, 120.0, 44, 80.0)
    z = stats.norm.ppf(0.975)
    for limit, expected in ((estimate.lo, z), (estimate.hi, -z)):
        pi = limit * 120.0 / (limit * 120.0 + 80.0)
        assert (35 - 79 * pi) / math.sqrt(79 * pi * (1 - pi)) == pytest.approx(expected)


def test_exact_rate_ratio_limits_leave_half_of_alpha_in_each_binomial_tail():
    estimate = rate_ratio(41, 28010.0, 15, 19017.0, method="exact")
    pi_lo = estimate.lo * 28010 / (estimate.lo * 28010 + 19017)
    pi_hi = estimate.hi * 28010 / (estimate.hi * 28010 + 19017)

    assert stats.binom.sf(40, 56, pi_lo) == pytest.approx(0.025, abs=1e-10)
    assert stats.binom.cdf(41, 56, pi_hi) == pytest.approx(0.025, abs=1e-10)


def test_score_rate_ratio_agrees_with_statsmodels_for_unequal_exposure():
    # statsmodels.stats.rates.confint_poisson_2indep(35, 2.5, 44, 1, method="score")
    estimate = rate_ratio(35, 2.5, 44, 1.0)

    assert limits(estimate) == pytest.approx((0.204849, 0.494216), abs=FOUR_PLACES)


def test_rate_ratio_reports_the_events_behind_it_as_n():
    estimate = rate_ratio(35, 1.5, 44, 2, level=0.9, method="exact")

    assert (estimate.n, estimate.level, estimate.method) == (79, 0.9, "exact")


@pytest.mark.parametrize("method", ["score", "exact"])
def test_rate_ratio_with_no_baseline_events_has_no_upper_limit(method):
    estimate = rate_ratio(6, 10.0, 0, 10.0, method=method)

    assert (estimate.value, estimate.hi) == (math.inf, math.inf)
    assert 0.0 < estimate.lo < math.inf


@pytest.mark.parametrize("method", ["score", "exact"])
def test_rate_ratio_with_no_events_in_the_first_group_starts_at_zero(method):
    estimate = rate_ratio(0, 10.0, 6, 10.0, method=method)

    assert (estimate.value, estimate.lo) == (0.0, 0.0)
    assert 0.0 < estimate.hi < math.inf


@pytest.mark.parametrize("method", ["score", "exact"])
def test_rate_ratio_with_no_events_at_all_is_uninformative(method):
    estimate = rate_ratio(0, 10.0, 0, 12.0, method=method)

    assert math.isnan(estimate.value)
    assert (estimate.lo, estimate.hi, estimate.n) == (0.0, math.inf, 0)
