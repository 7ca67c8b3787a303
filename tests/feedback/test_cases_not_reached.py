"""The cases whose messages did not reach the family: the case list's count and filter, and the
case page's warning, from GOV.UK Notify's receipts and refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from feedback.extensions import db
from feedback.models import Case, Invitation, utcnow
from feedback.models.messaging import OutboundMessage
from feedback.services.cases import casework
from tests.feedback.case_pages import (
    invite_cases,
    keep_links_open,
    receipt_for_invitation,
    receipts_for_invitations,
)
from tests.feedback.cases_data import at
from tests.feedback.pages import soup


def test_case_page_asks_for_another_route_when_the_address_is_wrong(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    receipt_for_invitation(app, tmp_path, "permanent-failure")
    page = soup(signed_in().get("/staff/cases/?reference=EHC-7"))
    assert "Not delivered: the email address or phone number is wrong" in page.get_text()
    warning = " ".join(page.select_one(".govuk-warning-text").get_text(" ").split())
    assert "Some messages did not reach this family" in warning
    assert "Parent or carer, Decision whether to assess (week 6), by email" in warning


def test_case_page_gives_no_warning_when_messages_were_delivered(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    receipt_for_invitation(app, tmp_path, "delivered")
    page = soup(signed_in().get("/staff/cases/?reference=EHC-7"))
    assert page.select_one(".govuk-warning-text") is None


def test_case_list_filters_the_cases_whose_messages_did_not_reach_the_family(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    receipts_for_invitations(
        app,
        tmp_path,
        {"EHC-7": "permanent-failure", "EHC-8": "delivered", "EHC-9": "temporary-failure"},
    )
    client = signed_in()

    listing = soup(client.get("/staff/cases/"))
    [link] = listing.select(".govuk-inset-text a")
    assert link.get_text() == "2 cases have messages that did not reach the family"
    assert len(listing.select("table a")) == 3

    filtered = soup(client.get(link["href"]))
    assert [a.get_text() for a in filtered.select("table a")] == ["EHC-7", "EHC-9"]
    caption = filtered.select_one("caption").get_text(strip=True)
    assert caption == "2 cases with messages that did not reach the family"
    assert filtered.find("a", string="Show all cases")["href"] == "/staff/cases/"


def test_an_answered_or_opted_out_invitation_needs_no_other_route(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    receipts_for_invitations(
        app, tmp_path, {"EHC-7": "permanent-failure", "EHC-8": "permanent-failure"}
    )
    with app.app_context():
        for reference, field in (("EHC-7", "completed_at"), ("EHC-8", "opted_out_at")):
            invitation = db.session.scalars(
                db.select(Invitation).join(Case).where(Case.reference == reference)
            ).one()
            setattr(invitation, field, at("2025-02-20"))
        db.session.commit()
    client = signed_in()

    assert soup(client.get("/staff/cases/")).select_one(".govuk-inset-text") is None
    assert soup(client.get("/staff/cases/?not_reached=1")).select("table a") == []
    page = soup(client.get("/staff/cases/?reference=EHC-7"))
    assert page.select_one(".govuk-warning-text") is None


def test_an_expired_invitation_leaves_the_list_of_cases_not_reached(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    receipts_for_invitations(app, tmp_path, {"EHC-7": "permanent-failure"})
    client = signed_in()
    assert soup(client.get("/staff/cases/?not_reached=1")).select("table a")
    with app.app_context():
        db.session.execute(db.update(Invitation).values(expires_at=utcnow() - timedelta(hours=1)))
        db.session.commit()

    page = soup(client.get("/staff/cases/?not_reached=1"))

    assert page.select("table a[href*='reference=']") == []
    assert "No case has an open invitation whose messages did not reach the family" in (
        page.get_text()
    )
    assert page.title.get_text().startswith("Cases with messages that did not reach the family")


@pytest.mark.parametrize(
    ("last_error", "flagged"),
    [("400 BadRequestError", True), ("403 AuthError", False), ("500 no response", False)],
)
def test_only_notifys_refusal_of_the_recipient_counts_as_not_reached(
    app: Flask,
    tmp_path: Path,
    signed_in: Callable[..., FlaskClient],
    last_error: str,
    flagged: bool,
) -> None:
    invite_cases(app, tmp_path)
    with app.app_context():
        message = db.session.scalars(db.select(OutboundMessage)).one()
        message.status, message.last_error = "failed", last_error
        db.session.commit()
    keep_links_open(app)

    listing = soup(signed_in().get("/staff/cases/?not_reached=1"))

    assert [a.get_text() for a in listing.select("table a")] == (["EHC-7"] if flagged else [])


def test_another_councils_cases_not_reached_are_neither_counted_nor_listed(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    receipts_for_invitations(app, tmp_path, {"EHC-7": "permanent-failure"})
    client = signed_in(organisation="elsewhere")

    assert soup(client.get("/staff/cases/")).select_one(".govuk-inset-text") is None
    assert "EHC-7" not in client.get("/staff/cases/?not_reached=1").get_data(as_text=True)


def test_pages_of_the_filtered_list_keep_the_filter(
    app: Flask,
    tmp_path: Path,
    signed_in: Callable[..., FlaskClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(casework, "PER_PAGE", 1)
    receipts_for_invitations(
        app, tmp_path, {"EHC-7": "permanent-failure", "EHC-8": "temporary-failure"}
    )
    page = soup(signed_in().get("/staff/cases/?not_reached=1"))
    links = {a["href"] for a in page.select(".govuk-pagination a")}
    assert links and all("not_reached=1" in link for link in links)
