"""The documented upload limits are the real ones: a case export of a megabyte (Excel's CRLF line
endings) and a KPI table above 64 KB are imported with the CSRF check on; a file over a page's own
limit, and any other request over 64 KB, gets the 413 page (feedback/upload_limits.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import TestResponse, encode_multipart

from feedback.config import Config
from feedback.extensions import db
from feedback.models import Case
from feedback.models.kpis import Kpi, Plan
from feedback.upload_limits import limit_setting_of
from tests.feedback.pages import soup
from tests.feedback.staff_sign_in import sign_in_client

KPI_TABLE = Path(__file__).resolve().parents[1] / "data" / "dudley-app-2022-kpis.csv"
COLUMNS = ["case_reference", "request_date", "decision_date", "parent_email", "preferred_language"]


def case_export(size: int) -> bytes:
    """Return a case export of at least ``size`` bytes, written as Excel writes CSV (CRLF)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    number = 0
    while out.tell() < size:
        number += 1
        writer.writerow(
            [f"UL-{number:06d}", "2025-01-06", "2025-02-03", f"ul{number}@example.com", "en"]
        )
    return out.getvalue().encode("utf-8")


def kpi_table(copies: int) -> bytes:
    """Return the Dudley KPI table repeated ``copies`` times, each copy's refs made unique."""
    with KPI_TABLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    for copy in range(copies):
        for row in rows:
            writer.writerow({**row, "ref": f"{row['ref']}.{copy}" if copy else row["ref"]})
    return out.getvalue().encode("utf-8")


def post_multipart(
    client: FlaskClient, url: str, fields: dict[str, str | list[str]], name: str, content: bytes
) -> TestResponse:
    """POST ``fields`` and one file, the body encoded in memory (the test client's own encoder
    leaves a temporary file open for bodies over 500 KB)."""
    values = MultiDict([(key, v) for key, value in fields.items() for v in _as_list(value)])
    values.add(name.split(":")[0], FileStorage(io.BytesIO(content), filename=name.split(":")[1]))
    boundary, body = encode_multipart(values)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def token_of(client: FlaskClient, url: str) -> str:
    return str(soup(client.get(url)).select_one("input[name=csrf_token]")["value"])


def signed_in_with_csrf(app: Flask, make_staff: Callable[..., object], role: str) -> FlaskClient:
    """A client signed in as ``role`` (both steps), then the CSRF check turned on."""
    make_staff(role, email=f"{role}@uploads.example.gov.uk")
    client = app.test_client()
    sign_in_client(client, f"{role}@uploads.example.gov.uk")
    app.config["WTF_CSRF_ENABLED"] = True
    return client


def post_case_export(client: FlaskClient, content: bytes) -> tuple[int, str]:
    fields = {"csrf_token": token_of(client, "/staff/cases/import")}
    response = post_multipart(client, "/staff/cases/import", fields, "file:cases.csv", content)
    return response.status_code, response.get_data(as_text=True)


def test_the_documented_limits_are_the_settings() -> None:
    assert (Config.CASE_IMPORT_MAX_BYTES, Config.KPI_IMPORT_MAX_BYTES) == (50 * 2**20, 2 * 2**20)
    assert Config.MAX_CONTENT_LENGTH == 64 * 1024


def test_both_upload_pages_carry_their_own_limit(app: Flask) -> None:
    limits = {
        rule.rule: limit_setting_of(app.view_functions[rule.endpoint])
        for rule in app.url_map.iter_rules()
        if limit_setting_of(app.view_functions[rule.endpoint])
    }
    assert limits == {
        "/staff/cases/import": "CASE_IMPORT_MAX_BYTES",
        "/staff/plans/new": "KPI_IMPORT_MAX_BYTES",
    }


def test_a_megabyte_case_export_with_crlf_line_endings_is_imported(
    app: Flask, make_staff: Callable[..., object]
) -> None:
    client = signed_in_with_csrf(app, make_staff, "case_officer")
    content = case_export(1024 * 1024)
    status, page = post_case_export(client, content)
    assert status == 200, page[:500]
    assert "Cases imported" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id))) == content.count(b"\r\n") - 1


def test_a_kpi_table_above_64_kb_is_imported_with_the_csrf_check_on(
    app: Flask, make_staff: Callable[..., object]
) -> None:
    client = signed_in_with_csrf(app, make_staff, "lead")
    table = kpi_table(3)
    assert 64 * 1024 < len(table) < 2 * 2**20
    fields: dict[str, str | list[str]] = {
        "csrf_token": token_of(client, "/staff/plans/new"),
        "name": "APP 2022",
        "start_date": ["1", "6", "2022"],
        "status_scale": "dudley",
    }
    response = post_multipart(client, "/staff/plans/new", fields, "table:kpis.csv", table)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with app.app_context():
        assert db.session.scalar(select(func.count(Plan.id))) == 1
        assert db.session.scalar(select(func.count(Kpi.id))) > 0


@pytest.mark.parametrize("size_kb", [150, 260])
def test_a_case_export_is_refused_with_the_413_page_exactly_when_over_the_limit(
    app: Flask, make_staff: Callable[..., object], size_kb: int
) -> None:
    """With a 200 KB limit set, files either side of it (both above 64 KB)."""
    app.config["CASE_IMPORT_MAX_BYTES"] = 200 * 1024
    client = signed_in_with_csrf(app, make_staff, "case_officer")
    status, page = post_case_export(client, case_export(size_kb * 1024))
    if size_kb < 200:
        assert status == 200 and "Cases imported" in page
    else:
        assert status == 413
        assert "What you sent is too long" in page


def test_other_pages_still_refuse_a_request_over_64_kb(app: Flask) -> None:
    response = app.test_client().post("/sign-in", data={"email": "x" * (65 * 1024)})
    assert response.status_code == 413
    assert "What you sent is too long" in response.get_data(as_text=True)
