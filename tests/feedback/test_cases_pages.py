"""Case officers' pages: the case list and case page, the import upload, posters and the outbox;
and the ``flask cases import`` command."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from feedback.extensions import db
from feedback.models import AuditEvent, Case, Invitation, User, utcnow
from feedback.models.messaging import OutboundMessage
from feedback.services.cases import casework
from feedback.services.cases.sending import send_due
from feedback.services.organisations import ensure_organisation
from tests.feedback.cases_data import at, case_count, import_file, row, write_csv
from tests.feedback.conftest import STAFF_PASSWORD
from tests.feedback.notify_data import CALLBACK_TOKEN, RECEIPTS_URL, fake_notify, receipt
from tests.feedback.pages import CheckingClient, soup


@pytest.fixture
def signed_in(app: Flask, make_staff: Callable[..., User]) -> Callable[..., FlaskClient]:
    """Return a function that signs a new checking client in with a role and organisation."""

    def sign_in(role: str = "case_officer", organisation: str = "demo") -> FlaskClient:
        user = make_staff(
            role, email=f"{role}@{organisation}.example.gov.uk", organisation=organisation
        )
        app.test_client_class = CheckingClient
        client = app.test_client()
        response = client.post("/sign-in", data={"email": user.email, "password": STAFF_PASSWORD})
        assert response.status_code == 302
        return client

    return sign_in


def _cases(app: Flask, tmp_path: Path, references: tuple[str, ...] = ("EHC-7",)) -> None:
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


def test_case_page_shows_statutory_due_dates_actual_dates_and_invitations(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    _cases(app, tmp_path)
    page = signed_in().get("/staff/cases/?reference=EHC-7")
    assert page.status_code == 200
    rows = [
        [" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["th", "td"])]
        for tr in soup(page).select("table tbody tr")
    ]
    # Request 6 January 2025: due 17 February, 28 April, 26 May; first review 12 months on.
    assert [r[:3] for r in rows] == [
        ["Decision whether to assess (week 6)", "2025-02-17", "2025-02-10"],
        ["Draft plan (week 16)", "2025-04-28", "–"],
        ["Final plan (week 20)", "2025-05-26", "2025-06-02"],
        ["Annual review", "2026-06-02", "–"],
    ]
    assert rows[2][3] == "Done late"
    assert rows[0][4] == (
        "Parent or carer (email): sent 2025-02-13 Invitation: In the outbox, not sent"
    )


def _case_rows(client: FlaskClient, reference: str) -> list[list[str]]:
    page = client.get(f"/staff/cases/?reference={reference}")
    assert page.status_code == 200
    return [
        [" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["th", "td"])]
        for tr in soup(page).select("table tbody tr")
    ]


def _receipt_for_the_invitation(app: Flask, tmp_path: Path, status: str) -> None:
    """Send EHC-7's invitation through (fake) Notify and post Notify's receipt for it."""
    _receipts_for_the_invitations(app, tmp_path, {"EHC-7": status})


def _receipts_for_the_invitations(app: Flask, tmp_path: Path, statuses: dict[str, str]) -> None:
    """Send each case's invitation through (fake) Notify and post Notify's receipt for it, with
    the status given for that case's reference."""
    with fake_notify(app):
        _cases(app, tmp_path, tuple(statuses))
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
    _keep_links_open(app)


def _keep_links_open(app: Flask) -> None:
    """Move every link's expiry a week past today, as if the invitations were sent this week."""
    with app.app_context():
        db.session.execute(db.update(Invitation).values(expires_at=utcnow() + timedelta(days=7)))
        db.session.commit()


