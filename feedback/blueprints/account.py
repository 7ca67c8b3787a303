"""A member of staff's own account: their password and their recovery codes."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.wrappers import Response

from feedback.authz import role_required
from feedback.extensions import db, limiter
from feedback.models import Role
from feedback.services import audit, two_factor
from feedback.services.sessions import restamp_session
from feedback.services.users import UserError, WrongPasswordError, change_password
from feedback.staff_forms import ActionForm, ChangePasswordForm

bp = Blueprint("account", __name__, url_prefix="/staff/account")

ALL_STAFF = (Role.LEAD, Role.REVIEWER, Role.CASE_OFFICER)
# Set on a request whose "current password" was wrong: only those count towards the limit.
_WRONG_CURRENT = "wrong_current_password"


def _password_limit() -> str:
    return str(current_app.config["SIGN_IN_RATE_LIMIT"])


def _user_key() -> str:
    return f"user:{getattr(current_user, 'id', None) or get_remote_address()}"


def _wrong_current(_response: Response) -> bool:
    return bool(g.get(_WRONG_CURRENT))


@bp.get("/")
@role_required(*ALL_STAFF)
def page() -> str:
    """What a member of staff can change about their own account."""
    return render_template(
        "staff/account.html", recovery_codes_left=two_factor.unused_recovery_codes(current_user)
    )


@bp.route("/password", methods=["GET", "POST"])
@role_required(*ALL_STAFF)
# Guessing the current password (with a stolen session) is slowed like sign-in: per account and
# per client address, counting only wrong current passwords.
@limiter.limit(_password_limit, methods=["POST"], key_func=_user_key, deduct_when=_wrong_current)
@limiter.limit(_password_limit, methods=["POST"], deduct_when=_wrong_current)
def password() -> str | Response:
    """Change one's own password; every other session of theirs ends, this one goes on."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data or "", form.password.data or "")
        except WrongPasswordError as error:
            g.setdefault(_WRONG_CURRENT, True)
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
