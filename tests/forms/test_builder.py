"""A survey page becomes a Flask-WTF form rendered with GOV.UK Frontend components."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from forms import (
    FIELD_BUILDERS,
    Option,
    Page,
    Question,
    QuestionType,
    build_page_form,
    messages,
)

pytestmark = pytest.mark.usefixtures("request_context")

RATING = Question("overall_satisfaction", QuestionType.RATING5, "How satisfied are you?")
AGREE = Question("listened_to", QuestionType.AGREE5, "I felt listened to and involved.")
YES_NO = Question("knew_who_to_contact", QuestionType.YES_NO, "Did you know who to contact?")
CHOICE = Question(
    "plan_on_time",
    QuestionType.CHOICE,
    "Did you get the plan on time?",
    options=(Option("yes", "Yes", 1.0), Option("no", "No", 0.0), Option("not_sure", "Not sure")),
)
MULTI = Question(
    "contact",
    QuestionType.MULTI_CHOICE,
    "How did we contact you?",
    hint="Select all that apply.",
    options=(Option("email", "Email"), Option("phone", "Phone"), Option("letter", "Letter")),
)
TEXT = Question(
    "went_well",
    QuestionType.TEXT,
    "What went well?",
    hint="Do not include names.",
    max_length=1200,
)


def _page(question: Question) -> Page:
    return Page(question.key, (question,))


def _form(question: Question, posted: dict[str, str | list[str]] | None = None, **kwargs):
    form_class = build_page_form(_page(question), **kwargs)
    if posted is None:
        return form_class(formdata=None)
    return form_class(formdata=MultiDict(posted))


def _html(form: FlaskForm, key: str) -> BeautifulSoup:
    return BeautifulSoup(str(form[key]()), "html.parser")


def _error(form: FlaskForm, key: str) -> str:
    assert form.validate() is False
    return form.errors[key][0]


def test_every_question_type_has_a_field_builder():
    assert set(FIELD_BUILDERS) == set(QuestionType)


def test_form_fields_are_named_after_question_keys():
    page = Page("about_you", (RATING, TEXT), title="About you")

    form = build_page_form(page)(formdata=None)

    assert [field.name for field in form] == ["overall_satisfaction", "went_well"]
    assert build_page_form(page).__name__ == "AboutYouForm"


def test_rating_renders_radios_in_a_fieldset_with_the_question_as_page_heading():
    html = _html(_form(RATING), "overall_satisfaction")

    heading = html.select_one("fieldset.govuk-fieldset > legend.govuk-fieldset__legend--l > h1")
    assert heading.get_text(strip=True) == "How satisfied are you?"
    assert len(html.select("input.govuk-radios__input[type=radio]")) == 6


def test_rating_radios_run_from_very_dissatisfied_to_very_satisfied_then_dont_know():
    html = _html(_form(RATING), "overall_satisfaction")

    values = [radio["value"] for radio in html.select("input.govuk-radios__input")]
    labels = [label.get_text(strip=True) for label in html.select("label.govuk-radios__label")]
    assert values == ["1", "2", "3", "4", "5", "dont_know"]
    assert labels[0] == "Very dissatisfied"
    assert labels[4] == "Very satisfied"
    assert labels[5] == "Don't know"


def test_dont_know_is_set_apart_by_an_or_divider():
    html = _html(_form(RATING), "overall_satisfaction")

    children = html.select(".govuk-radios > div")
    classes = [child["class"][0] for child in children]
    assert classes == ["govuk-radios__item"] * 5 + ["govuk-radios__divider", "govuk-radios__item"]
    assert children[5].get_text(strip=True) == "or"


def test_scale_without_dont_know_has_no_divider():
    question = Question("listened_to", QuestionType.AGREE5, "I felt listened to.", dont_know=False)

    html = _html(_form(question), "listened_to")

    assert html.select(".govuk-radios__divider") == []
    assert len(html.select(".govuk-radios__input")) == 5


def test_agree_scale_labels_run_from_strongly_disagree_to_strongly_agree():
    html = _html(_form(AGREE), "listened_to")

    labels = [label.get_text(strip=True) for label in html.select("label.govuk-radios__label")]
    assert labels == [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
        "Don't know",
    ]


def test_every_radio_has_its_own_label():
    html = _html(_form(CHOICE), "plan_on_time")

    for radio in html.select("input.govuk-radios__input"):
        assert html.select_one(f"label[for='{radio['id']}']") is not None
    assert [radio["id"] for radio in html.select("input")] == [
        "plan_on_time",
        "plan_on_time-2",
        "plan_on_time-3",
    ]


def test_yes_no_renders_inline_radios():
    html = _html(_form(YES_NO), "knew_who_to_contact")

    assert html.select_one(".govuk-radios.govuk-radios--inline") is not None
    assert [radio["value"] for radio in html.select("input")] == ["yes", "no"]


def test_multi_choice_renders_checkboxes_in_a_fieldset():
    html = _html(_form(MULTI), "contact")

    assert html.select_one("fieldset legend h1").get_text(strip=True) == "How did we contact you?"
    checkboxes = html.select("input.govuk-checkboxes__input[type=checkbox]")
    assert [box["value"] for box in checkboxes] == ["email", "phone", "letter"]


def test_hint_is_shown_and_described_by():
    html = _html(_form(MULTI), "contact")

    assert html.select_one("#contact-hint").get_text(strip=True) == "Select all that apply."
    assert html.select_one("fieldset")["aria-describedby"] == "contact-hint"


def test_question_without_hint_renders_no_empty_hint():
    html = _html(_form(YES_NO), "knew_who_to_contact")

    assert html.select(".govuk-hint") == []
    assert not html.select_one("fieldset").has_attr("aria-describedby")


def test_text_renders_a_character_count_labelled_by_the_question_as_heading():
    html = _html(_form(TEXT), "went_well")

    assert html.select_one(".govuk-character-count")["data-maxlength"] == "1200"
    label = html.select_one("h1.govuk-label-wrapper > label.govuk-label--l")
    assert label["for"] == "went_well"
    assert label.get_text(strip=True) == "What went well?"
    textarea = html.select_one("textarea#went_well")
    assert "went_well-hint" in textarea["aria-describedby"]
    info = html.select_one("#went_well-info").get_text(strip=True)
    assert info == "You can enter up to 1200 characters"


def test_questions_on_a_titled_page_are_not_page_headings():
    page = Page("about_you", (RATING, TEXT), title="About you")
    form = build_page_form(page)(formdata=None)

    rating = _html(form, "overall_satisfaction")
    text = _html(form, "went_well")

    assert rating.select("h1") == []
    assert rating.select_one("legend.govuk-fieldset__legend--m") is not None
    assert text.select("h1") == []
    assert text.select_one("label.govuk-label--m") is not None


def test_template_params_override_the_built_ones():
    form = _form(RATING)

    html = BeautifulSoup(
        str(form.overall_satisfaction(params={"fieldset": {"legend": {"classes": "custom"}}})),
        "html.parser",
    )

    assert html.select_one("legend")["class"] == ["govuk-fieldset__legend", "custom"]


def test_optional_question_left_blank_is_valid():
    assert _form(RATING, {}).validate() is True


def test_optional_text_of_only_spaces_is_valid_and_empty():
    form = _form(TEXT, {"went_well": "   \r\n "})

    assert form.validate() is True
    assert form.went_well.data == ""


@pytest.mark.parametrize(
    "question", [RATING, AGREE, YES_NO, CHOICE, MULTI, TEXT], ids=lambda q: q.type.value
)
def test_question_of_every_type_left_blank_is_valid(question):
    form = _form(question, {})

    assert form.validate() is True
    assert not form.errors


def test_error_message_renders_with_a_hidden_prefix():
    form = _form(YES_NO, {"knew_who_to_contact": "maybe"})
    form.validate()

    html = _html(form, "knew_who_to_contact")

    message = html.select_one("#knew_who_to_contact-error.govuk-error-message")
    assert message.get_text(" ", strip=True) == "Error: Select one of the answers shown"
    assert html.select_one(".govuk-form-group--error") is not None


def test_tampered_radio_value_is_rejected():
    assert _error(_form(RATING, {"overall_satisfaction": "6"}), "overall_satisfaction") == (
        "Select one of the answers shown"
    )


def test_tampered_checkbox_value_is_rejected():
    form = _form(MULTI, {"contact": ["email", "carrier_pigeon"]})

    assert _error(form, "contact") == "Select one of the answers shown"


def test_text_over_the_limit_gets_a_gov_uk_style_message():
    form = _form(TEXT, {"went_well": "x" * 1201})

    assert _error(form, "went_well") == "What went well must be 1,200 characters or fewer"


def test_text_at_the_limit_is_valid():
    assert _form(TEXT, {"went_well": "x" * 1200}).validate() is True


def test_browser_line_breaks_count_as_one_character():
    text = "x" * 599 + "\r\n" + "x" * 600  # 1,200 characters as the character count shows them

    form = _form(TEXT, {"went_well": text})

    assert form.validate() is True
    assert form.went_well.data == "x" * 599 + "\n" + "x" * 600


def test_short_label_names_the_question_in_the_length_message():
    question = Question(
        "went_well", QuestionType.TEXT, "What went well?", short_label="Your comment", max_length=5
    )

    assert _error(_form(question, {"went_well": "toolong"}), "went_well") == (
        "Your comment must be 5 characters or fewer"
    )


def test_percent_sign_in_a_label_survives_the_length_message():
    question = Question("went_well", QuestionType.TEXT, "100% honest?", max_length=5)

    assert _error(_form(question, {"went_well": "toolong"}), "went_well") == (
        "100% honest must be 5 characters or fewer"
    )


FAKE_WELSH = {
    "How did we contact you?": "Sut wnaethon ni gysylltu â chi?",
    "Select all that apply.": "Dewiswch bob un sy'n berthnasol.",
    "Email": "E-bost",
    "Phone": "Ffôn",
    "Letter": "Llythyr",
    messages.INVALID_CHOICE: "Dewiswch un o'r atebion a ddangosir",
    messages.ERROR_PREFIX: "Gwall",
}


def _welsh(message: str) -> str:
    return FAKE_WELSH.get(message, message)


def test_labels_hints_and_options_are_translated_when_built():
    html = _html(_form(MULTI, translate=_welsh), "contact")

    assert html.select_one("legend h1").get_text(strip=True) == "Sut wnaethon ni gysylltu â chi?"
    assert (
        html.select_one("#contact-hint").get_text(strip=True) == "Dewiswch bob un sy'n berthnasol."
    )
    labels = [label.get_text(strip=True) for label in html.select("label")]
    assert labels == ["E-bost", "Ffôn", "Llythyr"]


def test_error_messages_are_translated_when_built():
    form = _form(MULTI, {"contact": ["fax"]}, translate=_welsh)
    form.validate()

    html = _html(form, "contact")

    message = html.select_one("#contact-error").get_text(" ", strip=True)
    assert message == "Gwall: Dewiswch un o'r atebion a ddangosir"


def test_scale_labels_and_divider_are_translated_when_built():
    translations = {"Very satisfied": "Bodlon iawn", messages.DIVIDER_OR: "neu"}

    html = _html(_form(RATING, translate=lambda m: translations.get(m, m)), "overall_satisfaction")

    assert html.select_one("label[for='overall_satisfaction-5']").get_text(strip=True) == (
        "Bodlon iawn"
    )
    assert html.select_one(".govuk-radios__divider").get_text(strip=True) == "neu"
