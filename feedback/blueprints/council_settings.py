"""The council's settings page for admins: the contact details families are given."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from feedback.authz import role_required
from feedback.council_forms import ContactDetailsForm
from feedback.models import Role
from feedback.services.organisations import (
    CONTACT_FIELDS,
    ContactDetailsError,
    contact_details,
    update_contact_details,
)

bp = Blueprint("council_settings", __name__, url_prefix="/staff/council")


@bp.route("/contact", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def contact() -> str | Response:
    """Show and change how families reach the council's SEND team and the local SENDIASS."""
    organisation = current_user.organisation
    if_saved = {name: getattr(organisation, name) or "" for name in CONTACT_FIELDS}
    form = ContactDetailsForm(data=if_saved)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in CONTACT_FIELDS}
        try:
            changed = update_contact_details(organisation, values, actor=current_user)
        except ContactDetailsError as error:
            for name, message in error.errors.items():
                getattr(form, name).errors.append(message)
        else:
            flash(_("Contact details saved") if changed else _("No changes to save"))
            return redirect(url_for("council_settings.contact"))
    return render_template(
        "staff/council_contact.html", form=form, contact=contact_details(organisation)
    )
