"""Production is what the browser runs: ``FEEDBACK_ENV=production`` under gunicorn over HTTPS on
loopback, with PostgreSQL (tests/e2e/production.py). Chromium signs staff in and out, takes a
family to the confirmation, imports a 1 MB CSV with Excel's CRLF line endings and a 500 KB XLSX,
uploads a KPI table, downloads board reports and a poster, and meets the 413 page for a table
over its limit; the static files it loads come fingerprinted, immutable and compressed."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
import xlsxwriter
from playwright.sync_api import Browser, BrowserContext, Page, Response

from tests import postgres_server
from tests.e2e.harness import open_page, signed_in
from tests.e2e.production import ProductionServer, https_browser, production_server

pytestmark = [pytest.mark.e2e, pytest.mark.postgres_only]

ORGANISATION = "production-browser"
ADMIN = "admin@production-browser.example.gov.uk"
# Signs in and out in its own test: signing out ends every session of that user.
LEAVER = "leaver@production-browser.example.gov.uk"
PASSWORD = "correct-horse-battery-staple"
KPI_TABLE = Path(__file__).resolve().parents[1] / "data" / "dudley-app-2022-kpis.csv"
CASE_COLUMNS = [
    "case_reference",
    "request_date",
    "decision_date",
    "parent_email",
    "preferred_language",
]
# Exports from case systems carry many more columns; the import ignores them (docs/case-import.md).
EXTRA_COLUMNS = [f"system_field_{n}" for n in range(1, 9)]
MAX_PAGES = 30


@pytest.fixture(scope="module")
def server(postgres: postgres_server.PostgresServer) -> Iterator[ProductionServer]:
    """The service in production, with a council and its admin."""
    from feedback.services.organisations import ensure_organisation
    from feedback.services.users import create_user

    with production_server(postgres) as running:
        with running.app.app_context():
            council = ensure_organisation(ORGANISATION, "Production Browser Council")
            for email in (ADMIN, LEAVER):
                create_user(
                    organisation=council, email=email, name="Staff", role="admin", password=PASSWORD
                )
        yield running


@pytest.fixture(scope="module")
def chromium(browser: Browser, server: ProductionServer) -> Iterator[Browser]:
    with https_browser(browser, server) as pinned:
        yield pinned


@pytest.fixture
def errors() -> list[str]:
    return []


@pytest.fixture
def page(chromium: Browser, errors: list[str]) -> Iterator[Page]:
    opened = open_page(chromium, errors)
    yield opened
    opened.context.close()


def sign_in(page: Page, server: ProductionServer, email: str = ADMIN) -> Page:
    """Staff sign-in, the one place it happens here (the password and authenticator steps are
    the shared harness's ``signed_in``)."""
    return signed_in(page, server.live_server, email, PASSWORD)


@pytest.fixture(scope="module")
def staff_context(chromium: Browser, server: ProductionServer) -> Iterator[BrowserContext]:
    """One browser context signed in as the admin once, for the staff pages' tests."""
    page = open_page(chromium, [])
    sign_in(page, server)
    yield page.context
    page.context.close()


@pytest.fixture
def staff_page(staff_context: BrowserContext) -> Iterator[Page]:
    opened = staff_context.new_page()
    yield opened
    opened.close()


def case_rows(count: int, prefix: str) -> list[list[str]]:
    """``count`` export rows, each with its ignored system fields filled with random text."""
    return [
        [
            f"{prefix}-{n:06d}",
            "2025-01-06",
            "2025-02-03",
            f"{prefix.lower()}{n}@example.com",
            "en",
            *(secrets.token_hex(24) for _ in EXTRA_COLUMNS),
        ]
        for n in range(1, count + 1)
    ]


def crlf_csv(path: Path, rows: list[list[str]]) -> Path:
    """Write ``rows`` as Excel writes a CSV: UTF-8 with a byte-order mark, CRLF line endings."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CASE_COLUMNS + EXTRA_COLUMNS)
    writer.writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    return path


def excel_workbook(path: Path, rows: list[list[str]]) -> Path:
    """Write ``rows`` as Excel does: first worksheet, shared strings."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Cases")
    sheet.write_row(0, 0, CASE_COLUMNS + EXTRA_COLUMNS)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    workbook.close()
    return path


def import_cases(page: Page, server: ProductionServer, path: Path) -> str:
    page.goto(server.url + "/staff/cases/import")
    page.set_input_files("input[type=file]", str(path))
    page.locator("main form button.govuk-button").click()
    page.wait_for_load_state()
    return page.locator("main").inner_text()


def cases_stored(server: ProductionServer, prefix: str) -> int:
    from sqlalchemy import func, select

    from feedback.extensions import db
    from feedback.models import Case

    with server.app.app_context():
        return int(
            db.session.scalar(select(func.count(Case.id)).where(Case.reference.like(f"{prefix}-%")))
            or 0
        )


