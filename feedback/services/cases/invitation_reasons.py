"""Why a case's stage was or was not invited, in the case officer's words (the case page).

The reasons follow the scheduler's own rules (``eligibility`` and ``scheduling``), so the page
says what the next run of ``invitations send-due`` will do, not a second opinion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from feedback.models import Case, Invitation, Stage
from feedback.services.cases.eligibility import StageCheck, stage_checks
from feedback.services.cases.scheduling import audience_channels

# What the case data does not show yet, by the stage whose event it is.
_NOT_SHOWN = {
    Stage.WEEK6.value: _l("the decision whether to assess has not been recorded"),
    Stage.WEEK16.value: _l("the draft plan has not been issued"),
    Stage.WEEK20.value: _l("the final plan has not been issued"),
    Stage.ANNUAL_REVIEW.value: _l("the review meeting has not been held"),
}
# What the case data shows happened, by stage (``%(date)s`` is the event's date).
_SHOWN = {
    Stage.WEEK6.value: _l("the decision whether to assess was recorded on %(date)s"),
    Stage.WEEK16.value: _l("the draft plan was issued on %(date)s"),
    Stage.WEEK20.value: _l("the final plan was issued on %(date)s"),
    Stage.ANNUAL_REVIEW.value: _l("the review meeting was held on %(date)s"),
}


def stage_reason(
    check: StageCheck, case: Case, invitations: Sequence[Invitation], today: date
) -> str:
    """Return one sentence saying why this stage of ``case`` was, or was not (yet), invited."""
    event = check.event
    if check.waiting_for is not None:
        why = str(_NOT_SHOWN[check.waiting_for])
        if check.waiting_for != event.stage:
            return _("Not invited yet: %(why)s, and that comes before this stage.", why=why)
        return _("Not invited yet: %(why)s.", why=why)
    happened = event.actual.isoformat() if event.actual else "–"  # a ready stage has its date
    shown = str(_SHOWN[event.stage]) % {"date": happened}
    if invitations:
        return _("Invited: %(why)s.", why=shown)
    if case.opted_out_at is not None:
        return _("Not invited: the family opted out.")
    audiences = audience_channels(case)
    if not audiences:
        return _("Not invited: the case holds no channel or contact details to reach the family.")
    due = min(day for audience in audiences if (day := check.due_day(audience)) is not None)
    window = int(current_app.config["INVITE_WINDOW_DAYS"])
    last = due + timedelta(days=window)
    if today > last:
        return _(
            "Not invited: %(why)s, and invitations go out only until %(days)d days after falling "
            "due (here %(date)s), so families are not asked about events long past.",
            why=shown,
            days=window,
            date=last.isoformat(),
        )
    if due <= today:
        return _("To be invited at the next run of the scheduler: %(why)s.", why=shown)
    return _("To be invited on %(date)s: %(why)s.", date=due.isoformat(), why=shown)


# The event a case is waiting for, as the case list names it.
_WAITING_FOR = {
    Stage.WEEK6.value: _l("Decision whether to assess"),
    Stage.WEEK16.value: _l("Draft plan"),
    Stage.WEEK20.value: _l("Final plan"),
    Stage.ANNUAL_REVIEW.value: _l("Review meeting"),
}


@dataclass(frozen=True, slots=True)
class CaseProgress:
    """Where a case is, for the case list: the stages invited so far, and the event the case
    data does not show yet (whose stage, and the ones after it, wait for it)."""

    invited: tuple[str, ...]
    waiting_for: str | None
    overdue: bool

    @property
    def waiting_text(self) -> str:
        """The event waited for, marked when it is past its statutory due date; or a dash."""
        if self.waiting_for is None:
            return "–"
        label = str(_WAITING_FOR[self.waiting_for])
        return _("%(event)s (overdue)", event=label) if self.overdue else label


def case_progress(case: Case, today: date) -> CaseProgress:
    """Return where ``case`` is: which stages it was invited for and what it waits for."""
    checks = stage_checks(case)
    invited = tuple(
        check.event.stage
        for check in checks
        if any(
            invitation.stage == check.event.stage
            and invitation.annual_review_id == check.event.annual_review_id
            for invitation in case.invitations
        )
    )
    waiting = next((check for check in checks if not check.ready), None)
    if waiting is None or waiting.waiting_for is None:
        return CaseProgress(invited, None, overdue=False)
    missing = next(
        check.event
        for check in checks
        if check.event.stage == waiting.waiting_for and check.event.actual is None
    )
    overdue = missing.due is not None and missing.due < today
    return CaseProgress(invited, waiting.waiting_for, overdue=overdue)
