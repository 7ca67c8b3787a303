"""The vocabulary of plan targets: regular expressions for amounts, dates and change words.

Kept apart from :mod:`analysis.target_wording`, which uses them, so each stays readable.
Patterns match on text already passed through
:func:`analysis.target_wording.normalise` and ignore case.
"""

from __future__ import annotations

import re

REPLACEMENTS = str.maketrans(
    {"≥": ">=", "≤": "<=", "−": "-", "–": "-", "—": "-", "％": "%", "\u00a0": " ", "’": "'"}
)

AMOUNT = re.compile(
    r"(?<![\w.])(?P<sign>[+-]\s*)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<pp>pp\b|p\.p\.|percentage[\s-]*points?\b|%\s*points?\b|per\s*cent(?:age)?\s*points?\b)"
    r"|\s*(?P<pct>%|per\s*cent\b|percent\b)"
    r"|\s*(?:/|out\s+of\b)\s*(?P<scale>\d+)(?![\d/])(?P<stars>\s*stars?\b)?"
    r"|\s*(?P<points>points?\b|pts?\b)"
    r"|(?P<no_scale>\s*(?:\*|stars?\b)))?",
    re.I,
)
# "8 out of 10 parents" is a proportion, "4 out of 5 stars" a rating.
PEOPLE_AFTER = re.compile(
    r"^\s+(?:of\s+)?(?:the\s+)?(?:parents|families|carers|people|young|children|respondents"
    r"|responses|cyp|yp|users|plans|pupils|learners)\b",
    re.I,
)
RATING_SCALES = range(3, 11)

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
SEASON = r"(?:spring|summer|autumn|winter)"
YEAR = r"(?:19|20)\d{2}(?:\s*[/-]\s*\d{2,4})?"
SPAN_WORDS = r"(?:\d+|one|two|three|four|five|six|ten|twelve|eighteen)\s*(?:years?|yrs?|months?)"
WHEN = re.compile(
    r"\(\s*" + YEAR + r"\s*\)"
    r"|\(?\s*(?:"
    r"(?:by|in|before|until|from|during)\s+(?:the\s+)?(?:end\s+of\s+)?"
    r"(?:(?:"
    + MONTH
    + r"|"
    + SEASON
    + r")\s+)?"
    + YEAR
    + r"|(?:by|in|within|after|over)\s+"
    + SPAN_WORDS
    + r"|(?:by|at)\s+(?:the\s+)?end\s+of\s+(?:the\s+)?(?:year|plan|programme)(?:\s+\d)?"
    r"|(?:by|before|until)\s+(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?(?:"
    + MONTH
    + r"|"
    + SEASON
    + r")\b"
    r"|(?:" + MONTH + r"|" + SEASON + r")\s+" + YEAR + r"|(?P<span>" + SPAN_WORDS + r"|year\s+\d\b)"
    r")\s*\)?",
    re.I,
)

UP_WORDS = r"increas\w*|rais\w*|rise|rises|rising|rose|improv\w*|grow\w*|boost\w*|lift\w*|higher"
DOWN_WORDS = r"reduc\w*|decreas\w*|fall\w*|fell|drop\w*|cut|cuts|lower\w*|declin\w*|shrink\w*"
CLAUSE_DIRECTION = re.compile(
    r"\b(?:(?P<up>" + UP_WORDS + r")|(?P<down>" + DOWN_WORDS + r"|minimi[sz]\w*))\b", re.I
)
CHANGE_NOUNS = r"increase|rise|improvement|uplift|growth|reduction|decrease|fall|drop|cut|decline"

AFTER_LEVEL = re.compile(
    r"^\s*(?:(?P<up>\+|or\s+(?:more|above|higher|over|greater|better)|and\s+(?:above|over))"
    r"|(?P<down>or\s+(?:less|fewer|below|lower|under)|and\s+(?:below|under)))",
    re.I,
)
AFTER_CHANGE = re.compile(
    r"^\s*(?:an?\s+)?(?:(?P<up>increase[sd]?|rise|improvement|uplift|growth|gain|higher|more)"
    r"|(?P<down>reduction|decrease[sd]?|fall|drop|cut|decline|lower|fewer|less))\b",
    re.I,
)

