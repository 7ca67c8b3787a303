"""Answers are stored as language-independent (numeric, text) values and read back."""

from __future__ import annotations

import dataclasses

import pytest
from werkzeug.datastructures import MultiDict

from forms import (
    SKIPPED,
    AnswerValue,
    Option,
    Page,
    Question,
    QuestionType,
    answers_from_form,
    build_page_form,
    display_answer,
    form_data_from_answers,
    load_surveys,
)
from forms.answers import answer_from_data, data_from_answer

RATING = Question("overall_satisfaction", QuestionType.RATING5, "How satisfied are you?")
AGREE = Question("listened_to", QuestionType.AGREE5, "I felt listened to.")
YES_NO = Question("knew_who_to_contact", QuestionType.YES_NO, "Did you know?")
CHOICE = Question(
    "plan_on_time",
    QuestionType.CHOICE,
    "On time?",
    options=(Option("yes", "Yes", 1.0), Option("no", "No", 0.0), Option("not_sure", "Not sure")),
)
MULTI = Question(
    "contact",
    QuestionType.MULTI_CHOICE,
    "How?",
    options=(Option("email", "Email"), Option("phone", "Phone"), Option("letter", "Letter")),
)
TEXT = Question("went_well", QuestionType.TEXT, "What went well?", max_length=1200)


@pytest.mark.parametrize(
    ("question", "data", "expected"),
    [
        (RATING, "4", AnswerValue(4.0, None)),
        (RATING, "1", AnswerValue(1.0, None)),
        (RATING, "dont_know", AnswerValue(None, "dont_know")),
        (AGREE, "5", AnswerValue(5.0, None)),
        (YES_NO, "yes", AnswerValue(1.0, "yes")),
        (YES_NO, "no", AnswerValue(0.0, "no")),
        (CHOICE, "no", AnswerValue(0.0, "no")),
        (CHOICE, "not_sure", AnswerValue(None, "not_sure")),
        (MULTI, ["letter", "email"], AnswerValue(None, "email,letter")),
        (TEXT, "It was quick.", AnswerValue(None, "It was quick.")),
    ],
)
def test_form_data_is_stored_as_numeric_and_text(question, data, expected):
    assert answer_from_data(question, data) == expected


@pytest.mark.parametrize(
    ("question", "data"),
    [
        (RATING, "3"),
        (RATING, "dont_know"),
        (AGREE, "2"),
        (YES_NO, "no"),
        (CHOICE, "yes"),
        (CHOICE, "not_sure"),
        (MULTI, ["email", "phone"]),
        (TEXT, "Line one.\nLine two."),
    ],
)
def test_stored_answer_reads_back_as_the_same_form_data(question, data):
    assert data_from_answer(question, answer_from_data(question, data)) == data


@pytest.mark.parametrize(
    ("question", "blank"), [(RATING, None), (CHOICE, ""), (MULTI, []), (TEXT, "")]
)
def test_blank_answer_is_not_stored(question, blank):
    assert answer_from_data(question, blank) is None


def test_answer_that_is_not_an_option_cannot_be_stored():
    with pytest.raises(ValueError, match="question 'overall_satisfaction' has no option '7'"):
        answer_from_data(RATING, "7")


def test_answer_value_is_immutable():
    answer = AnswerValue(4.0, None)

    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.numeric = 5.0  # type: ignore[misc]


def test_display_answer_says_the_scale_label():
    assert display_answer(RATING, AnswerValue(4.0, None)) == "Satisfied"


def test_display_answer_says_dont_know():
    assert display_answer(AGREE, AnswerValue(None, "dont_know")) == "Don't know"


def test_display_answer_joins_chosen_labels_in_definition_order():
    assert display_answer(MULTI, AnswerValue(None, "email,letter")) == "Email, Letter"


def test_display_answer_shows_text_as_written():
    assert display_answer(TEXT, AnswerValue(None, "Quick and kind.")) == "Quick and kind."


def test_display_answer_says_not_answered_for_a_skipped_question():
    assert display_answer(CHOICE, None) == "Not answered"


def test_display_answer_translates_the_label():
    translations = {"Yes": "Ydw"}

    shown = display_answer(YES_NO, AnswerValue(1.0, "yes"), translate=lambda m: translations[m])

    assert shown == "Ydw"


