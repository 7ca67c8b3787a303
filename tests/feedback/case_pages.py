"""Case officers' pages in tests: invited cases, Notify's receipts for their invitations, and
the case page's stages table (the signed-in client is the ``signed_in`` fixture)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from feedback.extensions import db
from feedback.models import Case, Invitation, utcnow
from feedback.models.messaging import OutboundMessage
from feedback.services.cases.sending import send_due
from tests.feedback.cases_data import at, import_file, row, write_csv
from tests.feedback.notify_data import CALLBACK_TOKEN, RECEIPTS_URL, fake_notify, receipt
from tests.feedback.pages import soup


def invite_cases(app: Flask, tmp_path: Path, references: tuple[str, ...] = ("EHC-7",)) -> None:
    """Import cases with these references (decided 10 February 2025) and invite them."""
    with app.app_context():
        rows = [
            row(
                reference,
                request_date="2025-01-06",
                decision_date="2025-02-10",
                final_plan_date="2025-06-02",
            )
            for reference in references
        ]
        import_file(write_csv(tmp_path / "cases.csv", rows))
        send_due(now=at("2025-02-13"))


def case_rows(client: FlaskClient, reference: str) -> list[list[str]]:
    """Return the text of each row of the case page's stages table."""
    page = client.get(f"/staff/cases/?reference={reference}")
    assert page.status_code == 200
    return [
        [" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["th", "td"])]
        for tr in soup(page).select("table tbody tr")
    ]


def receipt_for_invitation(app: Flask, tmp_path: Path, status: str) -> None:
    """Send EHC-7's invitation through (fake) Notify and post Notify's receipt for it."""
    receipts_for_invitations(app, tmp_path, {"EHC-7": status})


def receipts_for_invitations(app: Flask, tmp_path: Path, statuses: dict[str, str]) -> None:
    """Send each case's invitation through (fake) Notify and post Notify's receipt for it, with
    the status given for that case's reference."""
    with fake_notify(app):
        invite_cases(app, tmp_path, tuple(statuses))
    with app.app_context():
        sent = db.session.execute(
            db.select(Case.reference, OutboundMessage.notify_id)
            .join(Invitation, Invitation.id == OutboundMessage.invitation_id)
            .join(Case, Case.id == Invitation.case_id)
        ).all()
    app.config["NOTIFY_CALLBACK_TOKEN"] = CALLBACK_TOKEN
    for reference, notify_id in sent:
        posted = app.test_client().post(
            RECEIPTS_URL,
            json=receipt(str(notify_id), statuses[reference]),
            headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"},
        )
        assert posted.json == {"result": "recorded"}
    keep_links_open(app)


def keep_links_open(app: Flask) -> None:
    """Move every link's expiry a week past today, as if the invitations were sent this week."""
    with app.app_context():
        db.session.execute(db.update(Invitation).values(expires_at=utcnow() + timedelta(days=7)))
        db.session.commit()
