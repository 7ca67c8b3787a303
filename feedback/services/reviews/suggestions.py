"""Theme suggestions from the comments coded so far: TF-IDF words and one logistic regression per
theme (one-vs-rest), trained on redacted text only. Suggestions are shown, never applied.

The model is judged on a fifth of the coded comments it was not trained on: the share of those
whose top suggestion is one of the themes the reviewer chose ("held-out top-1 accuracy"). With
too few coded comments, or too few examples of each theme, there is no model and the page says
how many more comments are needed.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline, make_pipeline

from feedback.services.reviews.coded import CodedComment

MIN_EXAMPLES_PER_THEME = 3
HELD_OUT_SHARE = 0.2
MAX_SUGGESTIONS = 3
SUGGESTION_THRESHOLD = 0.25
RANDOM_STATE = 0


@dataclass(frozen=True, slots=True)
class SuggestionModel:
    """A trained suggester with its held-out accuracy.

    Attributes
    ----------
    pipeline : Pipeline
        TF-IDF (words and word pairs) then one-vs-rest logistic regression.
    theme_keys : tuple of str
        The themes it can suggest, in the order of its outputs.
    held_out_accuracy : float
        Share of held-out comments whose top suggestion was among the reviewer's themes.
    held_out_n : int
        How many coded comments were held out.
    trained_on : int
        How many coded comments it learned from.
    """

    pipeline: Pipeline
    theme_keys: tuple[str, ...]
    held_out_accuracy: float
    held_out_n: int
    trained_on: int

    def suggest(self, text: str) -> list[tuple[str, float]]:
        """Return up to three (theme key, probability) suggestions for ``text``, best first."""
        probabilities = self.pipeline.predict_proba([text])[0]
        ranked = sorted(zip(self.theme_keys, probabilities, strict=True), key=lambda p: -p[1])
        return [(key, float(p)) for key, p in ranked[:MAX_SUGGESTIONS] if p >= SUGGESTION_THRESHOLD]


@dataclass(frozen=True, slots=True)
class NotEnoughCoded:
    """Why there is no model yet: how many comments are coded and how many are needed."""

    coded: int
    needed: int


def _pipeline() -> Pipeline:
    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, strip_accents="unicode"),
        OneVsRestClassifier(
            LogisticRegression(C=4.0, class_weight="balanced", max_iter=1000, solver="liblinear")
        ),
    )


def _label_matrix(comments: Sequence[CodedComment], keys: Sequence[str]) -> np.ndarray:
    return np.array([[key in c.theme_keys for key in keys] for c in comments], dtype=int)


def _learnable_keys(comments: Sequence[CodedComment]) -> list[str]:
    """Themes with enough comments given it, and enough not given it, to learn from."""
    counts: dict[str, int] = {}
    for comment in comments:
        for key in comment.theme_keys:
            counts[key] = counts.get(key, 0) + 1
    return sorted(
        key
        for key, count in counts.items()
        if count >= MIN_EXAMPLES_PER_THEME and len(comments) - count >= MIN_EXAMPLES_PER_THEME
    )


def train_suggester(
    comments: Sequence[CodedComment], *, min_coded: int
) -> SuggestionModel | NotEnoughCoded:
    """Train on ``comments`` and measure on a held-out fifth; or say why there is no model."""
    keys = _learnable_keys(comments)
    if len(comments) < min_coded or len(keys) < 2:
        return NotEnoughCoded(coded=len(comments), needed=max(min_coded, len(comments) + 1))
    train, test = train_test_split(
        list(comments), test_size=HELD_OUT_SHARE, random_state=RANDOM_STATE
    )
    # A theme must have both kinds of example in the training part, or its model cannot learn.
    keys = [key for key in keys if 0 < sum(key in c.theme_keys for c in train) < len(train)]
    if len(keys) < 2:
        return NotEnoughCoded(coded=len(comments), needed=len(comments) + 1)
    pipeline = _pipeline().fit([c.redacted_text for c in train], _label_matrix(train, keys))
    probabilities = pipeline.predict_proba([c.redacted_text for c in test])
    hits = [
        keys[int(np.argmax(row))] in comment.theme_keys
        for row, comment in zip(probabilities, test, strict=True)
    ]
    final = _pipeline().fit([c.redacted_text for c in comments], _label_matrix(comments, keys))
    return SuggestionModel(
        pipeline=final,
        theme_keys=tuple(keys),
        held_out_accuracy=sum(hits) / len(hits),
        held_out_n=len(hits),
        trained_on=len(comments),
    )


_cache: dict[tuple[int, int, int], SuggestionModel | NotEnoughCoded] = {}
_cache_lock = threading.Lock()


def cached_suggester(
    organisation_id: int,
    comments: Sequence[CodedComment],
    *,
    min_coded: int,
) -> SuggestionModel | NotEnoughCoded:
    """Return the suggester for the council's coded comments, retrained only when they change."""
    # Any new or changed coding changes the fingerprint, and so retrains the model.
    fingerprint = hash(tuple((c.comment_id, tuple(sorted(c.theme_keys))) for c in comments))
    key = (organisation_id, len(comments), fingerprint)
    with _cache_lock:
        if key in _cache:
            return _cache[key]
    model = train_suggester(comments, min_coded=min_coded)
    with _cache_lock:
        for stale in [k for k in _cache if k[0] == organisation_id]:
            del _cache[stale]
        _cache[key] = model
    return model
