"""Every public function of ``analysis`` fed generated nonsense, one or two arguments at a time.

Whatever it is given (None, text, negative or huge numbers, NaN, infinity, bools, lists, dicts,
NumPy scalars and arrays, bytes, complex numbers, Fractions, Decimals, dates, other objects), a
function either returns a result of its documented type or raises ``TypeError`` or ``ValueError``
with a message - never ``AttributeError``, ``KeyError``, ``IndexError``, ``OverflowError``,
``ZeroDivisionError`` or a warning (warnings are errors in this suite). Each call starts from
valid arguments (checked to work) and replaces one or two of them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import analysis
from analysis import (
    Assessment,
    Baseline,
    ControlChart,
    DueMilestone,
    Estimate,
    FalseDiscoveryControl,
    Kappa,
    KpiReading,
    MappedStatus,
    PublishedCounts,
    PublishedTable,
    Quantity,
    Status,
    StatusScale,
    Target,
)

ESTIMATE = analysis.proportion(30, 60)
TARGET = analysis.parse_target("60%")
ASSESSMENT = analysis.assess(ESTIMATE, TARGET, baseline=Baseline.proportion(0.4))
STATUS = analysis.plan_status(ASSESSMENT)


@dataclass(frozen=True)
class Call:
    """A public function with valid arguments and the type it returns."""

    function: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)
    returns: type | tuple[type, ...] = object

    def slots(self) -> list[int | str]:
        return [*range(len(self.args)), *self.kwargs]

    def run(self, replaced: dict[int | str, Any]) -> Any:
        args = [replaced.get(i, value) for i, value in enumerate(self.args)]
        kwargs = {key: replaced.get(key, value) for key, value in self.kwargs.items()}
        return self.function(*args, **kwargs)


# Every public function in ``analysis.__all__``, and the public constructors of its types.
CALLS: dict[str, Call] = {
    "proportion": Call(
        analysis.proportion, (30, 60), {"level": 0.95, "method": "wilson"}, Estimate
    ),
    "difference": Call(analysis.difference, (3, 10, 4, 10), {"level": 0.9}, Estimate),
    "ratio": Call(analysis.ratio, (3, 10, 4, 10), {"level": 0.9, "method": "koopman"}, Estimate),
    "poisson": Call(analysis.poisson, (3,), {"level": 0.95}, Estimate),
    "rate_ratio": Call(analysis.rate_ratio, (3, 1.0, 4, 2.0), {"method": "score"}, Estimate),
    "mean": Call(
        analysis.mean,
        ([1, 2, 4],),
        {"level": 0.95, "method": "bca", "rng": 1, "n_resamples": 1000},
        Estimate,
    ),
    "cohens_kappa": Call(analysis.cohens_kappa, ([[3, 1], [1, 3]],), {"level": 0.95}, Kappa),
    "cohens_kappa_from_labels": Call(
        analysis.cohens_kappa_from_labels,
        (["a", "b", "a"], ["a", "a", "b"]),
        {"categories": None, "level": 0.95},
        Kappa,
    ),
    "benjamini_hochberg": Call(
        analysis.benjamini_hochberg, ([0.01, 0.2],), {"q": 0.05}, FalseDiscoveryControl
    ),
    "can_publish": Call(analysis.can_publish, (12,), {"min_n": 10}, bool),
    "mover_difference": Call(
        analysis.mover_difference, (ESTIMATE, ESTIMATE), {"factor": 1.2}, Estimate
    ),
    "format_value": Call(analysis.format_value, (0.5, Quantity.PROPORTION, None), {}, str),
    "parse_baseline": Call(analysis.parse_baseline, ("47%",), {}, Baseline),
    "parse_target": Call(
        analysis.parse_target,
        ("60%",),
        {"baseline": "40%", "milestone_levels": (0.5,), "direction": None},
        Target,
    ),
    "classify_kpi_row": Call(
        analysis.classify_kpi_row,
        ({"ref": "1.1", "measure": "Parents agree", "baseline": "40%", "target": "60%"},),
        {},
        KpiReading,
    ),
    "assess": Call(
        analysis.assess,
        (ESTIMATE, TARGET),
        {"baseline": "40%", "min_n": 10, "quantity": None, "noun": "target"},
        Assessment,
    ),
    "plan_status": Call(
        analysis.plan_status,
        (ASSESSMENT,),
        {"milestone_due": None, "final_target": TARGET, "previous": None},
        Status,
    ),
    "milestone_due": Call(
        analysis.milestone_due,
        (date(2023, 1, 1), {3: TARGET, 12: TARGET}, date(2024, 1, 1)),
        {},
        (DueMilestone, type(None)),
    ),
    "get_scale": Call(analysis.get_scale, ("rag",), {}, StatusScale),
    "map_status": Call(analysis.map_status, (STATUS, "dudley"), {}, MappedStatus),
    "p_chart": Call(
        analysis.p_chart,
        ([3, 4, 5], [10, 10, 10]),
        {"better": "higher", "target": 0.5, "baseline": None},
        ControlChart,
    ),
    "xmr_chart": Call(
        analysis.xmr_chart,
        ([3.0, 4.0, 5.0],),
        {"better": "lower", "target": 4.0, "baseline": range(3)},
        ControlChart,
    ),
    "suppress_counts": Call(
        analysis.suppress_counts, ([3, 10, 12],), {"threshold": 5}, PublishedCounts
    ),
    "suppress_linked_counts": Call(
        analysis.suppress_linked_counts, ([[3, 10], [6, 7]],), {"threshold": 5}, tuple
    ),
    "suppress_breakdowns": Call(
        analysis.suppress_breakdowns,
        ({"opened": [[6, 10]], "answered": [[3, 10]]},),
        {"nested": [("answered", "opened")], "threshold": 5},
        dict,
    ),
    "suppress_table": Call(
        analysis.suppress_table, ([[3, 10], [6, 7]],), {"threshold": 5}, PublishedTable
    ),
    "Baseline.proportion": Call(Baseline.proportion, (0.4,), {"period": "21/22"}, Baseline),
    "Baseline.rating": Call(Baseline.rating, (3.0,), {"scale": 5, "period": None}, Baseline),
    "Baseline.count": Call(Baseline.count, (44,), {"period": None}, Baseline),
    "Baseline.pending": Call(Baseline.pending, ("To be established",), {}, Baseline),
    "Target.threshold": Call(analysis.parse_target("10% increase").threshold, (0.4,), {}, float),
    "StatusScale.from_mapping": Call(
        StatusScale.from_mapping, ("rag", analysis.SCALES["rag"]), {}, StatusScale
    ),
}

PUBLIC_FUNCTIONS = sorted(
    name
    for name in analysis.__all__
    if callable(getattr(analysis, name)) and not isinstance(getattr(analysis, name), type)
)

NUMPY_SCALARS = st.one_of(
    hnp.from_dtype(np.dtype("float64")).map(np.float64),
    hnp.from_dtype(np.dtype("int64")).map(np.int64),
    st.booleans().map(np.bool_),
)
NUMPY_ARRAYS = hnp.arrays(
    dtype=st.sampled_from([np.float64, np.int64, np.bool_, np.dtype("U3")]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=3),
)
ATOMS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["", "50%", "3/5", "n/a", "higher", "rag", "proportion", "-1", "nan"]),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([10**400, -(10**400), 2**53 + 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.binary(max_size=4),
    st.complex_numbers(max_magnitude=1e6),
    st.fractions(max_denominator=50),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([date(2020, 2, 29), datetime(2024, 1, 1, 12, 0), object(), range(-2, 5)]),
    NUMPY_SCALARS,
    NUMPY_ARRAYS,
)
NONSENSE = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(st.text(max_size=5), st.integers(-3, 20)), inner, max_size=3),
    ),
    max_leaves=8,
)


def test_every_public_function_is_in_the_matrix() -> None:
    assert set(PUBLIC_FUNCTIONS) <= set(CALLS)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_valid_arguments_work(name: str) -> None:
    call = CALLS[name]
    assert isinstance(call.run({}), call.returns)


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_nonsense_gives_a_typed_result_or_a_type_or_value_error_with_a_message(
    name: str, data: st.DataObject
) -> None:
    call = CALLS[name]
    slots = data.draw(
        st.lists(st.sampled_from(call.slots()), min_size=1, max_size=2, unique=True),
        label="arguments replaced",
    )
    replaced = {slot: data.draw(NONSENSE, label=f"argument {slot!r}") for slot in slots}
    try:
        result = call.run(replaced)
    except (TypeError, ValueError) as error:
        assert str(error).strip(), f"{type(error).__name__} without a message"
        # A type error is the package's own, naming the argument and what it wants (and also a
        # ValueError for callers that catch that), not one from deep inside Python or NumPy.
        assert isinstance(error, ValueError), f"a bare TypeError: {error}"
        return
    assert isinstance(result, call.returns)


def test_parse_target_names_what_it_wants_for_a_bare_number_baseline() -> None:
    with pytest.raises(TypeError, match=r"Baseline\.proportion\(0\.28\).*'28%'"):
        analysis.parse_target("50%", baseline=0.28)


def test_a_wrong_type_is_still_caught_by_callers_that_catch_value_error() -> None:
    with pytest.raises(ValueError, match=r"^text must be text"):
        analysis.parse_target(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "baseline", ["28%", Baseline.proportion(0.28), Baseline.proportion(np.float64(0.28))]
)
def test_parse_target_reads_a_level_over_a_baseline_given_as_text_or_a_baseline(
    baseline: object,
) -> None:
    target = analysis.parse_target("50%", baseline=baseline)  # type: ignore[arg-type]
    assert (target.kind, target.value, target.quantity) == ("level", 0.5, Quantity.PROPORTION)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.float64(0.28), 0.28),
        (Fraction(7, 25), 0.28),
        (Decimal("0.28"), 0.28),
        (np.int64(0), 0.0),
    ],
)
def test_baseline_constructors_take_numpy_fraction_and_decimal(
    value: object, expected: float
) -> None:
    baseline = Baseline.proportion(value)  # type: ignore[arg-type]
    assert baseline.value == pytest.approx(expected)
    assert type(baseline.value) is float


def test_estimators_take_numpy_fraction_and_decimal_counts_and_samples() -> None:
    plain = analysis.proportion(7, 20)
    assert analysis.proportion(np.int64(7), Fraction(20)) == plain  # type: ignore[arg-type]
    assert analysis.proportion(Decimal(7), np.float64(20.0)) == plain  # type: ignore[arg-type]
    assert analysis.mean([Decimal(3), Fraction(4), np.int64(2)]) == analysis.mean([3, 4, 2])
    assert analysis.can_publish(np.int64(10)) is True  # type: ignore[arg-type]


def test_classify_kpi_row_reads_empty_pandas_cells_as_empty_and_leaves_other_columns() -> None:
    with_nan = analysis.classify_kpi_row(
        {
            "ref": "2",
            "measure": "m",
            "baseline": math.nan,
            "target": "60%",
            "milestone_3m": None,
            "by_when": date(2024, 3, 31),
        }  # type: ignore[dict-item]
    )
    empty = analysis.classify_kpi_row({"ref": "2", "measure": "m", "baseline": "", "target": "60%"})
    assert with_nan == empty


def test_dates_given_as_datetimes_are_read_as_their_day() -> None:
    due = analysis.milestone_due(datetime(2023, 1, 1, 9, 30), {3: TARGET}, datetime(2023, 4, 1, 8))
    assert due is not None and due.due == date(2023, 4, 1)
