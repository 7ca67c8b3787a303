"""Response rates of invitations: invited, opened, started, completed, opted out and bounced (not
delivered, by GOV.UK Notify's account), by stage, audience, channel, language and month, each rate
with its Wilson interval.

One SQL aggregate for all the breakdowns. Small counts are suppressed across all breakdowns and
measures at once with :func:`analysis.suppress_breakdowns`, since the breakdowns share their
totals and each measure is part of a wider one, and no rate is shown
from fewer invitations than ``MIN_N_FOR_RATES`` (DESIGN.md §6). Poster responses have no
invitation list to divide by, so they are counted separately.

The staff home and the KPI dashboard show this module's totals under the same names, so the
three pages agree: "Invited", "Opened", "Started" (the first page saved), "Answered" for
personal links, and "Answers from open posters" apart from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select

from analysis import (
    Estimate,
    PublishedCell,
    PublishedCounts,
    can_publish,
    proportion,
    suppress_breakdowns,
    suppress_counts,
)
from feedback.extensions import db
from feedback.models import Invitation, Response, Stage
from feedback.models.cases import InvitationSource
from feedback.models.messaging import (
    NOT_DELIVERED,
    DeliveryStatus,
    MessageStatus,
    OutboundMessage,
)
from feedback.services.delivery_receipts import invitation_delivered

MEASURES = ("invited", "opened", "started", "completed", "opted_out", "bounced")
# (part, whole): a reader takes each count of the first to be at most the second's.
NESTED = (
    ("opened", "invited"),
    ("started", "opened"),
    ("completed", "started"),
    ("opted_out", "invited"),
    ("bounced", "invited"),
)
DIMENSIONS = ("stage", "audience", "channel", "language", "month")
_STAGE_ORDER = {stage.value: position for position, stage in enumerate(Stage)}


@dataclass(frozen=True, slots=True)
class RateRow:
    """One value of a breakdown (a stage, a month…) with its published counts and rate."""

    key: str
    cells: dict[str, PublishedCell]
    rate: Estimate | None


@dataclass(frozen=True, slots=True)
class RateTable:
    """A breakdown by one dimension, with the totals row."""

    dimension: str
    rows: tuple[RateRow, ...]
    total: RateRow


@dataclass(frozen=True, slots=True)
class PosterCount:
    """Responses from open posters for one stage and audience (no rate: nobody was invited)."""

    stage: str
    audience: str
    responses: PublishedCell


@dataclass(frozen=True, slots=True)
class ResponseRates:
    """Every breakdown of one organisation's invitations in a period, and poster responses."""

    start: date | None
    end: date | None
    tables: tuple[RateTable, ...]
    posters: tuple[PosterCount, ...]
    poster_total: PublishedCell
    level: float
    min_n: int
    threshold: int

    def table(self, dimension: str) -> RateTable:
        """Return the breakdown by ``dimension``."""
        return next(table for table in self.tables if table.dimension == dimension)

    @property
    def personal_links(self) -> RateRow:
        """Return the totals of personal links: every breakdown shares this one row."""
        return self.tables[0].total


def _month(column: Any) -> ColumnElement[str]:
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _key(dimension: str) -> ColumnElement[Any]:
    return _month(Invitation.sent_at) if dimension == "month" else getattr(Invitation, dimension)


def response_rates(
    organisation_id: int, *, start: date | None = None, end: date | None = None
) -> ResponseRates:
    """Return the organisation's response rates for invitations sent from ``start`` to ``end``
    (inclusive; open-ended when ``None``), by every dimension.

    Each rate is completed / invited with the Wilson score interval (Wilson 1927), shown only
    when at least ``MIN_N_FOR_RATES`` invitations were sent and neither count is suppressed.
    """
    config = current_app.config
    threshold, min_n = int(config["SUPPRESS_COUNTS_BELOW"]), int(config["MIN_N_FOR_RATES"])
    scope = _scope(organisation_id, start, end)
    counts = _breakdowns(scope)
    # The breakdowns share their totals and are printed side by side, and each measure is part
    # of a wider one (answered of started, of opened, of invited): protect them all at once.
    published = suppress_breakdowns(
        {
            measure: [[values[i] for _, values in table] for table in counts]
            for i, measure in enumerate(MEASURES)
        },
        nested=NESTED,
        threshold=threshold,
    )
    tables = tuple(
        _table(dimension, table, {m: published[m][d] for m in MEASURES}, min_n)
        for d, (dimension, table) in enumerate(zip(DIMENSIONS, counts, strict=True))
    )
    posters, poster_total = _posters(organisation_id, start, end, threshold)
    return ResponseRates(
        start=start,
        end=end,
        tables=tables,
        posters=posters,
        poster_total=poster_total,
        level=0.95,
        min_n=min_n,
        threshold=threshold,
    )


