"""The minimum-n rule: no rate, mean or verdict is published from too few valid answers
(DESIGN.md §6)."""

from __future__ import annotations

from analysis._checks import check_whole

#: No rate, mean or verdict is published from fewer valid answers than this.
DEFAULT_MIN_N = 10


def can_publish(n: int, *, min_n: int = DEFAULT_MIN_N) -> bool:
    """Return whether a rate, mean or verdict may be published from ``n`` valid answers.

    Parameters
    ----------
    n : int
        The number of valid answers behind the figure.
    min_n : int, default 10
        The smallest n that may be published (a setting).

    Returns
    -------
    bool
        True when ``n >= min_n``.

    Raises
    ------
    ValueError
        If ``n`` is negative or ``min_n`` is below 1 (or either is not whole).
    TypeError
        If either is not a number (also a ``ValueError``).
    """
    n = check_whole("n", n, minimum=0)
    min_n = check_whole("min_n", min_n, minimum=1)
    return n >= min_n
