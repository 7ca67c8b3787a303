"""WTForms for staff pages (sign-in, accounts, users); survey forms are built from ``forms/``."""

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


def _role_field() -> RadioField:
    return RadioField(
        _l("Role"),
        widget=GovRadioInput(),
        choices=[SelectChoice(value, label) for value, label in ROLE_LABELS.items()],
        validators=[InputRequired(message=_l("Select a role"))],
    )


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


def _authenticator_code(description: str) -> StringField:
    """Return the field for a code from the authenticator app, with its hint."""
    return StringField(
        _l("Code from your authenticator app"),
        description=description,
        widget=GovTextInput(),
        validators=[InputRequired(message=_l("Enter the code")), Length(max=40)],
    )


class CodeForm(FlaskForm):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""

    code = _authenticator_code(
        _l("The 6-digit code the app shows now, or one of your recovery codes")
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class SetUpAppForm(FlaskForm):
    """Setting up the authenticator app: the first code it shows proves it holds the secret."""

    code = _authenticator_code(_l("The 6-digit code the app shows after you add the account"))
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


def _new_password() -> PasswordField:
    """Return the field for choosing a new password, with the NCSC-style hint."""
    return PasswordField(
        _l("New password"),
        description=_l(
            "At least 12 characters. Three random words make a strong, memorable password"
        ),
        widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter a new password"))],
    )


class SetPasswordForm(FlaskForm):
    """Choosing a password with a one-time link (an invitation or a reset)."""

    password = _new_password()
    submit = SubmitField(_l("Save password"), widget=GovSubmitInput())


class ChangePasswordForm(FlaskForm):
    """A member of staff changes their own password."""

    current = PasswordField(
        _l("Current password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter your current password"))],
    )
    password = _new_password()
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())


class InviteUserForm(FlaskForm):
    """An admin invites a member of staff, who is emailed a link to set their password."""

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
            Length(max=254),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.gov.uk")
            ),
        ],
    )
    role = _role_field()
    submit = SubmitField(_l("Send invitation"), widget=GovSubmitInput())


class RoleForm(FlaskForm):
    """An admin gives a member of staff another role."""

    role = _role_field()
    submit = SubmitField(_l("Change role"), widget=GovSubmitInput())


class ActionForm(FlaskForm):
    """A button that changes an account (deactivate, reactivate, reset); only the CSRF token."""
