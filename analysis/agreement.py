"""Agreement between two coders of comments, and multiple-comparison control for theme flags.

Cohen's kappa measures how far two coders agree beyond what chance would give; the
Benjamini–Hochberg procedure keeps the share of false "theme rising" flags under control when
many themes are tested at once.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats
from statsmodels.stats.inter_rater import cohens_kappa as _statsmodels_kappa
from statsmodels.stats.multitest import multipletests

from analysis._checks import (
    InputTypeError,
    check_hashable,
    check_level,
    check_list,
    check_numbers,
    check_real,
)

KAPPA_METHOD = "cohen_kappa_fleiss_cohen_everitt_1969"
FDR_METHOD = "benjamini_hochberg"

UNDEFINED_ONE_CATEGORY = (
    "kappa is undefined: both coders put every comment in the same single category, so "
    "agreement by chance alone is 100% and there is nothing left to measure"
)


@dataclass(frozen=True, slots=True)
class Kappa:
    """Cohen's kappa for two coders with its confidence interval.

    Attributes
    ----------
    value : float or None
        Kappa, from -1 to 1 (1 is perfect agreement, 0 is no better than chance); None when
        undefined (see ``undefined_reason``).
    lo, hi : float or None
        The confidence interval, clipped to [-1, 1]; None when kappa is undefined.
    se : float or None
        The asymptotic standard error used for the interval (Fleiss, Cohen & Everitt, 1969).
    observed_agreement : float
        The share of items both coders put in the same category.
    chance_agreement : float
        The share expected to agree by chance, from each coder's category totals.
    level : float
        The confidence level, e.g. 0.95.
    n : int
        The number of items both coders coded.
    method : str
        The method's name.
    undefined_reason : str or None
        Why kappa could not be computed, in plain English; None when it was.
    """

    value: float | None
    lo: float | None
    hi: float | None
    se: float | None
    observed_agreement: float
    chance_agreement: float
    level: float
    n: int
    method: str
    undefined_reason: str | None = None


@dataclass(frozen=True, slots=True)
class FalseDiscoveryControl:
    """Benjamini–Hochberg adjusted p-values and decisions, in the order the p-values were given.

    Attributes
    ----------
    p_values : tuple of float
        The raw p-values.
    adjusted : tuple of float
        The BH-adjusted p-values (q-values), each at most 1.
    rejected : tuple of bool
        True where the hypothesis is rejected (the flag is raised) at false discovery rate ``q``.
    q : float
        The false discovery rate controlled.
    method : str
        The method's name.
    """

    p_values: tuple[float, ...]
    adjusted: tuple[float, ...]
    rejected: tuple[bool, ...]
    q: float
    method: str


_VARIANCE_ROUNDING = 1e-12


def cohens_kappa(table: Sequence[Sequence[int]], *, level: float = 0.95) -> Kappa:
    """Compute Cohen's kappa and its confidence interval from a square agreement table.

    Parameters
    ----------
    table : square sequence of sequences of int
        ``table[i][j]`` is the number of items the first coder put in category i and the second
        coder in category j.
    level : float, default 0.95
        The confidence level.

    Returns
    -------
    Kappa
        Kappa = (p_o − p_e) / (1 − p_e) (Cohen, 1960, *Educational and Psychological
        Measurement* 20: 37–46) with a Wald interval kappa ± z·SE, where SE is the large-sample
        standard error of Fleiss, Cohen & Everitt (1969, *Psychological Bulletin* 72: 323–327),
        computed by ``statsmodels.stats.inter_rater.cohens_kappa``; limits are clipped to
        [-1, 1]. With perfect agreement the SE is 0 and the interval is [1, 1]; this asymptotic
        interval understates uncertainty for small n. When both coders used one single
        category, p_e = 1 and kappa is undefined: ``value`` is None with the reason given.

    Raises
    ------
    ValueError
        If the table is not square, has a negative or non-whole count, is empty, or the level is
        not between 0 and 1.
    TypeError
        If the table is not rows of numbers (also a ``ValueError``).
    """
    counts = _square_table(table)
    level = check_level(level)
    n = int(counts.sum())
    observed = float(np.trace(counts)) / n
    chance = float(counts.sum(axis=1) @ counts.sum(axis=0)) / n**2
    if math.isclose(chance, 1.0):
        return Kappa(
            value=None,
            lo=None,
            hi=None,
            se=None,
            observed_agreement=observed,
            chance_agreement=chance,
            level=level,
            n=n,
            method=KAPPA_METHOD,
            undefined_reason=UNDEFINED_ONE_CATEGORY,
        )
    # statsmodels also computes a z-test of kappa = 0, which divides by zero when a coder used
    # one category only; we use neither the test nor its warnings, only kappa and its variance.
    with np.errstate(divide="ignore", invalid="ignore"):
        result = _statsmodels_kappa(counts)
    value = float(result.kappa)
    # Rounding can leave a tiny negative variance when agreement is perfect.
    variance = float(result.var_kappa)
    # A variance within rounding error of zero (one coder used a single category) is zero.
    se = 0.0 if variance < _VARIANCE_ROUNDING else math.sqrt(variance)
    z = float(stats.norm.ppf(0.5 + level / 2))
    return Kappa(
        value=value,
        lo=max(value - z * se, -1.0),
        hi=min(value + z * se, 1.0),
        se=se,
        observed_agreement=observed,
        chance_agreement=chance,
        level=level,
        n=n,
        method=KAPPA_METHOD,
    )


def cohens_kappa_from_labels(
    first: Sequence[Hashable],
    second: Sequence[Hashable],
    *,
    categories: Sequence[Hashable] | None = None,
    level: float = 0.95,
) -> Kappa:
    """Compute Cohen's kappa from two coders' labels for the same items.

    Parameters
    ----------
    first, second : sequence of hashable
        The category each coder gave each item, in the same item order.
    categories : sequence of hashable, optional
        Every category allowed; by default the categories either coder used.
    level : float, default 0.95
        The confidence level.

    Returns
    -------
    Kappa
        As ``cohens_kappa`` on the cross-tabulation of the two coders' labels.

    Raises
    ------
    ValueError
        If the sequences differ in length or are empty, or a label is not in ``categories``.
    TypeError
        If ``first``, ``second`` or ``categories`` is not a sequence of hashable labels (also
        a ``ValueError``).
    """
    wants = "a sequence of labels, e.g. ['a', 'b']"
    first = check_list("first", first, wants)
    second = check_list("second", second, wants)
    if categories is not None:
        categories = check_list("categories", categories, wants)
    for name, labels in (("first", first), ("second", second), ("categories", categories or [])):
        for label in labels:
            check_hashable(f"a label in {name}", label, "a str or a number")
    if len(first) != len(second):
        raise ValueError(f"the coders labelled {len(first)} and {len(second)} items; pair them")
    if not first:
        raise ValueError("kappa needs at least one item coded by both coders")
    allowed = list(dict.fromkeys([*first, *second])) if categories is None else list(categories)
    position = {category: k for k, category in enumerate(allowed)}
    table = np.zeros((len(allowed), len(allowed)), dtype=np.int64)
    for a, b in zip(first, second, strict=True):
        if a not in position or b not in position:
            raise ValueError(f"label {a if a not in position else b!r} is not in the categories")
        table[position[a], position[b]] += 1
    return cohens_kappa(table.tolist(), level=level)


def benjamini_hochberg(p_values: Sequence[float], *, q: float = 0.05) -> FalseDiscoveryControl:
    """Control the false discovery rate over many tests (e.g. one "theme rising" test per theme).

    Parameters
    ----------
    p_values : sequence of float
        One p-value per test, each between 0 and 1.
    q : float, default 0.05
        The false discovery rate to control: the expected share of raised flags that are false.

    Returns
    -------
    FalseDiscoveryControl
        Adjusted p-values p_(i) · m / i made monotone from the largest down and capped at 1, and
        the tests rejected (adjusted p ≤ q). Method: Benjamini & Hochberg (1995), *Journal of the
        Royal Statistical Society B* 57: 289–300, via
        ``statsmodels.stats.multitest.multipletests(method="fdr_bh")``.

    Raises
    ------
    ValueError
        If a p-value is not a number between 0 and 1, or q is not between 0 and 1.
    TypeError
        If ``p_values`` is not a sequence of numbers or ``q`` not a number (also a
        ``ValueError``).
    """
    q = check_real("q", q)
    if not 0 < q < 1:
        raise ValueError(f"q must be between 0 and 1, got {q}")
    try:
        raw = check_numbers("p-values", p_values)
    except InputTypeError:
        raise
    except ValueError:
        raise ValueError("p-values must be numbers between 0 and 1") from None
    if np.any((raw < 0) | (raw > 1)):
        raise ValueError("p-values must be numbers between 0 and 1")
    if raw.size == 0:
        return FalseDiscoveryControl((), (), (), q, FDR_METHOD)
    rejected, adjusted, _, _ = multipletests(raw, alpha=q, method="fdr_bh")
    return FalseDiscoveryControl(
        p_values=tuple(float(p) for p in raw),
        adjusted=tuple(float(p) for p in adjusted),
        rejected=tuple(bool(r) for r in rejected),
        q=q,
        method=FDR_METHOD,
    )


def _square_table(table: Sequence[Sequence[int]]) -> np.ndarray:
    try:
        counts = check_numbers("the agreement table", table, ndim=2)
    except InputTypeError:
        raise
    except ValueError:
        counts = np.asarray(table, dtype=float)  # not finite, or not 2-D: said below
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1] or counts.size == 0:
        raise ValueError("the agreement table must be square: one row and column per category")
    if np.any(~np.isfinite(counts)) or np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise ValueError("the agreement table must hold whole numbers of at least 0")
    if counts.sum() == 0:
        raise ValueError("kappa needs at least one item coded by both coders")
    return counts
