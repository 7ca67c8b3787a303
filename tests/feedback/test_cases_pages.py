"""Case officers' pages: the case list and case page, the import upload, posters and the outbox;
and the ``flask cases import`` command."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from feedback.extensions import db
from feedback.models import AuditEvent, Case
from feedback.services.invitations import issue_invitation
from feedback.services.organisations import ensure_organisation
from tests.feedback.case_pages import (
    case_rows,
    invite_cases,
    receipt_for_invitation,
)
from tests.feedback.cases_data import case_count, import_file, row, write_csv
from tests.feedback.pages import soup


def test_case_page_shows_statutory_due_dates_actual_dates_and_invitations(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    invite_cases(app, tmp_path)
    rows = case_rows(signed_in(), "EHC-7")
    # Request 6 January 2025: due 17 February, 28 April, 26 May; first review 12 months on.
    assert [r[:3] for r in rows] == [
        ["Decision whether to assess (week 6)", "2025-02-17", "2025-02-10"],
        ["Draft plan (week 16)", "2025-04-28", "–"],
        ["Final plan (week 20)", "2025-05-26", "2025-06-02"],
        ["Annual review", "2026-06-02", "–"],
    ]
    assert rows[2][3] == "Done late"
    assert rows[0][4] == (
        "Invited: the decision whether to assess was recorded on 2025-02-10. "
        "Parent or carer (email): queued 2025-02-13 – in the outbox, not yet sent "
        "Invitation: In the outbox, not sent"
    )


def test_case_page_shows_what_notify_said_became_of_each_message(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    receipt_for_invitation(app, tmp_path, "delivered")
    rows = case_rows(signed_in(), "EHC-7")
    assert rows[0][4].endswith(
        "Parent or carer (email): sent 2025-02-13 Invitation: Delivered (2025-02-13)"
    )


def test_outbox_shows_each_messages_delivery_status(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    receipt_for_invitation(app, tmp_path, "temporary-failure")
    text = soup(signed_in("admin").get("/staff/outbox")).select_one("tbody").get_text(" ")
    assert "Not delivered: inbox full or phone off (2025-02-13 09:05)" in " ".join(text.split())


def test_another_councils_case_is_not_found(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    invite_cases(app, tmp_path)
    client = signed_in(organisation="elsewhere")
    assert client.get("/staff/cases/?reference=EHC-7").status_code == 404
    listing = client.get("/staff/cases/")
    assert "EHC-7" not in listing.get_data(as_text=True)


def test_case_list_links_to_each_case(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    invite_cases(app, tmp_path)
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
    invite_cases(app, tmp_path)
    page = signed_in("admin").get("/staff/outbox")
    text = soup(page).select_one("tbody").get_text(" ", strip=True)
    assert "invitation_email" in text
    assert "ehc-7@example.com" in text
    assert "/s/" in text


def test_outbox_shows_only_the_admins_own_council(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    invite_cases(app, tmp_path)
    page = signed_in("admin", organisation="elsewhere").get("/staff/outbox")
    assert "ehc-7@example.com" not in page.get_data(as_text=True)


def test_poster_download_is_a_pdf_and_audited_once(
    app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    client = signed_in()
    assert client.get("/staff/posters").status_code == 200
    for _ in range(2):
        pdf = client.post(
            "/staff/posters/download", data={"stage": "week16", "audience": "young_person"}
        )
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


def test_case_page_explains_due_dates_outside_the_scrolling_table_and_keeps_dates_whole(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    invite_cases(app, tmp_path)
    page = soup(signed_in().get("/staff/cases/?reference=EHC-7"))
    explanation = next(
        p for p in page.select("main p") if p.get_text().startswith("Statutory due dates are")
    )
    assert explanation.find_parent(class_="app-table-scroll") is None
    assert "A stage is surveyed only once" not in page.select_one(".app-table-scroll").get_text()
    for tr in page.select(".app-table-scroll tbody tr"):
        due, happened = tr.find_all(["th", "td"])[1:3]
        assert "app-nowrap" in due["class"] and "app-nowrap" in happened["class"]


def test_an_invitation_only_in_the_outbox_is_never_called_sent(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    invite_cases(app, tmp_path)  # no Notify key: the message stays in the outbox
    invitations = case_rows(signed_in(), "EHC-7")[0][4]
    assert "queued 2025-02-13 – in the outbox, not yet sent" in invitations
    assert "sent 2025-02-13" not in invitations.replace("not yet sent", "")


def test_case_list_says_not_invited_yet_where_nothing_was_invited(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    with app.app_context():
        import_file(write_csv(tmp_path / "cases.csv", [row("EHC-9")]))  # no decision yet
    body = soup(signed_in().get("/staff/cases/")).select_one("table tbody")
    invited_for = " ".join(body.select("tr td")[2].get_text(" ").split())
    assert invited_for == "Not invited yet"
    assert "None" not in body.get_text()


def test_case_page_shows_every_invitation_even_one_no_stage_row_holds(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    with app.app_context():
        import_file(write_csv(tmp_path / "cases.csv", [row("EHC-8")]))  # no final plan, no review
        case = db.session.scalar(db.select(Case).where(Case.reference == "EHC-8"))
        for audience in ("parent", "young_person"):
            issue_invitation(case, stage="annual_review", audience=audience, channel="email")
        db.session.commit()
    rows = case_rows(signed_in(), "EHC-8")
    shown = [r for r in rows if r[0] == "Annual review"]
    assert len(shown) == 1
    assert "Parent or carer (email): due" in shown[0][4]
    assert "Young person (email): due" in shown[0][4]
