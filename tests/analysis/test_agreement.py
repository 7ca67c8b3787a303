"""Cohen's kappa for two coders, and Benjamini–Hochberg control of false "theme rising" flags."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from statsmodels.stats.inter_rater import cohens_kappa as statsmodels_kappa
from statsmodels.stats.multitest import multipletests

from analysis.agreement import (
    benjamini_hochberg,
    cohens_kappa,
    cohens_kappa_from_labels,
)

# 50 comments: both coders said "theme" 20 times, both "not theme" 15 times, and they split
# 5 and 10 ways. p_o = 35/50 = 0.70; p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.50; kappa = 0.2/0.5 = 0.4.
TWO_BY_TWO = [[20, 5], [10, 15]]


# --- kappa -------------------------------------------------------------------------------


def test_kappa_is_agreement_beyond_chance_over_its_maximum():
    kappa = cohens_kappa(TWO_BY_TWO)
    assert kappa.observed_agreement == pytest.approx(0.70)
    assert kappa.chance_agreement == pytest.approx(0.50)
    assert kappa.value == pytest.approx(0.40)
    assert kappa.n == 50


def test_kappa_standard_error_is_the_fleiss_cohen_everitt_large_sample_one():
    # By hand (Fleiss, Cohen & Everitt 1969): A = 0.4(1 - 1.1 * 0.6)^2 + 0.3(1 - 0.9 * 0.6)^2
    # = 0.10972; B = 0.36 (0.1 * 1.1^2 + 0.2 * 0.9^2) = 0.10188; C = (0.4 - 0.5 * 0.6)^2 = 0.01;
    # var = (A + B - C) / (50 * 0.5^2) = 0.016128.
    assert cohens_kappa(TWO_BY_TWO).se == pytest.approx(math.sqrt(0.016128), abs=1e-6)


def test_kappa_matches_the_published_sas_example():
    # SAS PROC FREQ "Simple Kappa Coefficient" output for this table, as reproduced in the
    # statsmodels test suite (statsmodels/stats/tests/test_inter_rater.py, TestUnweightedCohens):
    # kappa 0.4842, ASE 0.1380, 95% limits 0.2137 and 0.7547.
    kappa = cohens_kappa([[0, 4, 1], [0, 8, 0], [0, 1, 5]])
    assert kappa.value == pytest.approx(0.4842, abs=5e-5)
    assert kappa.se == pytest.approx(0.1380, abs=5e-5)
    assert kappa.lo == pytest.approx(0.2137, abs=5e-5)
    assert kappa.hi == pytest.approx(0.7547, abs=5e-5)


def test_kappa_interval_uses_the_requested_level():
    kappa = cohens_kappa(TWO_BY_TWO, level=0.90)
    assert kappa.level == 0.90
    assert kappa.lo == pytest.approx(0.4 - 1.644854 * math.sqrt(0.016128), abs=1e-5)


def test_kappa_interval_is_clipped_at_one():
    # kappa 0.9 with SE 0.097: the Wald upper limit would be 1.09.
    kappa = cohens_kappa([[9, 1], [0, 10]])
    assert kappa.value == pytest.approx(0.9)
    assert kappa.hi == 1.0


def test_perfect_agreement_gives_kappa_one_with_a_zero_width_interval():
    kappa = cohens_kappa([[12, 0], [0, 8]])
    assert (kappa.value, kappa.lo, kappa.hi, kappa.se) == (1.0, 1.0, 1.0, 0.0)


def test_kappa_is_undefined_when_both_coders_used_one_category_only():
    kappa = cohens_kappa([[15, 0], [0, 0]])
    assert kappa.value is None and kappa.lo is None and kappa.hi is None
    assert kappa.observed_agreement == 1.0
    assert "undefined" in kappa.undefined_reason


def test_kappa_from_labels_equals_kappa_from_their_table():
    first = ["theme"] * 25 + ["not theme"] * 25
    second = ["theme"] * 20 + ["not theme"] * 5 + ["theme"] * 10 + ["not theme"] * 15
    assert cohens_kappa_from_labels(first, second) == cohens_kappa(TWO_BY_TWO)


def test_a_category_neither_coder_used_does_not_change_kappa():
    first, second = ["a", "a", "b", "b", "a"], ["a", "b", "b", "b", "a"]
    with_unused = cohens_kappa_from_labels(first, second, categories=["a", "b", "c"])
    assert with_unused.value == pytest.approx(cohens_kappa_from_labels(first, second).value)


def test_labels_of_different_lengths_are_rejected():
    with pytest.raises(ValueError, match="pair them"):
        cohens_kappa_from_labels(["a", "b"], ["a"])


def test_a_label_outside_the_categories_is_rejected():
    with pytest.raises(ValueError, match="'c' is not in the categories"):
        cohens_kappa_from_labels(["a", "c"], ["a", "b"], categories=["a", "b"])


def test_a_table_that_is_not_square_is_rejected():
    with pytest.raises(ValueError, match="square"):
        cohens_kappa([[1, 2, 3], [4, 5, 6]])


def test_an_empty_table_is_rejected():
    with pytest.raises(ValueError, match="at least one item"):
        cohens_kappa([[0, 0], [0, 0]])


def test_a_level_outside_zero_to_one_is_rejected():
    with pytest.raises(ValueError, match="level"):
        cohens_kappa(TWO_BY_TWO, level=95)


square_tables = st.integers(2, 4).flatmap(
    lambda k: st.lists(st.lists(st.integers(0, 30), min_size=k, max_size=k), min_size=k, max_size=k)
)


@given(square_tables)
def test_kappa_and_its_interval_agree_with_statsmodels(table):
    counts = np.array(table)
    row, col = counts.sum(axis=1), counts.sum(axis=0)
    assume(counts.sum() > 0 and not math.isclose(row @ col, counts.sum() ** 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = statsmodels_kappa(counts)
    kappa = cohens_kappa(table)
    assert kappa.value == pytest.approx(expected.kappa, abs=1e-10)
    if abs(expected.var_kappa) < 1e-12:
        assert kappa.se == 0.0
        # statsmodels takes the square root of a rounding error below zero and reports nan;
        # a zero standard error gives the degenerate interval at kappa itself.
        assert kappa.lo == kappa.hi == pytest.approx(expected.kappa, abs=1e-10)
        return
    assert kappa.se == pytest.approx(math.sqrt(expected.var_kappa), abs=1e-10)
    assert kappa.lo == pytest.approx(max(expected.kappa_low, -1), abs=1e-10)
    assert kappa.hi == pytest.approx(min(expected.kappa_upp, 1), abs=1e-10)


# --- Benjamini–Hochberg ------------------------------------------------------------------

# Benjamini & Hochberg (1995), section 4: 15 p-values; at q = 0.05 the procedure rejects the
# four smallest (Bonferroni only three).
BH_1995 = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
    0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000,
]  # fmt: skip


def test_benjamini_hochberg_rejects_the_four_smallest_in_the_1995_example():
    result = benjamini_hochberg(BH_1995, q=0.05)
    assert result.rejected == (True,) * 4 + (False,) * 11


def test_benjamini_hochberg_adjusts_each_p_value_by_m_over_its_rank():
    adjusted = benjamini_hochberg(BH_1995).adjusted
    assert adjusted[:4] == pytest.approx([0.0015, 0.0030, 0.0095, 0.035625])


def test_benjamini_hochberg_keeps_the_order_the_p_values_were_given_in():
    result = benjamini_hochberg([0.04, 0.001, 0.5])
    assert result.rejected == (False, True, False)
    assert result.adjusted == pytest.approx([0.06, 0.003, 0.5])


def test_benjamini_hochberg_of_no_tests_rejects_nothing():
    result = benjamini_hochberg([])
    assert (result.adjusted, result.rejected) == ((), ())


def test_a_p_value_above_one_is_rejected():
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg([0.2, 1.5])


def test_a_missing_p_value_is_rejected():
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg([0.2, float("nan")])


def test_a_false_discovery_rate_outside_zero_to_one_is_rejected():
    with pytest.raises(ValueError, match="q must be"):
        benjamini_hochberg([0.2], q=5)


p_value_lists = st.lists(st.floats(0, 1), min_size=1, max_size=40)


@given(p_value_lists, st.floats(0.001, 0.5))
def test_benjamini_hochberg_agrees_with_statsmodels(p_values, q):
    expected_rejected, expected_adjusted, _, _ = multipletests(p_values, alpha=q, method="fdr_bh")
    result = benjamini_hochberg(p_values, q=q)
    assert result.rejected == tuple(bool(r) for r in expected_rejected)
    assert result.adjusted == pytest.approx(list(expected_adjusted), abs=1e-12)


@given(p_value_lists)
def test_adjusted_p_values_rise_with_the_raw_ones_and_never_pass_one(p_values):
    result = benjamini_hochberg(p_values)
    in_order = [adjusted for _, adjusted in sorted(zip(p_values, result.adjusted, strict=True))]
    assert all(a <= b for a, b in itertools.pairwise(in_order))
    assert all(p <= adjusted <= 1 for p, adjusted in zip(p_values, result.adjusted, strict=True))
