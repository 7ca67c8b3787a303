"""Ratio of two proportions: golden values, published examples, zero cells."""

import math

import pytest

from analysis.estimate import Estimate
from analysis.estimates import ratio

FOUR_PLACES = 5e-5


def limits(estimate: Estimate) -> tuple[float, float]:
    return estimate.lo, estimate.hi


def test_katz_log_ratio_matches_golden_value():
    estimate = ratio(36, 100, 30, 100, method="log")

    assert estimate.value == pytest.approx(1.2)
    assert limits(estimate) == pytest.approx((0.806478, 1.785541), abs=FOUR_PLACES)


def test_koopman_ratio_matches_golden_value():
    estimate = ratio(36, 100, 30, 100)

    assert estimate.method == "koopman"
    assert limits(estimate) == pytest.approx((0.809154, 1.788014), abs=FOUR_PLACES)


def test_koopman_ratio_matches_koopman_1984_example():
    # Koopman PAR (1984). Biometrics 40:513-517: 36/40 vs 16/80, 95% limits printed to 2 places.
    estimate = ratio(36, 40, 16, 80)

    assert estimate.value == pytest.approx(4.5)
    assert limits(estimate) == pytest.approx((2.94, 7.15), abs=5e-3)


def test_katz_log_ratio_is_the_wald_interval_of_the_log_ratio():
    # Katz et al. (1978): log(4.5) -/+ z * sqrt(1/x1 - 1/n1 + 1/x0 - 1/n0), worked by hand.
    margin = 1.959964 * math.sqrt(1 / 36 - 1 / 40 + 1 / 16 - 1 / 80)
    expected = (4.5 * math.exp(-margin), 4.5 * math.exp(margin))

    assert limits(ratio(36, 40, 16, 80, method="log")) == pytest.approx(expected, rel=1e-6)


# Fagerland MW, Lydersen S, Laake P (2017). Statistical Analysis of Contingency Tables, ch. 4:
# high vs standard dose epinephrine, 7/34 vs 1/34 (Perondi et al. 2004).
def test_koopman_ratio_matches_fagerland_perondi_example():
    assert limits(ratio(7, 34, 1, 34)) == pytest.approx((1.2209, 42.5757), abs=FOUR_PLACES)


def test_katz_log_ratio_matches_fagerland_perondi_example():
    estimate = ratio(7, 34, 1, 34, method="log")

    assert limits(estimate) == pytest.approx((0.9096, 53.8695), abs=FOUR_PLACES)


def test_ratio_reports_both_samples_in_n():
    estimate = ratio(36, 100, 30, 80, level=0.9, method="log")

    assert (estimate.n, estimate.level, estimate.method) == (180, 0.9, "log")


# --- zero cells ----------------------------------------------------------------------------


def test_koopman_ratio_with_a_zero_baseline_has_no_upper_limit():
    estimate = ratio(5, 20, 0, 20)

    assert estimate.value == math.inf
    assert estimate.hi == math.inf
    assert 0.0 < estimate.lo < math.inf


def test_koopman_ratio_with_no_successes_in_the_first_group_starts_at_zero():
    estimate = ratio(0, 20, 5, 20)

    assert (estimate.value, estimate.lo) == (0.0, 0.0)
    assert 0.0 < estimate.hi < math.inf


def test_koopman_ratio_of_none_versus_all_has_the_wilson_upper_limit():
    # Under p1 = phi * p0 with x0 = n0, the fitted p0 is 1 and the score interval for
    # p1 = phi is Wilson's: 0/20 gives an upper limit of 3.8415 / 23.8415 = 0.161125.
    estimate = ratio(0, 20, 20, 20)

    assert estimate.hi == pytest.approx(0.161125, abs=FOUR_PLACES)


def test_koopman_ratio_with_no_successes_anywhere_is_uninformative():
    estimate = ratio(0, 20, 0, 30)

    assert math.isnan(estimate.value)
    assert limits(estimate) == (0.0, math.inf)


def test_koopman_ratio_of_two_full_groups_is_symmetric_about_one():
    estimate = ratio(20, 20, 20, 20)

    assert estimate.value == 1.0
    assert estimate.lo == pytest.approx(1 / estimate.hi, rel=1e-9)
    assert estimate.lo < 1.0 < estimate.hi


@pytest.mark.parametrize(("x1", "x0", "name"), [(0, 5, "x1"), (5, 0, "x0"), (0, 0, "x1")])
def test_katz_log_ratio_refuses_a_group_without_successes(x1, x0, name):
    with pytest.raises(ValueError, match=rf"^{name} must be at least 1 for method 'log'"):
        ratio(x1, 20, x0, 20, method="log")


def test_katz_log_ratio_of_two_full_groups_collapses_to_one():
    # Documented weakness of Katz's method: its standard error is 0 here.
    assert limits(ratio(10, 10, 20, 20, method="log")) == pytest.approx((1.0, 1.0))


@pytest.mark.parametrize("level", [1e-6, 0.5, 0.999999])
@pytest.mark.parametrize(("x1", "x0"), [(3, 0), (0, 3)])
def test_koopman_ratio_with_one_zero_cell_is_found_at_any_level(x1, x0, level):
    estimate = ratio(x1, 10, x0, 10, level=level)
    mirrored = ratio(x0, 10, x1, 10, level=level)

    assert estimate.lo == pytest.approx(1 / mirrored.hi, rel=1e-9)
    assert 0.0 <= estimate.lo < estimate.hi
