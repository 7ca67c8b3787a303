"""Every public estimator against a matrix of bad inputs; its edge cases against published values.

Bad input of any kind - wrong sign, wrong type, not whole, not finite, out of range - must raise
``ValueError`` whose message names the argument, never ``ZeroDivisionError``; a wrong type raises
a ``TypeError`` that is also a ``ValueError``. The whole public API is in
``test_public_api_nonsense.py``.
The published values are computed independently of the package, from the closed forms and
scipy quantiles the papers give, and checked to 4 decimal places.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from analysis import Estimate, difference, mean, poisson, proportion, rate_ratio, ratio

FOUR_PLACES = 5e-5

# Values that are not a count: negative, not whole, not finite, not a number, too large.
NOT_A_COUNT = [
    pytest.param(-1, id="negative"),
    pytest.param(np.int64(-3), id="numpy-negative"),
    pytest.param(7.5, id="float-7.5"),
    pytest.param(np.float64(7.5), id="numpy-7.5"),
    pytest.param(Fraction(15, 2), id="fraction-15/2"),
    pytest.param(math.nan, id="nan"),
    pytest.param(math.inf, id="inf"),
    pytest.param(-math.inf, id="-inf"),
    pytest.param("7", id="string"),
    pytest.param("", id="empty-string"),
    pytest.param(b"7", id="bytes"),
    pytest.param(True, id="bool"),
    pytest.param(np.bool_(True), id="numpy-bool"),
    pytest.param(None, id="None"),
    pytest.param([], id="empty-list"),
    pytest.param([7], id="list"),
    pytest.param(complex(7, 0), id="complex"),
    pytest.param(2**60, id="beyond-2**53"),
    pytest.param(1e300, id="1e300"),
]

# Values that are not a confidence level strictly between 0 and 1.
NOT_A_LEVEL = [
    pytest.param(0, id="0"),
    pytest.param(1, id="1"),
    pytest.param(0.0, id="0.0"),
    pytest.param(1.0, id="1.0"),
    pytest.param(-0.1, id="-0.1"),
    pytest.param(1.5, id="1.5"),
    pytest.param(95, id="95-as-percent"),
    pytest.param(math.nan, id="nan"),
    pytest.param(math.inf, id="inf"),
    pytest.param("0.95", id="string"),
    pytest.param(True, id="bool"),
    pytest.param(None, id="None"),
    pytest.param([], id="empty-list"),
]

Call = Callable[[object], Estimate]

# Each count argument of each estimator, with the other arguments valid.
COUNT_ARGUMENTS: list[tuple[str, str, Call]] = [
    ("proportion", "x", lambda v: proportion(v, 10)),  # type: ignore[arg-type]
    ("proportion", "n", lambda v: proportion(3, v)),  # type: ignore[arg-type]
    ("difference", "x1", lambda v: difference(v, 10, 3, 10)),  # type: ignore[arg-type]
    ("difference", "n1", lambda v: difference(3, v, 3, 10)),  # type: ignore[arg-type]
    ("difference", "x0", lambda v: difference(3, 10, v, 10)),  # type: ignore[arg-type]
    ("difference", "n0", lambda v: difference(3, 10, 3, v)),  # type: ignore[arg-type]
    ("ratio", "x1", lambda v: ratio(v, 10, 3, 10)),  # type: ignore[arg-type]
    ("ratio", "n1", lambda v: ratio(3, v, 3, 10)),  # type: ignore[arg-type]
    ("ratio", "x0", lambda v: ratio(3, 10, v, 10)),  # type: ignore[arg-type]
    ("ratio", "n0", lambda v: ratio(3, 10, 3, v)),  # type: ignore[arg-type]
    ("poisson", "count", lambda v: poisson(v)),  # type: ignore[arg-type]
    ("rate_ratio", "k1", lambda v: rate_ratio(v, 1.0, 3, 1.0)),  # type: ignore[arg-type]
    ("rate_ratio", "k0", lambda v: rate_ratio(3, 1.0, v, 1.0)),  # type: ignore[arg-type]
]

# Exposures are positive reals, so 7.5 is fine there; zero and non-finite are not.
NOT_AN_EXPOSURE = [
    pytest.param(0, id="0"),
    pytest.param(0.0, id="0.0"),
    pytest.param(-1.5, id="negative"),
    pytest.param(math.nan, id="nan"),
    pytest.param(math.inf, id="inf"),
    pytest.param("1", id="string"),
    pytest.param(True, id="bool"),
    pytest.param(None, id="None"),
    pytest.param([], id="empty-list"),
]

LEVEL_CALLS: list[tuple[str, Callable[[object], Estimate]]] = [
    ("proportion", lambda level: proportion(3, 10, level=level)),  # type: ignore[arg-type]
    ("difference", lambda level: difference(3, 10, 5, 10, level=level)),  # type: ignore[arg-type]
    ("ratio", lambda level: ratio(3, 10, 5, 10, level=level)),  # type: ignore[arg-type]
    ("mean", lambda level: mean([1, 2, 4], level=level)),  # type: ignore[arg-type]
    ("mean-bca", lambda level: mean([1, 2, 4], level=level, method="bca", rng=1)),  # type: ignore[arg-type]
    ("poisson", lambda level: poisson(3, level=level)),  # type: ignore[arg-type]
    ("rate_ratio", lambda level: rate_ratio(3, 1.0, 5, 1.0, level=level)),  # type: ignore[arg-type]
]


def raises_naming(argument: str, call: Callable[[], object]) -> str:
    """Run ``call``: it must raise ValueError, not another error, with ``argument`` first."""
    with pytest.raises(ValueError) as raised:
        call()
    message = str(raised.value)
    assert message.startswith(argument), message
    return message


@pytest.mark.parametrize("value", NOT_A_COUNT)
@pytest.mark.parametrize(
    ("function", "argument", "call"),
    [pytest.param(*entry, id=f"{entry[0]}-{entry[1]}") for entry in COUNT_ARGUMENTS],
)
def test_bad_count_raises_value_error_naming_the_argument(
    function: str, argument: str, call: Call, value: object
) -> None:
    raises_naming(argument, lambda: call(value))


@pytest.mark.parametrize("value", NOT_A_LEVEL)
@pytest.mark.parametrize(
    ("function", "call"), [pytest.param(*entry, id=entry[0]) for entry in LEVEL_CALLS]
)
def test_bad_level_raises_value_error_naming_level(
    function: str, call: Callable[[object], Estimate], value: object
) -> None:
    raises_naming("level", lambda: call(value))


@pytest.mark.parametrize("value", NOT_AN_EXPOSURE)
@pytest.mark.parametrize("argument", ["exposure1", "exposure0"])
def test_bad_exposure_raises_value_error_naming_it(argument: str, value: object) -> None:
    kwargs = {"exposure1": 1.0, "exposure0": 1.0, argument: value}
    raises_naming(argument, lambda: rate_ratio(3, kwargs["exposure1"], 5, kwargs["exposure0"]))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: proportion(0, 0), "n"),
        (lambda: difference(0, 10, 0, 0), "n0"),
        (lambda: ratio(0, 0, 1, 10), "n1"),
    ],
    ids=["proportion", "difference", "ratio"],
)
def test_no_trials_raises_value_error_naming_the_sample_size(
    call: Callable[[], Estimate], argument: str
) -> None:
    assert "at least 1" in raises_naming(argument, call)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: proportion(11, 10), "x"),
        (lambda: difference(3, 10, 11, 10), "x0"),
        (lambda: ratio(11, 10, 3, 10), "x1"),
    ],
    ids=["proportion", "difference", "ratio"],
)
def test_more_successes_than_trials_raises_naming_both(
    call: Callable[[], Estimate], argument: str
) -> None:
    assert "must not exceed" in raises_naming(argument, call)


@pytest.mark.parametrize(
    "values",
    [
        pytest.param([], id="empty-list"),
        pytest.param(np.array([]), id="empty-array"),
        pytest.param([4], id="one-value"),
        pytest.param(None, id="None"),
        pytest.param(4, id="scalar"),
        pytest.param("abc", id="string"),
        pytest.param(["1", "2"], id="strings"),
        pytest.param([1, None], id="None-inside"),
        pytest.param([1, math.nan], id="nan-inside"),
        pytest.param([1, math.inf], id="inf-inside"),
        pytest.param([True, False], id="bools"),
        pytest.param([1 + 0j, 2], id="complex"),
        pytest.param([[1, 2], [3, 4]], id="two-dimensional"),
        pytest.param([Decimal(1), "2"], id="decimal-and-string"),
        pytest.param({1, 2}, id="set"),
        pytest.param({"a": 1}, id="dict"),
        pytest.param([1e308, -1e308], id="overflowing"),
    ],
)
@pytest.mark.parametrize("method", ["t", "bca"])
def test_bad_sample_raises_value_error_naming_values(values: object, method: str) -> None:
    raises_naming("values", lambda: mean(values, method=method, rng=1))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda m: proportion(3, 10, method=m), "method"),
        (lambda m: difference(3, 10, 5, 10, method=m), "method"),
        (lambda m: ratio(3, 10, 5, 10, method=m), "method"),
        (lambda m: mean([1, 2], method=m), "method"),
        (lambda m: rate_ratio(3, 1.0, 5, 1.0, method=m), "method"),
    ],
    ids=["proportion", "difference", "ratio", "mean", "rate_ratio"],
)
@pytest.mark.parametrize("method", ["Wilson", "wald", "", None, 1])
def test_unknown_method_raises_value_error_naming_method(
    call: Callable[[object], Estimate], argument: str, method: object
) -> None:
    raises_naming(argument, lambda: call(method))


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"rng": -1}, "rng"),
        ({"rng": 1.5}, "rng"),
        ({"rng": "1"}, "rng"),
        ({"rng": True}, "rng"),
        ({"n_resamples": 999}, "n_resamples"),
        ({"n_resamples": 1000.5}, "n_resamples"),
        ({"n_resamples": None}, "n_resamples"),
        ({"n_resamples": 0}, "n_resamples"),
    ],
)
def test_bad_bootstrap_setting_raises_value_error_naming_it(
    kwargs: dict[str, object], argument: str
) -> None:
    raises_naming(argument, lambda: mean([1, 2, 3], method="bca", **kwargs))  # type: ignore[arg-type]


def test_whole_numbers_written_as_floats_or_numpy_are_accepted_as_counts() -> None:
    assert proportion(np.int64(7), 20.0).n == 20  # type: ignore[arg-type]
    assert poisson(np.float64(44.0)).value == 44.0  # type: ignore[arg-type]


# Edge cases against published values, computed independently (closed forms, scipy quantiles)


def limits(estimate: Estimate) -> tuple[float, float]:
    return estimate.lo, estimate.hi


@pytest.mark.parametrize(
    ("x", "n", "expected"),
    [
        # Wilson (1927) score limits from the closed form of Agresti & Coull (1998), eq. 2.
        (1, 10, (0.017876, 0.404150)),
        (9, 10, (0.595850, 0.982124)),
        (10, 10, (0.722467, 1.0)),
        (0, 10, (0.0, 0.277533)),
        (0, 1, (0.0, 0.793451)),
        (1, 1, (0.206549, 1.0)),
    ],
)
def test_wilson_edge_cases_match_the_closed_form(
    x: int, n: int, expected: tuple[float, float]
) -> None:
    assert limits(proportion(x, n)) == pytest.approx(expected, abs=FOUR_PLACES)


def test_wilson_at_ninety_percent_matches_the_closed_form() -> None:
    assert limits(proportion(7, 20, level=0.9)) == pytest.approx(
        (0.202260, 0.533487), abs=FOUR_PLACES
    )


@pytest.mark.parametrize(
    ("x", "n", "expected"),
    [
        # Clopper & Pearson (1934): 0/n has upper limit 1 - (alpha/2)^(1/n); n/n mirrors it.
        (0, 10, (0.0, 0.308498)),
        (10, 10, (0.691502, 1.0)),
        (1, 1, (0.025, 1.0)),
    ],
)
def test_clopper_pearson_edge_cases_match_beta_quantiles(
    x: int, n: int, expected: tuple[float, float]
) -> None:
    estimate = proportion(x, n, method="clopper_pearson")
    assert limits(estimate) == pytest.approx(expected, abs=FOUR_PLACES)


def test_jeffreys_seven_of_twenty_matches_beta_quantiles() -> None:
    # Brown, Cai & DasGupta (2001): Beta(7.5, 13.5) 2.5% and 97.5% quantiles.
    estimate = proportion(7, 20, method="jeffreys")
    assert limits(estimate) == pytest.approx((0.172276, 0.567766), abs=FOUR_PLACES)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        # Garwood (1936): chi-squared quantiles chi2(0.025; 2k)/2 and chi2(0.975; 2k + 2)/2.
        (0, (0.0, 3.688879)),
        (1, (0.025318, 5.571643)),
        (5, (1.623486, 11.668332)),
        (10, (4.795389, 18.390356)),
    ],
)
def test_exact_poisson_small_counts_match_chi_squared_quantiles(
    count: int, expected: tuple[float, float]
) -> None:
    assert limits(poisson(count)) == pytest.approx(expected, abs=FOUR_PLACES)


def test_t_interval_for_two_values_uses_one_degree_of_freedom() -> None:
    # Mean 2, s = sqrt(2), t(0.975; 1) = 12.706205: 2 -/+ 12.706205.
    assert limits(mean([1, 3])) == pytest.approx((-10.706205, 14.706205), abs=FOUR_PLACES)


@pytest.mark.parametrize(
    ("k1", "exposure1", "k0", "exposure0", "method", "expected"),
    [
        # Score: statsmodels confint_poisson_2indep(method="score", compare="ratio").
        (35, 2.0, 44, 1.0, "score", (0.256061, 0.617770)),
        (12, 150.0, 30, 200.0, "score", (0.276332, 1.029359)),
        # Exact conditional: Clopper-Pearson for k1 of k1 + k0, mapped by e0 / e1.
        (35, 2.0, 44, 1.0, "exact", (0.247661, 0.634374)),
        (3, 10.0, 9, 40.0, "exact", (0.232180, 5.342705)),
    ],
)
def test_rate_ratio_with_unequal_exposure_matches_independent_values(
    k1: int,
    exposure1: float,
    k0: int,
    exposure0: float,
    method: str,
    expected: tuple[float, float],
) -> None:
    estimate = rate_ratio(k1, exposure1, k0, exposure0, method=method)
    assert estimate.value == pytest.approx((k1 / exposure1) / (k0 / exposure0))
    assert limits(estimate) == pytest.approx(expected, abs=FOUR_PLACES)
