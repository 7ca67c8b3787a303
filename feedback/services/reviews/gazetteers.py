"""Word lists the redactor uses to find names, schools and places, shipped as data in the repo.

Nothing is downloaded at run time: the lists live in ``data/`` beside this module, lower case,
whitespace-separated, ``#`` starting a comment. Matching folds accents, so "Siân" and "Sian",
"Łukasz" and "Lukasz" are the same word.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Letters NFKD does not decompose into a base letter and a mark.
_EXTRA_FOLDS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "’": "'"})


def fold(word: str) -> str:
    """Return ``word`` in lower case without accents, for comparing with the word lists."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_EXTRA_FOLDS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def read_words(name: str) -> frozenset[str]:
    """Return the folded words of the data file ``name`` (comments and blank lines skipped)."""
    words: set[str] = set()
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        content = line.split("#", 1)[0]
        words.update(fold(word) for word in content.split())
    return frozenset(words)


@dataclass(frozen=True, slots=True)
class Gazetteers:
    """The redactor's word lists, folded.

    Attributes
    ----------
    given_names : frozenset of str
        Given names and nicknames that are not everyday words: matched in any case.
    ambiguous_names : frozenset of str
        Names that are also everyday words (will, grace, may): matched only when capitalised.
    surnames : frozenset of str
        Family names, matched after a title or a given name, or capitalised mid-sentence.
    places : tuple of tuple of str
        Places as word sequences (``("milton", "keynes")``), matched in any case.
    place_words : frozenset of str
        Every word of every place, for telling a place from a person.
    ambiguous_places : frozenset of str
        One-word places that are everyday words (Reading, Bath): matched only when capitalised.
    school_words : frozenset of str
        Words that end (or, in Welsh and Polish, start) a school's name.
    generic_school_words : frozenset of str
        Words that describe a kind of school rather than name one ("special", "local").
    common_words : frozenset of str
        Everyday words never taken for a name by the guessing rules.
    english_words : frozenset of str
        Lower-case English words (SCOWL): an unknown word that is none of them may be a name.
    """

    given_names: frozenset[str]
    ambiguous_names: frozenset[str]
    surnames: frozenset[str]
    places: tuple[tuple[str, ...], ...]
    place_words: frozenset[str]
    ambiguous_places: frozenset[str]
    school_words: frozenset[str]
    generic_school_words: frozenset[str]
    common_words: frozenset[str]
    english_words: frozenset[str] = frozenset()

    def is_given_name(self, word: str) -> bool:
        """Return whether the folded ``word`` is an unambiguous given name or nickname."""
        return word in self.given_names

    def is_any_name(self, word: str) -> bool:
        """Return whether the folded ``word`` is a given name, nickname or ambiguous name."""
        return word in self.given_names or word in self.ambiguous_names


@cache
def load_gazetteers() -> Gazetteers:
    """Return the word lists, read once per process."""
    common = read_words("common_words.txt") | read_words("family_words.txt")
    ambiguous = read_words("ambiguous_names.txt")
    names = (
        read_words("given_names.txt")
        | read_words("nicknames.txt")
        | read_words("given_names_communities.txt")
        | read_words("given_names_faker.txt")
    )
    # A name that is also an everyday word needs a capital letter to count.
    ambiguous |= names & common
    places = read_words("places.txt")
    return Gazetteers(
        given_names=frozenset(names - ambiguous),
        ambiguous_names=frozenset(ambiguous),
        surnames=read_words("surnames.txt"),
        places=tuple(
            sorted({tuple(place.split("_")) for place in places}, key=lambda words: -len(words))
        ),
        place_words=frozenset(word for place in places for word in place.split("_")),
        ambiguous_places=read_words("ambiguous_places.txt"),
        school_words=frozenset(word.replace("_", " ") for word in read_words("school_words.txt")),
        generic_school_words=read_words("generic_school_words.txt"),
        common_words=common,
        english_words=read_words("english_words.txt"),
    )
