"""Pure statistics for satisfaction KPIs: numbers in, immutable typed results out.

This package imports no web, database or application code, so an analyst can use it from a
notebook. See ``docs/statistics.md`` for what each method is and why it was chosen.
"""

from analysis.estimate import Estimate

__all__ = ["Estimate"]
