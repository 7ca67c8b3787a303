"""Liveness: /healthz says whether the app can reach its database."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient

from feedback import create_app


def test_healthz_reports_ok_with_a_working_database(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    missing_folder = tmp_path / "no-such-folder" / "db.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing_folder}"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}
