"""Staff sign-in and sign-out."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from feedback.authz import public
from feedback.extensions import db, limiter
from feedback.services import audit
from feedback.services.users import authenticate
from feedback.staff_forms import SignInForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect would let a phishing link borrow our domain.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("staff.home")


def _sign_in_limit() -> str:
    return str(current_app.config["SIGN_IN_RATE_LIMIT"])


@bp.route("/sign-in", methods=["GET", "POST"])
@public
# Password guessing is slowed per client address (the real one, through PROXY_COUNT).
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in() -> str | Response:
    """Show the sign-in form; on valid credentials start a fresh session and go on."""
    form = SignInForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            next_url = _safe_next(request.args.get("next"))
            session.clear()  # a new session on sign-in defeats session fixation
            login_user(user)
            return redirect(next_url)
        form.email.errors.append(_("Enter a correct email address and password"))
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
@public
def sign_out() -> Response:
    """End the staff session (a POST, so a link on another site cannot sign anyone out)."""
    if current_user.is_authenticated:
        audit.record(
            "auth.sign_out", actor=current_user, target_type="user", target_id=current_user.id
        )
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out"))
    return redirect(url_for("auth.sign_in"))
