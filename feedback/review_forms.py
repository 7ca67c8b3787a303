"""WTForms for the reviewers' pages: coding, hiding missed words, the codebook, safeguarding and
"You said, we did". Choices that depend on the council (themes) are set by the view."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional

from feedback.form_dates import DayMonthYearField
from feedback.models.reviews import Sentiment
from feedback.services.reviews.alerts import FlagOutcome

SENTIMENT_LABELS = {
    Sentiment.POSITIVE.value: _l("Positive"),
    Sentiment.NEGATIVE.value: _l("Negative"),
    Sentiment.MIXED.value: _l("Mixed"),
    Sentiment.NEUTRAL.value: _l("Neutral or no view"),
}
MARK_KIND_LABELS = {
    "child_name": _l("A child's name"),
    "name": _l("Someone else's name"),
    "school": _l("A school or setting"),
    "place": _l("A place or address"),
    "phone": _l("A phone number"),
    "email": _l("An email address"),
    "postcode": _l("A postcode"),
    "dob": _l("A date of birth"),
    "nhs": _l("An NHS number"),
    "caseref": _l("A case or file reference"),
}
OUTCOME_LABELS = {
    FlagOutcome.REFERRED.value: _l("Referred under the safeguarding procedure"),
    FlagOutcome.ALREADY_KNOWN.value: _l("Already known and being acted on"),
    FlagOutcome.NO_CONCERN.value: _l("Read and no safeguarding concern"),
}


class CodingForm(FlaskForm):
    """Themes (one or more) and a sentiment for one comment; rendered as checkboxes and radios."""

    themes = SelectMultipleField(
        _l("Themes"),
        coerce=int,
        validators=[InputRequired(message=_l("Select at least one theme"))],
    )
    sentiment = RadioField(
        _l("How does the comment feel about the service?"),
        choices=[SelectChoice(value, label) for value, label in SENTIMENT_LABELS.items()],
        validators=[InputRequired(message=_l("Select how the comment feels about the service"))],
    )
    submit = SubmitField(_l("Save and next"), widget=GovSubmitInput())


class CodingPageForm(FlaskForm):
    """The coding page's form: its fields (``themes-<id>``, ``sentiment-<id>``) depend on the
    comments shown, so the view reads them; this form carries the CSRF token."""


class MarkForm(FlaskForm):
    """Words a reviewer can still see that identify someone."""

    seen = StringField(
        _l("Words to hide"),
        description=_l("Copy them exactly as they appear, without any [placeholder]."),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the words to hide")),
            Length(max=200, message=_l("Words to hide must be 200 characters or fewer")),
        ],
    )
    kind = SelectField(
        _l("What are they?"),
        widget=GovSelect(),
        choices=[SelectChoice(value, label) for value, label in MARK_KIND_LABELS.items()],
        validators=[InputRequired(message=_l("Select what the words are"))],
    )
    submit = SubmitField(_l("Hide these words"), widget=GovSubmitInput())


class ThemeForm(FlaskForm):
    """An admin adds a theme or changes one's wording."""

    key = StringField(
        _l("Key"),
        description=_l("Lower-case letters, digits and underscores. It cannot be changed later."),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=63)],
    )
    name = StringField(
        _l("Name"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter the theme's name")), Length(max=120)],
    )
    description = TextAreaField(
        _l("Description"),
        description=_l("What comments with this theme are about, so coders agree."),
        widget=GovTextArea(),
        validators=[
            InputRequired(message=_l("Enter a description")),
            Length(max=1000, message=_l("Description must be 1000 characters or fewer")),
        ],
    )
    active = BooleanField(
        _l("Reviewers can code comments with this theme"), widget=GovCheckboxInput()
    )
    submit = SubmitField(_l("Save theme"), widget=GovSubmitInput())


class CloseFlagForm(FlaskForm):
    """The designated lead records what was done about a flagged comment."""

    outcome = RadioField(
        _l("What was done?"),
        widget=GovRadioInput(),
        choices=[SelectChoice(value, label) for value, label in OUTCOME_LABELS.items()],
        validators=[InputRequired(message=_l("Select what was done about this comment"))],
    )
    submit = SubmitField(_l("Close this flag"), widget=GovSubmitInput())


class LeadEmailForm(FlaskForm):
    """An admin sets who is told about safeguarding flags."""

    email = EmailField(
        _l("Designated safeguarding lead's email address"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter an email address")),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.gov.uk")
            ),
        ],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class EntryForm(FlaskForm):
    """A "You said, we did" entry."""

    you_said = TextAreaField(
        _l("You said"),
        description=_l("What families told us, in general words. Never quote a comment."),
        widget=GovTextArea(),
        validators=[
            InputRequired(message=_l("Enter what families said")),
            Length(max=2000, message=_l("You said must be 2000 characters or fewer")),
        ],
    )
    we_did = TextAreaField(
        _l("We did"),
        description=_l("What changed because of it."),
        widget=GovTextArea(),
        validators=[
            InputRequired(message=_l("Enter what was done")),
            Length(max=2000, message=_l("We did must be 2000 characters or fewer")),
        ],
    )
    changed_on = DayMonthYearField(
        _l("When did it change?"),
        description=_l("For example, 27 3 2026"),
        widget=GovDateInput(),
        format="%d %m %Y",
        validators=[InputRequired(message=_l("Enter the date of the change"))],
    )
    themes = SelectMultipleField(_l("Themes"), coerce=int)
    submit = SubmitField(_l("Save draft"), widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A single button, with its CSRF token, for actions that need a POST."""

    submit = SubmitField(_l("Confirm"), widget=GovSubmitInput())
