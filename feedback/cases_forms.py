"""WTForms for the case officers' pages: uploading the case export, finding a case."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField


class CaseImportForm(FlaskForm):
    """Upload the export from the case-management system (CSV or XLSX)."""

    file = FileField(
        _l("Upload the case export"),
        widget=GovFileInput(),
        validators=[FileRequired(message=_l("Select a CSV or Excel file to upload"))],
        description=_l("A CSV (UTF-8) or Excel (.xlsx) file with the columns listed below."),
    )
    submit = SubmitField(_l("Import cases"), widget=GovSubmitInput())


STAGE_LABELS = {
    "week6": _l("Decision whether to assess (week 6)"),
    "week16": _l("Draft plan (week 16)"),
    "week20": _l("Final plan (week 20)"),
    "annual_review": _l("Annual review"),
}
AUDIENCE_LABELS = {"parent": _l("Parent or carer"), "young_person": _l("Young person")}
STATUS_LABELS = {
    "done": _l("Done on time"),
    "late": _l("Done late"),
    "overdue": _l("Overdue"),
    "upcoming": _l("Not due yet"),
}
# Where a message is (services.cases.casework.delivery_state), for the case page and the outbox.
DELIVERY_LABELS = {
    "queued": _l("Waiting to be sent"),
    "sending": _l("Being sent"),
    "outbox": _l("In the outbox, not sent"),
    "sent": _l("Sent, delivery not yet known"),
    "failed": _l("Not sent: GOV.UK Notify refused it or could not be reached"),
    "cancelled": _l("Cancelled: the family opted out"),
    "delivered": _l("Delivered"),
    "permanent-failure": _l("Not delivered: the email address or phone number is wrong"),
    "temporary-failure": _l("Not delivered: inbox full or phone off"),
    "technical-failure": _l("Not delivered: a problem at GOV.UK Notify"),
    "international": _l("Sent to an international number, delivery not known"),
}
MESSAGE_KIND_LABELS = {"invitation": _l("Invitation"), "reminder": _l("Reminder")}
CHANNEL_LABELS = {"email": _l("email"), "sms": _l("text message"), "letter": _l("letter")}
