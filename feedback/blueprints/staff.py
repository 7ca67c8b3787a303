"""Staff pages: the home page for every role, and user management for admins."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from feedback.authz import role_required
from feedback.models import Role, User
from feedback.services import users as accounts
from feedback.services.overview import staff_overview
from feedback.staff_forms import ROLE_LABELS, ActionForm, InviteUserForm, RoleForm

bp = Blueprint("staff", __name__, url_prefix="/staff")

ALL_STAFF = (Role.LEAD, Role.REVIEWER, Role.CASE_OFFICER)


@bp.get("/")
@role_required(*ALL_STAFF)
def home() -> str:
    """What a member of staff can do, with the survey figures so far."""
    return render_template(
        "staff/home.html",
        overview=staff_overview(current_user.organisation_id),
        role_labels=ROLE_LABELS,
    )


@bp.route("/users", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def users() -> str | Response:
    """List the council's staff and invite someone by email."""
    form = InviteUserForm()
    if form.validate_on_submit():
        try:
            accounts.invite_user(
                organisation=current_user.organisation,
                email=form.email.data or "",
                name=form.name.data or "",
                role=form.role.data or "",
                actor=current_user,
            )
        except accounts.UserError as error:
            form.email.errors.append(str(error))
        else:
            # The same words whether or not the address has an account in another council.
            flash(_("Invitation sent. The link in it works for 3 days"))
            return redirect(url_for("staff.users"))
    return render_template(
        "staff/users.html",
        form=form,
        people=accounts.users_of(current_user.organisation_id),
        role_labels=ROLE_LABELS,
    )


def _colleague(user_id: int) -> User:
    """Return a member of the admin's own council, or 404 (another council's staff do not exist
    here)."""
    user = accounts.user_in_organisation(user_id, current_user.organisation_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user(user_id: int) -> str | Response:
    """One member of staff: their role (an admin can change it, never the council's last
    admin's), and links to deactivate, reactivate or reset the account."""
    person = _colleague(user_id)
    form = RoleForm(role=person.role)
    if form.validate_on_submit():
        try:
            accounts.change_role(person, form.role.data or "", actor=current_user)
        except accounts.UserError as error:
            form.role.errors.append(str(error))
        else:
            flash(_("Role changed"))
            if person.id == current_user.id and person.role != Role.ADMIN.value:
                return redirect(url_for("staff.home"))  # no longer an admin: this page is closed
            return redirect(url_for("staff.user", user_id=person.id))
    return render_template("staff/user.html", person=person, form=form, role_labels=ROLE_LABELS)


ACTIONS = {
    "deactivate": (accounts.deactivate, _l("Account deactivated: they can no longer sign in")),
    "reactivate": (accounts.reactivate, _l("Account reactivated")),
    "reset-password": (
        accounts.reset_password,
        _l("Password reset: they have been emailed a link to set a new one"),
    ),
    "reset-two-factor": (
        accounts.reset_two_factor,
        _l("Authenticator app reset: they set one up again when they next sign in"),
    ),
}


@bp.route(
    "/users/<int:user_id>/"
    "<any(deactivate, reactivate, 'reset-password', 'reset-two-factor'):action>",
    methods=["GET", "POST"],
)
@role_required(Role.ADMIN)
def account_action(user_id: int, action: str) -> str | Response:
    """Ask the admin to confirm, then deactivate or reactivate an account (leavers), or reset its
    password or authenticator app."""
    person = _colleague(user_id)
    form = ActionForm()
    problem = None
    if form.validate_on_submit():
        change, done = ACTIONS[action]
        try:
            change(person, actor=current_user)
        except accounts.UserError as error:
            problem = str(error)
        else:
            flash(str(done))
            return redirect(url_for("staff.user", user_id=person.id))
    return render_template(
        "staff/user_action.html", person=person, form=form, action=action, problem=problem
    )
