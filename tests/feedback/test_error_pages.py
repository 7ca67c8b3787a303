"""Refusals and failures end on a page in the service's layout that speaks to its reader, and
leave nothing personal in the logs: NUL characters, numbers past the database's, incomplete
dates, a failed database transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from flask import Flask, abort
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from feedback.authz import public, role_required
from feedback.extensions import db
from feedback.models import Role
from tests.feedback.conftest import dispose, make_app
from tests.feedback.pages import soup
from tests.feedback.staff_sign_in import sign_in_client

FAMILY_TEXT = "my son Jake Example hates the bus"
STAFF_ERROR = "If it keeps happening, tell your administrator"
FAMILY_ERROR = "Your saved answers are safe"


def _assert_layout_page(response: object, status: int, heading: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    page = soup(response)
    assert page.select_one("header.govuk-template__header") is not None, "not in the layout"
    assert [h.get_text(strip=True) for h in page.find_all("h1")] == [heading]


# NUL characters ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/s/abc%00def", "/s/abc/q/%00", "/p/%00", "/?x=%00", "/privacy?lang=%00"],
)
def test_nul_in_a_family_address_is_refused_in_the_layout(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    _assert_layout_page(response, 400, "The page could not be shown")
    assert FAMILY_ERROR in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/staff/cases/?reference=DEMO%00-1", "/sign-in?next=%00"])
def test_nul_in_a_staff_address_is_refused_and_speaks_to_staff(
    signed_in: Callable[..., FlaskClient], path: str
) -> None:
    client = signed_in("case_officer")
    response = client.get(path)
    _assert_layout_page(response, 400, "The page could not be shown")
    body = response.get_data(as_text=True)
    assert FAMILY_ERROR not in body and "Nothing was changed" in body


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=st.text(max_size=20), after=st.text(max_size=20))
def test_nul_anywhere_in_a_form_field_is_refused(app: Flask, before: str, after: str) -> None:
    response = app.test_client().post(
        "/sign-in", data={"email": before + "\x00" + after, "password": "x"}
    )
    _assert_layout_page(response, 400, "The page could not be shown")


def test_nul_in_a_json_body_is_refused(client: FlaskClient) -> None:
    response = client.post(
        "/notify/delivery-receipts",
        json={"id": "x", "reference": "invitation-1\u0000", "status": "delivered"},
        headers={"Authorization": "Bearer anything"},
    )
    assert response.status_code == 400


def test_nul_in_an_uploaded_file_is_not_refused_by_the_guard(
    signed_in: Callable[..., FlaskClient],
) -> None:
    from io import BytesIO

    client = signed_in("case_officer")
    response = client.post(
        "/staff/cases/import", data={"file": (BytesIO(b"PK\x03\x04\x00\x00"), "cases.xlsx")}
    )
    assert response.status_code == 200  # the import says what is wrong with the file


# Numbers past the database's --------------------------------------------------------------


@pytest.mark.parametrize("number", [2**31, 2**63, 2**64, int("9" * 50)])
@pytest.mark.parametrize(
    "template",
    [
        "/staff/plans/{n}",
        "/staff/plans/1/kpis/{n}",
        "/staff/comments/{n}",
        "/staff/comments/codebook/{n}",
        "/staff/comments/you-said/{n}",
        "/staff/comments/safeguarding/{n}",
    ],
)
def test_ids_past_the_database_integer_are_not_found(
    signed_in: Callable[..., FlaskClient], template: str, number: int
) -> None:
    client = signed_in("admin")
    response = client.get(template.format(n=number))
    _assert_layout_page(response, 404, "Page not found")


def test_largest_database_integer_is_still_looked_up(signed_in: Callable[..., FlaskClient]) -> None:
    response = signed_in("admin").get(f"/staff/plans/{2**31 - 1}")
    _assert_layout_page(response, 404, "Page not found")


@pytest.mark.parametrize("page", [str(2**31), str(2**63), "9" * 5000])
def test_page_numbers_past_the_database_integer_are_not_found(
    signed_in: Callable[..., FlaskClient], page: str
) -> None:
    client = signed_in("admin")
    for path in ("/staff/comments/", "/staff/cases/"):
        _assert_layout_page(client.get(f"{path}?page={page}"), 404, "Page not found")


# Incomplete dates on staff forms ----------------------------------------------------------


@pytest.mark.parametrize("parts", [["3"], ["3", "4"], ["3", "4", "2026", "1"]])
def test_a_date_with_other_than_three_parts_is_an_error_not_a_failure(
    signed_in: Callable[..., FlaskClient], parts: list[str]
) -> None:
    client = signed_in("lead")
    response = client.post(
        "/staff/comments/you-said/new",
        data={"you_said": "Letters", "we_did": "Rewrote them", "changed_on": parts},
    )
    assert response.status_code == 200
    page = soup(response)
    assert "Enter a date with a day, month and year" in page.get_text()
    assert len(page.select("input[name=changed_on]")) == 3


@pytest.mark.parametrize("day_month_year", [["31", "2", "2025"], ["", "2", "2025"]])
def test_an_impossible_or_half_empty_date_is_an_error(
    signed_in: Callable[..., FlaskClient], day_month_year: list[str]
) -> None:
    client = signed_in("lead")
    response = client.post(
        "/staff/comments/you-said/new",
        data={"you_said": "Letters", "we_did": "Rewrote them", "changed_on": day_month_year},
    )
    assert response.status_code == 200
    assert soup(response).select_one(".govuk-error-summary") is not None


# Failures: the page after a database error, and the logs -----------------------------------


@pytest.fixture
def failing_app(database_url: str) -> Iterator[Flask]:
    """An app run as in production (500 page, not a raised exception), with routes that fail."""
    app = make_app(database_url, TESTING=False, PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
            db.session.commit()

    def failed_statement() -> None:
        # On PostgreSQL this leaves the transaction aborted until it is rolled back.
        db.session.execute(
            text("SELECT * FROM no_such_table WHERE note = :note"), {"note": FAMILY_TEXT}
        )

    @public
    def family_failure() -> str:
        failed_statement()
        return "unreachable"

    @role_required(Role.CASE_OFFICER)
    def staff_failure() -> str:
        failed_statement()
        return "unreachable"

    @role_required(Role.CASE_OFFICER)
    def staff_not_found_after_failure() -> str:
        try:
            failed_statement()
        except Exception:
            abort(404)
        return "unreachable"

    app.add_url_rule("/test-family-failure", view_func=family_failure)
    app.add_url_rule("/staff/test-failure", view_func=staff_failure)
    app.add_url_rule("/staff/test-not-found", view_func=staff_not_found_after_failure)
    yield app
    dispose(app)


@pytest.fixture
def failing_staff_client(failing_app: Flask) -> FlaskClient:
    from feedback.services.organisations import ensure_organisation
    from feedback.services.users import create_user

    with failing_app.app_context():
        user = create_user(
            organisation=ensure_organisation("demo", "Demo Council"),
            email="officer@demo.example.gov.uk",
            name="Officer",
            role="case_officer",
            password="correct-horse-battery",
        )
        email = user.email
    client = failing_app.test_client()
    sign_in_client(client, email, "correct-horse-battery")
    return client


def test_staff_error_page_after_a_failed_statement_is_drawn_in_the_layout(
    failing_staff_client: FlaskClient,
) -> None:
    response = failing_staff_client.get("/staff/test-failure")
    _assert_layout_page(response, 500, "Sorry, there is a problem with the service")
    body = response.get_data(as_text=True)
    assert STAFF_ERROR in body and FAMILY_ERROR not in body
    # The staff member's own council: the database was asked again after the rollback.
    assert "Demo Council" in body


def test_not_found_after_a_swallowed_database_error_is_drawn(
    failing_staff_client: FlaskClient,
) -> None:
    response = failing_staff_client.get("/staff/test-not-found")
    _assert_layout_page(response, 404, "Page not found")


def test_family_error_page_says_their_answers_are_safe(failing_app: Flask) -> None:
    response = failing_app.test_client().get("/test-family-failure")
    _assert_layout_page(response, 500, "Sorry, there is a problem with the service")
    body = response.get_data(as_text=True)
    assert FAMILY_ERROR in body and STAFF_ERROR not in body


def test_error_page_is_drawn_when_the_database_is_gone(
    failing_app: Flask, failing_staff_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("connect", {}, Exception("database is down"))

    with failing_app.app_context():
        db.engine.dispose()
        monkeypatch.setattr(db.engine.pool, "_creator", refuse)
    response = failing_staff_client.get("/staff/test-failure")
    _assert_layout_page(response, 500, "Sorry, there is a problem with the service")
    assert failing_app.config["COUNCIL_NAME"] in response.get_data(as_text=True)


def test_error_logs_leave_out_what_the_family_typed(
    failing_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        response = failing_app.test_client().get("/test-family-failure")
    assert response.status_code == 500
    logged = caplog.text
    assert "no_such_table" in logged, "the failure was not logged"
    assert FAMILY_TEXT not in logged
    assert "Jake" not in logged


def test_engine_hides_parameters_in_every_configuration(app: Flask) -> None:
    with app.app_context():
        assert db.engine.hide_parameters is True


# CSRF refusals speak to their reader --------------------------------------------------------


def test_csrf_refusal_speaks_to_a_family_or_to_staff(database_url: str) -> None:
    from feedback.services.demo_links import issue_demo_link

    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    try:
        with app.app_context():
            link = issue_demo_link()
        client = app.test_client()
        staff = client.post("/sign-in", data={"email": "x", "password": "y"})
        _assert_layout_page(staff, 400, "Your changes could not be saved")
        family = client.post(f"{link}/check", data={})
        _assert_layout_page(family, 400, "Your answer could not be saved")
        assert "Your earlier answers are safe" in family.get_data(as_text=True)
    finally:
        dispose(app)
