"""Finding schools and places in a comment from shipped word lists and the shape of school names.

A school's name is up to four words before a school word ("Oakfield Primary", "st marys c of e
primary") unless those words only say what kind of school it is ("a special school"); in Welsh
and Polish the school word comes first ("Ysgol y Graig", "Szkoła Sobotnia"). "St Bernadette's"
on its own is taken for a school too. Places are matched against a list of towns, boroughs and
counties, in any case unless the place is also an everyday word ("Reading", "Bath").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from feedback.services.reviews.entities import Entity
from feedback.services.reviews.gazetteers import Gazetteers, load_gazetteers
from feedback.services.reviews.uk_patterns import Found
from feedback.services.reviews.words import Word, gap, split_words

# Words that may sit inside a school's name: "St Mary's C of E", "Holy Trinity RC".
CONNECTORS = frozenset({"of", "e", "c", "ce", "rc", "cofe", "st", "saint", "y", "yr", "nr"})
# Words of faith schools' names that are everyday words: "Holy Trinity", "Sacred Heart", "Our
# Lady of Lourdes". They may sit in a name but do not make one on their own.
FAITH_WORDS = frozenset(
    {"holy", "sacred", "blessed", "lady", "saints", "christ", "bishop", "cardinal", "heart",
     "trinity", "cross", "family", "spirit", "angels", "redeemer", "martyrs", "mary", "our"}
)  # fmt: skip
# Of those, the ones that make a school's name by themselves ("Holy Family", "Our Lady").
NAMING_FAITH_WORDS = frozenset(
    {"holy", "sacred", "blessed", "trinity", "christ", "redeemer", "martyrs", "saints", "lady"}
)
SAINTS = frozenset({"st", "saint"})
# Welsh and Polish put the school word first.
LEADING_SCHOOL_WORDS = frozenset({"ysgol", "szkoła", "szkola", "przedszkole"})
# A school word that is also an everyday adjective: "Heathfield High" but not "really high".
CAPITAL_ONLY_SCHOOL_WORDS = frozenset({"high", "junior", "juniors", "infant", "infants"})
MAX_NAME_WORDS = 4
# Words that say what kind of school a named one is: "Oakwood Special School", "Bishop Milner
# Catholic College". They belong to the name only when a naming word stands before them.
DESCRIPTORS = frozenset(
    {"special", "catholic", "community", "church", "methodist", "free", "grammar", "junior",
     "infant", "infants", "primary", "secondary", "high", "foundation", "voluntary", "aided",
     "controlled", "ce", "rc", "cofe", "welsh", "medium", "language"}
)  # fmt: skip
# How the names of English and Welsh schools often end ("greenway", "hillside", "brookfield"):
# in lower case, a word with one of these endings may name a school before "high" or "infants".
PLACE_NAME_ENDINGS = (
    "field", "fields", "side", "way", "wood", "woods", "brook", "hill", "hills", "lands", "land",
    "mead", "meadow", "meadows", "gate", "bank", "croft", "ley", "leigh", "ton", "ford", "ham",
    "bury", "borough", "dale", "view", "park", "green", "grove", "lea", "worth", "stone", "moor",
    "well", "vale", "combe", "hurst", "wick", "holme", "thorpe", "by", "cliffe", "mount", "haven",
)  # fmt: skip


def find_schools(text: str) -> Iterator[Found]:
    """Yield the spans of named schools and settings."""
    words = split_words(text)
    gazetteers = load_gazetteers()
    for i, word in enumerate(words):
        if word.folded in LEADING_SCHOOL_WORDS:
            last = _name_after(words, i, text, gazetteers)
            if last > i:
                yield Found(word.start, words[last].end, Entity.SCHOOL, 0.85)
        elif word.folded in gazetteers.school_words and _ends_chain(words, i, text, gazetteers):
            first = _name_before(words, i, text, gazetteers)
            if first is not None:
                yield Found(words[first].start, word.end, Entity.SCHOOL, 0.85)
        elif word.folded in SAINTS and i + 1 < len(words):
            saint = words[i + 1]
            if gap(text, word, saint).strip(". ") == "" and (
                saint.capitalised or saint.folded not in gazetteers.common_words
            ):
                end = saint.end + (2 if saint.possessive else 0)
                last = _denomination_after(words, i + 1, text)
                if last > i + 1:
                    end = words[last].end
                yield Found(word.start, end, Entity.SCHOOL, 0.75)


# What may follow a saint's name in a school's: "st marys c of e", "st josephs rc", "ce".
DENOMINATIONS = frozenset({"c", "of", "e", "ce", "rc", "cofe", "catholic", "church", "ca", "cw"})


def _denomination_after(words: Sequence[Word], i: int, text: str) -> int:
    """Return the index of the last denomination word after ``words[i]`` ("c of e"), or ``i``."""
    last = i
    while (
        last + 1 < len(words)
        and _adjacent(words, last, text)
        and words[last + 1].folded in DENOMINATIONS
    ):
        last += 1
    while last > i and words[last].folded in ("of", "c", "church"):
        last -= 1  # "st marys of course", "st annes church" (a church, not a school)
    return last


def _ends_chain(words: Sequence[Word], i: int, text: str, gazetteers: Gazetteers) -> bool:
    """Return whether ``words[i]`` is the last of a run of school words ("primary school")."""
    following = i + 1 < len(words) and gap(text, words[i], words[i + 1]).strip() == ""
    return not (following and words[i + 1].folded in gazetteers.school_words)


def _name_before(words: Sequence[Word], i: int, text: str, gazetteers: Gazetteers) -> int | None:
    """Return the index of the first word of the school name ending at ``words[i]``, if any."""
    start = i
    while (
        start > 0
        and _adjacent(words, start - 1, text)
        and (words[start - 1].folded in gazetteers.school_words)
    ):
        start -= 1
    start = _descriptors_before(words, start, text, gazetteers)
    first = start
    while (
        first > 0
        and _naming_words(words[first:start]) < MAX_NAME_WORDS
        and _adjacent(words, first - 1, text)
    ):
        candidate = words[first - 1]
        if not _may_be_in_name(candidate, gazetteers):
            break
        # "Jayden's school" is the child's school, "St Mary's School" is a name.
        if candidate.possessive and (first < 2 or words[first - 2].folded not in SAINTS):
            break
        first -= 1
    while first < start and words[first].folded in CONNECTORS - SAINTS:
        first += 1
    name = words[first:start]
    if not name or all(
        word.folded in CONNECTORS | FAITH_WORDS - NAMING_FAITH_WORDS for word in name
    ):
        return None
    capital_only = {words[k].folded for k in range(start, i + 1)} <= CAPITAL_ONLY_SCHOOL_WORDS
    if capital_only and not all(
        word.capitalised or _looks_like_a_school_name(word, gazetteers) for word in name
    ):
        return None
    if first > 0 and words[first - 1].folded == "the" and _adjacent(words, first - 1, text):
        first -= 1  # "The Heights Academy", "the willows school": "the" may be in the name
    return first


def _naming_words(name: Sequence[Word]) -> int:
    """Return how many words of a school's name are more than connectors ("c of e" is none)."""
    return sum(word.folded not in CONNECTORS for word in name)


