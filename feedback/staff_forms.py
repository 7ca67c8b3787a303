"""WTForms for staff pages (sign-in, users). Survey forms are built from data in ``forms/``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length

from feedback.models import Role

ROLE_LABELS = {
    Role.ADMIN.value: _l("Admin"),
    Role.LEAD.value: _l("Improvement lead"),
    Role.REVIEWER.value: _l("Reviewer (SENDIASS or Parent Carer Forum)"),
    Role.CASE_OFFICER.value: _l("Case officer"),
}


class SignInForm(FlaskForm):
    """Email and password; pasting and password managers are welcome (WCAG 3.3.8)."""

    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter your email address"))],
    )
    password = PasswordField(
        _l("Password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter your password"))],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class NewUserForm(FlaskForm):
    """An admin adds a member of staff."""

    name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter the person's name")), Length(max=120)],
    )
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter an email address")),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.gov.uk")
            ),
        ],
    )
    role = RadioField(
        _l("Role"),
        widget=GovRadioInput(),
        choices=[SelectChoice(value, label) for value, label in ROLE_LABELS.items()],
        validators=[InputRequired(message=_l("Select a role"))],
    )
    password = PasswordField(
        _l("Temporary password"),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter a temporary password")),
            Length(min=12, message=_l("Password must be 12 characters or more")),
        ],
    )
    submit = SubmitField(_l("Add user"), widget=GovSubmitInput())
