"""Finding people's names in a comment without a trained model: word lists plus context rules.

spaCy's official English models cannot be installed here, so names are found by rules a reviewer
can read: a given name from the shipped lists (in any case, "jake"), a name that is also a word
("Will", "Grace") only when written with a capital where a capital means something, any word
after a title ("Mrs khan", "miss kaur"), the word after "my son" or "called" unless it is an
everyday word, a capitalised unknown word in mid-sentence, an unknown lower-case word that is no
English word starting a comment as its subject ("hafsa has been waiting"), a known name with a
possessive "s" but no apostrophe ("jakes mum"), and near-miss spellings of known names
("Micheal"). A name found once is hidden everywhere it recurs in the comment.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache

from feedback.services.reviews.entities import Entity
from feedback.services.reviews.gazetteers import Gazetteers, load_gazetteers, read_words
from feedback.services.reviews.uk_patterns import Found
from feedback.services.reviews.words import Word, gap, split_words

TITLES = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "professor", "sir", "dame", "pani"})
# Titles that are also everyday words ("I miss him"): only before a capital or a known name.
WEAK_TITLES = frozenset({"miss", "pan", "doctor", "nurse", "aunty", "auntie", "uncle"})
CHILD_WORDS = read_words("child_words.txt")
ADULT_WORDS = read_words("adult_words.txt")
# Words that may stand between "my son" and his name: "my son, who is called Freddie".
BRIDGE_WORDS = frozenset({"called", "named", "is", "was", "who", "name", "names", "am"})
# Words after a name at the start of a sentence that show it is a name ("Grace was left out").
NAME_FOLLOWERS = read_words("name_followers.txt")
# "in May", "since April 2023": a month, not a name.
MONTH_NAMES = frozenset({"april", "may", "june", "july", "august"})
MONTH_LEADS = read_words("month_leads.txt")
_NOT_NAME_ENDINGS = ("ed", "ing", "ly", "ness", "ment", "ful", "less", "ous", "ive", "able")
# Endings of everyday nouns that start sentences ("Bullying has…", "Hydrotherapy was…").
_NOUN_ENDINGS = ("ing", "ness", "ment", "tion", "sion", "ity", "ance", "ence", "ism", "therapy")
MIN_FUZZY_LENGTH = 5
# Words after which a person is often named: "i spoke to zimal", "thanks to jumana", "with taim".
OBJECT_LEADS = frozenset(
    {"to", "with", "from", "thank", "thanks", "asked", "told", "tell", "emailed", "rang", "met",
     "saw", "contacted", "cc", "via", "and", "by", "ask", "phoned", "texted", "called", "named"}
)  # fmt: skip
# An unknown lower-case word shorter than this is text-speak ("sch", "lol") more often than a name.
MIN_UNKNOWN_NAME_LENGTH = 4


def find_people(text: str) -> Iterator[Found]:
    """Yield the spans of people's names, children's as ``CHILD_NAME``, others as ``PERSON``."""
    words = split_words(text)
    gazetteers = load_gazetteers()
    found: dict[int, tuple[int, str]] = {}  # word index -> (first word index of span, context)
    for i, word in enumerate(words):
        context = _context_before(words, i, text)
        if _is_name(word, context, words, i, gazetteers):
            first = i - 1 if context == "title" else i
            found[i] = (first, context or "")
    _pairs(words, found, text, gazetteers)
    _recurrences(words, found, gazetteers)
    child_forms = {words[i].folded for i, (_, context) in found.items() if context == "child"}
    for i in sorted(found):
        first, _ = found[i]
        last = _surname_end(words, i, text, gazetteers)
        entity = Entity.CHILD_NAME if words[i].folded in child_forms else Entity.PERSON
        if first < i:
            entity = Entity.PERSON
        yield Found(words[first].start, words[last].end, entity, 0.8)


def _context_before(words: Sequence[Word], i: int, text: str) -> str | None:
    """Return "title", "child", "adult" or None: what the words before ``words[i]`` say."""
    if i == 0:
        return None
    previous = words[i - 1]
    if gap(text, previous, words[i]).strip(" .") == "":
        if previous.folded in TITLES:
            return "title"
        gazetteers = load_gazetteers()
        if previous.folded in WEAK_TITLES and (
            words[i].capitalised
            or gazetteers.is_any_name(words[i].folded)
            or words[i].folded in gazetteers.surnames
        ):
            return "title"
    j = i - 1
    bridged = 0
    while j >= 0 and words[j].folded in BRIDGE_WORDS and bridged < 3:
        j -= 1
        bridged += 1
    if j < 0 or not _joined(text, words[j], words[i]):
        return None
    if words[j].folded in CHILD_WORDS:
        return "child"
    if words[j].folded in ADULT_WORDS or words[j + 1].folded in ("name", "names"):
        return "adult"
    if words[j].folded in ("i", "this", "its", "it's") and words[j + 1].folded in ("am", "is"):
        return "adult"
    return None


def _is_month(words: Sequence[Word], i: int) -> bool:
    return i > 0 and words[i - 1].folded in MONTH_LEADS


def _joined(text: str, first: Word, last: Word) -> bool:
    """Return whether nothing but spaces, commas and brackets separate two words' phrase."""
    between = text[first.end : last.start]
    return not any(mark in between for mark in ".!?;:\n")


