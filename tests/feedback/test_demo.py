"""The demo data ``make run`` loads: something for every staff role to look at."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Channel, utcnow
from feedback.models.messaging import OutboundMessage
from feedback.services.cases import casework
from feedback.services.demo import demo_organisation, load_demo


def test_demo_has_cases_whose_messages_did_not_reach_the_family(app: Flask) -> None:
    with app.app_context():
        load_demo(cases=60)
        organisation = demo_organisation()
        listing = casework.list_cases(organisation.id, not_reached=True)
        count = casework.count_not_reached(organisation.id)
        flagged = list(
            db.session.scalars(casework.unreached_invitations(organisation.id, now=utcnow()))
        )
        statuses = {
            invitation.id: set(
                db.session.scalars(
                    select(OutboundMessage.delivery_status).where(
                        OutboundMessage.invitation_id == invitation.id
                    )
                )
            )
            for invitation in flagged
        }

    assert listing.total == count > 0
    assert {invitation.channel for invitation in flagged} <= {Channel.EMAIL, Channel.SMS}
    # A family the message did not reach has not opened the link either.
    assert all(invitation.opened_at is None for invitation in flagged)
    assert all(
        found and found <= {"permanent-failure", "temporary-failure"} for found in statuses.values()
    )
