"""One proportion and the difference of two: golden values, published examples, edge cases."""

import pytest
from scipy.special import betainc

from analysis.estimate import Estimate
from analysis.estimates import difference, proportion

FOUR_PLACES = 5e-5


def limits(estimate: Estimate) -> tuple[float, float]:
    return estimate.lo, estimate.hi


# --- proportion: golden values -------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "n", "expected"),
    [
        (7, 20, (0.181192, 0.567146)),
        (0, 12, (0.0, 0.242494)),
        (45, 60, (0.627679, 0.842235)),
    ],
)
def test_wilson_interval_matches_golden_values(x, n, expected):
    assert limits(proportion(x, n)) == pytest.approx(expected, abs=FOUR_PLACES)


def test_clopper_pearson_interval_matches_golden_value():
    estimate = proportion(7, 20, method="clopper_pearson")

    assert limits(estimate) == pytest.approx((0.153909, 0.592189), abs=FOUR_PLACES)


# Newcombe RG (1998a). Two-sided confidence intervals for the single proportion: comparison of
# seven methods. Stat Med 17:857-872, Table I: method 3 (Wilson score) and method 5 (exact).
NEWCOMBE_1998A_WILSON = [
    (81, 263, (0.2553, 0.3662)),
    (15, 148, (0.0624, 0.1605)),
    (0, 20, (0.0000, 0.1611)),
    (1, 29, (0.0061, 0.1718)),
]
NEWCOMBE_1998A_EXACT = [
    (81, 263, (0.2527, 0.3676)),
    (15, 148, (0.0578, 0.1617)),
    (0, 20, (0.0000, 0.1684)),
    (1, 29, (0.0009, 0.1776)),
]


@pytest.mark.parametrize(("x", "n", "printed"), NEWCOMBE_1998A_WILSON)
def test_wilson_interval_matches_newcombe_1998a_table_1(x, n, printed):
    assert limits(proportion(x, n, method="wilson")) == pytest.approx(printed, abs=FOUR_PLACES)


@pytest.mark.parametrize(("x", "n", "printed"), NEWCOMBE_1998A_EXACT)
def test_clopper_pearson_interval_matches_newcombe_1998a_table_1(x, n, printed):
    estimate = proportion(x, n, method="clopper_pearson")

    assert limits(estimate) == pytest.approx(printed, abs=FOUR_PLACES)


@pytest.mark.parametrize(("x", "n"), [(7, 20), (1, 29), (81, 263), (149, 150)])
def test_jeffreys_limits_are_beta_quantiles_with_half_a_success_and_failure_added(x, n):
    # Brown, Cai & DasGupta (2001) Stat Sci 16:101: the limits are the 2.5% and 97.5% points
    # of Beta(x + 1/2, n - x + 1/2); checked through the forward CDF, not its inverse.
    estimate = proportion(x, n, method="jeffreys")

    assert betainc(x + 0.5, n - x + 0.5, estimate.lo) == pytest.approx(0.025, abs=1e-10)
    assert betainc(x + 0.5, n - x + 0.5, estimate.hi) == pytest.approx(0.975, abs=1e-10)


def test_proportion_reports_value_level_n_and_method():
    estimate = proportion(7, 20, level=0.9, method="jeffreys")

    assert (estimate.value, estimate.level, estimate.n, estimate.method) == (
        0.35,
        0.9,
        20,
        "jeffreys",
    )


def test_proportion_accepts_whole_numbers_written_as_floats():
    assert proportion(7.0, 20.0) == proportion(7, 20)


# --- proportion: edge cases ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["wilson", "clopper_pearson", "jeffreys"])
def test_no_successes_gives_a_lower_limit_of_exactly_zero(method):
    estimate = proportion(0, 15, method=method)

    assert (estimate.value, estimate.lo) == (0.0, 0.0)
    assert 0.0 < estimate.hi < 1.0


