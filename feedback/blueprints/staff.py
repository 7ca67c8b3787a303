"""Staff pages: the home page for every role, and user management for admins."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from feedback.authz import role_required
from feedback.extensions import db
from feedback.models import Role, User
from feedback.services.overview import staff_overview
from feedback.services.users import UserError, create_user
from feedback.staff_forms import ROLE_LABELS, NewUserForm

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
    """List staff users and add one."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            create_user(
                organisation=current_user.organisation,
                email=form.email.data or "",
                name=form.name.data or "",
                role=form.role.data or "",
                password=form.password.data or "",
                actor=current_user,
            )
        except UserError as error:
            form.email.errors.append(str(error))
        else:
            flash(_("User added"))
            return redirect(url_for("staff.users"))
    people = db.session.scalars(
        select(User).where(User.organisation_id == current_user.organisation_id).order_by(User.name)
    ).all()
    return render_template("staff/users.html", form=form, people=people, role_labels=ROLE_LABELS)
