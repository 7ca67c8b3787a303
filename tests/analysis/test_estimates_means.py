"""Mean of a sample: t interval, BCa bootstrap, constant and tiny samples."""

import numpy as np
import pytest

from analysis.estimate import Estimate
from analysis.estimates import mean

FOUR_PLACES = 5e-5
RATINGS = [3, 2, 4, 5, 1, 3, 3, 2, 4, 3]


def limits(estimate: Estimate) -> tuple[float, float]:
    return estimate.lo, estimate.hi


def test_t_interval_matches_golden_value():
    estimate = mean(RATINGS)

    assert (estimate.value, estimate.n, estimate.method) == (3.0, 10, "t")
    assert limits(estimate) == pytest.approx((2.173977, 3.826023), abs=FOUR_PLACES)


def test_t_interval_matches_students_sleep_data():
    # Student (1908) Biometrika 6:1-25, the Cushny-Peebles extra hours of sleep, drug 2 minus
    # drug 1 per patient; R's t.test(extra ~ group, data = sleep, paired = TRUE) prints the
    # interval (-2.4598858, -0.7001142) for the reverse difference.
    differences = [1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4]

    estimate = mean(differences)

    assert estimate.value == pytest.approx(1.58)
    assert limits(estimate) == pytest.approx((0.7001142, 2.4598858), abs=1e-7)


def test_t_interval_accepts_a_numpy_array():
    assert mean(np.array(RATINGS)) == mean(RATINGS)


def test_bca_interval_is_reproducible_with_the_same_int_rng():
    first = mean(RATINGS, method="bca", rng=7, n_resamples=2000)
    second = mean(RATINGS, method="bca", rng=7, n_resamples=2000)

    assert first == second
    assert first.method == "bca"


def test_bca_interval_is_close_to_the_t_interval_for_a_large_symmetric_sample():
    sample = np.random.default_rng(2024).normal(loc=3.5, scale=1.0, size=400)

    bca = mean(sample, method="bca", rng=1, n_resamples=4000)
    student = mean(sample)

    assert limits(bca) == pytest.approx(limits(student), abs=0.02)


def test_bca_interval_leans_towards_the_long_tail_of_a_skewed_sample():
    sample = np.random.default_rng(5).exponential(scale=1.0, size=60)

    estimate = mean(sample, method="bca", rng=3, n_resamples=4000)

    assert estimate.hi - estimate.value > estimate.value - estimate.lo


@pytest.mark.parametrize("method", ["t", "bca"])
def test_constant_sample_gives_a_degenerate_interval(method):
    estimate = mean([4, 4, 4, 4], method=method)

    assert (estimate.value, estimate.lo, estimate.hi) == (4.0, 4.0, 4.0)


def test_constant_sample_of_decimals_gives_exactly_that_value():
    estimate = mean([0.1, 0.1, 0.1])

    assert (estimate.value, estimate.lo, estimate.hi) == (0.1, 0.1, 0.1)


@pytest.mark.parametrize("method", ["t", "bca"])
def test_single_value_is_refused_because_its_spread_is_unknown(method):
    with pytest.raises(ValueError, match=r"^values must hold at least 2 numbers"):
        mean([4], method=method)


def test_two_values_give_the_t_interval_with_one_degree_of_freedom():
    # mean 3, s / sqrt(2) = 2, t(0.975; 1 df) = 12.7062: 3 -/+ 12.7062 * 2.
    estimate = mean([1, 5])

    assert limits(estimate) == pytest.approx((3 - 12.7062047 * 2, 3 + 12.7062047 * 2))


# SPEC 7 seeding: rng= takes None, an int or a numpy.random.Generator, via default_rng.


# A continuous sample, so two different resamplings cannot give the same limits by chance.
SPREAD = np.random.default_rng(2024).normal(loc=3.5, scale=1.0, size=50)


def bca(rng: object) -> Estimate:
    return mean(SPREAD, method="bca", rng=rng, n_resamples=1000)  # type: ignore[arg-type]


def test_bca_with_a_generator_consumes_it_so_two_calls_differ() -> None:
    generator = np.random.default_rng(7)
    first, second = bca(generator), bca(generator)

    assert first != second
    assert generator.bit_generator.state != np.random.default_rng(7).bit_generator.state


def test_bca_with_a_fresh_generator_matches_the_same_int() -> None:
    assert bca(np.random.default_rng(7)) == bca(7) == bca(np.int64(7))
    assert bca(np.random.SeedSequence(7)) == bca(7)


def test_bca_with_different_ints_differs_and_none_draws_fresh_entropy() -> None:
    assert bca(7) != bca(8)
    assert bca(None) != bca(None)


def test_the_t_interval_draws_nothing_from_the_generator() -> None:
    generator = np.random.default_rng(7)
    mean(SPREAD, rng=generator)

    assert generator.bit_generator.state == np.random.default_rng(7).bit_generator.state


@pytest.mark.parametrize(
    "rng",
    [1.5, "7", True, [7], np.random.RandomState(7), np.float64(7.0)],
    ids=["float", "str", "bool", "list", "legacy-RandomState", "numpy-float"],
)
def test_an_rng_of_another_kind_is_a_type_error_saying_what_it_wants(rng: object) -> None:
    with pytest.raises(TypeError, match=r"^rng must be None, a whole number .*Generator, got "):
        bca(rng)


def test_a_negative_rng_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^rng must be"):
        bca(-1)


def test_seed_is_no_longer_a_keyword() -> None:
    with pytest.raises(TypeError, match="seed"):
        mean(RATINGS, method="bca", seed=7)  # type: ignore[call-arg]
