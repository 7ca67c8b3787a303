"""Response rates by stage, audience, channel, language and month; timeliness from case dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from statsmodels.stats.proportion import proportion_confint

from feedback.extensions import db
from feedback.models import Case, Invitation, User
from feedback.models.messaging import MessageStatus, OutboundMessage
from feedback.services.cases.rates import response_rates
from feedback.services.cases.sending import send_due
from feedback.services.cases.timeliness import plans_issued_within
from feedback.services.organisations import ensure_organisation
from feedback.services.tokens import hash_token
from tests.feedback.cases_data import at, import_file, row, write_csv
from tests.feedback.notify_data import CALLBACK_TOKEN, RECEIPTS_URL, fake_notify, receipt
from tests.feedback.pages import CheckingClient, soup
from tests.feedback.staff_sign_in import sign_in_client


def _invitations(
    organisation_id: int,
    count: int,
    *,
    sent: datetime,
    stage: str = "week6",
    channel: str = "email",
    opened: int = 0,
    started: int = 0,
    completed: int = 0,
    opted_out: int = 0,
    bounced: int = 0,
    prefix: str = "R",
) -> None:
    """Add ``count`` sent invitations; the first ``opened`` were opened, and so on."""
    for n in range(count):
        case = Case(
            organisation_id=organisation_id,
            reference=f"{prefix}-{stage}-{sent:%m}-{n}",
            request_date=date(2025, 1, 6),
        )
        invitation = Invitation(
            case=case,
            stage=stage,
            audience="parent",
            channel=channel,
            language="en",
            token_hash=hash_token(case.reference),
            sent_at=sent,
            expires_at=at("2026-01-01"),
            opened_at=sent if n < opened else None,
            started_at=sent if n < started else None,
            completed_at=sent if n < completed else None,
            opted_out_at=sent if n < opted_out else None,
        )
        db.session.add(invitation)
        if n < bounced:
            db.session.flush()
            db.session.add(
                OutboundMessage(
                    organisation_id=organisation_id,
                    invitation_id=invitation.id,
                    channel=channel,
                    template="invitation_email",
                    status=MessageStatus.FAILED.value,
                )
            )
    db.session.commit()


def test_rate_by_stage_is_answered_over_invited_with_the_wilson_interval(app: Flask) -> None:
    with app.app_context():
        org = ensure_organisation("demo", "Demo Council").id
        _invitations(
            org,
            40,
            sent=at("2025-02-13"),
            opened=30,
            started=25,
            completed=18,
            opted_out=5,
            bounced=6,
        )
        _invitations(org, 20, sent=at("2025-03-13"), stage="week16", completed=5)
        rates = response_rates(org)
    week6 = next(row for row in rates.table("stage").rows if row.key == "week6")
    counts = {measure: cell.value for measure, cell in week6.cells.items()}
    assert counts == {
        "invited": 40,
        "opened": 30,
        "started": 25,
        "completed": 18,
        "opted_out": 5,
        "bounced": 6,
    }
    lo, hi = proportion_confint(18, 40, alpha=0.05, method="wilson")
    assert week6.rate is not None
    assert (week6.rate.value, week6.rate.method) == (18 / 40, "wilson")
    assert week6.rate.lo == pytest.approx(lo, abs=1e-9)
    assert week6.rate.hi == pytest.approx(hi, abs=1e-9)
    total = rates.table("stage").total
    assert (total.cells["invited"].value, total.cells["completed"].value) == (60, 23)


def test_rates_by_month_and_channel_split_the_same_invitations(app: Flask) -> None:
    with app.app_context():
        org = ensure_organisation("demo", "Demo Council").id
        _invitations(org, 12, sent=at("2025-02-13"), completed=6)
        _invitations(org, 15, sent=at("2025-03-13"), channel="sms", completed=5, prefix="S")
        rates = response_rates(org)
    by_month = {row.key: row.cells["invited"].value for row in rates.table("month").rows}
    by_channel = {row.key: row.cells["completed"].value for row in rates.table("channel").rows}
    assert by_month == {"2025-02": 12, "2025-03": 15}
    assert by_channel == {"email": 6, "sms": 5}


def test_small_counts_are_suppressed_and_no_rate_is_shown_from_few_invitations(
    app: Flask,
) -> None:
    with app.app_context():
        org = ensure_organisation("demo", "Demo Council").id
        _invitations(org, 30, sent=at("2025-02-13"), completed=12)
        _invitations(org, 8, sent=at("2025-02-13"), stage="week20", completed=3)
        rates = response_rates(org)
    week20 = next(row for row in rates.table("stage").rows if row.key == "week20")
    assert week20.cells["completed"].suppressed
    assert week20.cells["completed"].value is None
    assert week20.rate is None  # 8 invitations: fewer than MIN_N_FOR_RATES (10)


def test_no_breakdown_prints_a_total_that_pins_down_another_breakdowns_small_counts(
    app: Flask,
) -> None:
    # 4 answers in each of two months, all at one stage: the month table alone would hide its
    # total, but the stage table would print 8, and 4 + 4 is the only way to make 8 from two
    # "fewer than 5" cells.
    with app.app_context():
        org = ensure_organisation("demo", "Demo Council").id
        _invitations(org, 12, sent=at("2025-02-13"), completed=4)
        _invitations(org, 12, sent=at("2025-03-13"), completed=4, prefix="M")
        rates = response_rates(org)
    months = [row.cells["completed"].text for row in rates.table("month").rows]
    assert months == ["fewer than 5", "fewer than 5"]
    for dimension in ("stage", "audience", "channel", "language", "month"):
        table = rates.table(dimension)
        assert table.total.cells["completed"].value is None, dimension
        assert [row.cells["completed"].value for row in table.rows] == [None] * len(table.rows)
    assert rates.table("stage").total.cells["invited"].value == 24


def test_a_shown_count_of_those_who_started_cannot_pin_the_small_count_of_those_who_answered(
    app: Flask,
) -> None:
    # Answered 3 of 6 starters in February, all 5 starters in March. With March's answers
    # "not shown" (5 or more) but its starters shown as 5 and the answered total as 8, a reader
    # would know March had 5 and February 3.
    with app.app_context():
        org = ensure_organisation("demo", "Demo Council").id
        _invitations(org, 12, sent=at("2025-02-13"), opened=6, started=6, completed=3)
        _invitations(org, 12, sent=at("2025-03-13"), opened=5, started=5, completed=5, prefix="M")
        rates = response_rates(org)
    february, march = rates.table("month").rows
    assert february.cells["completed"].text == "fewer than 5"
    answered_total = rates.table("month").total.cells["completed"].value
    assert march.cells["completed"].value is None
    assert answered_total is None or march.cells["started"].value is None


def test_another_councils_invitations_are_not_counted(app: Flask) -> None:
    with app.app_context():
        ours = ensure_organisation("demo", "Demo Council").id
        theirs = ensure_organisation("elsewhere", "Elsewhere Council").id
        _invitations(ours, 12, sent=at("2025-02-13"), completed=6)
        _invitations(theirs, 20, sent=at("2025-02-13"), completed=20, prefix="T")
        assert response_rates(ours).table("stage").total.cells["invited"].value == 12


def test_response_rates_page_shows_a_chart_and_the_same_figures_in_tables(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        org = ensure_organisation("demo", "Demo Council").id
        _invitations(org, 20, sent=at("2025-02-13"), completed=9)
    lead = make_staff("lead")
    app.test_client_class = CheckingClient
    client: FlaskClient = app.test_client()
    sign_in_client(client, lead.email)
    page = client.get("/staff/response-rates")
    assert page.status_code == 200
    html = soup(page)
    assert html.select_one("svg title").get_text() == "Response rate by month sent"
    caption = html.find("caption", string=lambda text: bool(text) and "By month sent" in text)
    cells = [td.get_text(strip=True) for td in caption.find_parent("table").select("tbody td")]
    # invited, opened, started, answered, opted out, not delivered, rate
    assert cells[:7] == ["20", "0", "0", "9", "0", "0", "45%"]


def _messaged(organisation_id: int, prefix: str, *messages: tuple[str, str | None, bool]) -> None:
    """Add 5 sent invitations, each with ``messages``: (kind, Notify's delivery status, whether it
    was sent again)."""
    _invitations(organisation_id, 5, sent=at("2025-02-13"), prefix=prefix)
    invitations = db.session.scalars(
        db.select(Invitation).join(Case).where(Case.reference.startswith(f"{prefix}-"))
    ).all()
    for invitation in invitations:
        for kind, delivery_status, resent in messages:
            db.session.add(
                OutboundMessage(
                    organisation_id=organisation_id,
                    invitation_id=invitation.id,
                    channel="email",
                    template=f"{kind}_email",
                    reference=f"{kind}-{invitation.id}",
                    status=MessageStatus.SENT.value,
                    delivery_status=delivery_status,
                    resent_at=at("2025-02-13") if resent else None,
                )
            )
    db.session.commit()


def test_bounced_counts_invitations_whose_receipts_say_none_reached_the_family(
    app: Flask,
) -> None:
    with app.app_context():
        org = ensure_organisation("demo", "Demo Council").id
        _messaged(org, "D", ("invitation", "delivered", False))
        _messaged(org, "P", ("invitation", "permanent-failure", False))
        _messaged(org, "T", ("invitation", "temporary-failure", False))
        _messaged(org, "X", ("invitation", "technical-failure", False))
        _messaged(
            org, "XR", ("invitation", "technical-failure", True), ("invitation", "delivered", False)
        )
        _messaged(
            org, "PR", ("invitation", "permanent-failure", False), ("reminder", "delivered", False)
        )
        _messaged(org, "N", ("invitation", None, False))  # no receipt yet
        total = response_rates(org).table("stage").total
    # Permanent, temporary and unresent technical failures; a delivered resend or reminder
    # means the family was reached.
    assert (total.cells["invited"].value, total.cells["bounced"].value) == (35, 15)


def test_response_rates_page_counts_not_delivered_from_notifys_receipts(
    app: Flask, make_staff: Callable[..., User], tmp_path: Path
) -> None:
    with fake_notify(app), app.app_context():
        rows = [row(f"EHC-{n}", decision_date="2025-02-10") for n in range(10)]
        assert import_file(write_csv(tmp_path / "cases.csv", rows)).succeeded
        send_due(now=at("2025-02-13"))
        notify_ids = db.session.scalars(
            db.select(OutboundMessage.notify_id).order_by(OutboundMessage.id)
        ).all()
    app.config["NOTIFY_CALLBACK_TOKEN"] = CALLBACK_TOKEN
    for number, notify_id in enumerate(notify_ids):
        status = "permanent-failure" if number < 6 else "delivered"
        posted = app.test_client().post(
            RECEIPTS_URL,
            json=receipt(str(notify_id), status),
            headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"},
        )
        assert posted.status_code == 200
    lead = make_staff("lead")
    app.test_client_class = CheckingClient
    client: FlaskClient = app.test_client()
    sign_in_client(client, lead.email)
    html = soup(client.get("/staff/response-rates"))
    caption = html.find("caption", string=lambda text: bool(text) and "By stage" in text)
    cells = [td.get_text(strip=True) for td in caption.find_parent("table").select("tbody td")]
    # invited, opened, started, answered, opted out, not delivered
    assert cells[:6] == ["10", "0", "0", "0", "0", "6"]


def test_timeliness_counts_plans_issued_within_20_weeks_by_month_of_issue(app: Flask) -> None:
    with app.app_context():
        org = ensure_organisation("demo", "Demo Council").id
        other = ensure_organisation("elsewhere", "Elsewhere Council").id
        plans = [
            # (reference, request, final plan): 140 days is exactly 20 weeks, so on time.
            ("ON-1", date(2025, 1, 6), date(2025, 5, 26)),
            ("LATE-1", date(2025, 1, 6), date(2025, 5, 27)),
            ("ON-2", date(2025, 2, 3), date(2025, 6, 2)),
            ("LATE-2", date(2025, 1, 2), date(2025, 6, 30)),
            ("OUTSIDE", date(2025, 1, 2), date(2025, 7, 1)),
        ]
        for reference, requested, issued in plans:
            db.session.add(
                Case(
                    organisation_id=org,
                    reference=reference,
                    request_date=requested,
                    final_plan_date=issued,
                )
            )
        db.session.add(
            Case(
                organisation_id=other,
                reference="THEIRS",
                request_date=date(2024, 1, 1),
                final_plan_date=date(2025, 5, 1),
            )
        )
        db.session.commit()
        result = plans_issued_within(org, 20, start=date(2025, 5, 1), end=date(2025, 6, 30))
    assert (result.numerator, result.denominator) == (2, 4)
    assert [(m.month, m.numerator, m.denominator) for m in result.months] == [
        (date(2025, 5, 1), 1, 2),
        (date(2025, 6, 1), 1, 2),
    ]
    assert [(late.reference, late.days_taken) for late in result.late] == [
        ("LATE-1", 141),
        ("LATE-2", 179),
    ]


def test_timeliness_refuses_a_period_that_ends_before_it_starts(app: Flask) -> None:
    with app.app_context(), pytest.raises(ValueError, match="ends"):
        plans_issued_within(1, start=date(2025, 6, 1), end=date(2025, 5, 1))