def _is_name(
    word: Word, context: str | None, words: Sequence[Word], i: int, gazetteers: Gazetteers
) -> bool:
    folded = word.folded
    if len(folded) < 2 or (word.text.isupper() and len(word.text) > 1 and context != "title"):
        # Acronyms (SENCO, EHCP) are not names unless they are a known name in capitals.
        return gazetteers.is_given_name(folded) and len(folded) > 3
    if context == "title":
        return folded not in gazetteers.common_words or word.capitalised
    if gazetteers.is_given_name(folded) or _is_unmarked_possessive(folded, gazetteers):
        return True
    following = words[i + 1].folded if i + 1 < len(words) else ""
    previous = words[i - 1].folded if i > 0 else ""
    if _is_unknown_subject(word, following, gazetteers) or _is_unknown_object(
        word, previous, gazetteers
    ):
        return True
    if folded in MONTH_NAMES and _is_month(words, i):
        return False
    if folded in gazetteers.ambiguous_names:
        if context == "child" and folded not in gazetteers.common_words:
            return True  # "my daughter poppy", but not "my son will"
        return word.capitalised and (
            not word.sentence_start or context is not None or following in NAME_FOLLOWERS
        )
    if folded in gazetteers.common_words or (
        folded in gazetteers.surnames and not word.capitalised
    ):
        return False
    if context == "child" and (word.capitalised or not folded.endswith(_NOT_NAME_ENDINGS)):
        return len(folded) >= 3
    if context == "adult" and word.capitalised:
        return True
    if word.capitalised_mid_sentence and len(folded) >= 3:
        return folded not in gazetteers.school_words
    if (
        word.capitalised
        and len(folded) >= 3
        and (following in NAME_FOLLOWERS or word.possessive)
        and not folded.endswith(_NOUN_ENDINGS)
    ):
        # "Tayla was refused": an unknown word starting a sentence and acting as its subject.
        return folded not in gazetteers.school_words and folded not in gazetteers.place_words
    if "-" in folded and any(gazetteers.is_any_name(part) for part in folded.split("-")):
        return word.capitalised or any(gazetteers.is_given_name(p) for p in folded.split("-"))
    return bool(context or word.capitalised) and _near_known_name(folded)


def _is_unmarked_possessive(folded: str, gazetteers: Gazetteers) -> bool:
    """Return whether ``folded`` is a known name with an "s" and no apostrophe ("jakes mum")."""
    return (
        len(folded) >= 4
        and folded.endswith("s")
        and gazetteers.is_given_name(folded[:-1])
        and folded not in gazetteers.common_words
    )


def _is_unknown_subject(word: Word, following: str, gazetteers: Gazetteers) -> bool:
    """Return whether a lower-case word starting a sentence is an unknown name as its subject.

    "rayyan was refused": not an English word, not one of our everyday, school or place words,
    and followed by a word that shows it is a person ("was", "has", "needs", "mum").
    """
    return (
        word.sentence_start and following in NAME_FOLLOWERS and _is_unknown_word(word, gazetteers)
    )


