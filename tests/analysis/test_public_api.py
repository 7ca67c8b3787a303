"""The public API of ``analysis`` is importable from the package itself, as DESIGN.md §6 shows."""

from __future__ import annotations

import dataclasses

import pytest

import analysis
from analysis import Estimate, difference, mean, poisson, proportion, rate_ratio, ratio


def test_every_name_in_all_is_importable() -> None:
    missing = [name for name in analysis.__all__ if not hasattr(analysis, name)]
    assert not missing


def test_estimate_is_a_frozen_slotted_dataclass_with_the_documented_fields() -> None:
    assert [f.name for f in dataclasses.fields(Estimate)] == [
        "value",
        "lo",
        "hi",
        "level",
        "n",
        "method",
    ]
    estimate = proportion(7, 20)
    with pytest.raises(dataclasses.FrozenInstanceError):
        estimate.value = 0.5  # type: ignore[misc]
    assert not hasattr(estimate, "__dict__")


@pytest.mark.parametrize(
    ("call", "expected", "method"),
    [
        (lambda: proportion(7, 20), (0.181192, 0.567146), "wilson"),
        (lambda: difference(30, 60, 18, 60), (0.024815, 0.358895), "newcombe"),
        (lambda: ratio(36, 100, 30, 100), (0.809154, 1.788014), "koopman"),
        (lambda: mean([3, 2, 4, 5, 1, 3, 3, 2, 4, 3]), (2.173977, 3.826023), "t"),
        (lambda: poisson(44), (31.970467, 59.067946), "garwood"),
        (lambda: rate_ratio(35, 1.0, 44, 1.0), (0.512122, 1.235540), "score"),
    ],
)
def test_default_methods_reproduce_the_reference_values(call, expected, method) -> None:
    estimate = call()
    assert (round(estimate.lo, 4), round(estimate.hi, 4)) == (
        round(expected[0], 4),
        round(expected[1], 4),
    )
    assert estimate.level == 0.95
    assert method in estimate.method
