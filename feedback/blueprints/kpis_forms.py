"""WTForms for the KPI pages. They check the shape of input only; the rules live in services."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovFileInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    IntegerField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from analysis.scales import SCALES
from feedback.form_dates import DayMonthYearField
from feedback.services.kpis.metrics import MetricKind

DATE_FORMAT = "%d %m %Y"

METRIC_KIND_LABELS = {
    MetricKind.PROPORTION.value: _l("Share of survey answers that count as success"),
    MetricKind.MEAN.value: _l("Mean rating on a 1 to 5 scale"),
    MetricKind.TIMELINESS.value: _l("Plans issued within 20 weeks, from case dates"),
    MetricKind.MANUAL_COUNT.value: _l(
        "A count entered by hand each period (complaints, tribunals)"
    ),
    MetricKind.MANUAL_PROPORTION.value: _l(
        "A number out of a total entered by hand (dip samples of plans)"
    ),
}


def choices(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """Return (value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def _date_field(label: str, message: str) -> DayMonthYearField:
    return DayMonthYearField(
        label,
        format=DATE_FORMAT,
        widget=GovDateInput(),
        description=_l("For example, 1 6 2022"),
        validators=[InputRequired(message=message)],
    )


class NewPlanForm(FlaskForm):
    """A lead creates a plan from its KPI table."""

    name = StringField(
        _l("Plan name"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter the plan's name")), Length(max=200)],
    )
    start_date = _date_field(_l("When did the plan start?"), _l("Enter the date the plan started"))
    status_scale = RadioField(
        _l("Status scale"),
        widget=GovRadioInput(),
        choices=choices((key, str(scale["name"])) for key, scale in SCALES.items()),
        validators=[InputRequired(message=_l("Select the plan's status scale"))],
    )
    table = FileField(
        _l("KPI table (CSV or XLSX)"),
        widget=GovFileInput(),
        description=_l("One row per measure, with the columns of the template."),
    )
    submit = SubmitField(_l("Import the plan"), widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A single button, for actions such as recomputing a plan."""

    submit = SubmitField(_l("Recompute now"), widget=GovSubmitInput())


class KpiForm(FlaskForm):
    """A lead edits a KPI's wording, baseline and milestones, in the plan's words."""

    ref = StringField(
        _l("Ref"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter the ref")), Length(max=32)],
    )
    measure = TextAreaField(
        _l("Measure of success"),
        widget=GovTextArea(),
        validators=[InputRequired(message=_l("Enter the measure")), Length(max=4000)],
    )
    workstream = TextAreaField(
        _l("Workstream"), widget=GovTextArea(), validators=[Length(max=4000)]
    )
    owner = StringField(
        _l("Lead officer's role"), widget=GovTextInput(), validators=[Length(max=200)]
    )
    baseline = StringField(
        _l("Baseline"),
        widget=GovTextInput(),
        description=_l("As printed: 47%, 2/5, 44 (21/22), or n/a to measure it first."),
        validators=[Length(max=500)],
    )
    milestone_3m = StringField(_l("3-month milestone"), widget=GovTextInput())
    milestone_6m = StringField(_l("6-month milestone"), widget=GovTextInput())
    milestone_12m = StringField(
        _l("12-month milestone (the target)"),
        widget=GovTextInput(),
        description=_l("For example 60%, 3/5, 10% reduction or +10pp."),
    )
    submit = SubmitField(_l("Save changes"), widget=GovSubmitInput())


class MetricKindForm(FlaskForm):
    """Step 1 of a metric: what kind, and for survey kinds which question."""

    kind = RadioField(
        _l("How is this KPI measured?"),
        widget=GovRadioInput(),
        choices=choices(METRIC_KIND_LABELS.items()),
        validators=[InputRequired(message=_l("Select how the KPI is measured"))],
    )
    question_key = RadioField(
        _l("Which survey question?"),
        widget=GovRadioInput(),
        description=_l("Only for a share of answers or a mean rating."),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class MetricAnswersForm(FlaskForm):
    """Step 2 of a survey metric: stages, audiences, and which answers count."""

    stages = SelectMultipleField(
        _l("At which stages?"), widget=GovCheckboxesInput(), validators=[Optional()]
    )
    audiences = SelectMultipleField(
        _l("Whose answers?"), widget=GovCheckboxesInput(), validators=[Optional()]
    )
    success_options = SelectMultipleField(
        _l("Which answers count as success?"), widget=GovCheckboxesInput(), validators=[Optional()]
    )
    excluded_options = SelectMultipleField(
        _l("Which answers are left out of the count?"),
        widget=GovCheckboxesInput(),
        description=_l("Like \u201cDon't know\u201d: neither success nor failure."),
        validators=[Optional()],
    )
    submit = SubmitField(_l("Save metric"), widget=GovSubmitInput())


class ResolveTargetForm(FlaskForm):
    """A lead chooses what an ambiguous target means."""

    reading = RadioField(
        _l("What does the target mean?"),
        widget=GovRadioInput(),
        validators=[InputRequired(message=_l("Select what the target means"))],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class PeriodForm(FlaskForm):
    """A period: the baseline period, or a period a figure is entered for."""

    start = _date_field(_l("First day"), _l("Enter the first day of the period"))
    end = _date_field(_l("Last day"), _l("Enter the last day of the period"))
    submit = SubmitField(_l("Measure the baseline"), widget=GovSubmitInput())


class ManualEntryForm(PeriodForm):
    """A figure entered by hand for a period."""

    count = IntegerField(
        _l("Count"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter the count, a whole number")),
            NumberRange(min=0, message=_l("The count must be 0 or more")),
        ],
    )
    denominator = IntegerField(
        _l("Out of (the total)"),
        widget=GovTextInput(),
        description=_l("Only for a number out of a total, such as plans in a dip sample."),
        validators=[Optional(), NumberRange(min=1, message=_l("The total must be 1 or more"))],
    )
    submit = SubmitField(_l("Save figure"), widget=GovSubmitInput())
