"""The demo data ``make run`` loads: something for every staff role to look at."""

from __future__ import annotations

from flask import Flask

from feedback.extensions import db
from feedback.models import Case, Channel, Invitation
from feedback.services.cases import casework
from feedback.services.demo import demo_organisation, load_demo


def test_demo_has_cases_whose_messages_did_not_reach_the_family(app: Flask) -> None:
    with app.app_context():
        load_demo(cases=60)
        organisation = demo_organisation()
        not_reached = casework.list_cases(organisation.id, not_reached=True)

        assert not_reached.total == casework.count_not_reached(organisation.id) > 0
        channels = set(
            db.session.scalars(
                casework.unreached_invitations()
                .where(Case.organisation_id == organisation.id)
                .with_only_columns(Invitation.channel)
            )
        )
        assert channels <= {Channel.EMAIL.value, Channel.SMS.value}
        assert all(
            invitation.completed_at is None
            for case in not_reached.cases
            for invitation in casework.needing_another_route(case)
        )
