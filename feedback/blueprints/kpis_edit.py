"""A lead's KPI screens: edit the wording, define the metric, resolve an ambiguous target,
measure a baseline, enter figures by hand. Registered on ``kpis.bp`` through :data:`ROUTES`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response as BaseResponse

from feedback.authz import role_required
from feedback.blueprints.kpis_forms import (
    KpiForm,
    ManualEntryForm,
    MetricAnswersForm,
    MetricKindForm,
    PeriodForm,
    ResolveTargetForm,
    choices,
)
from feedback.extensions import db
from feedback.models import Role, utcnow
from feedback.models.kpis import Kpi, Plan
from feedback.services.kpis.editing import (
    KpiEditError,
    KpiWording,
    resolve_target,
    save_metric,
    target_readings,
    update_kpi,
    wording_of,
)
from feedback.services.kpis.measuring import measure_baseline, save_manual_entry
from feedback.services.kpis.metrics import (
    MetricError,
    MetricKind,
    MetricSpec,
    default_excluded,
    find_question,
    question_choices,
    spec_of,
)
from feedback.services.kpis.plans import kpi_for, plan_for
from feedback.services.kpis.presenting import AUDIENCE_LABELS, STAGE_LABELS
from feedback.services.surveys import registry

READ = (Role.LEAD, Role.REVIEWER, Role.CASE_OFFICER)
EDIT = (Role.LEAD,)


def today() -> date:
    """Return today's date in UTC, the day measurements are made on."""
    return utcnow().date()


def plan_or_404(plan_id: int) -> Plan:
    """Return the signed-in user's council's plan, or stop with 404."""
    plan = plan_for(current_user.organisation_id, plan_id)
    if plan is None:
        abort(404)
    return plan


def kpi_or_404(plan_id: int, kpi_id: int) -> Kpi:
    """Return the KPI of the user's council's plan, or stop with 404."""
    kpi = kpi_for(current_user.organisation_id, plan_id, kpi_id)
    if kpi is None:
        abort(404)
    return kpi


def field_error(form: FlaskForm, name: str, message: str) -> None:
    """Show a service's message on a form field (the first field if it has no such field)."""
    field = form._fields.get(name) or next(iter(form._fields.values()))
    field.errors = [*field.errors, message]


def _to_kpi(kpi: Kpi) -> BaseResponse:
    return redirect(url_for("kpis.kpi", plan_id=kpi.plan_id, kpi_id=kpi.id))


@role_required(*EDIT)
def edit_kpi(plan_id: int, kpi_id: int) -> str | BaseResponse:
    """Edit a KPI's wording, baseline and milestones; they are read again on saving."""
    kpi = kpi_or_404(plan_id, kpi_id)
    current = wording_of(kpi)
    form = KpiForm(data={name: getattr(current, name) for name in KpiWording.__dataclass_fields__})
    if form.validate_on_submit():
        wording = KpiWording(
            **{name: form[name].data or "" for name in KpiWording.__dataclass_fields__}
        )
        try:
            update_kpi(kpi, wording, actor=current_user)
        except KpiEditError as error:
            db.session.rollback()
            field_error(form, error.field, error.message)
        else:
            flash(_("KPI saved"))
            return _to_kpi(kpi)
    return render_template("kpis/edit_kpi.html", plan=kpi.plan, kpi=kpi, form=form)


@role_required(*EDIT)
def metric(plan_id: int, kpi_id: int) -> str | BaseResponse:
    """Step 1 of the metric: its kind and, for survey answers, the question."""
    kpi = kpi_or_404(plan_id, kpi_id)
    questions = question_choices(registry())
    stored = spec_of(kpi.metric) if kpi.metric else None
    form = MetricKindForm(
        data={"kind": stored.kind.value, "question_key": stored.question_key} if stored else None
    )
    form.question_key.choices = choices((q.key, f"{q.label} ({q.key})") for q in questions)
    if form.validate_on_submit():
        kind = MetricKind(form.kind.data)
        if kind.uses_survey and not form.question_key.data:
            field_error(form, "question_key", _("Select the question the KPI counts"))
        elif kind.uses_survey:
            return redirect(
                url_for(
                    "kpis.metric_answers",
                    plan_id=plan_id,
                    kpi_id=kpi_id,
                    kind=kind.value,
                    question=form.question_key.data,
                )
            )
        else:
            return _save_metric(kpi, MetricSpec(kind), form) or _to_kpi(kpi)
    return render_template("kpis/metric.html", plan=kpi.plan, kpi=kpi, form=form)