def _is_unknown_object(word: Word, previous: str, gazetteers: Gazetteers) -> bool:
    """Return whether a lower-case word after "to", "with", "thank" is an unknown name.

    "i spoke to zimal at the council", "thank you to jumana": the same test of the word as
    :func:`_is_unknown_subject`, after a word a person's name often follows.
    """
    return previous in OBJECT_LEADS and _is_unknown_word(word, gazetteers)


def _is_unknown_word(word: Word, gazetteers: Gazetteers) -> bool:
    """Return whether a lower-case word is in no list, no dictionary and no misspelling of one."""
    folded = word.folded
    return (
        not word.capitalised
        and len(folded) >= MIN_UNKNOWN_NAME_LENGTH
        and any(vowel in folded for vowel in "aeiouy")
        and folded not in gazetteers.english_words
        and folded not in gazetteers.common_words
        and folded not in gazetteers.school_words
        and folded not in gazetteers.place_words
        and folded not in gazetteers.surnames
        and not folded.endswith(_NOT_NAME_ENDINGS + _NOUN_ENDINGS)
        and not _is_misspelt_english(folded, gazetteers)
    )


def _is_misspelt_english(folded: str, gazetteers: Gazetteers) -> bool:
    """Return whether ``folded`` is one edit from an English word ("becuase", "dislexia").

    Only words of five letters or more: shorter names sit one edit from too many words.
    """
    if len(folded) < MIN_FUZZY_LENGTH:
        return False
    english = gazetteers.english_words
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(folded[:k], folded[k:]) for k in range(len(folded) + 1)]
    edits = (
        [a + b[1:] for a, b in splits if b]
        + [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
        + [a + c + b[1:] for a, b in splits if b for c in letters]
        + [a + c + b for a, b in splits for c in letters]
    )
    return any(edit in english for edit in edits if edit != folded)


def _pairs(
    words: Sequence[Word], found: dict[int, tuple[int, str]], text: str, gazetteers: Gazetteers
) -> None:
    """Mark the second of two names joined by "and" ("evie and grace", "Tomos & Gwen")."""
    for i in sorted(found):
        other = i + 2 if i + 2 < len(words) and words[i + 1].folded == "and" else i + 1
        if other >= len(words) or other in found:
            continue
        if text[words[i].end : words[other].start].strip(" ,") not in ("and", "&"):
            continue
        folded = words[other].folded
        if folded not in gazetteers.common_words or (
            folded in gazetteers.ambiguous_names and words[other].capitalised
        ):
            found[other] = (other, found[i][1])


def _recurrences(
    words: Sequence[Word], found: dict[int, tuple[int, str]], gazetteers: Gazetteers
) -> None:
    """Mark every other occurrence of a name already found (capitalised only if ambiguous)."""
    forms = {words[i].folded: context for i, (_, context) in found.items()}
    for i, word in enumerate(words):
        if i in found or word.folded not in forms:
            continue
        if word.folded in gazetteers.ambiguous_names and not word.capitalised:
            continue
        found[i] = (i, forms[word.folded])


def _surname_end(words: Sequence[Word], i: int, text: str, gazetteers: Gazetteers) -> int:
    """Return the index of the last word of the name starting at ``words[i]`` (with surname)."""
    if i + 1 >= len(words) or gap(text, words[i], words[i + 1]) != " ":
        return i
    following = words[i + 1]
    if following.folded in gazetteers.common_words or following.folded in TITLES:
        return i
    if following.capitalised or following.folded in gazetteers.surnames:
        return i + 1
    return i


def _near_known_name(folded: str) -> bool:
    """Return whether ``folded`` is one edit (deletion, insertion, swap) from a known name."""
    if len(folded) < MIN_FUZZY_LENGTH:
        return False
    index = _deletion_index()
    return any(key in index for key in _deletions(folded))


@cache
def _deletion_index() -> frozenset[str]:
    """Every long given name with each single letter deleted (symmetric-delete spelling index).

    Two words share a one-letter deletion when one letter was changed, added, dropped or two
    letters swapped (Garbe, 2012, "1000x faster spelling correction").
    """
    names = load_gazetteers().given_names
    return frozenset(
        key for name in names if len(name) >= MIN_FUZZY_LENGTH for key in _deletions(name)
    )


def _deletions(word: str) -> set[str]:
    return {word} | {word[:k] + word[k + 1 :] for k in range(len(word))}
