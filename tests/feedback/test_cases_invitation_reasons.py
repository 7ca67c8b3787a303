"""The case page says, for each stage, why the case was or was not invited, following the
scheduler's own rules: only events the case data shows happened, in stage order, within the
window after falling due."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import time_machine
from flask import Flask
from flask.testing import FlaskClient

from tests.feedback.case_pages import case_rows, invite_cases
from tests.feedback.cases_data import at, import_file, row, write_csv
from tests.feedback.pages import soup


def _reasons(client: FlaskClient, reference: str) -> list[str]:
    page = soup(client.get(f"/staff/cases/?reference={reference}"))
    return [" ".join(p.get_text(" ").split()) for p in page.select("tbody .app-stage-reason")]


def test_case_page_says_which_event_each_stage_is_waiting_for(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    # Decided 10 February and invited; no draft plan date; a final plan date; no review yet.
    invite_cases(app, tmp_path)

    assert _reasons(signed_in(), "EHC-7") == [
        "Invited: the decision whether to assess was recorded on 2025-02-10.",
        "Not invited yet: the draft plan has not been issued.",
        "Not invited yet: the draft plan has not been issued, and that comes before this stage.",
        "Not invited yet: the review meeting has not been held.",
    ]


def test_case_page_says_when_an_invitation_will_go_and_when_its_window_closed(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    with app.app_context():
        rows = [row("W-1", decision_date="2025-02-10", draft_plan_date="2025-06-01")]
        assert import_file(write_csv(tmp_path / "cases.csv", rows)).succeeded

    with time_machine.travel(at("2025-06-02"), tick=False):
        reasons = [cells[4] for cells in case_rows(signed_in(), "W-1")]

    assert reasons[0].startswith(
        "Not invited: the decision whether to assess was recorded on 2025-02-10, and invitations "
        "go out only until 28 days after falling due (here 2025-03-13)"
    )
    assert reasons[1] == ("To be invited on 2025-06-04: the draft plan was issued on 2025-06-01.")


def test_case_page_says_a_family_that_opted_out_is_not_invited(
    app: Flask, tmp_path: Path, signed_in: Callable[..., FlaskClient]
) -> None:
    with app.app_context():
        rows = [row("O-1", decision_date="2025-02-10", opted_out="yes")]
        assert import_file(write_csv(tmp_path / "cases.csv", rows)).succeeded

    with time_machine.travel(at("2025-02-14"), tick=False):
        reasons = [cells[4] for cells in case_rows(signed_in(), "O-1")]

    assert reasons[0] == "Not invited: the family opted out."
