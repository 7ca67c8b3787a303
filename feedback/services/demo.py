"""Synthetic demo data a newcomer can explore (fresh family links: :mod:`.demo_links`).

Everything here is invented: references, dates and comments. No real family is described.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from feedback.extensions import db
from feedback.models import (
    AnnualReview,
    Audience,
    Case,
    Channel,
    DraftAnswer,
    Invitation,
    Organisation,
    Role,
    Stage,
    User,
    utcnow,
)
from feedback.models.messaging import DeliveryStatus, MessageStatus, OutboundMessage
from feedback.services import journey
from feedback.services.cases import progress
from feedback.services.cases.sending import template_name
from feedback.services.invitations import issue_invitation
from feedback.services.kpis.demo_plan import create_demo_plan
from feedback.services.organisations import ensure_organisation, update_contact_details
from feedback.services.surveys import registry, survey_for
from feedback.services.users import create_user
from forms import AnswerValue, Question

DEMO_ORGANISATION_SLUG = "demo"
DEMO_ORGANISATION_NAME = "Demo Borough Council"
DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - published demo credentials, never for real use
# The demo logins come with their authenticator app already set up on this published secret, so a
# newcomer can add it to an app (or print the current code with `flask demo code`).
DEMO_TOTP_SECRET = "DEMOSENDFEEDBACKDEMOSENDFEEDBACK"  # noqa: S105 - published, demo only  # nosec B105
DEMO_REFERENCE_PREFIX = "DEMO-"
# Of the invitations not opened, the share whose message did not reach the family.
NOT_DELIVERED_SHARE = 0.05
# Of the families who opened the link and did not answer, the share who saved a page first.
STARTED_NOT_ANSWERED_SHARE = 0.35
NOTIFY_CHANNELS = (Channel.EMAIL.value, Channel.SMS.value)
DEMO_CASE_CHANNELS = (*NOTIFY_CHANNELS, Channel.LETTER.value)


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """A demo staff account as printed by ``demo banner``."""

    role: str
    email: str
    name: str


DEMO_LOGINS = (
    DemoLogin(Role.ADMIN.value, "admin@example.gov.uk", "Ada Admin"),
    DemoLogin(Role.LEAD.value, "lead@example.gov.uk", "Lee Lead"),
    DemoLogin(Role.REVIEWER.value, "reviewer@example.gov.uk", "Rae Reviewer"),
    DemoLogin(Role.CASE_OFFICER.value, "officer@example.gov.uk", "Cas Officer"),
)

_WENT_WELL = (
    "The case officer phoned me back the same day and explained what would happen next.",
    "I felt listened to in the meeting and my son's views were written down properly.",
    "The educational psychologist really took time to get to know my daughter.",
    "The draft plan described our child well and the all about me section was lovely.",
    "Clear letters and I always knew who to contact.",
    "SENDIASS helped me understand the process and came to the meeting with me.",
    "they asked me what i wanted and listened",
    "The school and the council worked together for once.",
)
_COULD_BE_BETTER = (
    "It took too long and I had to chase for updates several times.",
    "Nobody told us the decision until the very last day.",
    "The draft plan was full of copy and paste and had the wrong name in one section.",
    "Health needs were missing from the plan even though we sent the reports.",
    "Communication between the council and school was poor.",
    "The annual review paperwork arrived late and the amended plan took months.",
    "i didnt understand the letters, too much jargon",
    "Transport was not sorted out in time for the start of term.",
    "We waited weeks for the speech and language therapy advice.",
)


# Invented contact details (Ofcom's drama numbers, example domains) the demo council gives families.
DEMO_CONTACT_DETAILS = {
    "contact_phone": "01632 960 001",
    "contact_email": "send@demo-borough.example.gov.uk",
    "contact_hours": "Monday to Friday, 9am to 5pm",
    "sendiass_name": "Demo Borough SENDIASS",
    "sendiass_phone": "01632 960 002",
    "sendiass_email": "help@demo-sendiass.example.org.uk",
    "sendiass_website": "https://demo-sendiass.example.org.uk",
}


def demo_organisation() -> Organisation:
    """Return the demo council, creating it (with its contact details for families) on first
    use."""
    organisation = ensure_organisation(DEMO_ORGANISATION_SLUG, DEMO_ORGANISATION_NAME)
    if not any(getattr(organisation, name) for name in DEMO_CONTACT_DETAILS):
        update_contact_details(organisation, DEMO_CONTACT_DETAILS)
    return organisation


@dataclass(frozen=True, slots=True)
class DemoPoint:
    """A demo case at one point of its process, left for ``invitations send-due`` to act on.

    Days are counted back from today; ``None`` means the case system has no date for it.
    """

    reference: str
    request: int
    decision: int | None = None
    draft: int | None = None
    final: int | None = None
    review: int | None = None
    channel: str = Channel.EMAIL.value
    young_person: bool = False
    opted_out: bool = False


# One case at each point worth seeing on the case list before and after ``send-due``.
DEMO_POINTS = (
    DemoPoint("DEMO-S01-REQUESTED", request=14),
    DemoPoint("DEMO-S02-DECISION-OVERDUE", request=60),
    DemoPoint("DEMO-S03-DECIDED-TODAY", request=45, decision=3),
    DemoPoint("DEMO-S04-DECIDED", request=60, decision=18, young_person=True),
    DemoPoint("DEMO-S05-DRAFT-OVERDUE", request=130, decision=10),
    DemoPoint("DEMO-S06-DRAFT-ISSUED", request=115, decision=70, draft=5),
    DemoPoint("DEMO-S07-DRAFT-NO-DECISION", request=115, draft=6),
    DemoPoint("DEMO-S08-FINAL-ISSUED", request=150, decision=105, draft=40, final=4),
    DemoPoint(
        "DEMO-S09-FINAL-BY-LETTER",
        request=150,
        decision=105,
        draft=40,
        final=7,
        channel=Channel.LETTER.value,
    ),
    DemoPoint("DEMO-S10-REVIEW-HELD", request=540, decision=500, draft=430, final=400, review=6),
    DemoPoint("DEMO-S11-OPTED-OUT", request=50, decision=5, opted_out=True),
)


def _demo_points(organisation: Organisation, today: date) -> None:
    """Add the cases of ``DEMO_POINTS`` with contact details and no invitations yet."""
    for point in DEMO_POINTS:
        ago = {
            name: today - timedelta(days=days) if days is not None else None
            for name, days in (
                ("decision", point.decision),
                ("draft", point.draft),
                ("final", point.final),
            )
        }
        case = Case(
            organisation=organisation,
            reference=point.reference,
            request_date=today - timedelta(days=point.request),
            decision_date=ago["decision"],
            draft_plan_date=ago["draft"],
            final_plan_date=ago["final"],
            preferred_language="en",
            contact_channel=point.channel,
            parent_email=f"{point.reference.lower()}@example.com"
            if point.channel == Channel.EMAIL.value
            else None,
            young_person_channel=Channel.SMS.value if point.young_person else None,
            young_person_phone="07700 900123" if point.young_person else None,
            opted_out_at=utcnow() if point.opted_out else None,
        )
        if point.review is not None:
            case.annual_reviews.append(
                AnnualReview(review_date=today - timedelta(days=point.review))
            )
        db.session.add(case)


def ensure_demo_users() -> list[DemoLogin]:
    """Create the demo staff accounts that do not exist yet, with their authenticator app set up
    on ``DEMO_TOTP_SECRET``, and return all of them."""
    organisation = demo_organisation()
    for login in DEMO_LOGINS:
        user = db.session.scalar(select(User).where(User.email == login.email))
        if user is None:
            user = create_user(
                organisation=organisation,
                email=login.email,
                name=login.name,
                role=login.role,
                password=DEMO_PASSWORD,
                # The published demo password fails the policy on purpose; never in production.
                check_password_policy=False,
            )
        if user.totp_secret is None:
            user.totp_secret = DEMO_TOTP_SECRET
            db.session.commit()
    return list(DEMO_LOGINS)


def _demo_case(
    rng: random.Random, organisation: Organisation, reference: str, request_date: date
) -> Case:
    today = date.today()
    decision = request_date + timedelta(weeks=6, days=rng.randint(-5, 10))
    draft = request_date + timedelta(weeks=16, days=rng.randint(-7, 21))
    final = request_date + timedelta(weeks=20, days=rng.randint(-7, 60))
    case = Case(
        organisation=organisation,
        reference=reference,
        request_date=request_date,
        decision_date=decision if decision <= today else None,
        draft_plan_date=draft if draft <= today else None,
        final_plan_date=final if final <= today else None,
        preferred_language="en",
        # The channels a case import accepts for a personal link; posters are not personal.
        contact_channel=rng.choice(DEMO_CASE_CHANNELS),
    )
    if case.final_plan_date and case.final_plan_date + timedelta(days=365) <= today:
        case.annual_reviews.append(
            AnnualReview(review_date=case.final_plan_date + timedelta(days=rng.randint(330, 380)))
        )
    db.session.add(case)
    return case


def _reached_stages(case: Case) -> list[Stage]:
    reached = []
    for stage, event in (
        (Stage.WEEK6, case.decision_date),
        (Stage.WEEK16, case.draft_plan_date),
        (Stage.WEEK20, case.final_plan_date),
    ):
        if event is not None:
            reached.append(stage)
    if case.annual_reviews:
        reached.append(Stage.ANNUAL_REVIEW)
    return reached


def _demo_value(rng: random.Random, question: Question, mood: float) -> AnswerValue | None:
    kind = str(getattr(question.type, "value", question.type))
    if rng.random() < 0.08:
        return None  # some families skip some questions
    if kind in ("rating5", "agree5"):
        if rng.random() < 0.05:
            return AnswerValue(None, "dont_know")
        score = min(5, max(1, round(rng.gauss(mood, 1.0))))
        return AnswerValue(float(score), None)
    if kind == "yes_no":
        yes = rng.random() < (mood - 1) / 4
        return AnswerValue(1.0 if yes else 0.0, "yes" if yes else "no")
    if kind == "choice":
        option = rng.choice(list(question.options))
        return AnswerValue(getattr(option, "score", None), option.key)
    if kind == "multi_choice":
        chosen = [o.key for o in question.options if rng.random() < 0.3] or [
            question.options[0].key
        ]
        return AnswerValue(None, ",".join(chosen))
    if kind == "text":
        if rng.random() < 0.5:
            return None
        bank = _WENT_WELL if "well" in question.key else _COULD_BE_BETTER
        return AnswerValue(None, rng.choice(bank))
    return None


def _answer_survey(rng: random.Random, invitation_id: int, stage: str, audience: str) -> None:
    survey = survey_for(stage, audience)
    mood = rng.uniform(2.2, 4.3)
    for page in survey.pages:
        for question in page.questions:
            value = _demo_value(rng, question, mood) or AnswerValue(None, None)
            db.session.add(
                DraftAnswer(
                    invitation_id=invitation_id,
                    question_key=question.key,
                    numeric_value=value.numeric,
                    text_value=value.text,
                )
            )
    db.session.flush()


def _not_delivered(rng: random.Random, invitation: Invitation) -> None:
    """Record that Notify could not deliver the invitation's message, so the case officer's
    "did not reach the family" list has something to show."""
    status = rng.choice((DeliveryStatus.PERMANENT_FAILURE, DeliveryStatus.TEMPORARY_FAILURE))
    db.session.add(
        OutboundMessage(
            organisation_id=invitation.organisation_id,
            invitation_id=invitation.id,
            channel=invitation.channel,
            template=template_name("invitation", invitation.channel, invitation.language),
            reference=f"invitation-{invitation.id}",
            status=MessageStatus.SENT.value,
            attempts=1,
            sent_at=invitation.sent_at,
            delivery_status=status.value,
            delivery_status_at=invitation.sent_at,
        )
    )


def load_demo(*, cases: int = 160, seed: int = 20221) -> int:
    """Load demo users and ``cases`` synthetic cases with invitations and responses.

    Idempotent: if demo cases exist already, nothing more is added. Returns the number of
    responses created.
    """
    ensure_demo_users()
    organisation = demo_organisation()
    # The first synthetic case marks a loaded demo; demo links make cases of their own.
    if db.session.scalar(select(Case).where(Case.reference == f"{DEMO_REFERENCE_PREFIX}00000")):
        return 0
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    # Its own generator, so the demo's answers and figures do not depend on these.
    delivery_rng = random.Random(seed + 1)  # noqa: S311 - reproducible demo data
    progress_rng = random.Random(seed + 2)  # noqa: S311 - reproducible demo data
    registry()  # validate the surveys before writing anything
    responses = 0
    today = date.today()
    for number in range(cases):
        request_date = today - timedelta(days=rng.randint(10, 760))
        reference = f"{DEMO_REFERENCE_PREFIX}{number:05d}"
        case = _demo_case(rng, organisation, reference, request_date)
        for stage in _reached_stages(case):
            for audience in (Audience.PARENT, Audience.YOUNG_PERSON):
                if audience is Audience.YOUNG_PERSON and rng.random() < 0.6:
                    continue
                issued = issue_invitation(
                    case, stage=stage.value, audience=audience.value, channel=case.contact_channel
                )
                invitation = issued.invitation
                if stage is Stage.ANNUAL_REVIEW:
                    invitation.annual_review = case.annual_reviews[0]  # the review it asks about
                invitation.sent_at = utcnow()
                if rng.random() < 0.7:
                    invitation.opened_at = utcnow()
                if rng.random() < 0.45:
                    _answer_survey(rng, invitation.id, stage.value, audience.value)
                    journey.submit(
                        invitation, survey_for(stage.value, audience.value), language="en"
                    )
                    responses += 1
                elif (
                    invitation.opened_at is not None
                    and progress_rng.random() < STARTED_NOT_ANSWERED_SHARE
                ):
                    progress.record_started(invitation, invitation.opened_at)
                elif (
                    invitation.opened_at is None
                    and case.contact_channel in NOTIFY_CHANNELS
                    and delivery_rng.random() < NOT_DELIVERED_SHARE
                ):
                    _not_delivered(delivery_rng, invitation)
        db.session.commit()
    _demo_points(organisation, today)
    db.session.commit()
    lead = db.session.scalar(select(User).where(User.email == DEMO_LOGINS[1].email))
    create_demo_plan(organisation, lead)
    return responses
