"""A member of staff's own account: their password and their recovery codes."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from feedback.authz import role_required
from feedback.extensions import db
from feedback.models import Role
from feedback.services import audit, two_factor
from feedback.services.sessions import restamp_session
from feedback.services.users import UserError, WrongPasswordError, change_password
from feedback.staff_forms import ActionForm, ChangePasswordForm

bp = Blueprint("account", __name__, url_prefix="/staff/account")

ALL_STAFF = (Role.LEAD, Role.REVIEWER, Role.CASE_OFFICER)


@bp.get("/")
@role_required(*ALL_STAFF)
def page() -> str:
    """What a member of staff can change about their own account."""
    return render_template(
        "staff/account.html", recovery_codes_left=two_factor.unused_recovery_codes(current_user)
    )


@bp.route("/password", methods=["GET", "POST"])
@role_required(*ALL_STAFF)
def password() -> str | Response:
    """Change one's own password; every other session of theirs ends, this one goes on."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data or "", form.password.data or "")
        except WrongPasswordError as error:
            form.current.errors.append(str(error))
        except UserError as error:
            form.password.errors.append(str(error))
        else:
            restamp_session(current_user)
            flash(_("Password changed. You have been signed out everywhere else"))
            return redirect(url_for("account.page"))
    return render_template("staff/change_password.html", form=form)


@bp.route("/recovery-codes", methods=["GET", "POST"])
@role_required(*ALL_STAFF)
def recovery_codes() -> str:
    """Replace one's recovery codes with new ones (the old ones stop working), shown once."""
    form = ActionForm()
    if form.validate_on_submit():
        codes = two_factor.replace_recovery_codes(current_user)
        audit.record(
            "auth.recovery_codes_replaced",
            actor=current_user,
            target_type="user",
            target_id=current_user.id,
        )
        db.session.commit()
        return render_template(
            "auth/recovery_codes.html", codes=codes, next_url=url_for("account.page")
        )
    return render_template("staff/new_recovery_codes.html", form=form)
