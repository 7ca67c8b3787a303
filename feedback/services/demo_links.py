"""Fresh family links for demos and scripts, each on a demo case whose recorded events make its
stage due, so the case page and the case list agree with the invitation.

Everything here is invented: references, dates and contact details.
"""

from __future__ import annotations

from datetime import date, timedelta

from feedback.extensions import db
from feedback.models import AnnualReview, Audience, Case, Channel, Stage
from feedback.services import journey
from feedback.services.cases.links import seal
from feedback.services.cases.stages import ANNUAL_REVIEW_MONTHS, STATUTORY_WEEKS, add_months
from feedback.services.demo import DEMO_REFERENCE_PREFIX, demo_organisation
from feedback.services.invitations import issue_invitation
from feedback.services.surveys import survey_for

# How long ago a demo link's stage event happened: recent, so its invitation is due now.
DEMO_LINK_EVENT_DAYS_AGO = 3


def _demo_link_case(reference: str, stage: str, audience: str, today: date) -> Case:
    """Return a demo case whose recorded events make ``stage`` due: the decision, draft and
    final plan (and, for an annual review, a review meeting) in order, the asked-for stage's
    event a few days ago, the earlier ones at their statutory distance before it."""
    happened = today - timedelta(days=DEMO_LINK_EVENT_DAYS_AGO)
    if stage == Stage.ANNUAL_REVIEW.value:
        final = add_months(happened, -ANNUAL_REVIEW_MONTHS)
        request_date = final - timedelta(weeks=STATUTORY_WEEKS[Stage.WEEK20.value])
    else:
        request_date = happened - timedelta(weeks=STATUTORY_WEEKS[stage])
    events = {
        name: request_date + timedelta(weeks=STATUTORY_WEEKS[event_stage])
        for name, event_stage in (
            ("decision_date", Stage.WEEK6.value),
            ("draft_plan_date", Stage.WEEK16.value),
            ("final_plan_date", Stage.WEEK20.value),
        )
    }
    young_person = audience == Audience.YOUNG_PERSON.value
    case = Case(
        organisation=demo_organisation(),
        reference=reference,
        request_date=request_date,
        preferred_language="en",
        contact_channel=Channel.EMAIL.value,
        parent_email=f"{reference.lower()}@example.com",
        young_person_channel=Channel.EMAIL.value if young_person else None,
        young_person_email=f"{reference.lower()}.yp@example.com" if young_person else None,
        **{name: when for name, when in events.items() if when <= happened},
    )
    if stage == Stage.ANNUAL_REVIEW.value:
        case.annual_reviews.append(AnnualReview(review_date=happened))
    return case


def issue_demo_link(stage: str = Stage.WEEK6.value, audience: str = Audience.PARENT.value) -> str:
    """Create a fresh demo case, whose recorded events make ``stage`` due (so the case page and
    the case list agree with the invitation), and its invitation; commit, and return the family
    link's path."""
    survey_for(stage, audience)  # fail early, with the registry's message, on an unknown pair
    reference = f"{DEMO_REFERENCE_PREFIX}LINK-{journey.new_reference()[3:]}"
    case = _demo_link_case(reference, stage, audience, date.today())
    db.session.add(case)
    issued = issue_invitation(case, stage=stage, audience=audience, channel=Channel.EMAIL.value)
    # Sealed as scheduled invitations are, so send-due can send it and remind with the same link.
    token = seal(issued.invitation)
    if stage == Stage.ANNUAL_REVIEW.value:
        issued.invitation.annual_review = case.annual_reviews[0]  # the review it asks about
    db.session.commit()
    return f"/s/{token}"
