"""A family can switch to Easy Read from the start page; scales show faces with alt text."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Response
from tests.feedback.journey_steps import answer_all_pages, start_url
from tests.feedback.language_links import issue_link, stored_invitation
from tests.feedback.pages import CheckingClient, soup

STATIC = Path(__file__).resolve().parents[2] / "feedback" / "static"
FACE_ALTS = [
    "Very sad face",
    "Sad face",
    "Face that is neither happy nor sad",
    "Happy face",
    "Very happy face",
]


def _checking(app: Flask) -> FlaskClient:
    return CheckingClient(app)


def _switch(client: FlaskClient, link: str, survey_format: str) -> int:
    return client.post(link + "/format", data={"format": survey_format}).status_code


def test_parent_start_page_offers_the_easy_read_version(app: Flask) -> None:
    link = issue_link(app)

    page = soup(_checking(app).get(link))

    form = page.select_one(f"form[action='{link}/format']")
    assert form.select_one("input[name=format]")["value"] == "easy_read"
    assert form.select_one("button").get_text(strip=True) == "Use the Easy Read version"


def test_young_persons_start_page_offers_no_other_format(app: Flask) -> None:
    link = issue_link(app, audience="young_person")

    page = soup(_checking(app).get(link))

    assert page.select_one(f"form[action='{link}/format']") is None


def test_choosing_easy_read_shows_the_easy_read_survey_and_is_stored(app: Flask) -> None:
    link = issue_link(app)
    client = _checking(app)

    status = _switch(client, link, "easy_read")

    assert status == 302
    assert soup(client.get(link)).h1.get_text(strip=True) == (
        "Asking for an assessment – tell us how it went"
    )
    assert stored_invitation(app, link) == ("en", "easy_read")


def test_easy_read_start_page_offers_the_way_back_to_the_standard_version(app: Flask) -> None:
    link = issue_link(app, survey_format="easy_read")

    page = soup(_checking(app).get(link))

    assert page.select_one("input[name=format]")["value"] == "standard"


def test_a_format_not_offered_is_refused_and_changes_nothing(app: Flask) -> None:
    link = issue_link(app, audience="young_person")

    status = _switch(_checking(app), link, "easy_read")

    assert status == 400
    assert stored_invitation(app, link) == ("en", "standard")


def test_an_unknown_format_is_refused_and_changes_nothing(app: Flask) -> None:
    link = issue_link(app)

    status = _switch(_checking(app), link, "comic_sans")

    assert status == 400
    assert stored_invitation(app, link) == ("en", "standard")


def test_answers_given_before_switching_are_kept(app: Flask) -> None:
    link = issue_link(app)
    client = _checking(app)
    first_question = start_url(client, link)
    client.post(first_question, data={"decision_explained": "5"})

    _switch(client, link, "easy_read")
    page = soup(client.get(first_question))

    assert page.h1.get_text(strip=True) == "Someone explained the decision to me clearly."
    assert page.select_one("input[value='5']").has_attr("checked")


def test_easy_read_response_records_its_survey_and_the_shared_question_keys(app: Flask) -> None:
    link = issue_link(app, stage="week20", survey_format="easy_read")
    client = _checking(app)
    client.post(answer_all_pages(client, link))

    with app.app_context():
        response = db.session.scalar(select(Response))
        keys = {answer.question_key for answer in response.answers}
        assert (response.survey_key, response.stage) == ("week20_parent_easy_read", "week20")
        assert {"overall_satisfaction", "plan_on_time", "listened_to"} <= keys


def test_easy_read_scale_shows_a_face_beside_each_answer_with_alt_text(app: Flask) -> None:
    link = issue_link(app, survey_format="easy_read")

    page = soup(_checking(app).get(link + "/q/overall_satisfaction"))

    faces = page.select(".govuk-radios__label img.app-scale-symbol")
    assert [face["alt"] for face in faces] == FACE_ALTS
    # The file's own name, or its fingerprinted name once `make assets` has built them.
    assert all(
        re.fullmatch(rf"/static/symbols/face-{n}(\.[0-9a-f]{{12}})?\.svg", face["src"])
        for n, face in zip(range(1, 6), faces, strict=True)
    )


def test_dont_know_has_no_face(app: Flask) -> None:
    link = issue_link(app, survey_format="easy_read")

    page = soup(_checking(app).get(link + "/q/overall_satisfaction"))

    choice = page.select_one("input[value='dont_know']")
    dont_know = page.select_one(f"label[for='{choice['id']}']")
    assert dont_know.get_text(strip=True) == "Don't know"
    assert dont_know.select_one("img") is None


def test_young_persons_agreement_scale_shows_faces(app: Flask) -> None:
    link = issue_link(app, audience="young_person")

    page = soup(_checking(app).get(link + "/q/listened_to"))

    assert len(page.select("img.app-scale-symbol")) == 5


def test_standard_parent_survey_shows_no_faces(app: Flask) -> None:
    link = issue_link(app)

    page = soup(_checking(app).get(link + "/q/overall_satisfaction"))

    assert page.select("img.app-scale-symbol") == []


def test_face_alt_text_is_in_the_familys_language(app: Flask) -> None:
    link = issue_link(app, language="ur", survey_format="easy_read")

    page = soup(_checking(app).get(link + "/q/overall_satisfaction"))

    assert page.select_one("img.app-scale-symbol")["alt"] == "بہت اداس چہرہ"


def test_face_images_are_small_svg_files_without_scripts() -> None:
    for number in range(1, 6):
        svg = (STATIC / "symbols" / f"face-{number}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg ") and len(svg.encode()) < 1024
        assert "<script" not in svg and "style=" not in svg


def test_easy_read_introduction_puts_one_sentence_on_each_line(app: Flask) -> None:
    link = issue_link(app, survey_format="easy_read")

    paragraphs = [p.get_text(strip=True) for p in soup(_checking(app).get(link)).select("main p")]

    assert paragraphs[:2] == [
        "This survey is from your local authority's SEND team.",
        "You asked us for an EHC (Education, Health and Care) needs assessment.",
    ]


def test_urdu_introduction_is_split_at_the_urdu_full_stop(app: Flask) -> None:
    link = issue_link(app, language="ur", audience="young_person")

    paragraphs = [p.get_text(strip=True) for p in soup(_checking(app).get(link)).select("main p")]

    assert paragraphs[0] == "یہ سروے آپ کی مقامی اتھارٹی کی SEND ٹیم کی طرف سے ہے۔"
    assert paragraphs[9] == "آپ رک کر بعد میں واپس آ سکتے ہیں۔"


def test_standard_introduction_stays_one_paragraph(app: Flask) -> None:
    link = issue_link(app)

    first = soup(_checking(app).get(link)).select_one("main p").get_text(strip=True)

    assert first.startswith("This short survey is from your local authority's SEND team. It is")
