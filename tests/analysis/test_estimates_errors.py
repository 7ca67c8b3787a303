"""Bad input raises ValueError with a message that names the argument at fault."""

import math
from decimal import Decimal

import numpy as np
import pytest

from analysis.estimates import difference, mean, poisson, proportion, rate_ratio, ratio


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((12, 10), {}, r"^x \(12\) must not exceed n \(10\)"),
        ((-1, 10), {}, r"^x must not be negative, got -1"),
        ((0, 0), {}, r"^n must be at least 1, got 0"),
        ((2.5, 10), {}, r"^x must be a whole number, got 2.5"),
        ((2, 10.5), {}, r"^n must be a whole number, got 10.5"),
        ((math.nan, 10), {}, r"^x must be a whole number, got nan"),
        ((2, math.inf), {}, r"^n must be a whole number, got inf"),
        ((True, 10), {}, r"^x must be a whole number, got True"),
        (("2", 10), {}, r"^x must be a whole number, got '2'"),
        ((2, 10), {"level": 1.0}, r"^level must be between 0 and 1 \(exclusive\), got 1.0"),
        ((2, 10), {"level": 0}, r"^level must be between 0 and 1 \(exclusive\), got 0"),
        ((2, 10), {"level": 95}, r"^level must be between 0 and 1"),
        ((2, 10), {"level": math.nan}, r"^level must be between 0 and 1"),
        ((2, 10), {"level": "0.95"}, r"^level must be between 0 and 1"),
        ((2, 10), {"method": "wald"}, r"^method must be one of 'wilson', .*; got 'wald'"),
    ],
)
def test_proportion_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        proportion(*args, **kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((11, 10, 3, 10), {}, r"^x1 \(11\) must not exceed n1 \(10\)"),
        ((3, 10, 11, 10), {}, r"^x0 \(11\) must not exceed n0 \(10\)"),
        ((3, 0, 3, 10), {}, r"^n1 must be at least 1"),
        ((3, 10, 0, 0), {}, r"^n0 must be at least 1"),
        ((-3, 10, 3, 10), {}, r"^x1 must not be negative"),
        ((3, 10, 3.2, 10), {}, r"^x0 must be a whole number"),
        ((3, 10, 3, 10), {"level": -0.5}, r"^level must be between 0 and 1"),
        ((3, 10, 3, 10), {"method": "wald"}, r"^method must be one of 'newcombe'; got 'wald'"),
    ],
)
def test_difference_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        difference(*args, **kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((11, 10, 3, 10), {}, r"^x1 \(11\) must not exceed n1 \(10\)"),
        ((3, 10, 11, 10), {}, r"^x0 \(11\) must not exceed n0 \(10\)"),
        ((3, 10, 3, 0), {}, r"^n0 must be at least 1"),
        ((3, 10, -1, 10), {}, r"^x0 must not be negative"),
        ((3, 10, 3, 10), {"level": 1.5}, r"^level must be between 0 and 1"),
        ((3, 10, 3, 10), {"method": "katz"}, r"^method must be one of 'koopman', 'log'"),
    ],
)
def test_ratio_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        ratio(*args, **kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((-1,), {}, r"^count must not be negative, got -1"),
        ((4.5,), {}, r"^count must be a whole number, got 4.5"),
        ((math.inf,), {}, r"^count must be a whole number, got inf"),
        ((4,), {"level": 0.0}, r"^level must be between 0 and 1"),
    ],
)
def test_poisson_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        poisson(*args, **kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((-1, 1.0, 4, 1.0), {}, r"^k1 must not be negative"),
        ((1, 1.0, 4.5, 1.0), {}, r"^k0 must be a whole number"),
        ((1, 0.0, 4, 1.0), {}, r"^exposure1 must be a positive, finite number, got 0.0"),
        ((1, 1.0, 4, -2), {}, r"^exposure0 must be a positive, finite number, got -2"),
        ((1, math.inf, 4, 1.0), {}, r"^exposure1 must be a positive, finite number"),
        ((1, 1.0, 4, math.nan), {}, r"^exposure0 must be a positive, finite number"),
        ((1, 1.0, 4, 1.0), {"level": 1}, r"^level must be between 0 and 1"),
        ((1, 1.0, 4, 1.0), {"method": "wald"}, r"^method must be one of 'score', 'exact'"),
    ],
)
def test_rate_ratio_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        rate_ratio(*args, **kwargs)


@pytest.mark.parametrize(
    ("values", "kwargs", "message"),
    [
        ([], {}, r"^values must not be empty"),
        ([3], {}, r"^values must hold at least 2 numbers"),
        ([3, math.nan, 4], {}, r"^values must be finite, values\[1\] is nan"),
        ([3, 4, math.inf], {}, r"^values must be finite, values\[2\] is inf"),
        (["3", "4"], {}, r"^values must be a sequence of real numbers"),
        ([True, False], {}, r"^values must be a sequence of real numbers"),
        ([Decimal(3), "4"], {}, r"^values must be a sequence of real numbers"),
        (np.ones((2, 2)), {}, r"^values must be one-dimensional, got 2 dimensions"),
        (3.0, {}, r"^values must be one-dimensional, got 0 dimensions"),
        ([3, 4], {"level": 1.2}, r"^level must be between 0 and 1"),
        ([3, 4], {"method": "normal"}, r"^method must be one of 't', 'bca'; got 'normal'"),
        ([3, 4], {"method": "bca", "n_resamples": 99}, r"^n_resamples must be at least 1000"),
        ([3, 4], {"method": "bca", "n_resamples": 2.5}, r"^n_resamples must be a whole"),
        ([3, 4], {"method": "bca", "rng": -1}, r"^rng must be None, a whole number"),
        ([3, 4], {"method": "bca", "rng": 1.5}, r"^rng must be None, a whole number"),
    ],
)
def test_mean_rejects_bad_input(values, kwargs, message):
    with pytest.raises(ValueError, match=message):
        mean(values, **kwargs)
