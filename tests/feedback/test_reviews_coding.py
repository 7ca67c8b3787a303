"""Coding comments: the queue, a keyboard-first form, double coding, suggestions, the codebook."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import User
from feedback.models.reviews import CodebookVersion, Coding, Theme, ThemeRevision
from feedback.services.organisations import find_organisation
from feedback.services.reviews.codebook import seed_themes
from feedback.services.reviews.coded import CodedComment
from feedback.services.reviews.queue import in_double_coding_sample
from feedback.services.reviews.suggestions import NotEnoughCoded, train_suggester
from tests.feedback.pages import soup
from tests.feedback.review_fixtures import add_comment, code_comment, staff_client, theme_ids


def _org() -> int:
    organisation = find_organisation("demo")
    assert organisation is not None
    return organisation.id


def test_a_reviewer_codes_a_comment_and_goes_straight_to_the_next(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        first = add_comment("The taxi was an hour late every day.")
        second = add_comment("The plan took 30 weeks.")
    client = staff_client(app, make_staff("reviewer"))
    page = client.get(f"/staff/comments/{first}")
    boxes = {box["value"]: box for box in soup(page).select("input[name=themes]")}
    with app.app_context():
        transport, timeliness = theme_ids(_org(), ["transport", "timeliness"])
    assert str(transport) in boxes
    response = client.post(
        f"/staff/comments/{first}", data={"themes": [str(transport)], "sentiment": "negative"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/staff/comments/{second}")
    with app.app_context():
        coding = db.session.scalar(select(Coding).where(Coding.comment_id == first))
        assert coding is not None and coding.sentiment == "negative"
        assert [code.theme_id for code in coding.theme_codes] == [transport]
        assert timeliness not in [code.theme_id for code in coding.theme_codes]


def test_saved_codes_are_shown_again_and_can_be_changed(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        comment = add_comment("Nobody explained section F.")
        info, listened = theme_ids(_org(), ["process_information", "listened_to"])
    client = staff_client(app, make_staff("reviewer"))
    client.post(f"/staff/comments/{comment}", data={"themes": [str(info)], "sentiment": "mixed"})
    client.post(
        f"/staff/comments/{comment}", data={"themes": [str(listened)], "sentiment": "negative"}
    )
    page = soup(client.get(f"/staff/comments/{comment}"))
    checked = [box["value"] for box in page.select("input[name=themes][checked]")]
    assert checked == [str(listened)]
    assert page.select_one("input[name=sentiment][checked]")["value"] == "negative"


def test_coding_without_a_theme_shows_an_error_and_saves_nothing(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        comment = add_comment("Fine.")
    client = staff_client(app, make_staff("reviewer"))
    page = client.post(f"/staff/comments/{comment}", data={"sentiment": "neutral"})
    assert page.status_code == 200
    assert soup(page).title.get_text().startswith("Error:")
    assert "Select at least one theme" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Coding)).all() == []


def test_a_sampled_comment_waits_for_a_second_reviewer_who_cannot_see_the_first_codes(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    app.config["DOUBLE_CODING_SHARE"] = 1.0  # every comment is double coded
    first_coder = make_staff("reviewer", email="one@example.gov.uk")
    second_coder = make_staff("lead", email="two@example.gov.uk")
    with app.app_context():
        comment = add_comment("The EP spent real time with him.")
        code_comment(comment, first_coder, ["ep_advice"], "positive")
    page = soup(staff_client(app, second_coder).get("/staff/comments/"))
    assert [a["href"].split("?")[0] for a in page.select("main ol li h3 a")] == [
        f"/staff/comments/{comment}"
    ]
    form = soup(staff_client(app, second_coder).get(f"/staff/comments/{comment}"))
    assert form.select("input[name=themes][checked]") == []
    assert form.select("input[name=sentiment][checked]") == []


def test_a_comment_outside_the_sample_leaves_the_queue_once_coded(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    app.config["DOUBLE_CODING_SHARE"] = 0.0
    first_coder = make_staff("reviewer", email="one@example.gov.uk")
    with app.app_context():
        comment = add_comment("The EP spent real time with him.")
        code_comment(comment, first_coder, ["ep_advice"], "positive")
    page = soup(staff_client(app, make_staff("lead")).get("/staff/comments/"))
    assert page.select("main ol li h3 a") == []


def test_the_double_coding_sample_is_the_share_asked_for() -> None:
    sampled = sum(in_double_coding_sample(comment_id, 0.2) for comment_id in range(1, 1001))
    assert sampled == 200


def test_queue_filters_by_stage_and_theme(app: Flask, make_staff: Callable[..., User]) -> None:
    reviewer = make_staff("reviewer")
    with app.app_context():
        week6 = add_comment("The decision letter was clear.", stage="week6")
        week20 = add_comment("The taxi never came.", stage="week20")
        code_comment(week20, reviewer, ["transport"], "negative")
    client = staff_client(app, reviewer)
    by_stage = soup(client.get("/staff/comments/?stage=week6&status=all"))
    assert [a["href"].split("?")[0] for a in by_stage.select("main ol li h3 a")] == [
        f"/staff/comments/{week6}"
    ]
    by_theme = soup(client.get("/staff/comments/?theme=transport&status=coded"))
    assert [a["href"].split("?")[0] for a in by_theme.select("main ol li h3 a")] == [
        f"/staff/comments/{week20}"
    ]


def _coded(index: int, text: str, keys: set[str]) -> CodedComment:
    now = datetime(2026, 5, 1, tzinfo=UTC)
    return CodedComment(
        index, text, "improve", "week6", "parent", "en", now, "negative", frozenset(keys), now
    )


def test_suggestions_wait_for_enough_coded_comments() -> None:
    comments = [_coded(i, "the taxi was late", {"transport"}) for i in range(5)]
    assert train_suggester(comments, min_coded=20) == NotEnoughCoded(coded=5, needed=20)


def test_suggestions_learn_themes_and_report_held_out_accuracy() -> None:
    words = {
        "transport": ["taxi late", "bus driver", "escort missing", "journey too long"],
        "timeliness": ["waited weeks", "plan late", "months of delay", "over 20 weeks"],
    }
    comments = [
        _coded(len(words) * k + i, f"{phrase} again", {key})
        for k, (key, phrases) in enumerate(words.items())
        for i, phrase in enumerate(phrases * 4)
    ]
    model = train_suggester(comments, min_coded=20)
    assert not isinstance(model, NotEnoughCoded)
    assert model.held_out_n == 7
    assert 0.0 <= model.held_out_accuracy <= 1.0
    assert model.suggest("the taxi driver was late")[0][0] == "transport"


def test_the_codebook_is_seeded_from_data_as_version_1(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    page = staff_client(app, make_staff("reviewer")).get("/staff/comments/codebook")
    rows = soup(page).select("main table")[0].select("tbody tr")
    assert len(rows) == len(seed_themes())
    with app.app_context():
        assert db.session.scalars(select(CodebookVersion.number)).all() == [1]


def test_an_admin_edit_makes_a_new_codebook_version_with_the_old_wording_kept(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    client = staff_client(app, make_staff("admin"))
    client.get("/staff/comments/codebook")
    response = client.post(
        "/staff/comments/codebook/1",
        data={"name": "Keeping families informed", "description": "Calls answered.", "active": "y"},
    )
    assert response.status_code == 302
    with app.app_context():
        theme = db.session.get(Theme, 1)
        assert theme is not None and theme.name == "Keeping families informed"
        wording = db.session.scalars(
            select(ThemeRevision.name).where(ThemeRevision.theme_id == 1).order_by(ThemeRevision.id)
        ).all()
        assert wording == [seed_themes()[0]["name"], "Keeping families informed"]


def test_a_comment_of_another_council_is_not_found(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        elsewhere = add_comment("The taxi was late.", organisation="elsewhere")
    client = staff_client(app, make_staff("reviewer"))
    assert client.get(f"/staff/comments/{elsewhere}").status_code == 404
    assert (
        client.post(
            f"/staff/comments/{elsewhere}", data={"themes": ["1"], "sentiment": "negative"}
        ).status_code
        == 404
    )
    assert client.get(f"/staff/comments/{elsewhere}/missed").status_code == 404
