"""What a KPI measures: which survey answers count as success, or where its numbers come from.

A metric is checked against the survey definitions on every save and every use, so a KPI can
never count answers to a question no survey asks, or options a question does not offer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from analysis.baselines import Quantity
from analysis.kpi_rows import Source
from feedback.models.kpis import MetricDefinition
from forms import AUDIENCES, STAGES, Option, QuestionType, SurveyRegistry
from forms.scales import DONT_KNOW

# Question types whose answers are closed and stored by value, so answers can be counted.
COUNTABLE_TYPES = (
    QuestionType.RATING5,
    QuestionType.AGREE5,
    QuestionType.YES_NO,
    QuestionType.CHOICE,
)
SCALE_TOP = 5  # rating5 and agree5 run from 1 to 5


class MetricKind(StrEnum):
    """How a KPI's value is found."""

    PROPORTION = "proportion"  # share of valid answers that count as success
    MEAN = "mean"  # mean score on a 1-5 scale
    TIMELINESS = "timeliness"  # share of plans issued on time, from case dates
    MANUAL_COUNT = "manual_count"  # a count entered by hand each period (complaints)
    MANUAL_PROPORTION = "manual_proportion"  # x of n entered by hand (dip samples of plans)

    @property
    def quantity(self) -> Quantity:
        """Return what the metric's value is: a proportion, a mean rating or a count."""
        if self is MetricKind.MEAN:
            return Quantity.MEAN_RATING
        if self is MetricKind.MANUAL_COUNT:
            return Quantity.COUNT
        return Quantity.PROPORTION

    @property
    def source(self) -> Source:
        """Return where the numbers come from (``KpiMeasurement.source``)."""
        if self in (MetricKind.PROPORTION, MetricKind.MEAN):
            return Source.SURVEY
        if self is MetricKind.TIMELINESS:
            return Source.CASE_DATES
        return Source.MANUAL

    @property
    def uses_survey(self) -> bool:
        """True when the metric counts survey answers."""
        return self.source is Source.SURVEY


