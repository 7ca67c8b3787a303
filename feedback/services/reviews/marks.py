"""A reviewer marks text the redactor missed; the comment is re-redacted at once.

The reviewer types the words as they see them in the redacted comment, and only the redacted
copy is searched: words the redactor hid (a name, a number) cannot be confirmed by guessing
them, since a guess that is only in the original gets the same answer as one in neither. Each
occurrence the reviewer can see is traced back to its place in the original and its offsets
stored (never the words), and the redacted copy rebuilt, so the mark survives the redactor being
run again. If the original has already been deleted under the retention rule, the words are
replaced in the redacted copy directly.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import select

from feedback.extensions import db
from feedback.models import User
from feedback.models.reviews import RedactionMark
from feedback.services import audit
from feedback.services.reviews.entities import MARKABLE, Entity
from feedback.services.reviews.intake import marked_spans
from feedback.services.reviews.queue import reviewable_comment

if TYPE_CHECKING:
    from feedback.services.reviews.redaction import Redaction

MAX_MARK_LENGTH = 200


class MarkError(ValueError):
    """A mark was refused; the message says why and nothing was changed."""


def mark_missed(organisation_id: int, comment_id: int, *, seen: str, kind: str, actor: User) -> int:
    """Hide every occurrence of ``seen`` in the comment as ``kind``; audit, commit, return count.

    Raises ``LookupError`` for a comment that is not this council's, and ``MarkError`` for empty
    or over-long text, an unknown kind, or text that is not in the comment.
    """
    from feedback.services.reviews.redaction import redact

    found = reviewable_comment(organisation_id, comment_id)
    if found is None:
        raise LookupError("no such comment")
    comment, _ = found
    seen = seen.strip()
    if not seen or len(seen) > MAX_MARK_LENGTH:
        raise MarkError(f"Enter the words to hide, {MAX_MARK_LENGTH} characters or fewer")
    if kind not in MARKABLE:
        raise MarkError("Select what kind of identifier the words are")
    entity = MARKABLE[kind]
    pattern = re.compile(r"(?<!\w)" + re.escape(seen) + r"(?!\w)", re.IGNORECASE)
    if not pattern.search(comment.redacted_text or ""):
        count = 0  # what the reviewer cannot see is never searched
    elif comment.text is not None:
        spans = visible_occurrences(
            comment.text, redact(comment.text, marked_spans(comment.id)), pattern
        )
        for start, end in spans:
            db.session.add(
                RedactionMark(
                    comment_id=comment.id,
                    marked_by_id=actor.id,
                    entity=entity.value,
                    start=start,
                    end=end,
                )
            )
        db.session.flush()
        if spans:
            comment.redacted_text = redact(comment.text, marked_spans(comment.id)).text
        count = len(spans)
    else:
        count = len(pattern.findall(comment.redacted_text or ""))
        comment.redacted_text = pattern.sub(entity.placeholder, comment.redacted_text or "")
    if count == 0:
        db.session.rollback()
        raise MarkError("Those words are not in this comment; copy them exactly as shown")
    audit.record(
        "comment.mark_missed",
        actor=actor,
        target_type="comment",
        target_id=comment.id,
        kind=kind,
        occurrences=count,
    )
    db.session.commit()
    return count


def visible_occurrences(
    original: str, redaction: Redaction, pattern: re.Pattern[str]
) -> list[tuple[int, int]]:
    """Return, as offsets into ``original``, each match of ``pattern`` in the redacted text that
    lies wholly in text the redaction left visible (a placeholder is never part of one)."""
    pieces = []  # (start in the redacted text, end there, start in the original)
    in_original = in_redacted = 0
    for span in redaction.spans:
        length = span.start - in_original
        pieces.append((in_redacted, in_redacted + length, in_original))
        in_redacted += length + len(span.entity.placeholder)
        in_original = span.end
    pieces.append((in_redacted, in_redacted + len(original) - in_original, in_original))
    found = []
    for match in pattern.finditer(redaction.text):
        for start, end, origin in pieces:
            if start <= match.start() and match.end() <= end:
                offset = origin + match.start() - start
                ends = offset + match.end() - match.start()
                if pattern.fullmatch(original, offset, ends):  # the same words, in place
                    found.append((offset, ends))
                break
    return found


def marks_on(comment_id: int) -> int:
    """Return how many missed identifiers reviewers have marked in this comment."""
    return len(
        db.session.scalars(
            select(RedactionMark.id).where(RedactionMark.comment_id == comment_id)
        ).all()
    )


def placeholder_of(kind: str) -> str:
    """Return the placeholder a kind of mark shows ("[name]")."""
    return MARKABLE.get(kind, Entity.PERSON).placeholder
