"""Crawl every page as every role: every route with real ids, every link, every form sent empty
and with nonsense. Budget: no 500, every refusal a page in the service's layout, no internal link
that leads nowhere. Runs on SQLite and PostgreSQL, on demo data.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from werkzeug.routing import AnyConverter

from feedback.extensions import db
from feedback.models import Comment
from feedback.models.kpis import Kpi, Plan
from feedback.models.reviews import SafeguardingFlag, Theme, YouSaidEntry
from feedback.services.cases.contact import poster_for
from feedback.services.demo import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    demo_organisation,
    load_demo,
)
from feedback.services.demo_links import issue_demo_link
from feedback.services.reviews.codebook import current_version
from feedback.services.surveys import survey_for
from feedback.services.users import create_user
from tests.conftest import TEST_DATABASE
from tests.feedback.conftest import dispose, make_app
from tests.feedback.crawl import Crawler
from tests.feedback.staff_sign_in import STAFF_PASSWORD, sign_in_client

ROLES = ("admin", "lead", "case_officer", "reviewer", None)
# Who also tries nonsense in every path and query string: the widest role and a visitor.
NONSENSE_ROLES = ("admin", None)
# Small enough to crawl in seconds, big enough that every list has rows and links.
DEMO_CASES = 12


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def crawl_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """The app on demo data, one per database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('crawl') / 'crawl.db'}"
    else:
        url = request.getfixturevalue("postgres").url(TEST_DATABASE)
    app = make_app(url)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
            db.session.commit()
        load_demo(cases=DEMO_CASES)
        _seed_reviews()
    yield app
    dispose(app)


def _seed_reviews() -> None:
    """A safeguarding flag and a "You said, we did" entry, which demo data does not make."""
    organisation = demo_organisation()
    current_version(organisation.id)
    comment = db.session.scalar(select(Comment).order_by(Comment.id))
    assert comment is not None, "demo data has no comments"
    db.session.add(
        SafeguardingFlag(
            organisation_id=organisation.id, comment_id=comment.id, categories=["danger"]
        )
    )
    db.session.add(
        YouSaidEntry(
            organisation_id=organisation.id,
            you_said="Letters were hard to follow.",
            we_did="We rewrote them with families.",
            changed_on=date(2026, 1, 5),
        )
    )
    db.session.commit()


def _values(app: Flask) -> dict[str, list[dict[str, object]]]:
    """Real values for every route parameter, as lists of argument sets per parameter group."""
    with app.app_context():
        organisation = demo_organisation()
        token = issue_demo_link("week6", "parent").removeprefix("/s/")
        young = issue_demo_link("week20", "young_person").removeprefix("/s/")
        pages = [p.key for p in survey_for("week6", "parent").pages]
        kpis = db.session.execute(
            select(Plan.id, Kpi.id).join(Kpi, Kpi.plan_id == Plan.id).order_by(Kpi.id)
        ).all()
        poster = poster_for(organisation.id, "week6", "parent").code
        # A colleague of the crawling users: forms on a user's page (role, deactivation) are
        # tried on them, never on the account doing the crawl.
        colleague = create_user(
            organisation=organisation,
            email=f"colleague{secrets.token_hex(4)}@example.gov.uk",
            name="Col League",
            role="case_officer",
            password=STAFF_PASSWORD,  # the published demo password is refused for new accounts
        )
        db.session.commit()
        ids = {
            "comment_id": db.session.scalars(select(Comment.id).limit(2)).all(),
            "theme_id": db.session.scalars(select(Theme.id).limit(2)).all(),
            "flag_id": db.session.scalars(select(SafeguardingFlag.id)).all(),
            "entry_id": db.session.scalars(select(YouSaidEntry.id)).all(),
            "user_id": [colleague.id],
        }
        return {
            "token": [{"token": token}, {"token": young}],
            "page_key": [{"token": token, "page_key": key} for key in pages],
            "plan_id": [{"plan_id": plan} for plan in {plan for plan, _ in kpis}],
            "kpi_id": [{"plan_id": plan, "kpi_id": kpi} for plan, kpi in kpis],
            "months": [{"plan_id": plan, "kpi_id": kpi, "months": 12} for plan, kpi in kpis[:2]],
            "code": [{"code": poster}],
            "org_slug": [{"org_slug": organisation.slug}],
            "filename": [{"filename": "govuk/app.css"}],
            **{name: [{name: value} for value in values] for name, values in ids.items()},
        }


def _start_paths(app: Flask) -> list[tuple[str, bool]]:
    """A path for every route, with real ids for each of its parameters, and whether the route
    answers GET."""
    values = _values(app)
    # The most specific parameter decides which value set a route takes.
    precedence = ("months", "page_key", "kpi_id", "plan_id")
    paths = []
    adapter = app.url_map.bind("localhost")
    # Routes with ids first, so each form is first tried on the objects chosen here.
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: not r.arguments):
        # <any(a, b):name> takes each of its words in turn; other parameters take real ids.
        choices = {
            name: sorted(converter.items)
            for name, converter in rule._converters.items()
            if isinstance(converter, AnyConverter)
        }
        arguments = sorted(set(rule.arguments) - set(choices))
        argument_sets: list[dict[str, object]] = [{}]
        if arguments:
            key = next((p for p in precedence if p in arguments), arguments[0])
            assert key in values, f"the crawl does not know a real value for {key} in {rule.rule}"
            argument_sets = [
                {k: v for k, v in argument_set.items() if k in arguments}
                for argument_set in values[key]
            ]
        for name, words in choices.items():
            argument_sets = [{**given, name: word} for given in argument_sets for word in words]
        for given in argument_sets:
            assert set(given) == set(rule.arguments), f"{rule.rule} needs {rule.arguments}"
            paths.append((adapter.build(rule.endpoint, given), "GET" in (rule.methods or ())))
    return paths


def _sign_in_as(app: Flask, role: str) -> Callable[[FlaskClient], None]:
    """Return a function signing a client in as a demo user of ``role`` (both steps)."""
    email = next(login.email for login in DEMO_LOGINS if login.role == role)

    def sign_in(client: FlaskClient) -> None:
        sign_in_client(client, email, DEMO_PASSWORD)

    return sign_in


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "signed_out")
def test_crawl_every_route_link_and_form(crawl_app: Flask, role: str | None) -> None:
    client = crawl_app.test_client()
    sign_in = _sign_in_as(crawl_app, role) if role else None
    if sign_in:
        sign_in(client)
    crawler = Crawler(crawl_app, client, sign_in)
    for path, answers_get in _start_paths(crawl_app):
        if answers_get:
            crawler.visit(path, why="route")
        else:  # a POST-only route, opened as a browser would only by a typed address
            crawler.request("GET", path, why="GET of a POST-only route")
    crawler.submit_last()
    if role in NONSENSE_ROLES:
        # Nonsense in paths and query strings is refused before any role check matters.
        for path, why in crawler.nonsense_urls():
            crawler.request("GET", path, why=why)
    assert not crawler.problems, (
        f"{len(crawler.problems)} problems in {crawler.requests} requests "
        f"({crawler.statuses}):\n" + "\n".join(crawler.problems[:80])
    )
    # Shown with pytest -rP: how much the crawl did.
    print(f"crawl: {crawler.requests} requests, {crawler.forms_sent} forms, {crawler.statuses}")
    assert crawler.requests > 100
    assert crawler.forms_sent >= (3 if role is None else 5), "the crawl found too few forms"
