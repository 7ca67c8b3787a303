"""Line breaks a family types are kept on Check your answers and on the reviewers' pages, and
the text is escaped first, so nothing typed can become markup."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import Tag
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from feedback import create_app
from feedback.formatting import line_breaks
from tests.feedback.journey_steps import answer_page, start_url
from tests.feedback.pages import soup
from tests.feedback.review_fixtures import add_comment

# Lower case, so the reviewers' redaction finds no name in it.
COMMENT = "the first line.\n<script>alert('x')</script>\r\nand the last line & more."


def _lines(node: Tag) -> list[str]:
    """The text of a node split where it has <br> elements."""
    parts, current = [], []
    for child in node.descendants:
        if isinstance(child, Tag) and child.name == "br":
            parts.append("".join(current).strip())
            current = []
        elif isinstance(child, str) and not isinstance(child, Tag):
            current.append(str(child))
    parts.append("".join(current).strip())
    return parts


def _assert_kept(html: str, container: Tag) -> None:
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert container.find("script") is None
    assert _lines(container) == [
        "the first line.",
        "<script>alert('x')</script>",
        "and the last line & more.",
    ]


def test_check_your_answers_keeps_a_comment_s_line_breaks_and_escapes_it(
    client: FlaskClient, family_link: Callable[..., str]
) -> None:
    url = start_url(client, family_link("week20", "parent"))
    while not url.endswith("/check"):
        url = answer_page(client, url, text=COMMENT).headers["Location"]
    response = client.get(url)
    html = response.get_data(as_text=True)
    answers = [
        node for node in soup(response).select(".govuk-summary-list__value bdi") if node.find("br")
    ]
    assert answers, "no answer kept its line breaks"
    for answer in answers:
        _assert_kept(html, answer)


def test_the_reviewers_queue_and_coding_page_keep_a_comment_s_line_breaks(
    app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    with app.app_context():
        comment_id = add_comment(COMMENT)
    reviewer = signed_in("reviewer")
    for url in ("/staff/comments/", f"/staff/comments/{comment_id}"):
        response = reviewer.get(url)
        assert response.status_code == 200, url
        shown = [node for node in soup(response).find_all(["p", "blockquote"]) if node.find("br")]
        assert shown, url
        _assert_kept(response.get_data(as_text=True), shown[0])


@pytest.fixture(scope="module")
def plain_app() -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


@given(text=st.text(max_size=200))
def test_line_breaks_escape_everything_and_add_only_br(plain_app: Flask, text: str) -> None:
    with plain_app.app_context():
        shown = line_breaks(text)
    assert isinstance(shown, Markup)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if text else []
    assert str(shown) == "<br>".join(str(Markup.escape(line)) for line in lines)
