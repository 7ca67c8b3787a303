"""Coding comments: one reviewer's sentiment and themes, saved under the current codebook, one
comment at a time or a page of them at once (all or none)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import ngettext
from sqlalchemy import delete, select

from feedback.extensions import db
from feedback.models import User, utcnow
from feedback.models.reviews import Coding, Sentiment, ThemeCode
from feedback.services import audit
from feedback.services.reviews.codebook import current_version, themes
from feedback.services.reviews.queue import reviewable_comment


class CodingError(ValueError):
    """A coding was refused; the message says why and nothing was saved."""


@dataclass(frozen=True, slots=True)
class MyCoding:
    """What a reviewer already chose for a comment."""

    sentiment: str
    theme_ids: frozenset[int]


def coding_by(comment_id: int, coder_id: int) -> MyCoding | None:
    """Return this reviewer's coding of the comment, if any (never anyone else's)."""
    coding = db.session.scalar(
        select(Coding).where(Coding.comment_id == comment_id, Coding.coder_id == coder_id)
    )
    if coding is None:
        return None
    return MyCoding(coding.sentiment, frozenset(code.theme_id for code in coding.theme_codes))


def save_coding(
    organisation_id: int,
    comment_id: int,
    *,
    coder: User,
    theme_ids: Iterable[int],
    sentiment: str,
) -> Coding:
    """Save (or replace) the reviewer's coding of a comment; audit and commit; return it.

    Raises ``LookupError`` for a comment that is not this council's (or not yet redacted) and
    ``CodingError`` for no theme, an unknown or retired theme, or an unknown sentiment.
    """
    choice = CodingChoice(comment_id, frozenset(theme_ids), sentiment)
    problem = _problem(organisation_id, choice, _allowed_theme_ids(organisation_id))
    if problem is not None:
        raise CodingError(problem.message)
    coding = _write(organisation_id, choice, coder)
    db.session.commit()
    return coding


@dataclass(frozen=True, slots=True)
class CodingChoice:
    """What a reviewer chose for one comment on a page of several."""

    comment_id: int
    theme_ids: frozenset[int]
    sentiment: str

    @property
    def is_empty(self) -> bool:
        """Return whether nothing was chosen (the comment is left for later)."""
        return not self.theme_ids and not self.sentiment


@dataclass(frozen=True, slots=True)
class CodingProblem:
    """Why one comment's coding was refused: the field at fault ("themes" or "sentiment")."""

    field: str
    message: str


class PageCodingError(ValueError):
    """Some comments on a page could not be saved; nothing on the page was saved.

    ``problems`` maps each such comment's id to what was wrong with its coding.
    """

    def __init__(self, problems: dict[int, CodingProblem]) -> None:
        super().__init__(
            ngettext(
                "%(num)s comment could not be saved",
                "%(num)s comments could not be saved",
                len(problems),
            )
        )
        self.problems = problems


def save_codings(
    organisation_id: int, choices: Iterable[CodingChoice], *, coder: User
) -> list[Coding]:
    """Save the reviewer's codings of several comments at once, all or none; return them.

    Comments with nothing chosen are left alone. Every other choice is checked first: if any
    is incomplete or not from the codebook, ``PageCodingError`` says which and nothing is saved.
    Each saved comment is audited as ``comment.code`` or ``comment.recode``, as one at a time.
    Raises ``LookupError`` if a comment is not this council's (or not yet redacted).
    """
    chosen = [choice for choice in choices if not choice.is_empty]
    allowed = _allowed_theme_ids(organisation_id)
    problems = {
        choice.comment_id: problem
        for choice in chosen
        if (problem := _problem(organisation_id, choice, allowed)) is not None
    }
    if problems:
        raise PageCodingError(problems)
    codings = [_write(organisation_id, choice, coder) for choice in chosen]
    db.session.commit()
    return codings


def _allowed_theme_ids(organisation_id: int) -> set[int]:
    return {theme.id for theme in themes(organisation_id)}


def _problem(organisation_id: int, choice: CodingChoice, allowed: set[int]) -> CodingProblem | None:
    """Return why ``choice`` cannot be saved (``None`` if it can); ``LookupError`` for a comment
    that is not this council's."""
    if reviewable_comment(organisation_id, choice.comment_id) is None:
        raise LookupError("no such comment")
    if not choice.theme_ids:
        return CodingProblem("themes", "Select at least one theme")
    if not choice.theme_ids <= allowed:
        return CodingProblem("themes", "Select themes from the codebook")
    if choice.sentiment not in {value.value for value in Sentiment}:
        return CodingProblem("sentiment", "Select how the comment feels about the service")
    return None


def _write(organisation_id: int, choice: CodingChoice, coder: User) -> Coding:
    """Add (or replace) the coding and its audit event to the session; the caller commits."""
    version = current_version(organisation_id)
    coding = db.session.scalar(
        select(Coding).where(Coding.comment_id == choice.comment_id, Coding.coder_id == coder.id)
    )
    action = "comment.recode" if coding is not None else "comment.code"
    if coding is None:
        coding = Coding(
            organisation_id=organisation_id, comment_id=choice.comment_id, coder_id=coder.id
        )
    coding.sentiment = choice.sentiment
    coding.codebook_version_id = version.id
    coding.coded_at = utcnow()
    db.session.add(coding)
    db.session.flush()
    # Delete then insert, so re-choosing a theme never meets the (coding, theme) unique key.
    db.session.execute(delete(ThemeCode).where(ThemeCode.coding_id == coding.id))
    for theme_id in sorted(choice.theme_ids):
        db.session.add(ThemeCode(coding_id=coding.id, theme_id=theme_id))
    db.session.flush()
    db.session.expire(coding, ["theme_codes"])
    audit.record(
        action,
        actor=coder,
        target_type="comment",
        target_id=choice.comment_id,
        themes=len(choice.theme_ids),
        sentiment=choice.sentiment,
    )
    return coding
