"""Plan status (RAG) from a verdict and the milestone due, before mapping onto a plan's scale.

The rules of DESIGN.md §6, first match wins:

1. the baseline is still to be measured (or a relative target sits on a baseline of 0) →
   no status;
2. too few answers → insufficient data (grey);
3. the final target is met → complete; met again after a complete status, with improvement
   on the baseline evidenced → embedded (Dudley's Blue, "embedded with evidence of impact");
4. the whole interval is on the bad side of the milestone due now → off track (red);
5. on or above the milestone due now (its whole interval above it, or its interval around it
   with the estimate on the good side) with improvement evidenced → on track. Improvement is
   evidenced by an ``improved`` change against the baseline; a KPI with no baseline at all
   has only the milestone to go by, so there its whole interval must be above the milestone;
6. otherwise → at risk (amber).

Milestones fall 3, 6 and 12 months after the plan starts; the milestone due is the latest one
whose date has passed, and the trajectory between milestones is not interpolated.
"""

from __future__ import annotations

import calendar
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from analysis._checks import check_instance, check_mapping, check_member, wrong_type
from analysis.targets import Target
from analysis.verdict_text import after_colon
from analysis.verdicts import Assessment, Change, Verdict, assess


class StatusCode(StrEnum):
    """A plan status before it is mapped onto a plan's own scale."""

    NO_STATUS = "no_status"
    INSUFFICIENT_DATA = "insufficient_data"  # grey
    OFF_TRACK = "off_track"  # red
    AT_RISK = "at_risk"  # amber
    ON_TRACK = "on_track"
    COMPLETE = "complete"
    EMBEDDED = "embedded"  # complete and sustained, with evidence of impact


@dataclass(frozen=True, slots=True)
class DueMilestone:
    """The milestone due at a date: how many months into the plan, when, and its target."""

    months: int
    due: date
    target: Target


@dataclass(frozen=True, slots=True)
class Status:
    """A plan status with the reason a lead reads, and the milestone it was judged against."""

    code: StatusCode
    reason: str
    milestone: DueMilestone | None = None
    milestone_assessment: Assessment | None = None


def add_months(start: date, months: int) -> date:
    """Return the date ``months`` calendar months after ``start``, kept within the month.

    Returns
    -------
    date
        31 January + 1 month is 28 (or 29) February.
    """
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def milestone_due(
    plan_start: date, milestones: Mapping[int, Target], as_of: date
) -> DueMilestone | None:
    """Return the latest milestone whose date has passed at ``as_of``.

    Parameters
    ----------
    plan_start : date
        The day the plan started.
    milestones : mapping of int to Target
        Milestone targets by months after the start (3, 6, 12); the last is the final target.
        Activities and ambiguous cells are left out by the caller.
    as_of : date
        The date of the measurement.

    Returns
    -------
    DueMilestone or None
        None before the first milestone falls due.

    Raises
    ------
    ValueError
        If a month count is not a whole number of at least 1.
    TypeError
        If a date is not a :class:`datetime.date` (a ``datetime`` is taken as its date),
        ``milestones`` is not a mapping or a milestone is not a :class:`Target` (also a
        ``ValueError``).
    """
    plan_start = _check_date("plan_start", plan_start)
    as_of = _check_date("as_of", as_of)
    wants = "a mapping of months to Target, e.g. {12: parse_target('60%')}"
    by_months: dict[int, Target] = {}
    for months, target in check_mapping("milestones", milestones, wants).items():
        if isinstance(months, bool) or not isinstance(months, numbers.Integral) or months < 1:
            raise ValueError(
                f"milestone months must be whole numbers of at least 1, got {months!r}"
            )
        check_instance(f"milestones[{months!r}]", target, Target, "a Target")
        by_months[int(months)] = target
    due: DueMilestone | None = None
    for months in sorted(by_months):
        when = add_months(plan_start, months)
        if when <= as_of:
            due = DueMilestone(months, when, by_months[months])
    return due


def _check_date(name: str, value: object) -> date:
    """``value`` as a date: a ``datetime`` gives its date; anything else is refused."""
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise wrong_type(name, value, "a datetime.date, e.g. date(2023, 4, 1)")
    return value