class MetricError(ValueError):
    """A metric definition that cannot be used; ``field`` names the form field at fault."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """A metric definition as plain values, before or after it is stored."""

    kind: MetricKind
    question_key: str | None = None
    stages: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    success_options: tuple[str, ...] = ()
    excluded_options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class QuestionChoice:
    """A question a KPI can count, as asked in one or more surveys under the same key."""

    key: str
    type: QuestionType
    label: str
    stages: tuple[str, ...]
    audiences: tuple[str, ...]
    options: tuple[Option, ...]
    pairs: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    @property
    def is_scale(self) -> bool:
        """True for a 1-5 scale, whose mean can be a KPI."""
        return self.type.is_scale


@dataclass(frozen=True, slots=True)
class AnswerRule:
    """How the SQL counts answers for a survey metric.

    ``column`` is ``"numeric"`` (scale points are stored as numbers) or ``"text"`` (option
    keys); ``counted`` are the values of valid answers, ``success`` those counting as success,
    ``scores`` the scale points whose answers a mean is built from (empty for a share).
    """

    question_key: str
    stages: tuple[str, ...]
    audiences: tuple[str, ...]
    column: str
    counted: tuple[float | str, ...]
    success: tuple[float | str, ...]
    scores: tuple[float, ...]


def question_choices(registry: SurveyRegistry) -> list[QuestionChoice]:
    """Return every countable question across the surveys, merged by key, in survey order.

    A key asked with different types in different surveys keeps the first type and only the
    stages and audiences that ask it that way.
    """
    merged: dict[str, QuestionChoice] = {}
    for survey in registry:
        for question in survey.questions:
            if question.type not in COUNTABLE_TYPES:
                continue
            pair = (survey.stage, survey.audience)
            found = merged.get(question.key)
            if found is None:
                merged[question.key] = QuestionChoice(
                    question.key,
                    question.type,
                    question.label,
                    (survey.stage,),
                    (survey.audience,),
                    question.options,
                    frozenset({pair}),
                )
            elif found.type is question.type:
                merged[question.key] = QuestionChoice(
                    found.key,
                    found.type,
                    found.label,
                    _ordered(STAGES, {*found.stages, survey.stage}),
                    _ordered(AUDIENCES, {*found.audiences, survey.audience}),
                    found.options,
                    found.pairs | {pair},
                )
    return list(merged.values())


def find_question(registry: SurveyRegistry, key: str | None) -> QuestionChoice | None:
    """Return the countable question with ``key``, or None."""
    return next((q for q in question_choices(registry) if q.key == key), None)


def default_excluded(question: QuestionChoice) -> tuple[str, ...]:
    """Return the options left out of the count unless a lead says otherwise.

    "Don't know" on a scale, and on a choice question whose options carry scores, the options
    without a score ("Not sure").
    """
    if question.is_scale:
        return tuple(o.key for o in question.options if o.key == DONT_KNOW)
    scored = any(o.score is not None for o in question.options)
    if question.type is QuestionType.CHOICE and scored:
        return tuple(o.key for o in question.options if o.score is None)
    return ()


def validate_metric(
    spec: MetricSpec,
    registry: SurveyRegistry,
    *,
    target_quantity: Quantity | None = None,
    baseline_quantity: Quantity | None = None,
) -> MetricSpec:
    """Check a metric against the surveys, the KPI's target and its baseline.

    Returns
    -------
    MetricSpec
        The spec with its lists in a stable order; survey fields are emptied for other kinds.

    Raises
    ------
    MetricError
        Naming the field at fault: an unknown question, a stage or audience that does not ask
        it, no success option, an option the question does not offer, or a metric that
        measures something other than the target or baseline does.
    """
    for what, quantity in (("target", target_quantity), ("baseline", baseline_quantity)):
        if quantity is not None and quantity is not spec.kind.quantity:
            raise MetricError(
                "kind",
                f"The KPI's {what} is a {_QUANTITY_WORDS[quantity]}, but this metric measures a "
                f"{_QUANTITY_WORDS[spec.kind.quantity]}. Choose a metric that measures a "
                f"{_QUANTITY_WORDS[quantity]}.",
            )
    if not spec.kind.uses_survey:
        return MetricSpec(spec.kind)
    question = find_question(registry, spec.question_key)
    if question is None:
        raise MetricError("question_key", "Select a question the surveys ask")
    stages = _ordered(STAGES, set(spec.stages))
    audiences = _ordered(AUDIENCES, set(spec.audiences))
    if not stages or set(spec.stages) - set(question.stages):
        raise MetricError("stages", "Select one or more stages at which the question is asked")
    if not audiences or set(spec.audiences) - set(question.audiences):
        raise MetricError("audiences", "Select who answers: parents, young people or both")
    for stage in stages:
        if not any((stage, audience) in question.pairs for audience in audiences):
            raise MetricError("stages", f"The question is not asked at {stage} of who you chose")
    keys = [o.key for o in question.options]
    excluded = _ordered(keys, set(spec.excluded_options))
    if set(spec.excluded_options) - set(keys):
        raise MetricError("excluded_options", "Select only answers the question offers")
    if spec.kind is MetricKind.MEAN:
        if not question.is_scale:
            raise MetricError("question_key", "A mean rating needs a question on a 1 to 5 scale")
        return MetricSpec(spec.kind, question.key, stages, audiences, (), excluded)
    success = _ordered(keys, set(spec.success_options))
    if not success or set(spec.success_options) - set(keys):
        raise MetricError("success_options", "Select the answers that count as success")
    if set(success) & set(excluded):
        raise MetricError(
            "success_options", "An answer cannot both count as success and be left out"
        )
    return MetricSpec(spec.kind, question.key, stages, audiences, success, excluded)


_QUANTITY_WORDS = {
    Quantity.PROPORTION: "proportion (a percentage)",
    Quantity.MEAN_RATING: "mean rating",
    Quantity.COUNT: "count",
}


def spec_of(metric: MetricDefinition) -> MetricSpec:
    """Return a stored metric as a :class:`MetricSpec`."""
    return MetricSpec(
        MetricKind(metric.kind),
        metric.question_key,
        tuple(metric.stages or ()),
        tuple(metric.audiences or ()),
        tuple(metric.success_options or ()),
        tuple(metric.excluded_options or ()),
    )


def answer_rule(spec: MetricSpec, registry: SurveyRegistry) -> AnswerRule:
    """Return how the SQL counts answers for a survey metric (validated again first).

    Raises
    ------
    MetricError
        If the surveys no longer ask the question as the metric says.
    """
    spec = validate_metric(spec, registry)
    question = find_question(registry, spec.question_key)
    assert question is not None  # validate_metric has found it
    counted_options = [o for o in question.options if o.key not in spec.excluded_options]
    if question.is_scale:
        counted = tuple(float(o.score) for o in counted_options if o.score is not None)
        success = tuple(
            float(o.score)
            for o in counted_options
            if o.key in spec.success_options and o.score is not None
        )
        scores = counted if spec.kind is MetricKind.MEAN else ()
        return AnswerRule(
            question.key, spec.stages, spec.audiences, "numeric", counted, success, scores
        )
    return AnswerRule(
        question.key,
        spec.stages,
        spec.audiences,
        "text",
        tuple(o.key for o in counted_options),
        tuple(spec.success_options),
        (),
    )


def describe_metric(spec: MetricSpec, registry: SurveyRegistry) -> str:
    """Return the metric in one sentence a lead reads."""
    if spec.kind is MetricKind.MANUAL_COUNT:
        return "A count entered by hand for each period."
    if spec.kind is MetricKind.MANUAL_PROPORTION:
        return "A number out of a total (for example plans in a dip sample) entered by hand."
    if spec.kind is MetricKind.TIMELINESS:
        return "The share of EHC plans issued within 20 weeks, from case dates."
    question = find_question(registry, spec.question_key)
    label = question.label if question else spec.question_key
    labels = {o.key: o.label for o in question.options} if question else {}
    where = f"at {', '.join(spec.stages)}, from {' and '.join(_who(a) for a in spec.audiences)}"
    if spec.kind is MetricKind.MEAN:
        return f"The mean answer (1 to {SCALE_TOP}) to “{label}” {where}."
    success = ", ".join(str(labels.get(k, k)) for k in spec.success_options)
    left_out = ", ".join(str(labels.get(k, k)) for k in spec.excluded_options)
    sentence = f"The share answering {success} to “{label}” {where}."
    return sentence + (f" Left out of the count: {left_out}." if left_out else "")


def _who(audience: str) -> str:
    return {"parent": "parents and carers", "young_person": "young people"}.get(audience, audience)


def _ordered(order: Sequence[str], chosen: Iterable[str]) -> tuple[str, ...]:
    """``chosen`` in the order of ``order`` (unknown values last, sorted)."""
    wanted = set(chosen)
    known = [value for value in order if value in wanted]
    return (*known, *sorted(wanted - set(order)))
