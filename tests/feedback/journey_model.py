"""What a family's journey should show and store, worked out from a survey definition alone.

The stateful journey test (``test_family_journey_space.py``) keeps a :class:`JourneyModel` beside
the real app: each move updates the model, and the page and the stored response must agree with
it. Stored values are derived from the table in ``forms/answers.py``'s docstring, not from the
code under test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from hypothesis import strategies as st

from forms import Question, QuestionType, SurveyDefinition

# What a family chose for one question: an option key, option keys (checkboxes) or text.
Chosen = str | frozenset[str]

# Free text families type: letters, digits and punctuation of any script, spaces, line breaks.
TEXT_CHARACTERS = st.characters(codec="utf-8", categories=["L", "N", "P"], include_characters=" \n")


def answer_strategy(question: Question) -> st.SearchStrategy[Chosen]:
    """A valid answer to ``question``, drawn from its definition.

    Returns
    -------
    SearchStrategy
        An option key; a non-empty set of option keys for checkboxes; or trimmed, non-empty
        text within the question's ``max_length``.
    """
    keys = [option.key for option in question.options]
    if question.type is QuestionType.MULTI_CHOICE:
        return st.frozensets(st.sampled_from(keys), min_size=1)
    if question.type is QuestionType.TEXT:
        limit = min(question.max_length or 1, 120)
        return st.text(TEXT_CHARACTERS, min_size=1, max_size=limit).map(str.strip).filter(bool)
    return st.sampled_from(keys)


def posted(question: Question, chosen: Chosen) -> str | list[str]:
    """What a browser posts for the answer: one value, or one value per ticked box.

    Returns
    -------
    str or list of str
        The form value(s).
    """
    return sorted(chosen) if isinstance(chosen, frozenset) else chosen


def stored(question: Question, chosen: Chosen) -> tuple[float | None, str | None]:
    """The ``(numeric, text)`` an ``Answer`` row holds for a closed question's answer.

    Returns
    -------
    tuple
        Scale points as their number alone ("Don't know" as text), other options as score and
        key, checkboxes as keys in definition order.
    """
    if isinstance(chosen, frozenset):
        return None, ",".join(o.key for o in question.options if o.key in chosen)
    option = question.option(chosen)
    if question.type.is_scale and option.score is not None:
        return option.score, None
    return option.score, option.key


def shown(question: Question, chosen: Chosen | None) -> str:
    """What "Check your answers" says for the answer, in English, spaces collapsed.

    Returns
    -------
    str
        The option label(s), the text, or "Not answered".
    """
    if chosen is None:
        return "Not answered"
    if question.type is QuestionType.TEXT:
        return " ".join(str(chosen).split())
    keys = chosen if isinstance(chosen, frozenset) else {chosen}
    return ", ".join(o.label for o in question.options if o.key in keys)


def prefilled(page: BeautifulSoup, question: Question) -> Chosen | None:
    """Read the answer a question page shows as already given.

    Returns
    -------
    Chosen or None
        The checked option key(s) or the textarea's text; None when the field is blank.
    """
    if question.type is QuestionType.TEXT:
        textarea = page.find("textarea", attrs={"name": question.key})
        assert textarea is not None, f"no textarea for {question.key}"
        return textarea.get_text().strip("\r\n") or None
    checked = [
        box["value"]
        for box in page.find_all("input", attrs={"name": question.key})
        if box.has_attr("checked")
    ]
    if question.type is QuestionType.MULTI_CHOICE:
        return frozenset(checked) or None
    assert len(checked) <= 1, f"{question.key}: several options checked"
    return checked[0] if checked else None


@dataclass
class JourneyModel:
    """The journey rules: which page a family is on and what their answers are."""

    survey: SurveyDefinition
    link: str
    # Question key to the answer last saved, None for a question saved as skipped.
    answers: dict[str, Chosen | None] = field(default_factory=dict)
    saved_pages: set[str] = field(default_factory=set)
    place: str = "start"  # "start", "check", "done" or a page key
    changing: bool = False  # the question was reached by a Change link
    submitted: bool = False

    def path(self) -> str:
        """The path of the page the family should see now.

        Returns
        -------
        str
            ``/s/<token>``, ``…/q/<page>``, ``…/check`` or ``…/done``.
        """
        if self.place == "start":
            return self.link
        if self.place in ("check", "done"):
            return f"{self.link}/{self.place}"
        return f"{self.link}/q/{self.place}"

    def first_unsaved_page(self) -> str | None:
        """The first page never saved, where resuming (and "Check your answers") leads."""
        return next((p.key for p in self.survey.pages if p.key not in self.saved_pages), None)

    def go_to_check(self) -> None:
        """Ask for "Check your answers": it sends the family to any page not yet saved."""
        missing = self.first_unsaved_page()
        self.place, self.changing = (missing, False) if missing else ("check", False)

    def save_page(self, answers: dict[str, Chosen | None]) -> None:
        """Record a page's answers (None for each skipped question) and move on."""
        page_key = self.place
        self.saved_pages.add(page_key)
        self.answers.update(answers)
        keys = [page.key for page in self.survey.pages]
        following = keys.index(page_key) + 1
        if self.changing or following == len(keys):
            self.go_to_check()
        else:
            self.place, self.changing = keys[following], False

    def back(self) -> None:
        """Follow a question page's Back link."""
        keys = [page.key for page in self.survey.pages]
        index = keys.index(self.place)
        if self.changing:
            self.place, self.changing = "check", False
        else:
            self.place = keys[index - 1] if index else "start"

    def start(self) -> None:
        """Press the start page's button: on to the first page not saved, else the check."""
        self.go_to_check()

    def expected_response(
        self,
    ) -> tuple[dict[str, tuple[float | None, str | None]], dict[str, str]]:
        """The answer rows and comments the sent response must hold (skipped: absent).

        Returns
        -------
        tuple of dict
            Question key to ``(numeric, text)`` for closed questions; to text for comments.
        """
        closed: dict[str, tuple[float | None, str | None]] = {}
        comments: dict[str, str] = {}
        for question in self.survey.questions:
            chosen = self.answers.get(question.key)
            if chosen is None:
                continue
            if question.type is QuestionType.TEXT:
                comments[question.key] = str(chosen)
            else:
                closed[question.key] = stored(question, chosen)
        return closed, comments