def _descriptors_before(
    words: Sequence[Word], start: int, text: str, gazetteers: Gazetteers
) -> int:
    """Return where a school's name ends, taking in descriptors after a naming word.

    "oakwood special school" is one name; "a special school" stays a kind of school.
    """
    probe = start
    while (
        probe > 0 and _adjacent(words, probe - 1, text) and words[probe - 1].folded in DESCRIPTORS
    ):
        probe -= 1
    if probe == start or probe == 0 or not _adjacent(words, probe - 1, text):
        return start
    naming = words[probe - 1]
    if naming.folded in CONNECTORS or not _may_be_in_name(naming, gazetteers):
        return start
    if not (
        naming.capitalised
        or naming.folded in FAITH_WORDS
        or _looks_like_a_school_name(naming, gazetteers)
    ):
        return start  # "a decent special school", "the shortage of special school places"
    if naming.possessive and (probe < 2 or words[probe - 2].folded not in SAINTS):
        return start
    return probe


def _looks_like_a_school_name(word: Word, gazetteers: Gazetteers) -> bool:
    """Return whether a lower-case word may name a school ("greenway", "hillside", "oaklands")."""
    folded = word.folded
    if folded in gazetteers.common_words or folded in gazetteers.generic_school_words:
        return False
    return folded not in gazetteers.english_words or folded.endswith(PLACE_NAME_ENDINGS)


def _may_be_in_name(word: Word, gazetteers: Gazetteers) -> bool:
    if word.folded in CONNECTORS or word.folded in FAITH_WORDS:
        return True
    if word.folded in gazetteers.generic_school_words:
        return False
    return word.capitalised_mid_sentence or word.folded not in gazetteers.common_words


def _name_after(words: Sequence[Word], i: int, text: str, gazetteers: Gazetteers) -> int:
    """Return the index of the last word of a name that follows a leading school word."""
    last = i
    while last + 1 < len(words) and last - i < MAX_NAME_WORDS and _adjacent(words, last, text):
        candidate = words[last + 1]
        if candidate.folded not in CONNECTORS and (
            candidate.folded in gazetteers.common_words and not candidate.capitalised
        ):
            break
        last += 1
    return last


def _adjacent(words: Sequence[Word], i: int, text: str) -> bool:
    """Return whether ``words[i]`` and the next word are separated by spaces or an apostrophe."""
    return gap(text, words[i], words[i + 1]).strip(" '’.s") == ""


def find_places(text: str) -> Iterator[Found]:
    """Yield the spans of towns, boroughs and counties named in the comment."""
    words = split_words(text)
    gazetteers = load_gazetteers()
    for i, word in enumerate(words):
        if word.folded in gazetteers.ambiguous_places:
            if word.capitalised_mid_sentence:
                yield Found(word.start, word.end, Entity.PLACE, 0.75)
            continue
        for place in _places_starting_with(word.folded, gazetteers):
            end = i + len(place)
            if end <= len(words) and all(
                words[i + k].folded == part and (k == 0 or _place_gap(text, words, i + k))
                for k, part in enumerate(place)
            ):
                yield Found(word.start, words[end - 1].end, Entity.PLACE, 0.8)
                break


def _place_gap(text: str, words: Sequence[Word], k: int) -> bool:
    return gap(text, words[k - 1], words[k]) in (" ", "-")


def _places_starting_with(first: str, gazetteers: Gazetteers) -> Iterator[tuple[str, ...]]:
    return (place for place in gazetteers.places if place[0] == first)