@pytest.mark.usefixtures("request_context")
def test_answers_from_a_posted_form_cover_the_answered_questions():
    page = Page("about_it", (RATING, MULTI, TEXT), title="About it")
    posted = MultiDict(
        [
            ("overall_satisfaction", "2"),
            ("contact", "phone"),
            ("contact", "email"),
            ("went_well", "  "),
        ]
    )
    form = build_page_form(page)(formdata=posted)
    assert form.validate() is True

    answers = answers_from_form(page, form)

    assert answers == {
        "overall_satisfaction": AnswerValue(2.0, None),
        "contact": AnswerValue(None, "email,phone"),
    }


@pytest.mark.usefixtures("request_context")
def test_answers_prefill_the_form_they_came_from():
    page = Page("about_it", (RATING, YES_NO, MULTI, TEXT), title="About it")
    answers = {
        "overall_satisfaction": AnswerValue(None, "dont_know"),
        "knew_who_to_contact": AnswerValue(0.0, "no"),
        "contact": AnswerValue(None, "letter"),
        "went_well": AnswerValue(None, "Kind staff."),
    }

    form = build_page_form(page)(formdata=None, data=form_data_from_answers(page, answers))

    assert form.overall_satisfaction.data == "dont_know"
    assert form.knew_who_to_contact.data == "no"
    assert form.contact.data == ["letter"]
    assert form.went_well.data == "Kind staff."
    assert answers_from_form(page, form) == answers


@pytest.mark.usefixtures("request_context")
def test_prefilled_radio_renders_checked():
    page = Page("overall_satisfaction", (RATING,))
    data = form_data_from_answers(page, {"overall_satisfaction": AnswerValue(5.0, None)})

    html = str(build_page_form(page)(formdata=None, data=data).overall_satisfaction())

    assert 'value="5" checked' in html
    assert html.count(" checked") == 1


def test_form_data_leaves_out_unanswered_questions():
    page = Page("about_it", (RATING, TEXT), title="About it")

    assert form_data_from_answers(page, {"went_well": AnswerValue(None, "Fine.")}) == {
        "went_well": "Fine."
    }


@pytest.mark.usefixtures("request_context")
def test_every_real_survey_page_round_trips_a_full_set_of_answers():
    for survey in load_surveys():
        for page in survey.pages:
            posted = MultiDict()
            for question in page.questions:
                if question.type is QuestionType.TEXT:
                    posted.add(question.key, f"Comment on {question.key}.")
                else:
                    posted.add(question.key, question.options[-1].key)
            form = build_page_form(page)(formdata=posted)
            assert form.validate() is True, (survey.key, page.key, form.errors)

            answers = answers_from_form(page, form)

            assert form_data_from_answers(page, answers) == posted.to_dict(flat=True)


EVERY_TYPE = [RATING, AGREE, YES_NO, CHOICE, MULTI, TEXT]


@pytest.mark.parametrize("question", EVERY_TYPE, ids=lambda question: str(question.type))
def test_skipped_question_of_every_type_says_not_answered(question):
    assert display_answer(question, SKIPPED) == "Not answered"


@pytest.mark.parametrize("question", EVERY_TYPE, ids=lambda question: str(question.type))
def test_skipped_question_of_every_type_prefills_a_blank_field(question):
    page = Page(question.key, (question,))
    assert form_data_from_answers(page, {question.key: SKIPPED}) == {}
    assert data_from_answer(question, SKIPPED) in ("", [])


@pytest.mark.usefixtures("request_context")
def test_every_real_survey_page_left_blank_validates_and_reads_back_blank():
    for survey in load_surveys():
        for page in survey.pages:
            form = build_page_form(page)(formdata=MultiDict())
            assert form.validate() is True, (survey.key, page.key, form.errors)
            assert answers_from_form(page, form) == {}
            skipped = {question.key: SKIPPED for question in page.questions}
            assert form_data_from_answers(page, skipped) == {}
            for question in page.questions:
                assert display_answer(question, skipped[question.key]) == "Not answered"


def test_dont_know_is_an_answer_and_skipped_is_not():
    assert AnswerValue(None, "dont_know").is_answered
    assert AnswerValue(0.0, "no").is_answered
    assert not SKIPPED.is_answered
    assert not AnswerValue(None, "").is_answered
