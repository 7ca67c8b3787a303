"""De-identification of comments with Presidio: UK recognisers, a blank spaCy pipeline, no download.

Presidio's analyzer runs our recognisers (``uk_patterns``, ``people``, ``schools_places``) over a
blank English spaCy pipeline, because spaCy's trained models cannot be installed here; its
anonymizer then swaps each span for a labelled placeholder ("[child's name]"). Overlapping finds
are merged first, keeping the most specific label, so "St Mary's" is one "[school]" and not
"St [name]'s".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer import RecognizerResult as AnalyzerResult
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from presidio_anonymizer.entities import RecognizerResult as AnonymizerResult

from feedback.services.reviews.entities import Entity, RedactedSpan
from feedback.services.reviews.people import find_people
from feedback.services.reviews.schools_places import find_places, find_schools
from feedback.services.reviews.uk_patterns import FINDERS, Found

LANGUAGE = "en"
# Every find counts: a missed identifier costs more than a hidden everyday word.
SCORE_THRESHOLD = 0.3

# Presidio logs each decision at INFO; the log must never carry a comment's words.
logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
logging.getLogger("presidio-anonymizer").setLevel(logging.WARNING)

Finder = Callable[[str], Iterator[Found]]


@dataclass(frozen=True, slots=True)
class Redaction:
    """A comment with its identifiers replaced.

    Attributes
    ----------
    text : str
        The redacted comment, with placeholders such as "[child's name]".
    spans : tuple of RedactedSpan
        What was hidden, as offsets into the original text (never the hidden words).
    """

    text: str
    spans: tuple[RedactedSpan, ...]


class BlankSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine on ``spacy.blank("en")``: tokens only, nothing to download."""

    def load(self) -> None:
        """Build the blank English pipeline instead of loading a trained model."""
        self.nlp = {LANGUAGE: spacy.blank(LANGUAGE)}


class RuleRecogniser(EntityRecognizer):
    """A Presidio recogniser that runs one of our finders over the text."""

    def __init__(self, name: str, finder: Finder, entities: Iterable[Entity]) -> None:
        self._finder = finder
        super().__init__(
            supported_entities=[entity.value for entity in entities],
            name=name,
            supported_language=LANGUAGE,
        )

    def load(self) -> None:
        """Nothing to load: the word lists are read on first use."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[AnalyzerResult]:
        """Return Presidio results for the finder's spans of the requested entities."""
        return [
            AnalyzerResult(found.entity.value, found.start, found.end, found.score)
            for found in self._finder(text)
            if found.entity.value in entities
        ]


def _recognisers() -> list[RuleRecogniser]:
    recognisers = [
        RuleRecogniser(finder.__name__, finder, _entities_of(finder)) for finder in FINDERS
    ]
    recognisers.append(
        RuleRecogniser("find_people", find_people, (Entity.PERSON, Entity.CHILD_NAME))
    )
    recognisers.append(RuleRecogniser("find_schools", find_schools, (Entity.SCHOOL,)))
    recognisers.append(RuleRecogniser("find_places", find_places, (Entity.PLACE,)))
    return recognisers


def _entities_of(finder: Finder) -> tuple[Entity, ...]:
    # Each pattern finder yields one kind, except postcodes (two shapes, one kind).
    kinds = {
        "find_emails": Entity.EMAIL,
        "find_phone_numbers": Entity.PHONE,
        "find_postcodes": Entity.POSTCODE,
        "find_nhs_numbers": Entity.NHS_NUMBER,
        "find_dates_of_birth": Entity.DATE_OF_BIRTH,
        "find_case_references": Entity.CASE_REFERENCE,
        "find_addresses": Entity.PLACE,
    }
    return (kinds[finder.__name__],)


@cache
def analyzer() -> AnalyzerEngine:
    """Return the Presidio analyzer with our recognisers only, built once per process."""
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recogniser in _recognisers():
        registry.add_recognizer(recogniser)
    engine = BlankSpacyNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "blank"}])
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=engine,
        supported_languages=[LANGUAGE],
        default_score_threshold=SCORE_THRESHOLD,
    )


@cache
def _anonymizer() -> AnonymizerEngine:
    return AnonymizerEngine()


def merge_spans(results: Iterable[Any]) -> list[RedactedSpan]:
    """Merge overlapping finds into single spans labelled by the most specific entity.

    ``results`` are Presidio results (``entity_type``, ``start``, ``end``).
    """
    spans = sorted(
        (RedactedSpan(r.start, r.end, Entity(r.entity_type)) for r in results),
        key=lambda span: (span.start, -span.end),
    )
    merged: list[RedactedSpan] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            entity = min(last.entity, span.entity, key=lambda kind: kind.priority)
            merged[-1] = RedactedSpan(last.start, max(last.end, span.end), entity)
        else:
            merged.append(span)
    return merged


def _join_whitespace_separated(text: str, spans: list[RedactedSpan]) -> list[RedactedSpan]:
    """Join finds of one kind with only whitespace between, as Presidio's anonymizer does.

    Two emails in a row become one "[email]"; the spans must say so, or offsets into the
    redacted text (hide missed words) would count a placeholder that is not there.
    """
    joined: list[RedactedSpan] = []
    for span in spans:
        last = joined[-1] if joined else None
        if last and last.entity == span.entity and not text[last.end : span.start].strip():
            joined[-1] = RedactedSpan(last.start, span.end, span.entity)
        else:
            joined.append(span)
    return joined


def redact(text: str, extra_spans: Iterable[RedactedSpan] = ()) -> Redaction:
    """Return ``text`` with every identifier found replaced by its labelled placeholder.

    ``extra_spans`` are hidden too (text a reviewer marked as missed).
    """
    results = analyzer().analyze(text=text, language=LANGUAGE)
    extra = [AnalyzerResult(s.entity.value, s.start, s.end, 1.0) for s in extra_spans]
    spans = _join_whitespace_separated(text, merge_spans([*results, *extra]))
    anonymized = _anonymizer().anonymize(
        text=text,
        analyzer_results=[
            AnonymizerResult(span.entity.value, span.start, span.end, 1.0) for span in spans
        ],
        operators={
            entity.value: OperatorConfig("replace", {"new_value": entity.placeholder})
            for entity in Entity
        },
    )
    return Redaction(text=anonymized.text, spans=tuple(spans))
