"""Properties every interval must have, for any valid input, checked with hypothesis."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from analysis.estimates import difference, mean, poisson, proportion, rate_ratio, ratio

PROPERTY = settings(max_examples=200, deadline=None)
PROPORTION_METHODS = st.sampled_from(["wilson", "clopper_pearson", "jeffreys"])
RATIO_METHODS = st.sampled_from(["koopman", "log"])
RATE_RATIO_METHODS = st.sampled_from(["score", "exact"])
LEVELS = st.floats(min_value=0.5, max_value=0.999)


@st.composite
def successes(draw, *, interior=False, max_n=500):
    """(x, n) with 0 <= x <= n, or 0 < x < n when interior."""
    n = draw(st.integers(min_value=2 if interior else 1, max_value=max_n))
    x = draw(st.integers(min_value=1, max_value=n - 1) if interior else st.integers(0, n))
    return x, n


@st.composite
def level_pairs(draw):
    """Two confidence levels, the first strictly lower."""
    low = draw(st.floats(min_value=0.5, max_value=0.98))
    high = draw(st.floats(min_value=low + 0.01, max_value=0.999))
    return low, high


def inverse(limit: float) -> float:
    return math.inf if limit == 0.0 else 1.0 / limit


# --- proportion ----------------------------------------------------------------------------


@PROPERTY
@given(successes(), LEVELS, PROPORTION_METHODS)
def test_proportion_interval_holds_the_estimate_within_zero_and_one(xn, level, method):
    estimate = proportion(*xn, level=level, method=method)

    assert 0.0 <= estimate.lo <= estimate.value <= estimate.hi <= 1.0


@PROPERTY
@given(successes(), level_pairs(), PROPORTION_METHODS)
def test_proportion_interval_widens_with_the_level(xn, levels, method):
    narrow = proportion(*xn, level=levels[0], method=method)
    wide = proportion(*xn, level=levels[1], method=method)

    assert wide.lo <= narrow.lo and narrow.hi <= wide.hi


@PROPERTY
@given(successes(), PROPORTION_METHODS)
def test_proportion_interval_of_failures_mirrors_that_of_successes(xn, method):
    x, n = xn
    successes_ = proportion(x, n, method=method)
    failures = proportion(n - x, n, method=method)

    assert (failures.lo, failures.hi) == pytest.approx((1 - successes_.hi, 1 - successes_.lo))


@settings(max_examples=100, deadline=None)
@given(
    successes(interior=True), st.sampled_from([("wilson", "wilson"), ("clopper_pearson", "beta")])
)
def test_proportion_interval_agrees_with_statsmodels(xn, methods):
    ours, theirs = methods
    estimate = proportion(*xn, method=ours)

    expected = proportion_confint(*xn, alpha=0.05, method=theirs)
    assert (estimate.lo, estimate.hi) == pytest.approx(expected, abs=1e-9)


# --- difference ----------------------------------------------------------------------------


@PROPERTY
@given(successes(), successes(), LEVELS)
def test_difference_interval_holds_the_estimate_within_minus_one_and_one(first, second, level):
    estimate = difference(*first, *second, level=level)

    assert -1.0 <= estimate.lo <= estimate.value <= estimate.hi <= 1.0


@PROPERTY
@given(successes(), successes(), level_pairs())
def test_difference_interval_widens_with_the_level(first, second, levels):
    narrow = difference(*first, *second, level=levels[0])
    wide = difference(*first, *second, level=levels[1])

    assert wide.lo <= narrow.lo and narrow.hi <= wide.hi


@PROPERTY
@given(successes(), successes())
def test_swapping_groups_negates_the_difference_interval(first, second):
    forward = difference(*first, *second)
    backward = difference(*second, *first)

    assert backward.value == -forward.value
    assert (backward.lo, backward.hi) == pytest.approx((-forward.hi, -forward.lo), abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(successes(interior=True), successes(interior=True))
def test_difference_interval_agrees_with_statsmodels_newcomb(first, second):
    estimate = difference(*first, *second)

    expected = confint_proportions_2indep(*first, *second, compare="diff", method="newcomb")
    assert (estimate.lo, estimate.hi) == pytest.approx(expected, abs=1e-9)


# --- ratio ---------------------------------------------------------------------------------


@PROPERTY
@given(successes(), successes(), LEVELS)
def test_koopman_ratio_interval_holds_the_estimate(first, second, level):
    estimate = ratio(*first, *second, level=level)

    assert 0.0 <= estimate.lo <= estimate.hi <= math.inf
    if not math.isnan(estimate.value):
        assert estimate.lo <= estimate.value <= estimate.hi


@PROPERTY
@given(successes(interior=True), successes(interior=True), LEVELS)
def test_log_ratio_interval_holds_the_estimate(first, second, level):
    estimate = ratio(*first, *second, level=level, method="log")

    assert 0.0 < estimate.lo <= estimate.value <= estimate.hi < math.inf


@PROPERTY
@given(successes(), successes(), level_pairs())
def test_koopman_ratio_interval_widens_with_the_level(first, second, levels):
    narrow = ratio(*first, *second, level=levels[0])
    wide = ratio(*first, *second, level=levels[1])

    assert wide.lo <= narrow.lo * (1 + 1e-9) and narrow.hi <= wide.hi * (1 + 1e-9)


@PROPERTY
@given(successes(), successes())
def test_swapping_groups_inverts_the_koopman_ratio_interval(first, second):
    forward = ratio(*first, *second)
    backward = ratio(*second, *first)

    expected = (inverse(forward.hi), inverse(forward.lo))
    assert (backward.lo, backward.hi) == pytest.approx(expected, rel=1e-9)


@PROPERTY
@given(successes(interior=True), successes(interior=True))
def test_swapping_groups_inverts_the_log_ratio_interval(first, second):
    forward = ratio(*first, *second, method="log")
    backward = ratio(*second, *first, method="log")

    assert (backward.lo, backward.hi) == pytest.approx((1 / forward.hi, 1 / forward.lo))


@settings(max_examples=100, deadline=None)
@given(successes(interior=True), successes(interior=True), RATIO_METHODS)
def test_ratio_interval_agrees_with_statsmodels(first, second, method):
    estimate = ratio(*first, *second, method=method)

    # statsmodels' score method adds the Miettinen-Nurminen factor unless told not to; its
    # root finder stops short of ours (seen: 2e-6 relative at 1/18 vs 194/195), so the two agree
    # to the 4 decimal places the specification asks for, not to the last digit.
    expected = confint_proportions_2indep(
        *first,
        *second,
        compare="ratio",
        method="score" if method == "koopman" else "log",
        correction=False,
    )
    assert (estimate.lo, estimate.hi) == pytest.approx(expected, rel=1e-5, abs=5e-5)


# --- counts --------------------------------------------------------------------------------


@PROPERTY
@given(st.integers(min_value=0, max_value=100_000), LEVELS)
def test_poisson_interval_holds_the_count(count, level):
    estimate = poisson(count, level=level)

    assert 0.0 <= estimate.lo <= count <= estimate.hi


@PROPERTY
@given(st.integers(min_value=0, max_value=10_000), level_pairs())
def test_poisson_interval_widens_with_the_level(count, levels):
    narrow = poisson(count, level=levels[0])
    wide = poisson(count, level=levels[1])

    assert wide.lo <= narrow.lo and narrow.hi <= wide.hi


EXPOSURES = st.floats(min_value=0.01, max_value=1e6)
EVENTS = st.integers(min_value=0, max_value=5000)


@PROPERTY
@given(EVENTS, EXPOSURES, EVENTS, EXPOSURES, RATE_RATIO_METHODS)
def test_rate_ratio_interval_holds_the_estimate(k1, e1, k0, e0, method):
    estimate = rate_ratio(k1, e1, k0, e0, method=method)

    assert 0.0 <= estimate.lo <= estimate.hi <= math.inf
    if not math.isnan(estimate.value):
        assert estimate.lo <= estimate.value * (1 + 1e-12)
        assert estimate.value <= estimate.hi * (1 + 1e-12)


@PROPERTY
@given(EVENTS, EXPOSURES, EVENTS, EXPOSURES, RATE_RATIO_METHODS)
def test_swapping_groups_inverts_the_rate_ratio_interval(k1, e1, k0, e0, method):
    forward = rate_ratio(k1, e1, k0, e0, method=method)
    backward = rate_ratio(k0, e0, k1, e1, method=method)

    expected = (inverse(forward.hi), inverse(forward.lo))
    assert (backward.lo, backward.hi) == pytest.approx(expected, rel=1e-9)


# --- mean ----------------------------------------------------------------------------------

RATINGS = st.lists(st.integers(min_value=1, max_value=5), min_size=2, max_size=60)


@PROPERTY
@given(RATINGS, LEVELS)
def test_t_interval_holds_the_mean(values, level):
    estimate = mean(values, level=level)

    assert estimate.lo <= estimate.value <= estimate.hi
    assert estimate.value == pytest.approx(sum(values) / len(values))


@PROPERTY
@given(RATINGS, level_pairs())
def test_t_interval_widens_with_the_level(values, levels):
    narrow = mean(values, level=levels[0])
    wide = mean(values, level=levels[1])

    assert wide.lo <= narrow.lo and narrow.hi <= wide.hi


@settings(max_examples=40, deadline=None)
@given(RATINGS, st.integers(min_value=0, max_value=2**32))
def test_bca_interval_lies_within_the_range_of_the_ratings(values, rng):
    estimate = mean(values, method="bca", rng=rng, n_resamples=1000)

    assert min(values) <= estimate.lo <= estimate.hi <= max(values)
