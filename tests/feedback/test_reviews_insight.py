"""Agreement (kappa), theme trends (suppression, intervals, rising flags) and the export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from flask import Flask
from openpyxl import load_workbook

from analysis.estimates import proportion
from feedback.models import User
from feedback.models.reviews import Theme
from feedback.services.reviews.agreement import theme_agreement
from feedback.services.reviews.coded import CodedComment, CodingPair
from feedback.services.reviews.export import export_rows, formula_safe
from feedback.services.reviews.trends import rising_themes, trend_table
from tests.feedback.pages import soup
from tests.feedback.review_fixtures import add_comment, code_comment, staff_client

TRANSPORT = Theme(id=1, key="transport", name="Transport", description="", position=0)
TIMELINESS = Theme(id=2, key="timeliness", name="Timeliness", description="", position=1)


def _pairs(table: list[list[int]]) -> list[CodingPair]:
    """Pairs whose transport codes cross-tabulate to ``table`` (rows: first coder yes/no)."""
    pairs = []
    for i, first in enumerate((True, False)):
        for j, second in enumerate((True, False)):
            for _ in range(table[i][j]):
                pairs.append(
                    CodingPair(
                        comment_id=len(pairs) + 1,
                        first_themes=frozenset({"transport"} if first else ()),
                        second_themes=frozenset({"transport"} if second else ()),
                        first_sentiment="negative",
                        second_sentiment="negative",
                    )
                )
    return pairs


def test_kappa_per_theme_matches_the_hand_computed_value() -> None:
    # p_o = (20 + 15) / 50 = 0.70; p_e = (25 × 30 + 25 × 20) / 50² = 0.50; kappa = 0.2 / 0.5.
    (agreement,) = theme_agreement([TRANSPORT], _pairs([[20, 5], [10, 15]]))
    assert agreement.kappa.value == pytest.approx(0.4)
    assert (agreement.first_count, agreement.second_count, agreement.both) == (25, 30, 20)


def test_kappa_is_undefined_for_a_theme_neither_coder_used() -> None:
    (agreement,) = theme_agreement([TIMELINESS], _pairs([[20, 5], [10, 15]]))
    assert agreement.kappa.value is None
    assert agreement.kappa.undefined_reason is not None


def test_agreement_page_reports_double_coded_comments(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    one = make_staff("reviewer", email="one@example.gov.uk")
    two = make_staff("lead", email="two@example.gov.uk")
    with app.app_context():
        for text, second in (("Taxi late.", ["transport"]), ("Plan late.", ["timeliness"])):
            comment_id = add_comment(text)
            code_comment(comment_id, one, ["transport"], "negative")
            code_comment(comment_id, two, second, "negative")
    page = soup(staff_client(app, one).get("/staff/comments/agreement"))
    assert "2 comments coded by two reviewers." in page.get_text(" ")
    transport_row = next(
        row for row in page.select("main table tbody tr") if "Home to school" in row.get_text()
    )
    assert [cell.get_text(strip=True) for cell in transport_row.select("td")][:3] == [
        "2",
        "1",
        "1",
    ]


def _coded(index: int, keys: set[str], stage: str = "week6", month: int = 5) -> CodedComment:
    when = datetime(2026, month, 1, tzinfo=UTC)
    return CodedComment(
        index, "text", "improve", stage, "parent", "en", when, "negative", frozenset(keys), when
    )


def test_small_theme_counts_are_suppressed_and_their_shares_hidden() -> None:
    comments = [_coded(i, {"transport"} if i < 3 else {"timeliness"}) for i in range(30)]
    table = trend_table(
        [TRANSPORT, TIMELINESS],
        comments,
        ["week6"],
        {c.comment_id: c.stage for c in comments},
        min_n=10,
        threshold=5,
    )
    transport, timeliness = table.rows
    assert transport.cells[0].count.text == "fewer than 5"
    assert transport.cells[0].share is None
    # The total would give the hidden 3 away, so the other cell is hidden too.
    assert timeliness.cells[0].count.value is None
    assert table.column_n[0].text == "30"


def test_shares_have_wilson_intervals_once_n_reaches_the_minimum() -> None:
    comments = [_coded(i, {"transport"} if i < 12 else {"timeliness"}) for i in range(30)]
    table = trend_table(
        [TRANSPORT, TIMELINESS],
        comments,
        ["week6"],
        {c.comment_id: c.stage for c in comments},
        min_n=10,
        threshold=5,
    )
    share = table.rows[0].cells[0].share
    assert share == proportion(12, 30)
    assert table.rows[0].cells[0].count.text == "12"


def test_no_share_is_published_below_the_minimum_n() -> None:
    comments = [_coded(i, {"transport"}) for i in range(8)]
    table = trend_table(
        [TRANSPORT],
        comments,
        ["week6"],
        {c.comment_id: c.stage for c in comments},
        min_n=10,
        threshold=5,
    )
    assert table.rows[0].cells[0].count.text == "8"
    assert table.rows[0].cells[0].share is None


def test_a_clear_rise_is_flagged_after_multiplicity_correction() -> None:
    before = [_coded(i, {"transport"} if i < 2 else {"timeliness"}, month=2) for i in range(40)]
    latest = [_coded(100 + i, {"transport"} if i < 20 else {"timeliness"}) for i in range(40)]
    tests, quarter = rising_themes(
        [TRANSPORT, TIMELINESS], before + latest, baseline_quarters=4, min_n=10, fdr=0.05
    )
    assert quarter == "2026-Q2"
    flags = {test.theme.key: test.rising for test in tests}
    assert flags == {"transport": True, "timeliness": False}
    transport = next(test for test in tests if test.theme.key == "transport")
    assert (transport.latest, transport.latest_n, transport.before, transport.before_n) == (
        20,
        40,
        2,
        40,
    )
    assert transport.q_value >= transport.p_value


def test_no_rise_is_tested_when_a_period_is_too_small() -> None:
    comments = [_coded(i, {"transport"}, month=2) for i in range(5)] + [
        _coded(100 + i, {"transport"}) for i in range(40)
    ]
    tests, _ = rising_themes([TRANSPORT], comments, baseline_quarters=4, min_n=10, fdr=0.05)
    assert tests == ()


def test_trends_page_shows_a_chart_and_drill_down_links(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    reviewer = make_staff("reviewer")
    with app.app_context():
        for i in range(12):
            code_comment(
                add_comment(f"The taxi was late {i}."), reviewer, ["transport"], "negative"
            )
    page = soup(staff_client(app, reviewer).get("/staff/comments/trends"))
    assert page.select_one("main svg title") is not None
    link = page.select_one("main table a[href*='theme=transport']")
    assert link is not None and "status=coded" in link["href"]


@pytest.mark.parametrize("value", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_export_cells_cannot_carry_formulas(value: str) -> None:
    assert formula_safe(value) == "'" + value


def test_export_rows_carry_redacted_text_and_theme_names() -> None:
    comment = _coded(1, {"transport", "timeliness"})
    rows = list(export_rows([comment], [TRANSPORT, TIMELINESS]))
    assert rows[1][0] == "text" and rows[1][6] == "Timeliness; Transport"


def test_csv_and_xlsx_exports_hold_the_coded_comments(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    reviewer = make_staff("reviewer")
    with app.app_context():
        code_comment(add_comment("=cmd| call Sarah"), reviewer, ["transport"], "negative")
    client = staff_client(app, reviewer)
    rows = list(csv.reader(io.StringIO(client.get("/staff/comments/export.csv").get_data(True))))
    assert rows[1][0] == "'=cmd| call [name]"
    workbook = load_workbook(io.BytesIO(client.get("/staff/comments/export.xlsx").data))
    sheet = workbook.active
    assert sheet is not None
    assert sheet.cell(row=2, column=1).value == "'=cmd| call [name]"
