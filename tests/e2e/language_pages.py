"""Family pages in every shipped language, prepared on the live server, and what a browser sees.

Survey answers are saved through the journey service (not the browser) so a test can open the
"Check your answers" and confirmation pages directly; everything a family does in a browser is
left to the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from playwright.sync_api import Page

from feedback.config import Config
from forms import QuestionType
from forms.answers import answer_from_data

LANGUAGES = list(Config.LANGUAGES)
RIGHT_TO_LEFT = {
    code for code, (_name, direction) in Config.LANGUAGES.items() if direction == "rtl"
}
TEXT_ANSWER = "The officer rang back the same day."

# What a browser measures on a page: width, where the leftmost box starts, language, heading.
_MEASURE = """
() => {
  const boxes = [...document.querySelectorAll("body *")].map((el) => el.getBoundingClientRect());
  const shown = boxes.filter((box) => box.width > 1 && box.height > 1);
  const h1 = document.querySelector("h1");
  return {
    scrollWidth: document.documentElement.scrollWidth,
    leftmost: Math.min(...shown.map((box) => box.left)),
    rightmost: Math.max(...shown.map((box) => box.right)),
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
    direction: getComputedStyle(document.body).direction,
    heading: h1 ? h1.innerText.trim() : "",
  };
}
"""


@dataclass(frozen=True, slots=True)
class Measured:
    """What a page looked like in the browser."""

    scroll_width: int
    leftmost: float
    rightmost: float
    lang: str
    dir: str
    direction: str
    heading: str


def measure(page: Page) -> Measured:
    """Measure the page as it is now.

    Returns
    -------
    Measured
        Its scroll width, the left and right edges of its outermost visible boxes, its
        ``lang`` and ``dir``, the computed text direction and the ``h1`` text.
    """
    found = page.evaluate(_MEASURE)
    return Measured(
        scroll_width=found["scrollWidth"],
        leftmost=found["leftmost"],
        rightmost=found["rightmost"],
        lang=found["lang"],
        dir=found["dir"],
        direction=found["direction"],
        heading=found["heading"],
    )


def family_link(
    app: Flask,
    *,
    language: str,
    stage: str = "week6",
    audience: str = "parent",
    survey_format: str = "standard",
    answered: bool = False,
    submitted: bool = False,
) -> str:
    """Issue a family link on the live app, optionally with every page answered or submitted.

    Returns
    -------
    str
        The link's path, ``/s/<token>``.
    """
    from feedback.extensions import db
    from feedback.services import journey
    from feedback.services.demo_links import issue_demo_link
    from feedback.services.invitations import find_usable_invitation
    from feedback.services.surveys import survey_for

    with app.app_context():
        link = issue_demo_link(stage, audience)
        invitation = find_usable_invitation(link.rsplit("/", 1)[-1])
        assert invitation is not None
        invitation.language = language
        invitation.survey_format = survey_format
        db.session.commit()
        survey = survey_for(stage, audience, survey_format)
        if answered or submitted:
            for survey_page in survey.pages:
                values = {
                    q.key: answer_from_data(q, _first_answer(q)) for q in survey_page.questions
                }
                journey.save_page(invitation, survey_page, values)
        if submitted:
            journey.submit(invitation, survey, language=language)
    return link


def _first_answer(question: object) -> str | list[str]:
    kind = question.type  # type: ignore[attr-defined]
    if kind is QuestionType.TEXT:
        return TEXT_ANSWER
    first = question.options[0].key  # type: ignore[attr-defined]
    return [first] if kind is QuestionType.MULTI_CHOICE else first


def send_too_long_comment(page: Page, url: str) -> None:
    """Open a free-text question and send one character more than it allows."""
    page.goto(url)
    limit = page.evaluate(_LIMIT)
    page.fill("textarea", "a" * (limit + 1))
    with page.expect_navigation():
        page.click("form button.govuk-button")


# GOV.UK's character count keeps the limit in a data attribute (the textarea has no maxlength).
_LIMIT = "Number(document.querySelector('[data-maxlength]').dataset.maxlength)"


@dataclass(frozen=True, slots=True)
class FamilyPage:
    """A family page to visit in every language: its name and how to open it."""

    name: str
    open: Callable[[Page, str, dict[str, str]], None]


def _goto(path: str) -> Callable[[Page, str, dict[str, str]], None]:
    def open_page(page: Page, base: str, links: dict[str, str]) -> None:
        page.goto(base + path.format(**links))

    return open_page


def _error(page: Page, base: str, links: dict[str, str]) -> None:
    send_too_long_comment(page, base + links["standard"] + "/q/went_well")


# One of each kind of family page: every template, each question widget, an error, both formats.
FAMILY_PAGES = (
    FamilyPage("home", _goto("/?lang={language}")),
    FamilyPage("privacy", _goto("/privacy?lang={language}")),
    FamilyPage("accessibility", _goto("/accessibility?lang={language}")),
    FamilyPage("start", _goto("{standard}")),
    FamilyPage("start-easy-read", _goto("{easy_read}")),
    FamilyPage("question-agree", _goto("{standard}/q/decision_explained")),
    FamilyPage("question-yes-no", _goto("{standard}/q/knew_who_to_contact")),
    FamilyPage("question-text", _goto("{standard}/q/went_well")),
    FamilyPage("question-error", _error),
    FamilyPage("question-easy-read-faces", _goto("{easy_read}/q/overall_satisfaction")),
    FamilyPage("check", _goto("{answered}/check")),
    FamilyPage("done", _goto("{submitted}/done")),
    FamilyPage("link-not-usable", _goto("/s/not-a-real-link?lang={language}")),
    FamilyPage("languages", _goto("{standard}/language?next=/q/went_well")),
    FamilyPage("page-not-found", _goto("/no-such-page?lang={language}")),
    FamilyPage("stop-invitations", _goto("/stop/{standard_token}?lang={language}")),
    FamilyPage("you-said-we-did", _goto("/you-said-we-did/demo?lang={language}")),
)


def links_for(app: Flask, language: str) -> dict[str, str]:
    """Issue the family links the pages of ``FAMILY_PAGES`` need, in one language.

    Returns
    -------
    dict of str to str
        ``language``, the paths ``standard``, ``easy_read``, ``answered`` and ``submitted``, and
        ``standard_token``.
    """
    standard = family_link(app, language=language)
    return {
        "language": language,
        "standard": standard,
        # The same token stops invitations (the link in every email and letter).
        "standard_token": standard.rsplit("/", 1)[-1],
        "easy_read": family_link(app, language=language, survey_format="easy_read"),
        "answered": family_link(app, language=language, answered=True),
        "submitted": family_link(app, language=language, submitted=True),
    }