def test_staff_sign_in_and_sign_out_over_https(page: Page, server: ProductionServer) -> None:
    sign_in(page, server, LEAVER)
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert cookies["__Host-send-feedback"]["secure"] is True
    page.locator("form.app-sign-out button").click()
    page.wait_for_load_state()
    page.goto(server.url + "/staff/cases/")
    assert "/sign-in" in page.url


def test_a_family_answers_every_page_and_reaches_the_confirmation(
    page: Page, server: ProductionServer, errors: list[str]
) -> None:
    from feedback.services.demo_links import issue_demo_link

    with server.app.app_context():
        link = issue_demo_link("week6", "parent")
    page.goto(server.url + link)
    page.locator("a.govuk-button--start").click()
    for _ in range(MAX_PAGES):
        page.wait_for_load_state()
        if page.locator(".govuk-panel--confirmation").count():
            break
        for name in set(
            page.eval_on_selector_all("main input[type=radio]", "e => e.map(i => i.name)")
        ):
            page.locator(f'main input[type=radio][name="{name}"]').first.check()
        for area in page.locator("main textarea").all():
            area.fill("The case officer rang me back the same day.")
        page.locator("main form button.govuk-button").first.click()
    assert page.locator(".govuk-panel--confirmation").count() == 1, page.url
    assert errors == []


def test_a_megabyte_csv_with_crlf_line_endings_is_imported(
    staff_page: Page, server: ProductionServer, tmp_path: Path
) -> None:
    path = crlf_csv(tmp_path / "cases.csv", case_rows(2600, "PC"))
    assert 1_000_000 <= path.stat().st_size <= 1_200_000
    assert path.read_bytes().count(b"\r\n") == 2601
    assert "Cases imported" in import_cases(staff_page, server, path)
    assert cases_stored(server, "PC") == 2600


def test_a_500_kb_excel_workbook_is_imported(
    staff_page: Page, server: ProductionServer, tmp_path: Path
) -> None:
    path = excel_workbook(tmp_path / "cases.xlsx", case_rows(1800, "PX"))
    assert 450_000 <= path.stat().st_size <= 650_000
    assert "Cases imported" in import_cases(staff_page, server, path)
    assert cases_stored(server, "PX") == 1800


def _upload_plan(page: Page, server: ProductionServer, name: str, table: Path) -> None:
    page.goto(server.url + "/staff/plans/new")
    page.fill("#name", name)
    for part, value in zip(
        page.locator("input[name=start_date]").all(), ("1", "6", "2022"), strict=True
    ):
        part.fill(value)
    page.locator("input[name=status_scale]").first.check()
    page.set_input_files("input[type=file]", str(table))
    page.locator("main form button.govuk-button").first.click()
    page.wait_for_load_state()


def test_a_kpi_table_is_uploaded_and_the_board_report_downloads(
    staff_page: Page, server: ProductionServer, tmp_path: Path
) -> None:
    _upload_plan(staff_page, server, "APP 2022", KPI_TABLE)
    assert "/staff/plans/" in staff_page.url and "/new" not in staff_page.url, staff_page.url
    plan_url = staff_page.url.split("?")[0].rstrip("/")
    for suffix, magic in ((".xlsx", b"PK"), (".pdf", b"%PDF-")):
        with staff_page.expect_download() as download:
            staff_page.evaluate(
                "(href) => { const a = document.createElement('a'); a.href = href;"
                " a.download = ''; document.body.appendChild(a); a.click(); }",
                f"{plan_url}/board-report{suffix}",
            )
        saved = tmp_path / f"board{suffix}"
        download.value.save_as(saved)
        assert saved.read_bytes().startswith(magic), suffix


def test_a_poster_letter_downloads_as_a_pdf(
    staff_page: Page, server: ProductionServer, tmp_path: Path
) -> None:
    staff_page.goto(server.url + "/staff/posters")
    with staff_page.expect_download() as download:
        staff_page.locator("main form[method=post] button").first.click()
    saved = tmp_path / "poster.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")


def test_a_kpi_table_over_its_limit_gets_the_413_page(
    staff_page: Page, server: ProductionServer, tmp_path: Path
) -> None:
    big = tmp_path / "kpis.csv"
    table = KPI_TABLE.read_bytes()
    big.write_bytes(table * (2 * 1024 * 1024 // len(table) + 2))
    _upload_plan(staff_page, server, "Too big", big)
    assert "What you sent is too long" in staff_page.locator("h1").inner_text()


def test_static_files_arrive_fingerprinted_immutable_and_compressed(
    page: Page, server: ProductionServer
) -> None:
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(server.url + "/")
    page.wait_for_load_state("networkidle")
    static = [r for r in responses if "/static/" in r.url]
    assert any(r.url.endswith(".css") for r in static) and any(".js" in r.url for r in static)
    for response in static:
        headers = response.all_headers()
        assert "immutable" in headers["cache-control"], response.url
        if response.url.endswith((".css", ".js")):
            assert headers.get("content-encoding") == "br", response.url
