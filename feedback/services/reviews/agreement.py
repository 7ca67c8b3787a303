"""How far two reviewers agree: Cohen's kappa per theme and for sentiment, on double-coded comments.

For each theme the two codings of a comment are read as "theme given" or "not given", and kappa is
computed from that 2 × 2 table (Cohen, 1960) by ``analysis.agreement``.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.agreement import Kappa, cohens_kappa_from_labels
from feedback.models.reviews import Sentiment, Theme
from feedback.services.reviews.coded import CodingPair, coding_pairs


@dataclass(frozen=True, slots=True)
class ThemeAgreement:
    """Agreement on one theme: how often each coder gave it, and kappa."""

    theme: Theme
    first_count: int
    second_count: int
    both: int
    kappa: Kappa


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Agreement between the first two coders of every double-coded comment."""

    n: int
    themes: tuple[ThemeAgreement, ...]
    sentiment: Kappa | None


def theme_agreement(themes: list[Theme], pairs: list[CodingPair]) -> tuple[ThemeAgreement, ...]:
    """Return kappa for each theme over ``pairs`` (empty when there are no pairs)."""
    if not pairs:
        return ()
    result = []
    for theme in themes:
        first = [theme.key in pair.first_themes for pair in pairs]
        second = [theme.key in pair.second_themes for pair in pairs]
        result.append(
            ThemeAgreement(
                theme=theme,
                first_count=sum(first),
                second_count=sum(second),
                both=sum(a and b for a, b in zip(first, second, strict=True)),
                kappa=cohens_kappa_from_labels(first, second, categories=[True, False]),
            )
        )
    return tuple(result)


def agreement_report(organisation_id: int, themes: list[Theme]) -> AgreementReport:
    """Return per-theme and sentiment agreement for the council's double-coded comments."""
    pairs = coding_pairs(organisation_id)
    sentiment = (
        cohens_kappa_from_labels(
            [pair.first_sentiment for pair in pairs],
            [pair.second_sentiment for pair in pairs],
            categories=[choice.value for choice in Sentiment],
        )
        if pairs
        else None
    )
    return AgreementReport(n=len(pairs), themes=theme_agreement(themes, pairs), sentiment=sentiment)
