"""Every route is listed here with who may use it: a new, unlisted or unprotected route fails."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

import pytest
from flask import Flask
from flask.testing import FlaskClient

from feedback.authz import PUBLIC, access_of
from feedback.models import Role, User
from tests.feedback.staff_sign_in import sign_in_client

AREAS = ("foundation", "cases", "kpis", "reviews", "languages", "operations", "council")
PUBLIC_ENDPOINTS: set[str] = set()
STAFF_ENDPOINTS: dict[str, tuple[str, frozenset[Role]]] = {}
# An area's table may export ``seed(app)``, which creates the objects its paths name (plan 1, …).
SEEDS: dict[str, Callable[[Flask], None]] = {}
for _area in AREAS:
    _table = import_module(f"tests.feedback.access.{_area}")
    PUBLIC_ENDPOINTS |= _table.PUBLIC
    STAFF_ENDPOINTS.update(_table.STAFF)
    if hasattr(_table, "seed"):
        SEEDS.update(dict.fromkeys(_table.STAFF, _table.seed))


def test_every_route_is_listed_with_its_access(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    unlisted = endpoints - PUBLIC_ENDPOINTS - STAFF_ENDPOINTS.keys()
    assert not unlisted, f"routes missing from this test's table: {sorted(unlisted)}"
    assert not (PUBLIC_ENDPOINTS | STAFF_ENDPOINTS.keys()) - endpoints, "table lists a gone route"


def test_every_view_declares_public_or_roles_matching_the_table(app: Flask) -> None:
    for endpoint, view in app.view_functions.items():
        declared = access_of(view)
        if endpoint in PUBLIC_ENDPOINTS:
            assert declared == PUBLIC, f"{endpoint} should be public"
        else:
            assert declared == STAFF_ENDPOINTS[endpoint][1], f"{endpoint} roles differ"


@pytest.mark.parametrize("endpoint", sorted(STAFF_ENDPOINTS))
def test_staff_route_sends_anonymous_visitors_to_sign_in(
    client: FlaskClient, endpoint: str
) -> None:
    response = client.get(STAFF_ENDPOINTS[endpoint][0])
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize("endpoint", sorted(STAFF_ENDPOINTS))
def test_staff_route_admits_exactly_its_roles(
    app: Flask, make_staff: Callable[..., User], endpoint: str
) -> None:
    if endpoint in SEEDS:
        SEEDS[endpoint](app)
    path, allowed = STAFF_ENDPOINTS[endpoint]
    outcomes = {}
    for role in Role:
        user = make_staff(role.value)
        client = app.test_client()
        sign_in_client(client, user.email)
        outcomes[role] = client.get(path).status_code
    assert outcomes == {role: 200 if role in allowed else 403 for role in Role}
