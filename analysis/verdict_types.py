"""What a verdict gives back: the verdict against the target, the change from baseline, and
the whole assessment with its reasons (:func:`analysis.verdicts.assess` makes them)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from analysis.baselines import Baseline, Quantity
from analysis.estimate import Estimate
from analysis.targets import Target


class Verdict(StrEnum):
    """The verdict against a target."""

    MET = "met"
    NOT_MET = "not_met"
    INCONCLUSIVE = "inconclusive"
    INSUFFICIENT_DATA = "insufficient_data"


class Change(StrEnum):
    """The change against a baseline."""

    IMPROVED = "improved"
    WORSENED = "worsened"
    NO_CLEAR_CHANGE = "no_clear_change"


@dataclass(frozen=True, slots=True)
class Assessment:
    """An estimate judged against its target and baseline.

    Attributes
    ----------
    estimate : Estimate
        The current value with its interval.
    target : Target
        The target judged against.
    verdict : Verdict or None
        None when the target is a change and the baseline is still to be measured (or is 0
        and the change relative), so there is nothing yet to judge.
    reason : str
        One sentence a lead can read, e.g. "73% of 52 answers (95% confidence interval 61% to
        83%) - the whole interval is above the 60% target, so the target is met."
    change : Change or None
        The change against the baseline; None when there is no baseline value yet or too
        few answers.
    change_reason : str
        One sentence on the change.
    baseline : Baseline or Estimate or None
        The baseline used: a fixed value or a sampled estimate.
    quantity : Quantity or None
        What the estimate measures.
    threshold : float or None
        The value the interval was compared with: the level, a change target turned into a
        level on a fixed baseline, or on a sampled baseline the value the two-sample
        ``comparison`` had to pass (a ratio of 1.2, a difference of 0.10).
    comparison : Estimate or None
        The two-sample interval the verdict used, on a sampled baseline.
    min_n : int
        The fewest answers a verdict needs.
    """

    estimate: Estimate
    target: Target
    verdict: Verdict | None
    reason: str
    change: Change | None = None
    change_reason: str = ""
    baseline: Baseline | Estimate | None = None
    quantity: Quantity | None = None
    threshold: float | None = None
    comparison: Estimate | None = None
    min_n: int = 10

    @property
    def baseline_pending(self) -> bool:
        """True when the baseline is still to be measured."""
        if isinstance(self.baseline, Baseline):
            return self.baseline.is_pending
        return self.baseline is None and self.target.needs_baseline