@role_required(*EDIT)
def metric_answers(plan_id: int, kpi_id: int) -> str | BaseResponse:
    """Step 2 of a survey metric: stages, audiences, and the answers that count."""
    kpi = kpi_or_404(plan_id, kpi_id)
    kind_text = request.args.get("kind", "")
    question = find_question(registry(), request.args.get("question"))
    if question is None or kind_text not in (MetricKind.PROPORTION, MetricKind.MEAN):
        return redirect(url_for("kpis.metric", plan_id=plan_id, kpi_id=kpi_id))
    kind = MetricKind(kind_text)
    stored = spec_of(kpi.metric) if kpi.metric else None
    same = stored is not None and stored.question_key == question.key and stored.kind is kind
    form = MetricAnswersForm(
        data={
            "stages": list(stored.stages if same and stored else question.stages),
            "audiences": list(stored.audiences if same and stored else question.audiences),
            "success_options": list(stored.success_options) if same and stored else [],
            "excluded_options": list(
                stored.excluded_options if same and stored else default_excluded(question)
            ),
        }
    )
    form.stages.choices = choices((s, STAGE_LABELS.get(s, s)) for s in question.stages)
    form.audiences.choices = choices((a, AUDIENCE_LABELS.get(a, a)) for a in question.audiences)
    options = [(o.key, str(o.label)) for o in question.options]
    form.success_options.choices = choices(options)
    form.excluded_options.choices = choices(options)
    if kind is MetricKind.MEAN:
        del form.success_options
    if form.validate_on_submit():
        spec = MetricSpec(
            kind,
            question.key,
            tuple(form.stages.data or ()),
            tuple(form.audiences.data or ()),
            tuple(form.success_options.data or ()) if kind is MetricKind.PROPORTION else (),
            tuple(form.excluded_options.data or ()),
        )
        return _save_metric(kpi, spec, form) or _to_kpi(kpi)
    return render_template(
        "kpis/metric_answers.html", plan=kpi.plan, kpi=kpi, form=form, question=question, kind=kind
    )


def _save_metric(kpi: Kpi, spec: MetricSpec, form: FlaskForm) -> str | None:
    """Save the metric; on a problem, return the step's page with the message on its field."""
    try:
        save_metric(kpi, spec, actor=current_user)
    except MetricError as error:
        db.session.rollback()
        field_error(form, error.field, error.message)
        template = (
            "kpis/metric.html" if isinstance(form, MetricKindForm) else "kpis/metric_answers.html"
        )
        question = find_question(registry(), spec.question_key)
        return render_template(
            template, plan=kpi.plan, kpi=kpi, form=form, question=question, kind=spec.kind
        )
    flash(_("Metric saved and the KPI recomputed"))
    return None


@role_required(*EDIT)
def resolve(plan_id: int, kpi_id: int, months: int) -> str | BaseResponse:
    """Choose what an ambiguous target means, among the readings ``analysis`` offers."""
    kpi = kpi_or_404(plan_id, kpi_id)
    options = target_readings(kpi, months)
    milestone = next((m for m in kpi.milestones if m.months == months), None)
    if milestone is None or not options:
        abort(404)
    form = ResolveTargetForm()
    form.reading.choices = choices((str(i), option.describe()) for i, option in enumerate(options))
    if form.validate_on_submit():
        try:
            resolve_target(kpi, months, int(form.reading.data), actor=current_user)
        except KpiEditError as error:
            db.session.rollback()
            field_error(form, "reading", error.message)
        else:
            flash(_("Target saved and the KPI recomputed"))
            return _to_kpi(kpi)
    return render_template(
        "kpis/resolve.html", plan=kpi.plan, kpi=kpi, form=form, milestone=milestone
    )


@role_required(*EDIT)
def baseline(plan_id: int, kpi_id: int) -> str | BaseResponse:
    """Pick the period a "to be established" baseline is measured in."""
    kpi = kpi_or_404(plan_id, kpi_id)
    form = PeriodForm()
    if form.validate_on_submit():
        saved = _saving(
            form,
            kpi,
            lambda: measure_baseline(kpi, form.start.data, form.end.data, actor=current_user),
            _("Baseline measured and the KPI recomputed"),
        )
        if saved is not None:
            return saved
    return render_template("kpis/baseline.html", plan=kpi.plan, kpi=kpi, form=form)


@role_required(*EDIT)
def entries(plan_id: int, kpi_id: int) -> str | BaseResponse:
    """Enter a figure by hand for a period (complaints, tribunals, dip samples)."""
    kpi = kpi_or_404(plan_id, kpi_id)
    form = ManualEntryForm()
    if form.validate_on_submit():
        saved = _saving(
            form,
            kpi,
            lambda: save_manual_entry(
                kpi,
                start=form.start.data,
                end=form.end.data,
                count=form.count.data,
                denominator=form.denominator.data,
                actor=current_user,
            ),
            _("Figure saved and the KPI recomputed"),
        )
        if saved is not None:
            return saved
    return render_template("kpis/entries.html", plan=kpi.plan, kpi=kpi, form=form)


def _saving(
    form: FlaskForm, kpi: Kpi, save: Callable[[], object], done: str
) -> BaseResponse | None:
    """Run a save; on success flash and go to the KPI, on a problem show it on its field."""
    try:
        save()
    except KpiEditError as error:
        db.session.rollback()
        field_error(form, error.field, error.message)
        return None
    flash(done)
    return _to_kpi(kpi)


_KPI = "/<int:plan_id>/kpis/<int:kpi_id>"
ROUTES: tuple[tuple[str, Callable[..., object], list[str]], ...] = (
    (f"{_KPI}/edit", edit_kpi, ["GET", "POST"]),
    (f"{_KPI}/metric", metric, ["GET", "POST"]),
    (f"{_KPI}/metric/answers", metric_answers, ["GET", "POST"]),
    (f"{_KPI}/milestones/<int:months>/resolve", resolve, ["GET", "POST"]),
    (f"{_KPI}/baseline", baseline, ["GET", "POST"]),
    (f"{_KPI}/entries", entries, ["GET", "POST"]),
)
