"""The minimum-n rule: no rate, mean or verdict is published from too few valid answers
(DESIGN.md §6)."""

from __future__ import annotations

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
        If ``n`` is negative or ``min_n`` is below 1.
    """
    if n < 0:
        raise ValueError(f"n must be at least 0, got {n}")
    if min_n < 1:
        raise ValueError(f"min_n must be at least 1, got {min_n}")
    return n >= min_n
