"""How many identifiers the redactor removes from a labelled set of comments (its recall).

The labelled set is a text file, one comment a line, each identifier marked ``[[kind:text]]``
(kinds: name, school, place, address, phone, email, postcode, dob, nhs, caseref), and
``## split: NAME`` lines starting each part (``tune`` was used to choose rules; ``held_out`` never
was). An identifier counts as removed only when every letter and digit of it is inside a hidden
span. Over-redaction is measured on the same set: the words outside every identifier that were
hidden anyway, since the coding of themes needs them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from feedback.services.reviews.entities import RedactedSpan
from feedback.services.reviews.redaction import Redaction

_MARK = re.compile(r"\[\[(\w+):(.+?)\]\]")
_SPLIT = re.compile(r"^## split:\s*(\w+)\s*$")
KINDS = (
    "name",
    "school",
    "place",
    "address",
    "phone",
    "email",
    "postcode",
    "dob",
    "nhs",
    "caseref",
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class Identifier:
    """A labelled identifier: where it is in the comment and what kind it is."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class LabelledComment:
    """A comment of the labelled set with its identifiers."""

    text: str
    identifiers: tuple[Identifier, ...]
    split: str
    line: int


@dataclass(frozen=True, slots=True)
class Recall:
    """Identifiers removed out of identifiers present, overall and by kind.

    Attributes
    ----------
    removed, present : int
        Identifiers fully hidden, and identifiers labelled.
    by_kind : dict of str to tuple of (int, int)
        ``(removed, present)`` for each kind present.
    comments : int
        Comments in the set.
    missed : tuple of (int, str, str)
        ``(line, kind, text)`` of each identifier that survived, for whoever tunes the rules.
    """

    removed: int
    present: int
    by_kind: dict[str, tuple[int, int]]
    comments: int
    missed: tuple[tuple[int, str, str], ...]

    @property
    def value(self) -> float:
        """Return removed / present (1.0 for a set with no identifiers)."""
        return self.removed / self.present if self.present else 1.0


def parse_labelled(lines: Iterable[str]) -> list[LabelledComment]:
    """Return the labelled comments of a labelled-set file's lines.

    Raises ``ValueError`` naming the line when a mark has an unknown kind.
    """
    comments = []
    split = "all"
    for number, line in enumerate(lines, start=1):
        heading = _SPLIT.match(line)
        if heading:
            split = heading.group(1)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        text, identifiers = _unmark(line.rstrip("\n"), number)
        comments.append(LabelledComment(text, tuple(identifiers), split, number))
    return comments


def _unmark(line: str, number: int) -> tuple[str, list[Identifier]]:
    parts: list[str] = []
    identifiers = []
    position = 0
    length = 0
    for match in _MARK.finditer(line):
        kind, value = match.group(1), match.group(2)
        if kind not in KINDS:
            raise ValueError(f"line {number}: unknown identifier kind {kind!r}")
        before = line[position : match.start()]
        parts.append(before)
        length += len(before)
        identifiers.append(Identifier(length, length + len(value), kind))
        parts.append(value)
        length += len(value)
        position = match.end()
    parts.append(line[position:])
    return "".join(parts), identifiers


def load_labelled(path: Path) -> list[LabelledComment]:
    """Return the labelled comments in the file at ``path``."""
    return parse_labelled(path.read_text(encoding="utf-8").splitlines())


def is_removed(text: str, identifier: Identifier, spans: Sequence[RedactedSpan]) -> bool:
    """Return whether every letter and digit of ``identifier`` lies inside a hidden span."""
    return all(
        any(span.start <= k < span.end for span in spans)
        for k in range(identifier.start, identifier.end)
        if text[k].isalnum()
    )


def measure_recall(
    comments: Sequence[LabelledComment], redactor: Callable[[str], Redaction]
) -> Recall:
    """Run ``redactor`` over ``comments`` and return its recall, overall and by kind."""
    removed: Counter[str] = Counter()
    present: Counter[str] = Counter()
    missed = []
    for comment in comments:
        spans = redactor(comment.text).spans
        for identifier in comment.identifiers:
            present[identifier.kind] += 1
            if is_removed(comment.text, identifier, spans):
                removed[identifier.kind] += 1
            else:
                value = comment.text[identifier.start : identifier.end]
                missed.append((comment.line, identifier.kind, value))
    by_kind = {kind: (removed[kind], present[kind]) for kind in KINDS if present[kind]}
    return Recall(
        removed=sum(removed.values()),
        present=sum(present.values()),
        by_kind=by_kind,
        comments=len(comments),
        missed=tuple(missed),
    )


@dataclass(frozen=True, slots=True)
class OverRedaction:
    """Words that needed no hiding, and how many of them the redactor hid.

    Attributes
    ----------
    hidden, words : int
        Words outside every labelled identifier that were hidden (any of their letters), and all
        such words.
    clean_comments, clean_comments_touched : int
        Comments with no identifier at all, and how many of them lost any word.
    hidden_words : tuple of (int, str)
        ``(line, word)`` of each word hidden needlessly, for whoever tunes the rules.
    """

    hidden: int
    words: int
    clean_comments: int
    clean_comments_touched: int
    hidden_words: tuple[tuple[int, str], ...]

    @property
    def value(self) -> float:
        """Return hidden / words (0.0 for a set with no such words)."""
        return self.hidden / self.words if self.words else 0.0


def measure_over_redaction(
    comments: Sequence[LabelledComment], redactor: Callable[[str], Redaction]
) -> OverRedaction:
    """Run ``redactor`` over ``comments`` and count the words it hid that were no identifier."""
    hidden = words = clean = touched = 0
    hidden_words = []
    for comment in comments:
        spans = redactor(comment.text).spans
        lost = 0
        for match in _WORD.finditer(comment.text):
            if any(i.start < match.end() and match.start() < i.end for i in comment.identifiers):
                continue
            words += 1
            if any(s.start < match.end() and match.start() < s.end for s in spans):
                lost += 1
                hidden_words.append((comment.line, match.group()))
        hidden += lost
        if not comment.identifiers:
            clean += 1
            touched += bool(lost)
    return OverRedaction(hidden, words, clean, touched, tuple(hidden_words))


def by_split(comments: Sequence[LabelledComment]) -> dict[str, list[LabelledComment]]:
    """Return the comments grouped by split name, in file order."""
    groups: dict[str, list[LabelledComment]] = defaultdict(list)
    for comment in comments:
        groups[comment.split].append(comment)
    return dict(groups)
