"""Theme trends: how often each theme comes up, by stage and by quarter, published safely.

Counts go through ``analysis.suppression.suppress_table`` (counts 1–4 shown as "fewer than 5",
with complementary cells hidden); a share is shown only when its denominator reaches the
minimum n, with a Wilson interval (``analysis.estimates.proportion``). A theme is flagged
"rising" when its share in the latest quarter is higher than in the quarters before, by a
one-sided Fisher exact test (Fisher, 1935, *The Design of Experiments*), with the p-values of all
themes adjusted by Benjamini & Hochberg (1995) so that at most 5% of flags are expected to be
false.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import fisher_exact

from analysis.agreement import benjamini_hochberg
from analysis.estimate import Estimate
from analysis.estimates import proportion
from analysis.suppression import PublishedCell, suppress_table
from feedback.models import Stage
from feedback.models.reviews import Theme
from feedback.services.reviews.coded import CodedComment
from feedback.services.reviews.queue import quarter_of

RISING_METHOD = "one-sided Fisher exact test, Benjamini–Hochberg adjusted"


@dataclass(frozen=True, slots=True)
class ShareCell:
    """One theme in one column: the published count and, when allowed, the share."""

    count: PublishedCell
    share: Estimate | None


@dataclass(frozen=True, slots=True)
class ThemeRow:
    """One theme across the columns of a table, with its overall share."""

    theme: Theme
    cells: tuple[ShareCell, ...]
    overall: ShareCell


@dataclass(frozen=True, slots=True)
class RisingTest:
    """Whether a theme's share rose in the latest quarter, against the quarters before it."""

    theme: Theme
    latest: int
    latest_n: int
    before: int
    before_n: int
    p_value: float
    q_value: float
    rising: bool


@dataclass(frozen=True, slots=True)
class TrendTable:
    """Themes by column (stages or quarters) with the coded comments in each column."""

    columns: tuple[str, ...]
    column_n: tuple[PublishedCell, ...]
    rows: tuple[ThemeRow, ...]
    total_n: int


@dataclass(frozen=True, slots=True)
class TrendsReport:
    """Everything the trends page shows."""

    by_stage: TrendTable
    by_quarter: TrendTable
    rising: tuple[RisingTest, ...]
    latest_quarter: str | None
    min_n: int
    threshold: int
    level: float


def trend_table(
    themes: Sequence[Theme],
    comments: Sequence[CodedComment],
    columns: Sequence[str],
    column_of: dict[int, str],
    *,
    min_n: int,
    threshold: int,
    level: float = 0.95,
) -> TrendTable:
    """Return the themes × columns table of counts and shares, suppressed and with intervals.

    ``column_of`` maps each comment id to its column. Counts are suppressed together so no
    hidden count can be worked out from the others (``suppress_table``).
    """
    n_by_column = [sum(1 for c in comments if column_of[c.comment_id] == col) for col in columns]
    counts = [
        [
            sum(1 for c in comments if column_of[c.comment_id] == col and theme.key in c.theme_keys)
            for col in columns
        ]
        for theme in themes
    ]
    rows: list[ThemeRow] = []
    if themes and columns:
        published = suppress_table(counts, threshold=threshold)
        denominators = suppress_table([n_by_column], threshold=threshold).cells[0]
        for theme, cells, raw, total in zip(
            themes, published.cells, counts, published.row_totals, strict=True
        ):
            rows.append(
                ThemeRow(
                    theme=theme,
                    cells=tuple(
                        ShareCell(cell, _share(cell, x, n, min_n, level))
                        for cell, x, n in zip(cells, raw, n_by_column, strict=True)
                    ),
                    overall=ShareCell(total, _share(total, sum(raw), len(comments), min_n, level)),
                )
            )
    else:
        denominators = ()
    return TrendTable(
        columns=tuple(columns),
        column_n=tuple(denominators),
        rows=tuple(rows),
        total_n=len(comments),
    )


def _share(cell: PublishedCell, x: int, n: int, min_n: int, level: float) -> Estimate | None:
    """Return the share x/n with its interval, or None if the count is hidden or n too small."""
    if cell.suppressed or n < min_n:
        return None
    return proportion(x, n, level=level)


def rising_themes(
    themes: Sequence[Theme],
    comments: Sequence[CodedComment],
    *,
    baseline_quarters: int,
    min_n: int,
    fdr: float,
) -> tuple[tuple[RisingTest, ...], str | None]:
    """Test each theme for a rise in the latest quarter; return the tests and that quarter.

    The latest quarter is compared with the ``baseline_quarters`` before it, pooled. Themes are
    tested only when both periods have at least ``min_n`` coded comments.
    """
    quarters = sorted({quarter_of(c.submitted_at) for c in comments})
    if len(quarters) < 2:
        return (), quarters[-1] if quarters else None
    latest = quarters[-1]
    baseline = set(quarters[-1 - baseline_quarters : -1])
    now = [c for c in comments if quarter_of(c.submitted_at) == latest]
    before = [c for c in comments if quarter_of(c.submitted_at) in baseline]
    if len(now) < min_n or len(before) < min_n:
        return (), latest
    counts = []
    for theme in themes:
        x1 = sum(theme.key in c.theme_keys for c in now)
        x0 = sum(theme.key in c.theme_keys for c in before)
        table = [[x1, len(now) - x1], [x0, len(before) - x0]]
        p_value = float(fisher_exact(table, alternative="greater").pvalue)
        counts.append((theme, x1, x0, min(p_value, 1.0)))
    control = benjamini_hochberg([p for *_, p in counts], q=fdr)
    tests = tuple(
        RisingTest(
            theme=theme,
            latest=x1,
            latest_n=len(now),
            before=x0,
            before_n=len(before),
            p_value=p,
            q_value=q,
            rising=rejected,
        )
        for (theme, x1, x0, p), q, rejected in zip(
            counts, control.adjusted, control.rejected, strict=True
        )
    )
    return tests, latest


def trends_report(
    themes: Sequence[Theme],
    comments: Sequence[CodedComment],
    *,
    min_n: int,
    threshold: int,
    baseline_quarters: int,
    fdr: float,
) -> TrendsReport:
    """Return theme trends by stage and by quarter, and the "rising" tests.

    Themes no comment was coded with are left out, so the tables show what families raised.
    """
    used = {key for comment in comments for key in comment.theme_keys}
    themes = [theme for theme in themes if theme.key in used]
    stages = [stage.value for stage in Stage]
    by_stage = trend_table(
        themes,
        comments,
        stages,
        {c.comment_id: c.stage for c in comments},
        min_n=min_n,
        threshold=threshold,
    )
    quarters = sorted({quarter_of(c.submitted_at) for c in comments})
    by_quarter = trend_table(
        themes,
        comments,
        quarters,
        {c.comment_id: quarter_of(c.submitted_at) for c in comments},
        min_n=min_n,
        threshold=threshold,
    )
    rising, latest = rising_themes(
        themes, comments, baseline_quarters=baseline_quarters, min_n=min_n, fdr=fdr
    )
    return TrendsReport(
        by_stage=by_stage,
        by_quarter=by_quarter,
        rising=rising,
        latest_quarter=latest,
        min_n=min_n,
        threshold=threshold,
        level=0.95,
    )