def test_case_page_shows_what_notify_said_became_of_each_message(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    _receipt_for_the_invitation(app, tmp_path, "delivered")
    rows = _case_rows(signed_in(), "EHC-7")
    assert rows[0][4] == (
        "Parent or carer (email): sent 2025-02-13 Invitation: Delivered (2025-02-13)"
    )


def test_case_page_asks_for_another_route_when_the_address_is_wrong(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    _receipt_for_the_invitation(app, tmp_path, "permanent-failure")
    page = soup(signed_in().get("/staff/cases/?reference=EHC-7"))
    assert "Not delivered: the email address or phone number is wrong" in page.get_text()
    warning = " ".join(page.select_one(".govuk-warning-text").get_text(" ").split())
    assert "Some messages did not reach this family" in warning
    assert "Parent or carer, Decision whether to assess (week 6), by email" in warning


def test_case_page_gives_no_warning_when_messages_were_delivered(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    _receipt_for_the_invitation(app, tmp_path, "delivered")
    page = soup(signed_in().get("/staff/cases/?reference=EHC-7"))
    assert page.select_one(".govuk-warning-text") is None


def test_case_list_filters_the_cases_whose_messages_did_not_reach_the_family(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    _receipts_for_the_invitations(
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
    _receipts_for_the_invitations(
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
    _receipts_for_the_invitations(app, tmp_path, {"EHC-7": "permanent-failure"})
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
    _cases(app, tmp_path)
    with app.app_context():
        message = db.session.scalars(db.select(OutboundMessage)).one()
        message.status, message.last_error = "failed", last_error
        db.session.commit()
    _keep_links_open(app)

    listing = soup(signed_in().get("/staff/cases/?not_reached=1"))

    assert [a.get_text() for a in listing.select("table a")] == (["EHC-7"] if flagged else [])


def test_another_councils_cases_not_reached_are_neither_counted_nor_listed(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    _receipts_for_the_invitations(app, tmp_path, {"EHC-7": "permanent-failure"})
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
    _receipts_for_the_invitations(
        app, tmp_path, {"EHC-7": "permanent-failure", "EHC-8": "temporary-failure"}
    )
    page = soup(signed_in().get("/staff/cases/?not_reached=1"))
    links = {a["href"] for a in page.select(".govuk-pagination a")}
    assert links and all("not_reached=1" in link for link in links)


def test_outbox_shows_each_messages_delivery_status(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    _receipt_for_the_invitation(app, tmp_path, "temporary-failure")
    text = soup(signed_in("admin").get("/staff/outbox")).select_one("tbody").get_text(" ")
    assert "Not delivered: inbox full or phone off (2025-02-13 09:05)" in " ".join(text.split())


def test_another_councils_case_is_not_found(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    _cases(app, tmp_path)
    client = signed_in(organisation="elsewhere")
    assert client.get("/staff/cases/?reference=EHC-7").status_code == 404
    listing = client.get("/staff/cases/")
    assert "EHC-7" not in listing.get_data(as_text=True)


def test_case_list_links_to_each_case(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    _cases(app, tmp_path)
    page = signed_in().get("/staff/cases/")
    links = [a["href"] for a in soup(page).select("table a")]
    assert links == ["/staff/cases/?reference=EHC-7"]


def test_uploading_an_export_imports_it_and_is_audited(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    path = write_csv(tmp_path / "cases.csv", [row("UP-1"), row("UP-2")])
    client = signed_in()
    page = client.post(
        "/staff/cases/import",
        data={"file": (io.BytesIO(path.read_bytes()), "cases.csv")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    assert soup(page).h1.get_text(strip=True) == "Cases imported"
    with app.app_context():
        assert case_count() == 2
        event = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "cases.import")
        ).one()
        assert (event.details["created"], event.details["rows"]) == (2, 2)


def test_uploading_a_bad_export_lists_each_problem_and_imports_nothing(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    path = write_csv(tmp_path / "cases.csv", [row("UP-1"), row("UP-2", parent_email="nope")])
    page = signed_in().post(
        "/staff/cases/import",
        data={"file": (io.BytesIO(path.read_bytes()), "cases.csv")},
        content_type="multipart/form-data",
    )
    html = soup(page)
    assert html.title.get_text().startswith("Error:")
    problems = [
        [td.get_text(strip=True) for td in tr.find_all("td")] for tr in html.select("tbody tr")
    ]
    assert problems == [
        ["3", "parent_email", "Enter an email address in the correct format, like name@example.com"]
    ]
    with app.app_context():
        assert case_count() == 0


def test_an_upload_larger_than_a_form_but_within_the_import_limit_is_accepted(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    rows = [row(f"BIG-{n:05d}") for n in range(2000)]  # about 90 KB, over the 64 KB form limit
    path = write_csv(tmp_path / "cases.csv", rows)
    assert path.stat().st_size > app.config["MAX_CONTENT_LENGTH"]
    page = signed_in().post(
        "/staff/cases/import",
        data={"file": (io.BytesIO(path.read_bytes()), "cases.csv")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    with app.app_context():
        assert case_count() == 2000


def test_a_file_of_another_type_is_refused_with_a_message(
    app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    page = signed_in().post(
        "/staff/cases/import",
        data={"file": (io.BytesIO(b"%PDF-1.7"), "cases.pdf")},
        content_type="multipart/form-data",
    )
    assert (
        "The file must be a CSV or an Excel workbook"
        in soup(page).select_one(".govuk-error-summary").get_text()
    )


def test_admin_reads_messages_in_the_outbox(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    _cases(app, tmp_path)
    page = signed_in("admin").get("/staff/outbox")
    text = soup(page).select_one("tbody").get_text(" ", strip=True)
    assert "invitation_email" in text
    assert "ehc-7@example.com" in text
    assert "/s/" in text


def test_outbox_shows_only_the_admins_own_council(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    _cases(app, tmp_path)
    page = signed_in("admin", organisation="elsewhere").get("/staff/outbox")
    assert "ehc-7@example.com" not in page.get_data(as_text=True)


def test_poster_download_is_a_pdf_and_audited_once(
    app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    client = signed_in()
    assert client.get("/staff/posters").status_code == 200
    for _ in range(2):
        pdf = client.get("/staff/posters/download?stage=week16&audience=young_person")
        assert pdf.mimetype == "application/pdf"
        assert pdf.data.startswith(b"%PDF")
    with app.app_context():
        actions = db.session.scalars(
            db.select(AuditEvent.action).where(AuditEvent.action == "poster.create")
        ).all()
        assert actions == ["poster.create"]


def test_cli_import_reports_counts(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    with app.app_context():
        ensure_organisation("demo", "Demo Council")
    path = write_csv(tmp_path / "cases.csv", [row("C-1"), row("C-2")])
    result = runner.invoke(args=["cases", "import", str(path), "--organisation", "demo"])
    assert result.exit_code == 0, result.output
    assert "Imported 2 rows into demo: 2 new, 0 updated, 0 unchanged." in result.output


def test_cli_import_of_a_bad_file_fails_listing_problems(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    with app.app_context():
        ensure_organisation("demo", "Demo Council")
    path = write_csv(tmp_path / "cases.csv", [row("C-1", request_date="31/02/2025")])
    result = runner.invoke(args=["cases", "import", str(path), "--organisation", "demo"])
    assert result.exit_code == 1
    assert "Row 2, column request_date: '31/02/2025' is not a date" in result.output
    with app.app_context():
        assert case_count() == 0
