"""The coding page: a page of comments at once, each with its own theme picker, saved together
(all or none), with the filter and shortcuts documented and tenancy and redaction kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import AuditEvent, User
from feedback.models.reviews import Coding
from feedback.services.organisations import find_organisation
from feedback.services.reviews.coding import CodingChoice, PageCodingError, save_codings
from feedback.services.reviews.queue import CODING_PAGE_SIZE
from tests.feedback.pages import soup
from tests.feedback.review_fixtures import add_comment, staff_client, theme_ids

PAGE = "/staff/comments/code"


def _org(slug: str = "demo") -> int:
    organisation = find_organisation(slug)
    assert organisation is not None
    return organisation.id


def _codings() -> dict[int, tuple[str, set[int]]]:
    return {
        coding.comment_id: (coding.sentiment, {code.theme_id for code in coding.theme_codes})
        for coding in db.session.scalars(select(Coding))
    }


def _comment_ids(page: object) -> list[int]:
    return [int(box["value"]) for box in soup(page).select("input[name=comment]")]  # type: ignore[arg-type]


def test_the_coding_page_shows_a_page_of_comments_each_with_its_own_picker(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        ids = [add_comment(f"Comment number {n}: the taxi was late.") for n in range(12)]
        transport = theme_ids(_org(), ["transport"])[0]
    page = staff_client(app, make_staff("reviewer")).get(PAGE)
    html = soup(page)
    assert _comment_ids(page) == ids[:CODING_PAGE_SIZE]
    for comment_id in ids[:CODING_PAGE_SIZE]:
        boxes = html.select(f"input[name=themes-{comment_id}]")
        assert str(transport) in [box["value"] for box in boxes]
        assert len(html.select(f"input[name=sentiment-{comment_id}]")) == 4
        # The filter box is there for JavaScript to show; without it, plain checkboxes.
        picker = html.select_one(f"#themes-{comment_id}-filter").find_parent(
            class_="app-theme-picker__filter"
        )
        assert picker.has_attr("hidden")
    assert html.select_one(f"a[href^='{PAGE}?page=2']") is not None
    shortcuts = html.select_one("#keyboard-shortcuts")
    assert [key.get_text() for key in shortcuts.select("dt kbd")][:3] == ["j", "k", "/"]


def test_reviewers_see_only_the_redacted_copy_on_the_coding_page(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        add_comment("Call me on 07700 900123 about Jayden please.")
    text = staff_client(app, make_staff("reviewer")).get(PAGE).get_data(as_text=True)
    assert "07700 900123" not in text
    assert "Jayden" not in text


def test_saving_the_page_codes_the_chosen_comments_and_leaves_blank_ones_in_the_queue(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    app.config["DOUBLE_CODING_SHARE"] = 0.0
    with app.app_context():
        first, second, third = (add_comment(f"Comment {n} about the plan.") for n in range(3))
        transport, timeliness = theme_ids(_org(), ["transport", "timeliness"])
    client = staff_client(app, make_staff("reviewer"))
    response = client.post(
        PAGE,
        data={
            "comment": [str(first), str(second), str(third)],
            f"themes-{first}": [str(transport), str(timeliness)],
            f"sentiment-{first}": "negative",
            f"themes-{third}": [str(timeliness)],
            f"sentiment-{third}": "positive",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith(PAGE)
    with app.app_context():
        assert _codings() == {
            first: ("negative", {transport, timeliness}),
            third: ("positive", {timeliness}),
        }
        actions = db.session.scalars(
            select(AuditEvent.target_id).where(AuditEvent.action == "comment.code")
        ).all()
        assert sorted(map(int, actions)) == [first, third]
    following = client.get(response.headers["Location"])
    assert "Saved 2 comments" in following.get_data(as_text=True)
    assert _comment_ids(following) == [second]


def test_an_incomplete_comment_saves_nothing_and_says_which_comment(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        first, second = (add_comment(f"Comment {n}.") for n in range(2))
        transport = theme_ids(_org(), ["transport"])[0]
    client = staff_client(app, make_staff("reviewer"))
    page = client.post(
        PAGE,
        data={
            "comment": [str(first), str(second)],
            f"themes-{first}": [str(transport)],
            f"sentiment-{first}": "negative",
            f"themes-{second}": [str(transport)],
        },
    )
    assert page.status_code == 200
    html = soup(page)
    assert html.title.get_text().startswith("Error:")
    [link] = html.select(".govuk-error-summary a")
    assert link["href"] == f"#sentiment-{second}"
    assert html.select_one(f"#sentiment-{second}") is not None
    # What the reviewer chose is still ticked, so nothing has to be done again.
    assert [box["value"] for box in html.select(f"input[name=themes-{first}][checked]")] == [
        str(transport)
    ]
    with app.app_context():
        assert _codings() == {}


@pytest.mark.parametrize(
    "posted",
    [str(2**31), str(2**63), "abc", "-1", "1\x00", ""],
    ids=["2^31", "2^63", "letters", "negative", "nul", "empty"],
)
def test_nonsense_comment_ids_are_refused_without_an_error(
    app: Flask, make_staff: Callable[..., User], posted: str
) -> None:
    client = staff_client(app, make_staff("reviewer"))
    response = client.post(PAGE, data={"comment": [posted], f"sentiment-{posted}": "x"})
    # A NUL byte is refused before any view reads the form (400); the rest match no comment.
    assert response.status_code == (400 if "\x00" in posted else 404)


def test_a_comment_from_another_council_cannot_be_coded_from_the_page(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    with app.app_context():
        theirs = add_comment("Another council's comment.", organisation="elsewhere")
        ours = add_comment("Our comment.")
        transport = theme_ids(_org(), ["transport"])[0]
    client = staff_client(app, make_staff("reviewer"))
    assert _comment_ids(client.get(PAGE)) == [ours]
    response = client.post(
        PAGE,
        data={
            "comment": [str(ours), str(theirs)],
            f"themes-{ours}": [str(transport)],
            f"sentiment-{ours}": "neutral",
            f"themes-{theirs}": [str(transport)],
            f"sentiment-{theirs}": "neutral",
        },
    )
    assert response.status_code == 404
    with app.app_context():
        assert _codings() == {}


def test_the_service_refuses_another_councils_comment(
    app: Flask, make_staff: Callable[..., User]
) -> None:
    reviewer = make_staff("reviewer")
    with app.app_context():
        theirs = add_comment("Another council's comment.", organisation="elsewhere")
        transport = theme_ids(_org(), ["transport"])[0]
        with pytest.raises(LookupError):
            save_codings(
                _org(),
                [CodingChoice(theirs, frozenset({transport}), "neutral")],
                coder=db.session.merge(reviewer),
            )
        assert _codings() == {}


SENTIMENTS = st.sampled_from(["", "positive", "negative", "mixed", "neutral", "angry"])
# Indexes into three of the codebook's themes, plus two ids no theme has (0 and 2^40).
THEME_PICKS = st.sets(st.integers(min_value=0, max_value=4), max_size=3)
PAGE_CHOICES = st.lists(st.tuples(THEME_PICKS, SENTIMENTS), min_size=3, max_size=3)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(picks=PAGE_CHOICES)
def test_a_page_is_saved_all_or_none(
    app: Flask, make_staff: Callable[..., User], picks: list[tuple[set[int], str]]
) -> None:
    with app.app_context():
        reviewer = db.session.scalar(select(User).where(User.email == "pages@example.gov.uk"))
        if reviewer is None:
            reviewer = db.session.merge(make_staff("reviewer", email="pages@example.gov.uk"))
        comments = [add_comment(f"Comment {n}.") for n in range(len(picks))]
        themes = theme_ids(_org(), ["transport", "timeliness", "listened_to"])
        ids = [*themes, 0, 2**40]
        choices = [
            CodingChoice(comment_id, frozenset(ids[i] for i in chosen), sentiment)
            for comment_id, (chosen, sentiment) in zip(comments, picks, strict=True)
        ]
        chosen = [choice for choice in choices if not choice.is_empty]
        valid = all(
            choice.theme_ids
            and choice.theme_ids <= set(themes)
            and choice.sentiment in {"positive", "negative", "mixed", "neutral"}
            for choice in chosen
        )
        before = db.session.scalar(select(func.count(AuditEvent.id)))
        try:
            save_codings(_org(), choices, coder=reviewer)
        except PageCodingError as errors:
            assert not valid
            assert errors.problems
            assert set(errors.problems) <= {choice.comment_id for choice in chosen}
            saved: dict[int, tuple[str, set[int]]] = {}
        else:
            assert valid
            saved = {c.comment_id: (c.sentiment, set(c.theme_ids)) for c in chosen}
        assert {k: v for k, v in _codings().items() if k in comments} == saved
        after = db.session.scalar(select(func.count(AuditEvent.id)))
        assert after - before == len(saved)