VERB = r"(?:\b(?:" + UP_WORDS + r"|" + DOWN_WORDS + r")\s+(?:it\s+)?)?"
BEFORE_FROM = re.compile(VERB + r"\bfrom\s*$", re.I)
# "60% (baseline 47%)", "Baseline: 47%, target 60%", "60% from a baseline of 47%".
BEFORE_BASELINE = re.compile(
    r"(?:\bfrom\s+)?(?:\b(?:an?|the)\s+)?\bbaseline(?:\s+(?:of|was|is))?\s*[:=]?\s*$", re.I
)
ARTICLE = re.compile(r"\b(?:an?|the)\s+$", re.I)
# "60-70%", "60% to 70%", "between 60% and 70%": a range, not one target.
RANGE = re.compile(
    r"(?<!from\s)(?<![\d.])\b\d+(?:\.\d+)?\s*%?\s*(?:-|to|and)\s*\d+(?:\.\d+)?\s*%", re.I
)
ZERO = re.compile(r"\bzero\b", re.I)
BEFORE_TO = re.compile(
    VERB + r"\b(?:to|reach(?:es|ing)?|reached|target(?:\s+of)?\s*:?|achieve)\s+"
    r"(?:(?P<up>at\s+least|above|over|more\s+than)\s+|(?P<down>below|under|less\s+than"
    r"|at\s+most|no\s+more\s+than)\s+)?$",
    re.I,
)
BEFORE_LEVEL = re.compile(
    r"(?:(?P<up>at\s+least|at\s+or\s+(?:above|over)|no\s+(?:less|fewer)\s+than|not\s+less\s+than"
    r"|(?:a\s+)?minimum\s+(?:of\s+)?|min\.?|>=|>|over|above|more\s+than|greater\s+than|exceeds?"
    r"|exceeding)"
    r"|(?P<down>at\s+most|at\s+or\s+(?:below|under)|no\s+more\s+than|not\s+more\s+than"
    r"|(?:a\s+)?maximum\s+(?:of\s+)?|max\.?|<=|<|under|below|less\s+than|fewer\s+than))\s*$",
    re.I,
)
BEFORE_BY = re.compile(
    VERB + r"(?:\bby|\b(?:" + CHANGE_NOUNS + r")\s+of)\s+(?:(?:at\s+least|around|about)\s+)?$",
    re.I,
)
BEFORE_MAINTAIN = re.compile(
    r"\b(?:maintain|sustain|keep|hold)\w*\s+(?:it\s+)?(?:at\s+)?"
    r"(?:(?P<up>at\s+least|(?:or\s+)?(?:above|over))\s+|(?P<down>(?:or\s+)?(?:below|under)|at\s+most)\s+"
    r"|a\s+level\s+of\s+)?$",
    re.I,
)
MULTIPLIER = re.compile(
    r"\b(?P<double>doubl(?:e[sd]?|ing))\b|\b(?P<triple>(?:tripl|trebl)(?:e[sd]?|ing))\b"
    r"|\b(?P<half>halv(?:e[sd]?|ing)|(?:by|in)\s+half)\b"
    r"|\bby\s+(?:a|one)[\s-]+(?P<part>third|quarter|fifth|tenth)\b",
    re.I,
)
# "reduce by a third": the share of the baseline the change is, by its direction word.
PARTS = {"third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
# "Sustained improvement" asks for improvement, not for holding the baseline.
MAINTAIN = re.compile(
    r"\b(?:(?:maintain|sustain)(?:ed|ing|s)?(?!\s+(?:and\s+)?(?:improv|progress|increas|ris|growth"
    r"|reduc|impact|change))|no\s+(?:reduction|decrease|deterioration"
    r"|drop|fall|decline)|no\s+worse|remains?\s+(?:the\s+same|stable|at\s+baseline))\b",
    re.I,
)
# Digits that belong to the wording of a measure, not to a target: "within 20 weeks", "key stage 4".
BENIGN_DIGITS = re.compile(
    r"\d+\s*-?\s*(?:weeks?|days?|working\s+days?|hours?)\b|\b(?:key\s+stage|ks|tier|level|year)\s*\d+",
    re.I,
)
# Amounts written in words, which are refused rather than guessed: "seventy five percent",
# "two thirds of parents", "the majority".
NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
)
WORDED_AMOUNT = re.compile(
    r"\b" + NUMBER_WORD + r"(?:[\s-]+" + NUMBER_WORD + r")*\s*(?:per\s*cent|percent|%)"
    r"|\b(?:(?:a|one|two|three)[\s-]+(?:half|halves|thirds?|quarters?|fifths?)|half|majority)"
    r"\s+of\b",
    re.I,
)
# A comparison with a figure the plan does not give: "above the national average".
BENCHMARK = re.compile(
    r"\b(?:national|england|regional|county)\s+(?:average|figure|rate|level|mean)"
    r"|\bstatistical\s+neighbou?rs?\b|\b(?:top|upper|bottom|lower)\s+quartile\b|\bbenchmark",
    re.I,
)
# A whole number after these words is a rating with no scale ("average rating of 4"), not a count.
RATING_WORDS = re.compile(r"\b(?:rating|rated|score[sd]?|average|mean|stars?)\b", re.I)
