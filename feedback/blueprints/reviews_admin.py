"""The codebook, safeguarding flags and "You said, we did" pages, on the ``reviews`` blueprint.

Reviewers and leads read the codebook; admins change it. Reviewers and leads see flags (as
redacted text); leads close them; admins set the designated lead. Reviewers and leads draft
"You said, we did" entries; leads publish them.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from feedback.authz import role_required
from feedback.blueprints.reviews import REVIEWERS, bp
from feedback.models import Role
from feedback.models.reviews import EntryStatus, FlagStatus
from feedback.review_forms import (
    OUTCOME_LABELS,
    CloseFlagForm,
    ConfirmForm,
    EntryForm,
    LeadEmailForm,
    ThemeForm,
)
from feedback.services.reviews import alerts, codebook, you_said
from feedback.services.reviews.codebook import CodebookError


@bp.get("/codebook")
@role_required(*REVIEWERS)
def codebook_page() -> str:
    """The themes with their descriptions, and the codebook's versions."""
    organisation_id = current_user.organisation_id
    return render_template(
        "reviews/codebook.html",
        themes=codebook.themes(organisation_id, include_retired=True),
        versions=codebook.versions(organisation_id),
    )


@bp.route("/codebook/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_theme() -> str | Response:
    """Add a theme (a new codebook version)."""
    form = ThemeForm(active=True)
    if form.validate_on_submit():
        try:
            codebook.add_theme(
                current_user.organisation_id,
                key=form.key.data or "",
                name=form.name.data or "",
                description=form.description.data or "",
                actor=current_user,
            )
        except CodebookError as error:
            form.key.errors = [*form.key.errors, str(error)]
        else:
            flash(_("Theme added"))
            return redirect(url_for("reviews.codebook_page"))
    return render_template("reviews/theme.html", form=form, theme=None)


@bp.route("/codebook/<int:theme_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_theme(theme_id: int) -> str | Response:
    """Change a theme's wording, or retire it (a new codebook version)."""
    theme = codebook.theme_by_id(current_user.organisation_id, theme_id)
    if theme is None:
        abort(404)
    form = ThemeForm(obj=theme)
    if form.validate_on_submit():
        try:
            codebook.update_theme(
                current_user.organisation_id,
                theme_id,
                name=form.name.data or "",
                description=form.description.data or "",
                active=bool(form.active.data),
                actor=current_user,
            )
        except CodebookError as error:
            form.name.errors = [*form.name.errors, str(error)]
        else:
            flash(_("Theme saved"))
            return redirect(url_for("reviews.codebook_page"))
    return render_template("reviews/theme.html", form=form, theme=theme)


@bp.get("/safeguarding")
@role_required(*REVIEWERS)
def safeguarding() -> str:
    """Flagged comments, open first, and who is told about new ones."""
    organisation_id = current_user.organisation_id
    return render_template(
        "reviews/safeguarding.html",
        flags=alerts.flags(organisation_id),
        lead_email=alerts.designated_lead_email(organisation_id),
        outcomes=OUTCOME_LABELS,
    )


@bp.route("/safeguarding/lead", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def safeguarding_lead() -> str | Response:
    """Set the designated safeguarding lead who is emailed about new flags."""
    organisation_id = current_user.organisation_id
    form = LeadEmailForm(email=alerts.designated_lead_email(organisation_id))
    if form.validate_on_submit():
        alerts.set_designated_lead(organisation_id, form.email.data or "", actor=current_user)
        flash(_("Designated safeguarding lead saved"))
        return redirect(url_for("reviews.safeguarding"))
    return render_template("reviews/safeguarding_lead.html", form=form)


@bp.get("/safeguarding/<int:flag_id>")
@role_required(*REVIEWERS)
def safeguarding_flag(flag_id: int) -> str:
    """One flagged comment (redacted; admins may open the original) and what was done."""
    flag = alerts.flag_by_id(current_user.organisation_id, flag_id)
    if flag is None:
        abort(404)
    comment = alerts.flagged_comment(flag)
    return render_template(
        "reviews/flag.html",
        flag=flag,
        comment=comment,
        outcomes=OUTCOME_LABELS,
        is_open=flag.status == FlagStatus.OPEN.value,
    )


@bp.route("/safeguarding/<int:flag_id>/close", methods=["GET", "POST"])
@role_required(Role.LEAD)
def close_flag(flag_id: int) -> str | Response:
    """The designated lead records what was done and closes the flag."""
    flag = alerts.flag_by_id(current_user.organisation_id, flag_id)
    if flag is None:
        abort(404)
    form = CloseFlagForm()
    if form.validate_on_submit():
        try:
            alerts.close_flag(
                current_user.organisation_id, flag_id, form.outcome.data or "", actor=current_user
            )
        except alerts.AlertError as error:
            form.outcome.errors = [*form.outcome.errors, str(error)]
        else:
            flash(_("Flag closed"))
            return redirect(url_for("reviews.safeguarding"))
    return render_template("reviews/close_flag.html", form=form, flag=flag)


@bp.get("/you-said")
@role_required(*REVIEWERS)
def entries() -> str:
    """ "You said, we did" entries: drafts and published."""
    organisation_id = current_user.organisation_id
    return render_template(
        "reviews/entries.html",
        entries=you_said.entries(organisation_id),
        published=EntryStatus.PUBLISHED.value,
        organisation_slug=current_user.organisation.slug,
    )


def _entry_form(organisation_id: int, form: EntryForm) -> None:
    form.themes.choices = [SelectChoice(t.id, t.name) for t in codebook.themes(organisation_id)]


@bp.route("/you-said/new", methods=["GET", "POST"])
@role_required(*REVIEWERS)
def new_entry() -> str | Response:
    """Draft a new entry."""
    return _edit_entry(None)


@bp.route("/you-said/<int:entry_id>", methods=["GET", "POST"])
@role_required(*REVIEWERS)
def edit_entry(entry_id: int) -> str | Response:
    """Change a draft entry."""
    return _edit_entry(entry_id)


def _edit_entry(entry_id: int | None) -> str | Response:
    organisation_id = current_user.organisation_id
    entry = None
    if entry_id is not None:
        entry = you_said.entry_by_id(organisation_id, entry_id)
        if entry is None:
            abort(404)
    form = EntryForm(obj=entry)
    _entry_form(organisation_id, form)
    if entry is not None and not form.is_submitted():
        form.themes.data = [theme.id for theme in entry.themes]
    if form.validate_on_submit() and form.changed_on.data is not None:
        try:
            you_said.save_entry(
                organisation_id,
                you_said=form.you_said.data or "",
                we_did=form.we_did.data or "",
                changed_on=form.changed_on.data,
                theme_ids=form.themes.data or [],
                actor=current_user,
                entry_id=entry_id,
            )
        except you_said.EntryError as error:
            form.you_said.errors = [*form.you_said.errors, str(error)]
        else:
            flash(_("Entry saved"))
            return redirect(url_for("reviews.entries"))
    return render_template("reviews/entry.html", form=form, entry=entry)


@bp.route("/you-said/<int:entry_id>/publish", methods=["GET", "POST"])
@role_required(Role.LEAD)
def publish_entry(entry_id: int) -> str | Response:
    """A lead publishes an entry on the public page, or takes it down."""
    entry = you_said.entry_by_id(current_user.organisation_id, entry_id)
    if entry is None:
        abort(404)
    form = ConfirmForm()
    publishing = entry.status != EntryStatus.PUBLISHED.value
    if form.validate_on_submit():
        you_said.set_published(
            current_user.organisation_id, entry_id, publishing, actor=current_user
        )
        flash(_("Entry published") if publishing else _("Entry taken down"))
        return redirect(url_for("reviews.entries"))
    return render_template("reviews/publish.html", form=form, entry=entry, publishing=publishing)