@pytest.mark.parametrize("method", ["wilson", "clopper_pearson", "jeffreys"])
def test_all_successes_gives_an_upper_limit_of_exactly_one(method):
    estimate = proportion(15, 15, method=method)

    assert (estimate.value, estimate.hi) == (1.0, 1.0)
    assert 0.0 < estimate.lo < 1.0


def test_clopper_pearson_upper_limit_for_no_successes_is_the_closed_form():
    # For x = 0 the exact upper limit solves (1 - p)^n = alpha / 2.
    estimate = proportion(0, 20, method="clopper_pearson")

    assert estimate.hi == pytest.approx(1 - 0.025 ** (1 / 20), abs=1e-12)


@pytest.mark.parametrize("method", ["wilson", "clopper_pearson", "jeffreys"])
def test_a_single_trial_gives_an_interval_within_zero_and_one(method):
    estimate = proportion(1, 1, method=method)

    assert 0.0 < estimate.lo < estimate.hi == 1.0


# --- difference: golden and published values -----------------------------------------------


def test_newcombe_difference_matches_golden_value():
    estimate = difference(30, 60, 18, 60)

    assert estimate.value == pytest.approx(0.2)
    assert limits(estimate) == pytest.approx((0.024815, 0.358895), abs=FOUR_PLACES)


# Newcombe RG (1998b). Interval estimation for the difference between independent proportions:
# comparison of eleven methods. Stat Med 17:873-890, Table II, method 10 (hybrid score).
# Example (c) 6/7 - 2/7: method 10's definition gives (0.0582, 0.8062), as does statsmodels'
# "newcomb"; the (0.0342, 0.8138) once quoted to us for it is not method 10.
NEWCOMBE_1998B_METHOD_10 = [
    (56, 70, 48, 80, (0.0524, 0.3339)),
    (9, 10, 3, 10, (0.1705, 0.8090)),
    (6, 7, 2, 7, (0.0582, 0.8062)),
    (5, 56, 0, 29, (-0.0381, 0.1926)),
    (0, 10, 0, 20, (-0.1611, 0.2775)),
    (0, 10, 0, 10, (-0.2775, 0.2775)),
    (10, 10, 0, 20, (0.6791, 1.0000)),
    (10, 10, 0, 10, (0.6075, 1.0000)),
]


@pytest.mark.parametrize(("x1", "n1", "x0", "n0", "printed"), NEWCOMBE_1998B_METHOD_10)
def test_newcombe_difference_matches_newcombe_1998b_table_2(x1, n1, x0, n0, printed):
    assert limits(difference(x1, n1, x0, n0)) == pytest.approx(printed, abs=FOUR_PLACES)


def test_newcombe_difference_matches_fagerland_perondi_example():
    # Fagerland MW, Lydersen S, Laake P (2017). Statistical Analysis of Contingency Tables,
    # ch. 4: high vs standard dose epinephrine, 7/34 vs 1/34 (Perondi et al. 2004).
    estimate = difference(7, 34, 1, 34)

    assert limits(estimate) == pytest.approx((0.0189, 0.3404), abs=FOUR_PLACES)


def test_difference_reports_both_samples_in_n():
    estimate = difference(30, 60, 18, 50, level=0.9)

    assert (estimate.n, estimate.level, estimate.method) == (110, 0.9, "newcombe")


# --- difference: edge cases ----------------------------------------------------------------


def test_all_versus_none_reaches_exactly_one():
    estimate = difference(10, 10, 0, 20)

    assert (estimate.value, estimate.hi) == (1.0, 1.0)


def test_none_versus_all_reaches_exactly_minus_one():
    estimate = difference(0, 20, 10, 10)

    assert (estimate.value, estimate.lo) == (-1.0, -1.0)


def test_no_successes_in_either_group_gives_an_interval_around_zero():
    estimate = difference(0, 10, 0, 10)

    assert estimate.value == 0.0
    assert estimate.lo == pytest.approx(-estimate.hi)
