"""Rules that spot comments suggesting a child or adult may be at risk.

Each category is a list of phrases; a phrase does not count when a negation ("no", "not",
"never", "without", a "-n't" verb) comes within three words before it in the same clause, so
"I never felt unsafe" and "there is no risk of harm" raise nothing, while "nobody noticed she was
self-harming" does. The rules err towards flagging: a person reads every flag.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Concern(StrEnum):
    """A kind of safeguarding concern a comment may raise."""

    SUICIDE = "suicide"
    SELF_HARM = "self_harm"
    ABUSE = "abuse"
    VIOLENCE = "violence"
    DANGER = "danger"
    NEGLECT = "neglect"


_SELF = r"(?:him|her|my|them|your|our)sel(?:f|ves)"
_PERSON = r"(?:him|her|me|us|them|my \w+|the kids?|the children|our \w+)"

RULES: dict[Concern, tuple[str, ...]] = {
    Concern.SUICIDE: (
        r"suicid\w*",
        rf"kill(?:s|ed|ing)? {_SELF}",
        r"end(?:s|ed|ing)? (?:his|her|my|their) (?:own )?life",
        r"take (?:his|her|my|their) own life",
        r"(?:want|wants|wanted|wanting) to die",
        r"better off dead",
        r"(?:want|wants|wanting) to (?:be dead|not be here|not exist)",
        r"(?:not|n'?t) (?:want|wanting) to (?:be alive|live any ?more|be here any ?more)",
        rf"hang(?:s|ed|ing)? {_SELF}",
        r"overdos\w*",
    ),
    Concern.SELF_HARM: (
        r"self[- ]?harm\w*",
        rf"(?:cut|cuts|cutting|hurt|hurts|hurting|harm|harms|harming|bite|bites|biting|"
        rf"burn|burns|burning|scratch|scratches|scratching) {_SELF}",
        r"head[- ]?bang\w*",
        r"bang(?:s|ing)? (?:his|her) head",
    ),
    Concern.ABUSE: (
        r"abus(?:e|es|ed|ing|ive)\b",
        r"sexual(?:ly)? (?:abus\w*|assault\w*|touch\w*|harass\w*)",
        r"touched (?:him|her|me) inappropriately",
        r"inappropriate(?:ly)? touch\w*",
        r"groom(?:ed|ing)\b",
        r"molest\w*",
        r"\brap(?:e|ed)\b",
        rf"(?:hit|hits|hitting|beat|beats|beaten|slapped|slaps|punched|punches|kicked|kicks) "
        rf"{_PERSON}",
        r"restrain(?:ed|t|ing)\b",
        r"locked (?:him|her|them) in",
    ),
    Concern.VIOLENCE: (
        r"violen(?:t|ce)\b",
        r"attack(?:ed|s|ing)?\b",
        r"assault\w*",
        r"\bknife\b|\bknives\b|\bweapons?\b",
        r"threat(?:en|ens|ened|ening)? to (?:kill|hurt|stab)",
        r"strangl\w*",
        r"(?:hit|hurt|beaten|punched|kicked|slapped|bitten|pushed|thrown) by",
        r"chok(?:ed|ing) (?:him|her|me)",
    ),
    Concern.DANGER: (
        r"\bunsafe\b",
        r"(?:is|was|are|were|feel|feels|felt)(?: not|n't) safe",
        r"not safe",
        r"(?:n'?t|not|never) (?:feel|feels|felt) safe",
        r"\bdangerous(?:ly)?\b",
        r"in danger",
        r"\bat risk\b",
        r"risk of (?:harm|danger|abuse)",
        rf"danger(?:ous)? to {_SELF}",
        r"(?:ran|runs|running|run) away",
        r"(?:went|goes|going|gone) missing",
        r"abscond\w*",
        r"exploit(?:ed|ation|ing)",
        r"county lines",
    ),
    Concern.NEGLECT: (
        r"neglect\w*",
        r"no food",
        r"(?:not|never) (?:been )?fed\b",
        r"(?:going|goes|gone|went) hungry",
        r"starving",
        r"(?:left|leaves|leaving) (?:him|her|them) alone",
        r"homeless\w*",
        r"no heating",
    ),
}

_COMPILED = {
    concern: re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    for concern, patterns in RULES.items()
}
# "-n't" verbs count too, with or without the apostrophe (families often leave it out).
_NEGATIONS = frozenset(
    {
        "no",
        "not",
        "never",
        "none",
        "nobody",
        "nothing",
        "without",
        "nor",
        "dont",
        "didnt",
        "doesnt",
        "isnt",
        "wasnt",
        "arent",
        "werent",
        "hasnt",
        "havent",
        "hadnt",
        "wont",
        "cant",
        "couldnt",
        "shouldnt",
        "wouldnt",
    }
)
_CLAUSE_BREAK = re.compile(r"[.!?;,:\n]|\bbut\b|\balthough\b|\bhowever\b", re.IGNORECASE)
NEGATION_WINDOW_WORDS = 3


def concerns_in(text: str) -> tuple[Concern, ...]:
    """Return the safeguarding concerns ``text`` raises, in the order of ``Concern``.

    A phrase counts unless a negation comes within three words before it in the same clause.
    """
    raised = []
    for concern, pattern in _COMPILED.items():
        if any(not _negated(text, match.start()) for match in pattern.finditer(text)):
            raised.append(concern)
    return tuple(raised)


def _negated(text: str, start: int) -> bool:
    clause = _CLAUSE_BREAK.split(text[:start])[-1]
    words = re.findall(r"[\w']+", clause.lower().replace("’", "'"))[-NEGATION_WINDOW_WORDS:]
    return any(word in _NEGATIONS or word.endswith("n't") for word in words)
