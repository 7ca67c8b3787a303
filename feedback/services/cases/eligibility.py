"""Which stages of a case can be surveyed: only what the case data shows has happened.

A stage's invitation asks the family about its event, so it goes only to a case whose case data
records that event: the decision whether to assess (week 6), the draft plan issued (week 16), the
final plan issued (week 20), a review meeting held (annual review). The assessment's stages also
need every earlier stage's date recorded, and an annual review needs the final plan's. A stage's
invitation is never due before the invitation of a stage that came before it (per audience, as
delays can differ by stage and audience). The statutory due dates are shown to case officers but
never trigger an invitation: a family whose draft plan is overdue is not asked about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from feedback.models import Case, Stage
from feedback.services.cases.stages import StageEvent, invite_delay_days, stage_events

ASSESSMENT_STAGES = (Stage.WEEK6.value, Stage.WEEK16.value, Stage.WEEK20.value)


@dataclass(frozen=True, slots=True)
class StageCheck:
    """One stage of a case, and whether its case data allows an invitation.

    ``waiting_for`` is ``None`` when the stage can be surveyed; otherwise it is the stage whose
    event the case data does not show yet (this stage's own, or one that must come first).
    ``earlier`` holds the recorded stages before it, whose invitations must not come after it.
    """

    event: StageEvent
    waiting_for: str | None
    earlier: tuple[StageEvent, ...]

    @property
    def ready(self) -> bool:
        """Whether the case data shows this stage's event and every one it needs before it."""
        return self.waiting_for is None

    def due_day(self, audience: str) -> date | None:
        """Return the day this audience's invitation falls due, or ``None`` when not ready.

        That is the event plus the stage's delay, but never before an earlier stage's
        invitation to the same audience falls due.
        """
        if not self.ready:
            return None
        return max(
            event.actual + timedelta(days=invite_delay_days(event.stage, audience))
            for event in (*self.earlier, self.event)
            if event.actual is not None
        )


def stage_checks(case: Case) -> list[StageCheck]:
    """Return a check for each of the case's stages, in the order of :func:`stage_events`."""
    events = stage_events(case)
    assessment = [event for event in events if event.stage in ASSESSMENT_STAGES]
    final_plan = next(event for event in assessment if event.stage == Stage.WEEK20.value)
    checks = []
    for index, event in enumerate(events):
        if event.stage in ASSESSMENT_STAGES:
            needed = assessment[: assessment.index(event) + 1]
        else:
            # Reviews follow the final plan; the reviews before this one are recorded already.
            needed = [final_plan, event]
        waiting_for = _waiting_for(event, needed)
        earlier = tuple(e for e in events[:index] if e.actual is not None)
        checks.append(StageCheck(event, waiting_for, earlier))
    return checks


def _waiting_for(event: StageEvent, needed: list[StageEvent]) -> str | None:
    """The stage the case is waiting for: its own event first, else the earliest missing."""
    if event.actual is None:
        return event.stage
    missing = [other.stage for other in needed if other.actual is None]
    return missing[0] if missing else None
