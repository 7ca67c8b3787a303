"""WTForms for the council's settings page: how families reach the SEND team and SENDIASS.

The fields carry text only; ``services.organisations.clean_contact_details`` decides what is
valid, so the page and any other caller apply the same rules.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField


class ContactDetailsForm(FlaskForm):
    """The council's SEND team and its local SENDIASS, as families will see them."""

    contact_phone = StringField(
        _l("Telephone"),
        description=_l(
            "The SEND team's number for families, like 01632 960 001. "
            "Give a phone number, an email address or both"
        ),
        widget=GovTextInput(),
    )
    contact_email = StringField(
        _l("Email address"),
        description=_l(
            "The SEND team's address for families. Give an email address, a phone number or both"
        ),
        widget=GovTextInput(),
    )
    contact_hours = StringField(
        _l("Opening hours"),
        description=_l("For example, Monday to Friday, 9am to 5pm"),
        widget=GovTextInput(),
    )
    sendiass_name = StringField(
        _l("Name of the service"),
        description=_l("For example, Demo SENDIASS"),
        widget=GovTextInput(),
    )
    sendiass_phone = StringField(_l("Telephone"), widget=GovTextInput())
    sendiass_email = StringField(_l("Email address"), widget=GovTextInput())
    sendiass_website = StringField(
        _l("Website"),
        description=_l("Starting with https://"),
        widget=GovTextInput(),
    )
    submit = SubmitField(_l("Save contact details"), widget=GovSubmitInput())
