"""``invitations send-due``: create what is due, send it, remind once, hand messages to Notify,
ask Notify what became of them, and send again, once, what Notify itself failed to send.

Invitations and reminders are claimed in batches with ``SELECT … FOR UPDATE SKIP LOCKED`` and an
``UPDATE … RETURNING`` that sets ``sent_at`` (or ``reminded_at``) only where it is still empty;
the message is queued in the same transaction. So a second run, or a second machine, finds
nothing left to claim, and each family gets each message once. A message Notify reports as a
technical failure (it never left Notify) is claimed the same way, by setting its ``resent_at``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, exists, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, aliased, selectinload

from feedback.extensions import db
from feedback.models import Case, Channel, Invitation, utcnow
from feedback.models.cases import InvitationSource
from feedback.models.messaging import DeliveryStatus, OutboundMessage
from feedback.services.cases.links import opt_out_url, survey_url, token_for
from feedback.services.cases.scheduling import create_due_invitations
from feedback.services.delivery_checks import CheckRun, check_delivery
from feedback.services.messaging import DeliveryRun, deliver_due_messages, queue_message
from feedback.services.surveys import survey_for

BATCH = 200
MESSAGE_CHANNELS = (Channel.EMAIL.value, Channel.SMS.value)
# Another message of the same invitation and kind, to tell a first message from its resend.
_EARLIER = aliased(OutboundMessage)


@dataclass(frozen=True, slots=True)
class SendDueReport:
    """What one run of the scheduler did."""

    created: int
    invited: int
    reminded: int
    delivered: int
    retrying: int
    failed: int
    status_checked: int
    resent: int

    def as_dict(self) -> dict[str, int]:
        """Return the counts by name."""
        return asdict(self)


def send_due(*, now: datetime | None = None) -> SendDueReport:
    """Run every step once and return the counts: create due invitations, queue first messages
    and reminders, ask Notify about earlier messages and queue again those it failed to send,
    then hand due messages (including retries) to Notify or the outbox."""
    now = now or utcnow()
    created = create_due_invitations(now=now)
    invited = _claim_and_queue(now, reminder=False)
    reminded = _claim_and_queue(now, reminder=True)
    checks: CheckRun = check_delivery(now=now)
    resent = resend_technical_failures(now=now)
    delivery: DeliveryRun = deliver_due_messages(now=now)
    return SendDueReport(
        created=created,
        invited=invited,
        reminded=reminded,
        delivered=delivery.sent,
        retrying=delivery.retrying,
        failed=delivery.failed,
        status_checked=checks.checked,
        resent=resent,
    )


def claimable(now: datetime, *, reminder: bool, channels: tuple[str, ...]) -> ColumnElement[bool]:
    """Return the condition for invitations of ``channels`` whose first message (or reminder)
    is due at ``now``: case not opted out, link not expired, not yet claimed."""
    common = and_(
        Invitation.source == InvitationSource.CASE.value,
        Invitation.channel.in_(channels),
        Invitation.expires_at > now,
        Invitation.opted_out_at.is_(None),
        Case.opted_out_at.is_(None),
    )
    if not reminder:
        return and_(common, Invitation.sent_at.is_(None), Invitation.due_at <= now)
    reminder_after = timedelta(days=int(current_app.config["REMINDER_AFTER_DAYS"]))
    return and_(
        common,
        Invitation.reminded_at.is_(None),
        Invitation.completed_at.is_(None),
        Invitation.sent_at <= now - reminder_after,
    )


def claim(
    condition: ColumnElement[bool], stamp: InstrumentedAttribute[Any], now: datetime
) -> list[int]:
    """Lock up to a batch of matching invitations, set ``stamp`` to ``now`` where it is still
    empty, and return the ids this worker claimed (the caller commits)."""
    candidates = db.session.scalars(
        select(Invitation.id)
        .join(Case, Invitation.case_id == Case.id)
        .where(condition)
        .order_by(Invitation.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True, of=Invitation)
    ).all()
    if not candidates:
        return []
    claimed = db.session.scalars(
        update(Invitation)
        .where(Invitation.id.in_(candidates), stamp.is_(None))
        .values({stamp.key: now})
        .returning(Invitation.id)
    ).all()
    return sorted(claimed)


def _has_contact() -> ColumnElement[bool]:
    return or_(
        and_(
            Invitation.channel == Channel.EMAIL.value,
            or_(
                and_(Invitation.audience == "parent", Case.parent_email.is_not(None)),
                and_(Invitation.audience == "young_person", Case.young_person_email.is_not(None)),
            ),
        ),
        and_(
            Invitation.channel == Channel.SMS.value,
            or_(
                and_(Invitation.audience == "parent", Case.parent_phone.is_not(None)),
                and_(Invitation.audience == "young_person", Case.young_person_phone.is_not(None)),
            ),
        ),
    )


def _claim_and_queue(now: datetime, *, reminder: bool) -> int:
    stamp = Invitation.reminded_at if reminder else Invitation.sent_at
    condition = and_(claimable(now, reminder=reminder, channels=MESSAGE_CHANNELS), _has_contact())
    total = 0
    while True:
        claimed = claim(condition, stamp, now)
        if not claimed:
            db.session.commit()
            return total
        invitations = db.session.scalars(
            select(Invitation)
            .where(Invitation.id.in_(claimed))
            .options(selectinload(Invitation.case), selectinload(Invitation.organisation))
        ).all()
        for invitation in invitations:
            _queue(invitation, reminder=reminder, now=now)
        db.session.commit()
        total += len(claimed)


def resend_technical_failures(*, now: datetime) -> int:
    """Queue again, once, each invitation or reminder Notify reported as a technical failure (it
    never left Notify, which asks for it to be sent again), while the family can still answer
    and the case holds their address or number; commit and return how many were queued."""
    first_of_its_kind = ~exists().where(
        _EARLIER.invitation_id == OutboundMessage.invitation_id,
        _EARLIER.reference == OutboundMessage.reference,
        _EARLIER.id < OutboundMessage.id,
    )
    candidates = db.session.scalars(
        select(OutboundMessage.id)
        .join(Invitation, OutboundMessage.invitation_id == Invitation.id)
        .join(Case, Invitation.case_id == Case.id)
        .where(
            OutboundMessage.delivery_status == DeliveryStatus.TECHNICAL_FAILURE.value,
            OutboundMessage.resent_at.is_(None),
            first_of_its_kind,  # a message that is itself a resend is not sent a third time
            Invitation.completed_at.is_(None),
            Invitation.opted_out_at.is_(None),
            Invitation.expires_at > now,
            Case.opted_out_at.is_(None),
            _has_contact(),
        )
        .order_by(OutboundMessage.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True, of=OutboundMessage)
    ).all()
    if not candidates:
        db.session.commit()
        return 0
    claimed = db.session.execute(
        update(OutboundMessage)
        .where(OutboundMessage.id.in_(candidates), OutboundMessage.resent_at.is_(None))
        .values(resent_at=now)
        .returning(OutboundMessage.invitation_id, OutboundMessage.reference)
    ).all()
    invitations = {
        invitation.id: invitation
        for invitation in db.session.scalars(
            select(Invitation)
            .where(Invitation.id.in_([invitation_id for invitation_id, _ in claimed]))
            .options(selectinload(Invitation.case), selectinload(Invitation.organisation))
        )
    }
    for invitation_id, reference in claimed:
        reminder = (reference or "").startswith("reminder-")
        _queue(invitations[invitation_id], reminder=reminder, now=now)
    db.session.commit()
    return len(claimed)


def recipient(invitation: Invitation) -> str | None:
    """Return the address or number the invitation's channel uses, if the case still holds it."""
    case = invitation.case
    if case is None:
        return None
    parent = invitation.audience == "parent"
    if invitation.channel == Channel.EMAIL.value:
        return case.parent_email if parent else case.young_person_email
    return case.parent_phone if parent else case.young_person_phone


