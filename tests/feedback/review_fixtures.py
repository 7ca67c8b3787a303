"""Making comments and codings for the reviewers' workspace tests."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime

from flask import Flask
from flask.testing import FlaskClient

from feedback.extensions import db
from feedback.models import Comment, Response, User, utcnow
from feedback.services.organisations import ensure_organisation
from feedback.services.reviews.codebook import themes
from feedback.services.reviews.coding import save_coding
from feedback.services.reviews.intake import process_new_comments
from tests.feedback.pages import CheckingClient, soup
from tests.feedback.staff_sign_in import sign_in_client

_references = itertools.count(1)


def add_comment(
    text: str,
    *,
    organisation: str = "demo",
    stage: str = "week6",
    audience: str = "parent",
    language: str = "en",
    submitted_at: datetime | None = None,
) -> int:
    """Store a submitted comment as the survey would, redacted and checked; return its id.

    Call inside an app context.
    """
    org = ensure_organisation(organisation, organisation.title() + " Council")
    response = Response(
        organisation_id=org.id,
        reference=f"SF-TEST-{next(_references):04d}",
        survey_key=f"{stage}_{audience}",
        survey_version=1,
        stage=stage,
        audience=audience,
        language=language,
        source="poster",
        submitted_at=submitted_at or utcnow(),
    )
    comment = Comment(question_key="improve", text=text)
    response.comments.append(comment)
    db.session.add(response)
    db.session.commit()
    # What ``journey.submit`` calls once a response is stored.
    process_new_comments(response)
    return comment.id


def staff_client(app: Flask, user: User) -> CheckingClient:
    """Return a page-checking client signed in as ``user`` (made with ``make_staff``)."""
    app.test_client_class = CheckingClient
    client = app.test_client()
    sign_in_client(client, user.email)
    return client  # type: ignore[return-value]


def theme_ids(organisation_id: int, keys: Iterable[str]) -> list[int]:
    """Return the ids of the council's themes with these keys."""
    by_key = {theme.key: theme.id for theme in themes(organisation_id)}
    return [by_key[key] for key in keys]


def code_comment(comment_id: int, coder: User, keys: Iterable[str], sentiment: str) -> None:
    """Code a comment through the service, as ``coder``. Call inside an app context."""
    coder = db.session.merge(coder)
    save_coding(
        coder.organisation_id,
        comment_id,
        coder=coder,
        theme_ids=theme_ids(coder.organisation_id, keys),
        sentiment=sentiment,
    )


def answer_survey(client: FlaskClient, link: str, text: str) -> str:
    """Answer every page of the survey at ``link`` with ``text`` in free-text questions, send
    it, and return the confirmation page's URL."""
    url = client.get(link).headers.get("Location") or _start(client, link)
    for _ in range(30):
        if url.endswith("/check"):
            break
        page = client.get(url)
        form = page_form(page)
        data = {**form}
        for name in _text_fields(page):
            data[name] = text
        url = client.post(url, data=data).headers["Location"]
    return client.post(url).headers["Location"]


def _start(client: FlaskClient, link: str) -> str:
    button = soup(client.get(link)).select_one("a.govuk-button--start")
    assert button is not None
    return str(button["href"])


def page_form(page: object) -> dict[str, str]:
    """Return the hidden fields and the first choice of each radio group of a question page."""
    html = soup(page)  # type: ignore[arg-type]
    form = html.select_one("main form[method=post]")
    assert form is not None
    data: dict[str, str] = {}
    for element in form.find_all("input"):
        name, kind = element.get("name"), element.get("type", "text")
        if not name:
            continue
        if kind == "hidden" or (kind in ("radio", "checkbox") and name not in data):
            data[name] = element.get("value", "")
    return data


def _text_fields(page: object) -> list[str]:
    html = soup(page)  # type: ignore[arg-type]
    form = html.select_one("main form[method=post]")
    assert form is not None
    return [
        element["name"]
        for element in form.find_all(["textarea", "input"])
        if element.name == "textarea" or element.get("type", "text") == "text"
    ]
