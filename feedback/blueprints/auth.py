"""Staff sign-in in two steps (password, then a code from an authenticator app), setting up the
app at first sign-in, setting a password with a one-time link, and signing out."""

from __future__ import annotations

import time

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
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from feedback.authz import public
from feedback.extensions import db, limiter
from feedback.models import User
from feedback.safe_redirect import safe_next
from feedback.services import two_factor
from feedback.services.account_links import valid_link
from feedback.services.sessions import start_session
from feedback.services.users import (
    UserError,
    check_password,
    record_sign_in,
    set_password_from_link,
)
from feedback.services.users import (
    sign_out as end_sessions,
)
from feedback.staff_forms import CodeForm, SetPasswordForm, SetUpAppForm, SignInForm

bp = Blueprint("auth", __name__)

PENDING_USER = "pending_user_id"
PENDING_VERSION = "pending_version"
PENDING_AT = "pending_at"
PENDING_NEXT = "pending_next"
# The password step is good for this long; then the password must be entered again.
PENDING_SECONDS = 600


def _sign_in_limit() -> str:
    return str(current_app.config["SIGN_IN_RATE_LIMIT"])


def _failed(response: Response) -> bool:
    # A whole office shares one address: only failed attempts count against it.
    return response.status_code != 302


def _pending_user() -> User | None:
    """Return the user who got the password right in this session a moment ago, or ``None``."""
    user_id, started = session.get(PENDING_USER), session.get(PENDING_AT)
    if not isinstance(user_id, int) or not isinstance(started, int):
        return None
    if time.time() - started > PENDING_SECONDS:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_version != session.get(PENDING_VERSION):
        return None
    return user


def _finish(user: User) -> Response:
    next_url = str(session.get(PENDING_NEXT) or url_for("staff.home"))
    record_sign_in(user)
    start_session(user)
    return redirect(next_url)


@bp.route("/sign-in", methods=["GET", "POST"])
@public
# Password guessing is slowed per client address (the real one, through PROXY_COUNT).
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=_failed)
def sign_in() -> str | Response:
    """Show the sign-in form; on the right password go on to the authenticator-app step."""
    form = SignInForm()
    if form.validate_on_submit():
        user = check_password(form.email.data or "", form.password.data or "")
        if user is not None:
            next_url = safe_next(request.args.get("next"), url_for("staff.home"))
            session.clear()  # a new session on sign-in defeats session fixation
            session[PENDING_USER] = user.id
            session[PENDING_VERSION] = user.session_version
            session[PENDING_AT] = int(time.time())
            session[PENDING_NEXT] = next_url
            step = "auth.enter_code" if user.has_two_factor else "auth.set_up_app"
            return redirect(url_for(step))
        form.email.errors.append(_("Enter a correct email address and password"))
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=_failed)
def enter_code() -> str | Response:
    """The second step: a code from the authenticator app or a recovery code."""
    user = _pending_user()
    if user is None or not user.has_two_factor:
        return redirect(url_for("auth.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.attempts_left(user) <= 0:
            form.code.errors.append(_("Too many wrong codes. Wait 15 minutes, then sign in again"))
        elif two_factor.check_second_factor(user, form.code.data or ""):
            return _finish(user)
        else:
            two_factor.record_failed_code(user)
            form.code.errors.append(_("Enter a correct code"))
    return render_template("auth/code.html", form=form)


@bp.route("/sign-in/set-up-authenticator", methods=["GET", "POST"])
@public
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=_failed)
def set_up_app() -> str | Response:
    """At first sign-in: add the account to an authenticator app (QR code or the secret typed
    in), prove it with a code, and get recovery codes."""
    user = _pending_user()
    if user is None or user.has_two_factor:
        return redirect(url_for("auth.sign_in"))
    secret = two_factor.setup_secret(user, int(session[PENDING_AT]))
    form = SetUpAppForm()
    if form.validate_on_submit():
        codes = two_factor.enrol(user, secret, form.code.data or "")
        if codes is not None:
            next_url = str(session.get(PENDING_NEXT) or url_for("staff.home"))
            record_sign_in(user)
            start_session(user)
            return render_template("auth/recovery_codes.html", codes=codes, next_url=next_url)
        form.code.errors.append(_("Enter a correct code"))
    uri = two_factor.provisioning_uri(secret, user.email)
    return render_template(
        "auth/set_up_app.html",
        form=form,
        qr_svg=two_factor.qr_code_svg(uri, _("QR code for your authenticator app")),
        secret=two_factor.grouped(secret),
    )


@bp.route("/account/set-password/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_sign_in_limit, methods=["POST"], deduct_when=_failed)
def set_password(token: str) -> str | Response | tuple[str, int]:
    """Choose a password with a one-time link from an invitation or a reset."""
    if valid_link(token) is None:
        return render_template("auth/link_expired.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            set_password_from_link(token, form.password.data or "")
        except UserError as error:
            form.password.errors.append(str(error))
        else:
            session.clear()
            flash(_("Your password is set. Sign in to set up your authenticator app"))
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/set_password.html", form=form)


@bp.post("/sign-out")
@public
def sign_out() -> Response:
    """End the staff session, and every other session of theirs on every server (a POST, so a
    link on another site cannot sign anyone out)."""
    if current_user.is_authenticated:
        end_sessions(current_user)
    logout_user()
    session.clear()
    flash(_("You have signed out"))
    return redirect(url_for("auth.sign_in"))