def _scope(organisation_id: int, start: date | None, end: date | None) -> ColumnElement[bool]:
    conditions = [
        Invitation.organisation_id == organisation_id,
        Invitation.source == InvitationSource.CASE.value,
        Invitation.sent_at.is_not(None),
    ]
    if start is not None:
        conditions.append(Invitation.sent_at >= datetime.combine(start, time.min, tzinfo=UTC))
    if end is not None:
        conditions.append(Invitation.sent_at <= datetime.combine(end, time.max, tzinfo=UTC))
    return and_(*conditions)


def _not_delivered() -> ColumnElement[bool]:
    """Return the condition for an invitation none of whose messages reached the family.

    A message did not reach them when Notify refused it or retries ran out, or when Notify's
    receipt says permanent, temporary (final after Notify's own retries) or technical failure; a
    technical failure that was sent again counts by its resend instead. One delivered message
    (the invitation, its reminder or a resend) is enough.
    """
    failed = exists().where(
        OutboundMessage.invitation_id == Invitation.id,
        or_(
            OutboundMessage.status == MessageStatus.FAILED.value,
            and_(
                OutboundMessage.delivery_status.in_(NOT_DELIVERED),
                or_(
                    OutboundMessage.delivery_status != DeliveryStatus.TECHNICAL_FAILURE.value,
                    OutboundMessage.resent_at.is_(None),
                ),
            ),
        ),
    )
    return and_(failed, ~invitation_delivered())


def _breakdowns(scope: ColumnElement[bool]) -> list[list[tuple[str, list[int]]]]:
    """Return, for each of ``DIMENSIONS``, its keys with the counts of ``MEASURES``.

    One statement groups by every dimension at once and the breakdowns are added up from it,
    so they all come from one snapshot of the database and share their totals exactly.
    """
    keys = [_key(dimension).label(dimension) for dimension in DIMENSIONS]
    rows = db.session.execute(
        select(
            *keys,
            func.count(Invitation.id),
            func.count(Invitation.opened_at),
            func.count(Invitation.started_at),
            func.count(Invitation.completed_at),
            func.count(Invitation.opted_out_at),
            func.sum(case((_not_delivered(), 1), else_=0)),
        )
        .where(scope)
        .group_by(*keys)
    ).all()
    breakdowns = []
    for position, dimension in enumerate(DIMENSIONS):
        sums: dict[str, list[int]] = {}
        for row in rows:
            totals = sums.setdefault(str(row[position]), [0] * len(MEASURES))
            for i, value in enumerate(row[len(DIMENSIONS) :]):
                totals[i] += int(value or 0)
        order = (
            (lambda key: (_STAGE_ORDER.get(key, len(_STAGE_ORDER)), key))
            if dimension == "stage"  # in the order of the process, not alphabetical
            else (lambda key: (0, key))
        )
        breakdowns.append([(key, sums[key]) for key in sorted(sums, key=order)])
    return breakdowns


def _table(
    dimension: str,
    counts: list[tuple[str, list[int]]],
    columns: dict[str, PublishedCounts],
    min_n: int,
) -> RateTable:
    rows = tuple(
        RateRow(key, cells, _rate(cells, min_n))
        for position, (key, _values) in enumerate(counts)
        for cells in [{measure: columns[measure].cells[position] for measure in MEASURES}]
    )
    total_cells = {measure: columns[measure].total for measure in MEASURES}
    return RateTable(dimension, rows, RateRow("total", total_cells, _rate(total_cells, min_n)))


def _rate(cells: dict[str, PublishedCell], min_n: int) -> Estimate | None:
    invited, completed = cells["invited"].value, cells["completed"].value
    if invited is None or completed is None or not can_publish(invited, min_n=min_n):
        return None
    return proportion(completed, invited, method="wilson")


def _posters(
    organisation_id: int, start: date | None, end: date | None, threshold: int
) -> tuple[tuple[PosterCount, ...], PublishedCell]:
    conditions = [Response.organisation_id == organisation_id, Response.source == "poster"]
    if start is not None:
        conditions.append(Response.submitted_at >= datetime.combine(start, time.min, tzinfo=UTC))
    if end is not None:
        conditions.append(Response.submitted_at <= datetime.combine(end, time.max, tzinfo=UTC))
    rows = db.session.execute(
        select(Response.stage, Response.audience, func.count(Response.id))
        .where(*conditions)
        .group_by(Response.stage, Response.audience)
        .order_by(Response.stage, Response.audience)
    ).all()
    published = suppress_counts([int(row[2]) for row in rows], threshold=threshold)
    counts = tuple(
        PosterCount(str(row[0]), str(row[1]), cell)
        for row, cell in zip(rows, published.cells, strict=True)
    )
    return counts, published.total
