"""Counts in messages take the plural form of their number: "Recomputed 1 KPI", "2 KPIs"."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from feedback.extensions import db
from tests.feedback.catalogues import REPO_ROOT
from tests.feedback.kpi_fixtures import AGREE, add_answers, agree_answers, make_kpi, make_plan
from tests.feedback.kpi_fixtures import set_metric as use_metric
from tests.feedback.pages import soup

FEBRUARY = date(2023, 2, 10)
# A noun hedged with "(s)" ("1 place(s)"): a count's plural form is ngettext's to choose.
HEDGED_PLURAL = re.compile(r"\w\(s\)")


def _plan_with_kpis(app: Flask, kpis: int) -> int:
    with app.app_context():
        plan = make_plan()
        for number in range(kpis):
            use_metric(make_kpi(plan, ref=f"1.{number + 1}", milestone_12m="60%"), AGREE)
        add_answers(plan.organisation_id, FEBRUARY, agree_answers(30, 20))
        db.session.commit()
        return int(plan.id)


@pytest.mark.parametrize(("kpis", "words"), [(1, "Recomputed 1 KPI:"), (2, "Recomputed 2 KPIs:")])
def test_the_recompute_message_says_kpi_or_kpis_by_the_number(
    app: Flask, signed_in: Callable[..., FlaskClient], kpis: int, words: str
) -> None:
    plan_id = _plan_with_kpis(app, kpis)
    lead = signed_in("lead")
    response = lead.post(f"/staff/plans/{plan_id}/recompute", follow_redirects=True)
    text = soup(response).get_text(" ", strip=True)
    assert words in text
    assert not re.search(r"\b1 KPIs\b|\b1 measurements\b", text)


def test_the_recompute_command_says_one_plan_and_one_kpi(
    app: Flask, runner: FlaskCliRunner
) -> None:
    _plan_with_kpis(app, 1)
    result = runner.invoke(args=["kpis", "recompute", "--as-of", "2023-06-30"])
    assert result.exit_code == 0, result.output
    assert "Recomputed 1 KPI of 1 plan as of 2023-06-30:" in result.output


def test_no_message_hedges_its_plural_with_brackets() -> None:
    sources = [
        *(REPO_ROOT / "feedback").rglob("*.py"),
        *(REPO_ROOT / "templates").rglob("*.html"),
        *(REPO_ROOT / "templates").rglob("*.txt"),
    ]
    hedged = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for path in sources
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HEDGED_PLURAL.search(line)
    ]
    assert not hedged, "use ngettext: " + ", ".join(hedged)