def plan_status(
    assessment: Assessment,
    *,
    milestone_due: DueMilestone | None = None,
    final_target: Target | None = None,
    previous: Status | StatusCode | None = None,
) -> Status:
    """Derive the plan status from an assessment and the milestone due now.

    Parameters
    ----------
    assessment : Assessment
        The current estimate judged against the final target (or against another target,
        with ``final_target`` given).
    milestone_due : DueMilestone or None
        From :func:`milestone_due`; None when no milestone is due yet.
    final_target : Target or None
        The plan's final target when ``assessment`` was made against something else; the
        estimate is then judged against it with the same baseline and minimum n.
    previous : Status or StatusCode or None
        The status of the previous period, to tell complete from embedded.

    Returns
    -------
    Status
        The status and its reason (rules in the module docstring).

    Raises
    ------
    TypeError
        If an argument is not of the type above (``previous`` may also be a status's value,
        e.g. ``"complete"``); it is also a ``ValueError``.
    """
    check_instance("assessment", assessment, Assessment, "an Assessment from analysis.assess")
    if milestone_due is not None:
        check_instance("milestone_due", milestone_due, DueMilestone, "a DueMilestone or None")
    if final_target is not None:
        check_instance("final_target", final_target, Target, "a Target or None")
    if isinstance(previous, str):
        previous = check_member("previous", previous, StatusCode, "a Status, a StatusCode or None")
    elif previous is not None and not isinstance(previous, Status | StatusCode):
        raise wrong_type("previous", previous, "a Status, a StatusCode or None")
    final = assessment
    if final_target is not None and final_target != assessment.target:
        final = _reassess(assessment, final_target, "target")
    if assessment.baseline_pending or final.baseline_pending:
        return Status(StatusCode.NO_STATUS, "No status yet: the baseline is still to be measured.")
    if final.verdict is Verdict.INSUFFICIENT_DATA:
        return Status(StatusCode.INSUFFICIENT_DATA, f"Not enough data: {after_colon(final.reason)}")
    if final.verdict is None:
        return Status(StatusCode.NO_STATUS, f"No status: {after_colon(final.reason)}")
    if final.verdict is Verdict.MET:
        before = previous.code if isinstance(previous, Status) else previous
        sustained = before in (StatusCode.COMPLETE, StatusCode.EMBEDDED)
        if sustained and final.change is Change.IMPROVED:
            why = (
                "Embedded: the target is met again after it was complete last time, and the "
                f"improvement on the baseline holds. {final.reason} {final.change_reason}"
            )
            return Status(StatusCode.EMBEDDED, why)
        return Status(StatusCode.COMPLETE, f"Complete: {after_colon(final.reason)}")
    return _progress(final, milestone_due)


def _progress(final: Assessment, due: DueMilestone | None) -> Status:
    """Off track, on track or at risk, from the milestone due and the change on baseline."""
    improved = final.change is Change.IMPROVED
    if due is None:
        if improved:
            return Status(
                StatusCode.ON_TRACK,
                f"On track: no milestone is due yet, and the figure has improved on the "
                f"baseline. {final.change_reason}",
            )
        return Status(
            StatusCode.AT_RISK,
            "At risk: no milestone is due yet, and no improvement on the baseline is shown "
            f"yet. {final.change_reason}",
        )
    label = f"milestone due at {due.months} months ({due.due.day} {due.due:%B %Y})"
    milestone = _reassess(final, due.target, label)
    found = {"milestone": due, "milestone_assessment": milestone}
    if milestone.verdict is Verdict.NOT_MET:
        return Status(StatusCode.OFF_TRACK, f"Off track: {after_colon(milestone.reason)}", **found)
    on_trajectory = milestone.verdict is Verdict.MET or (
        milestone.verdict is Verdict.INCONCLUSIVE and _point_on_good_side(milestone)
    )
    no_baseline = final.baseline is None
    evidenced = improved or (no_baseline and milestone.verdict is Verdict.MET)
    side = "at or above" if final.target.higher_is_better else "at or below"
    if on_trajectory and evidenced:
        change = "" if no_baseline else f" {final.change_reason}"
        summary = (
            f"the {label} is met"
            if milestone.verdict is Verdict.MET
            else f"the figure is {side} the {label}, though its interval still includes it"
        )
        improvement = "" if no_baseline else ", and the figure has improved on the baseline"
        return Status(
            StatusCode.ON_TRACK,
            f"On track: {summary}{improvement}. {milestone.reason}{change}",
            **found,
        )
    if not on_trajectory:
        return Status(
            StatusCode.AT_RISK,
            f"At risk: the figure is not yet {side} the {label}. {milestone.reason}",
            **found,
        )
    why = (
        "There is no baseline, so the whole interval must be on the right side of the "
        "milestone, and it is not yet."
        if no_baseline
        else final.change_reason
    )
    return Status(
        StatusCode.AT_RISK,
        f"At risk: the figure is {side} the {label}, but no improvement on the baseline is "
        f"shown yet. {milestone.reason} {why}",
        **found,
    )


def _reassess(assessment: Assessment, target: Target, noun: str) -> Assessment:
    """The same estimate and baseline judged against another target."""
    return assess(
        assessment.estimate,
        target,
        baseline=assessment.baseline,
        min_n=assessment.min_n,
        quantity=assessment.quantity,
        noun=noun,
    )


def _point_on_good_side(assessment: Assessment) -> bool:
    """True when the point estimate (or two-sample point) is on the good side of its threshold."""
    if assessment.threshold is None:
        return False
    point = (assessment.comparison or assessment.estimate).value
    if assessment.target.higher_is_better:
        return point >= assessment.threshold
    return point <= assessment.threshold
