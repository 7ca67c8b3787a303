"""Every KPI route admits exactly its roles, on the plan and KPI that ``access.kpis.seed`` makes.

``test_route_roles`` checks the same on an empty database once it calls each area's ``seed``;
until then, this keeps the KPI routes' roles under test.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from feedback.models import Role, User
from tests.feedback.access.kpis import STAFF, seed


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_kpi_route_admits_exactly_its_roles(
    app: Flask, client: FlaskClient, sign_in: Callable[[str], User], role: str
) -> None:
    seed(app)
    sign_in(role)
    found = {endpoint: client.get(path).status_code for endpoint, (path, _) in STAFF.items()}
    expected = {
        endpoint: 200 if Role(role) in allowed else 403 for endpoint, (_, allowed) in STAFF.items()
    }
    assert found == expected


def test_each_kpi_route_sends_anonymous_visitors_to_sign_in(
    app: Flask, client: FlaskClient
) -> None:
    seed(app)
    for path, _ in STAFF.values():
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")
