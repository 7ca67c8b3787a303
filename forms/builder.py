"""Turn a survey page into a Flask-WTF form rendered with GOV.UK Frontend.

Every field may be left blank: a family can skip any question (docs/decisions.md), so a blank
page validates and its questions are saved as skipped.

A registry maps each question type to one field builder (as in ONS eq-questionnaire-runner),
so adding a type means adding one function and one registry entry. Every string a family sees
passes through ``translate`` when the form class is built: build the class inside the request
whose language it should speak.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, RadioField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, Length, Optional

from forms import messages
from forms.definition import Page, Question, QuestionType
from forms.messages import Translate, identity
from forms.scales import DONT_KNOW
from forms.validators import EachOf, clean_text
from forms.widgets import QuestionCharacterCount, QuestionCheckboxes, QuestionRadios

FieldBuilder = Callable[[Question, "FieldContext"], Field]

TEXTAREA_ROWS = 6


class FieldContext:
    """What every field builder needs besides the question: the language and the heading rule."""

    def __init__(self, translate: Translate, question_is_heading: bool) -> None:
        self.translate = translate
        self.question_is_heading = question_is_heading

    def short_label(self, question: Question) -> str:
        """The question's name inside error messages ("What went well must be …").

        Returns
        -------
        str
            The translated ``short_label``, else the translated label without its question mark
            (Latin, full-width or Arabic-script "؟").
        """
        if question.short_label is not None:
            return self.translate(question.short_label)
        return self.translate(question.label).rstrip("?？؟ ")

    def fieldset(self, question: Question) -> dict[str, Any]:
        """GOV.UK params for a question asked in a fieldset.

        Returns
        -------
        dict
            The ``fieldset`` param, with the legend as the page heading when it is the only
            question on the page.
        """
        size = "l" if self.question_is_heading else "m"
        legend = {
            "text": self.translate(question.label),
            "isPageHeading": self.question_is_heading,
            "classes": f"govuk-fieldset__legend--{size}",
        }
        return {"fieldset": {"legend": legend}}

    def error_prefix(self) -> str:
        """The visually hidden "Error" read out before a message.

        Returns
        -------
        str
            The translated prefix.
        """
        return self.translate(messages.ERROR_PREFIX)


def _literal(message: str) -> str:
    # AnyOf and Length format their message with `%`; a literal "%" must survive that.
    return message.replace("%", "%%")


def _choices(question: Question, context: FieldContext) -> list[SelectChoice]:
    return [
        SelectChoice(option.key, context.translate(option.label)) for option in question.options
    ]


def radio_field(question: Question, context: FieldContext) -> Field:
    """Build the field for a question answered by picking one option (rating5, agree5, yes_no,
    choice).

    Returns
    -------
    Field
        An unbound ``RadioField`` rendered as GOV.UK radios.
    """
    params = context.fieldset(question)
    if question.type is QuestionType.YES_NO:
        params["classes"] = "govuk-radios--inline"
    keys = [option.key for option in question.options]
    invalid = _literal(context.translate(messages.INVALID_CHOICE))
    return RadioField(
        context.translate(question.label),
        description=context.translate(question.hint) if question.hint else "",
        choices=_choices(question, context),
        validate_choice=False,  # AnyOf below checks the choice, with our own message
        validators=[
            Optional(),  # every question may be skipped (docs/decisions.md)
            AnyOf(keys, message=invalid),
        ],
        widget=QuestionRadios(
            params,
            context.error_prefix(),
            divider_before=DONT_KNOW if question.type.is_scale else None,
            divider_text=context.translate(messages.DIVIDER_OR),
        ),
    )


def checkboxes_field(question: Question, context: FieldContext) -> Field:
    """Build the field for a question answered by ticking any number of options.

    Returns
    -------
    Field
        An unbound ``SelectMultipleField`` rendered as GOV.UK checkboxes.
    """
    keys = [option.key for option in question.options]
    return SelectMultipleField(
        context.translate(question.label),
        description=context.translate(question.hint) if question.hint else "",
        choices=_choices(question, context),
        validate_choice=False,  # EachOf below checks the choices, with our own message
        validators=[
            Optional(),
            EachOf(keys, message=context.translate(messages.INVALID_CHOICE)),
        ],
        widget=QuestionCheckboxes(context.fieldset(question), context.error_prefix()),
    )


def text_field(question: Question, context: FieldContext) -> Field:
    """Build the field for a free-text question, limited to ``max_length`` characters.

    Returns
    -------
    Field
        An unbound ``TextAreaField`` rendered as a GOV.UK character count.
    """
    translate = context.translate
    max_length = question.max_length
    assert max_length is not None  # the loader refuses a text question without one
    too_long = translate(messages.TEXT_TOO_LONG).format(
        label=context.short_label(question), max=max_length
    )
    size = "l" if context.question_is_heading else "m"
    params = {
        "label": {"isPageHeading": context.question_is_heading, "classes": f"govuk-label--{size}"},
        "maxlength": max_length,
        "rows": TEXTAREA_ROWS,
        "textareaDescriptionText": translate(messages.CHARACTER_COUNT_DESCRIPTION),
        "charactersUnderLimitText": {
            "one": translate(messages.CHARACTERS_UNDER_LIMIT_ONE),
            "other": translate(messages.CHARACTERS_UNDER_LIMIT_OTHER),
        },
        "charactersAtLimitText": translate(messages.CHARACTERS_AT_LIMIT),
        "charactersOverLimitText": {
            "one": translate(messages.CHARACTERS_OVER_LIMIT_ONE),
            "other": translate(messages.CHARACTERS_OVER_LIMIT_OTHER),
        },
    }
    return TextAreaField(
        translate(question.label),
        description=translate(question.hint) if question.hint else "",
        filters=[clean_text],
        validators=[Optional(), Length(max=max_length, message=_literal(too_long))],
        widget=QuestionCharacterCount(params, context.error_prefix()),
    )


FIELD_BUILDERS: dict[QuestionType, FieldBuilder] = {
    QuestionType.RATING5: radio_field,
    QuestionType.AGREE5: radio_field,
    QuestionType.YES_NO: radio_field,
    QuestionType.CHOICE: radio_field,
    QuestionType.MULTI_CHOICE: checkboxes_field,
    QuestionType.TEXT: text_field,
}


def build_page_form(page: Page, *, translate: Translate = identity) -> type[FlaskForm]:
    """Make the form class for one survey page.

    Parameters
    ----------
    page : Page
        The page; each question becomes a field named after the question key.
    translate : callable, optional
        Translates a message (e.g. Flask-Babel's ``gettext``); applied to every label, hint,
        option and error message now, when the class is built.

    Returns
    -------
    type of FlaskForm
        A new ``FlaskForm`` subclass whose fields render as GOV.UK Frontend components.
    """
    context = FieldContext(translate, page.question_is_heading)
    fields = {
        question.key: FIELD_BUILDERS[question.type](question, context)
        for question in page.questions
    }
    name = "".join(part.title() for part in page.key.split("_")) + "Form"
    return type(name, (FlaskForm,), fields)
