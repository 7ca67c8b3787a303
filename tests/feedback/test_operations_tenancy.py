"""Many councils on one installation: nobody of one council sees another's data.

The staff pages are taken from the route-access tables (tests/feedback/access/), so a page added
by any area is tried here too, with a signed-in admin of another council.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pypdfium2 as pdfium
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Case, Comment, Response, User
from feedback.services.demo import DEMO_LOGINS, load_demo
from tests.feedback.conftest import STAFF_PASSWORD
from tests.feedback.journey_steps import answer_all_pages
from tests.feedback.staff_sign_in import sign_in_client
from tests.feedback.test_route_roles import STAFF_ENDPOINTS

OTHER_COUNCIL = "elsewhere"


@pytest.fixture
def demo_council_secrets(app: Flask) -> list[str]:
    """Load the demo council's data; return strings that only its pages could show."""
    with app.app_context():
        load_demo(cases=25)
        references = db.session.scalars(select(Case.reference)).all()
        comments = db.session.scalars(select(Comment.text).where(Comment.text.is_not(None))).all()
        response_references = db.session.scalars(select(Response.reference)).all()
    assert comments and response_references
    return [*references, *comments, *response_references, *(d.email for d in DEMO_LOGINS)]


@pytest.fixture
def sign_in_elsewhere(
    client: FlaskClient, make_staff: Callable[..., User]
) -> Callable[[str], None]:
    """Return a function that signs the client in with a role in the other council."""

    def do(role: str) -> None:
        user = make_staff(role, email=f"{role}@elsewhere.gov.uk", organisation=OTHER_COUNCIL)
        sign_in_client(client, user.email)

    return do


def readable_text(body: bytes, mimetype: str) -> str:
    """Return what a person would read in a page or a download (spreadsheet cells, PDF text)."""
    if mimetype.endswith("spreadsheetml.sheet"):
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(
            str(cell)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    if mimetype == "application/pdf":
        document = pdfium.PdfDocument(body)
        return " ".join(page.get_textpage().get_text_range() for page in document)
    return body.decode("utf-8", errors="replace")


def test_another_councils_admin_sees_none_of_the_demo_councils_data_on_any_staff_page(
    client: FlaskClient,
    sign_in_elsewhere: Callable[[str], None],
    demo_council_secrets: list[str],
) -> None:
    # One test walks every page: loading the demo council once keeps this fast as pages grow.
    sign_in_elsewhere("admin")
    leaks = {}
    for endpoint, (path, _roles) in sorted(STAFF_ENDPOINTS.items()):
        response = client.get(path)
        assert response.status_code in (200, 404), f"{endpoint}: {response.status_code}"
        page = readable_text(response.get_data(), response.mimetype)
        leaked = [secret for secret in demo_council_secrets if secret in page]
        if leaked:
            leaks[endpoint] = leaked[:3]
    assert not leaks, f"pages show another council's data: {leaks}"


def test_staff_home_counts_only_the_signed_in_users_council(
    client: FlaskClient, sign_in_elsewhere: Callable[[str], None], demo_council_secrets: list[str]
) -> None:
    sign_in_elsewhere("lead")
    page = client.get("/staff/").get_data(as_text=True)
    assert "Elsewhere Council" in page
    assert "Demo Borough Council" not in page


def test_family_link_answers_belong_to_the_links_council_whoever_is_signed_in(
    app: Flask,
    client: FlaskClient,
    sign_in_elsewhere: Callable[[str], None],
    family_link: Callable[..., str],
) -> None:
    link = family_link()
    sign_in_elsewhere("admin")
    start = client.get(link).get_data(as_text=True)
    assert "Demo Borough Council" in start and "Elsewhere Council" not in start
    client.post(answer_all_pages(client, link))
    with app.app_context():
        response = db.session.scalar(select(Response))
        assert response.organisation_id == db.session.scalar(
            select(Case.organisation_id).where(Case.reference.like("DEMO-LINK-%"))
        )


def test_a_new_council_is_added_from_the_command_line_without_code_changes(
    app: Flask, runner: FlaskCliRunner, demo_council_secrets: list[str]
) -> None:
    created = runner.invoke(
        args=["organisations", "create", "--slug", "new-town", "--name", "New Town Council"]
    )
    assert created.exit_code == 0, created.output
    user = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "admin@new-town.gov.uk",
            "--name",
            "Nia Admin",
            "--role",
            "admin",
            "--organisation",
            "new-town",
            "--password",
            STAFF_PASSWORD,
        ]
    )
    assert user.exit_code == 0, user.output
    client = app.test_client()
    sign_in_client(client, "admin@new-town.gov.uk")
    home = client.get("/staff/").get_data(as_text=True)
    assert "New Town Council" in home
    assert not [secret for secret in demo_council_secrets if secret in home]