def template_name(kind: str, channel: str, language: str) -> str:
    """Return the Notify template name: ``invitation_email``, or ``invitation_email.cy`` when
    ``NOTIFY_TEMPLATES`` has a template in the family's language."""
    base = f"{kind}_{channel}"
    localised = f"{base}.{language}"
    return localised if localised in current_app.config.get("NOTIFY_TEMPLATES", {}) else base


def personalisation(invitation: Invitation, token: str) -> dict[str, str]:
    """Return the fields a Notify template fills in, in the family's language."""
    with force_locale(invitation.language):
        title = _(survey_for(invitation.stage, invitation.audience).title)
    return {
        "council": invitation.organisation.name,
        "survey": title,
        "link": survey_url(token),
        "stop_link": opt_out_url(token),
        "closing_date": invitation.expires_at.date().isoformat(),
        "language": invitation.language,
    }


def _queue(invitation: Invitation, *, reminder: bool, now: datetime) -> None:
    token = token_for(invitation)
    kind = "reminder" if reminder else "invitation"
    queue_message(
        organisation_id=invitation.organisation_id,
        channel=invitation.channel,
        to=recipient(invitation) or "",
        template=template_name(kind, invitation.channel, invitation.language),
        personalisation=personalisation(invitation, token),
        reference=f"{kind}-{invitation.id}",
        invitation_id=invitation.id,
        unsubscribe_url=opt_out_url(token) if invitation.channel == Channel.EMAIL.value else None,
        now=now,
    )
