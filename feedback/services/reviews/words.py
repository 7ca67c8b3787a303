"""Words of a comment with what the redactor's rules ask about each: case, position, spelling."""

from __future__ import annotations

import re
from dataclasses import dataclass

from feedback.services.reviews.gazetteers import fold

# Letters, with inner hyphens and apostrophes ("o'neill", "lily-rose") but not a possessive "'s".
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]{2,})*")
# What may sit between the end of a sentence and the next word: spaces, quotes, brackets, bullets.
_SENTENCE_END = re.compile(r"(?:[.!?\n:;•*]|\s-\s)[\s\"'“‘(\[*•-]*$")
# Abbreviations whose full stop does not end a sentence ("Dr. Hassan", "St. Mary's").
_ABBREVIATIONS = re.compile(r"\b(?:dr|mr|mrs|ms|mx|st|prof|no|nr)\.\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a comment.

    Attributes
    ----------
    text : str
        The word as written.
    start, end : int
        Its character offsets in the comment.
    folded : str
        Lower case without accents, for the word lists.
    capitalised : bool
        Written with a capital first letter ("Jake", "JAKE").
    sentence_start : bool
        First word of the comment or of a sentence, where a capital says nothing.
    possessive : bool
        Followed by "'s" ("Jake's").
    """

    text: str
    start: int
    end: int
    folded: str
    capitalised: bool
    sentence_start: bool
    possessive: bool

    @property
    def capitalised_mid_sentence(self) -> bool:
        """Return whether the capital letter is a sign of a proper noun (not a sentence start)."""
        return self.capitalised and not self.sentence_start


def split_words(text: str) -> list[Word]:
    """Return the words of ``text`` in order, with their offsets and features."""
    words = []
    for match in _WORD.finditer(text):
        token = match.group()
        if token.lower() == "s" and text[match.start() - 1 : match.start()] in ("'", "’"):
            continue  # the "s" of a possessive belongs to the word before it
        # The start of the comment counts as the end of a sentence.
        before = ("\n" + text[: match.start()])[-40:]
        after = text[match.end() : match.end() + 2]
        words.append(
            Word(
                text=token,
                start=match.start(),
                end=match.end(),
                folded=fold(token),
                capitalised=token[0].isupper(),
                sentence_start=bool(_SENTENCE_END.search(before))
                and not _ABBREVIATIONS.search(before),
                possessive=after[:2].lower() in ("'s", "’s"),
            )
        )
    return words


def gap(text: str, first: Word, second: Word) -> str:
    """Return the characters between two words of ``text``."""
    return text[first.end : second.start]
