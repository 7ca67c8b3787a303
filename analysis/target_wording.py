"""The words improvement plans use for targets: finding amounts, dates and change words in text.

Only text handling lives here. Each amount in a cell ("60%", "3/5", "10pp", "double") is read
with the words around it into a :class:`Phrase` that says its *form* (a level, a change, a
bare "60% increase", a "maintain"); :mod:`analysis.targets` decides what the phrase means
against a baseline. A cell may hold several horizons ("20% 2 years 40% 5 years 90%"): the
first phrase is the primary one, the rest are kept as :class:`Segment` with their dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from analysis import target_lexicon as lex
from analysis.target_phrases import CellText, Form, Phrase, Segment, Unit


def normalise(text: str) -> str:
    """Return ``text`` with typographic symbols made plain and whitespace collapsed.

    Returns
    -------
    str
        The same characters a reader sees, with ≥/≤/dashes/nbsp replaced, "zero" written
        as 0, and runs of whitespace reduced to one space.
    """
    return lex.ZERO.sub("0", " ".join(text.translate(lex.REPLACEMENTS).split()))


def clause_direction(words: str) -> int | None:
    """Return +1 or -1 for the last increase/decrease word in ``words``, else None."""
    found = None
    for match in lex.CLAUSE_DIRECTION.finditer(words):
        found = 1 if match.group("up") else -1
    return found


def read_cell(text: str) -> CellText:
    """Read a plan cell into its primary phrase, later horizons, description and fragments.

    Parameters
    ----------
    text : str
        The cell as printed, e.g. ``"2% reduction (6% by March 2024)."``.

    Returns
    -------
    CellText
        ``primary`` is None when no amount could be read. ``fragments`` holds pieces with
        digits that are neither a target nor a date (e.g. ``"(.p. 2020)"``), kept as printed.
        Words next to the primary phrase are its ``description``; words that follow a date
        start a horizon of their own ("All young people offered an in-borough option").
    """
    norm = normalise(text)
    whens = [m for m in lex.WHEN.finditer(norm) if m.group().strip(" ()")]
    # Dates and measure wording ("within 20 weeks") are blanked so no amount is read in them.
    blanked = [(m.start(), m.end()) for m in [*whens, *lex.BENIGN_DIGITS.finditer(norm)]]
    phrases = _read_phrases(_mask(norm, blanked))
    fragments: list[str] = []
    tokens = _tokens(norm, phrases, whens, fragments)
    first = next((i for i, token in enumerate(tokens) if token.kind == "phrase"), None)
    segments: list[_Draft] = []
    description: list[str] = []
    for index, token in enumerate(tokens):
        previous = tokens[index - 1].kind if index else None
        if token.kind == "words":
            if first is None or index < first:
                description.append(token.text)
            elif previous == "phrase" and segments:
                segments[-1].words.append(token.text)
            else:
                segments.append(_Draft(token.text, None, at=token.start))
        elif token.kind == "phrase":
            segments.append(_Draft(norm[token.start : token.end], token.phrase, at=token.start))
    if first is not None and segments:
        description += segments[0].words
        segments[0].words.clear()
    for index, token in enumerate(tokens):
        if token.kind == "when":
            _attach_when(segments, tokens, index)
    built = [draft.build() for draft in segments]
    primary = built[0] if first is not None else None
    later = tuple(built[1:] if primary else built)
    return CellText(text, primary, later, " ".join(description), tuple(fragments))


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "phrase", "when", "words"
    start: int
    end: int
    text: str
    phrase: Phrase | None = None
    bare_span: bool = False  # a duration with no "by"/"in": "2 years" in "2 years 40%"


@dataclass(slots=True)
class _Draft:
    text: str
    phrase: Phrase | None
    words: list[str] = field(default_factory=list)
    whens: list[str] = field(default_factory=list)
    at: int = -1  # index of its token, to place dates

    def build(self) -> Segment:
        text = " ".join([self.text, *self.words]).strip()
        return Segment(text, self.phrase, "; ".join(self.whens) or None)


def _tokens(
    norm: str, phrases: list[Phrase], whens: list[re.Match], fragments: list[str]
) -> list[_Token]:
    """The cell as an ordered list of phrases, dates and describing words."""
    items = [_Token("phrase", p.start, p.end, norm[p.start : p.end], p) for p in phrases]
    items += [
        _Token("when", m.start(), m.end(), m.group().strip(" ()"), bare_span=bool(m.group("span")))
        for m in whens
    ]
    items.sort(key=lambda token: token.start)
    tokens: list[_Token] = []
    cursor = 0
    for item in [*items, _Token("end", len(norm), len(norm), "")]:
        words, digits = _leftover(norm[cursor : item.start])
        fragments += digits
        if words:
            tokens.append(_Token("words", cursor, item.start, words))
        if item.kind != "end":
            tokens.append(item)
        cursor = max(cursor, item.end)
    return tokens


def _attach_when(segments: list[_Draft], tokens: list[_Token], index: int) -> None:
    """Give the date at ``tokens[index]`` to the segment it belongs to.

    "2 years 40%" puts a bare duration before its amount; "6% by March 2024" and
    "25% increase (April 2024)" put the date after. So a bare duration goes to the next
    segment, any other date to the previous one (or the next if none comes before).
    """
    position = tokens[index].start
    before = [s for s in segments if s.at < position]
    after = [s for s in segments if s.at > position]
    token = tokens[index]
    target = after[0] if token.bare_span and after else before[-1] if before else None
    if target is None and after:
        target = after[0]
    if target is not None:
        target.whens.append(token.text)


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces, so positions stay the same."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _leftover(chunk: str) -> tuple[str, list[str]]:
    """Split text between items into describing words and fragments that hold digits.

    A bracketed piece is judged on its own, so "Baseline established (50. 2022)" keeps its
    words and reports only "(50. 2022)".
    """
    words: list[str] = []
    fragments: list[str] = []
    for piece in re.split(r"(\([^()]*\)?)", chunk):
        stripped = piece.strip(" .,;:-")
        if not re.search(r"[A-Za-z\d]", stripped):
            continue
        if re.search(r"\d", lex.BENIGN_DIGITS.sub("", stripped)):
            fragments.append(stripped)
        else:
            words.append(stripped.strip(" ()"))
    return " ".join(words), fragments


def _read_phrases(masked: str) -> list[Phrase]:
    """Read every amount in ``masked`` (dates blanked) into phrases; others are left out.

    An amount left out (a bare "2020", a "21/22") stays in the text, where
    :func:`_leftover` reports it as a fragment.
    """
    matches = list(lex.AMOUNT.finditer(masked))
    extra = [(m.start(), m.end(), m) for m in lex.MULTIPLIER.finditer(masked)]
    extra += [(m.start(), m.end(), m) for m in lex.MAINTAIN.finditer(masked)]
    phrases: list[Phrase] = []
    boundary = 0  # end of the last phrase: words before an amount belong to its clause
    stated_from: tuple[float, int] | None = None  # "from 40%": its number and where it began
    only_amount = len(matches) == 1 and not extra
    for index, match in enumerate(matches):
        before = masked[boundary : match.start()]
        next_start = matches[index + 1].start() if index + 1 < len(matches) else len(masked)
        after = masked[match.end() : next_start]
        read = _read_amount(match, before, after)
        if read is None or (
            read.unit is Unit.COUNT
            and not read.explicit
            and not (only_amount and not before.strip(" ("))
        ):
            continue  # a bare whole number inside a sentence is not a target
        start = match.start() - read.before_used
        if read.before_used == 0 and (article := lex.ARTICLE.search(before)):
            start -= len(before) - article.start()  # "a 15% increase" starts at "a"
        # "(baseline 47%)", or a "from 52%" with no amount after it ("65% (from 52%)").
        trailing_from = read.is_from and index == len(matches) - 1
        if (read.is_baseline or trailing_from) and phrases and phrases[-1].stated_from is None:
            phrases[-1] = _with_baseline(phrases[-1], read.number, match.end())
            boundary = match.end()
            continue
        if read.is_from:
            stated_from = (read.number, start)
            continue
        direction = read.direction
        if stated_from is not None:
            start = stated_from[1]
            if direction is None:
                direction = 1 if read.number > stated_from[0] else -1
        phrases.append(
            Phrase(
                start,
                match.end() + read.after_used,
                read.form,
                read.unit,
                read.number,
                direction,
                read.scale,
                stated_from[0] if stated_from else None,
                read.explicit,
            )
        )
        stated_from = None
        boundary = phrases[-1].end
    phrases += _word_phrases(extra, phrases)
    phrases.sort(key=lambda p: p.start)
    return phrases


@dataclass(frozen=True, slots=True)
class _Amount:
    form: Form
    unit: Unit
    number: float
    direction: int | None
    scale: int | None
    before_used: int
    after_used: int
    explicit: bool  # the words around it say what it is
    is_from: bool = False  # "from 40%": a stated baseline, not a target
    is_baseline: bool = False  # "(baseline 47%)": a stated baseline for the phrase before


def _read_amount(match: re.Match, before: str, after: str) -> _Amount | None:
    """Read one amount with the words before and after it; None if it is no target amount.

    ``before`` runs from the end of the previous phrase, so an increase or decrease word
    anywhere in it ("Increase the proportion satisfied to 75%") gives the direction.
    """
    unit, number, scale = _unit(match, after)
    if unit is None or (unit is Unit.COUNT and lex.RATING_WORDS.search(before)):
        return None  # "average rating of 4": out of how many? Refuse rather than guess.
    sign = match.group("sign")
    if sign:
        form = Form.CHANGE
        return _Amount(form, unit, number, 1 if sign.strip() == "+" else -1, scale, 0, 0, True)
    if found := lex.AFTER_LEVEL.match(after):
        return _Amount(Form.LEVEL, unit, number, _updown(found), scale, 0, found.end(), True)
    if found := lex.AFTER_CHANGE.match(after):
        form = Form.BARE_CHANGE if unit is Unit.PERCENT else Form.CHANGE
        return _Amount(form, unit, number, _updown(found), scale, 0, found.end(), True)
    if found := lex.BEFORE_BASELINE.search(before):
        used = len(before) - found.start()
        return _Amount(Form.LEVEL, unit, number, None, scale, used, 0, True, True, True)
    if found := lex.BEFORE_FROM.search(before):
        used = len(before) - found.start()
        return _Amount(Form.LEVEL, unit, number, None, scale, used, 0, True, is_from=True)
    for pattern in (lex.BEFORE_MAINTAIN, lex.BEFORE_TO, lex.BEFORE_LEVEL):
        if found := pattern.search(before):
            direction = _updown(found) or clause_direction(before)
            used = len(before) - found.start()
            return _Amount(Form.LEVEL, unit, number, direction, scale, used, 0, True)
    if found := lex.BEFORE_BY.search(before):
        used = len(before) - found.start()
        return _Amount(Form.CHANGE, unit, number, clause_direction(before), scale, used, 0, True)
    if unit in (Unit.PERCENTAGE_POINTS, Unit.POINTS):
        return _Amount(Form.CHANGE, unit, number, clause_direction(before), scale, 0, 0, False)
    return _Amount(Form.LEVEL, unit, number, clause_direction(before), scale, 0, 0, False)


def _unit(match: re.Match, after: str) -> tuple[Unit | None, float, int | None]:
    """The unit, number and rating-scale top of an amount; unit None if it is unusable."""
    number = float(match.group("num").replace(",", ""))
    if match.group("pp"):
        return Unit.PERCENTAGE_POINTS, number, None
    if match.group("pct"):
        return Unit.PERCENT, number, None
    if match.group("points"):
        return Unit.POINTS, number, None
    if match.group("no_scale"):
        return None, number, None  # "4 stars" out of how many? Refuse rather than guess.
    if scale_text := match.group("scale"):
        scale = int(scale_text)
        if scale == 0 or number > scale:
            return None, number, None  # "21/22" is a year, not a rating
        if lex.PEOPLE_AFTER.match(after) and not match.group("stars"):
            return Unit.PERCENT, 100.0 * number / scale, None  # "8 out of 10 parents"
        if scale not in lex.RATING_SCALES:
            return None, number, None
        return Unit.RATING, number, scale
    if "." in match.group("num"):
        return None, number, None  # a bare decimal says neither a count nor a percentage
    return Unit.COUNT, number, None


def _with_baseline(phrase: Phrase, number: float, end: int) -> Phrase:
    """A phrase given the baseline stated after it ("60% (baseline 47%)")."""
    direction = phrase.direction
    if direction is None and phrase.form is Form.LEVEL:
        direction = 1 if phrase.number > number else -1
    return replace(phrase, end=end, stated_from=number, direction=direction)


def _updown(match: re.Match) -> int | None:
    """+1 / -1 from a match's ``up``/``down`` groups, None if neither took part."""
    groups = match.groupdict()
    if groups.get("up"):
        return 1
    if groups.get("down"):
        return -1
    return None


def _word_phrases(extra: list, phrases: list[Phrase]) -> list[Phrase]:
    """Phrases with no digits: "double", "halve", "maintain" (unless an amount follows)."""
    found: list[Phrase] = []
    for start, end, match in extra:
        if any(p.start <= start < p.end for p in phrases):
            continue  # part of "maintain at least 80%", already read
        groups = match.groupdict()
        if part := groups.get("part"):
            # "reduce by a third": the direction comes from the verb; with none, _draft refuses.
            direction = clause_direction(match.string[:start])
            factor = 1.0 + (direction or 0) / lex.PARTS[part.lower()]
            found.append(Phrase(start, end, Form.CHANGE, Unit.FACTOR, factor, direction))
        elif groups.get("double") or groups.get("triple") or groups.get("half"):
            factor = 2.0 if groups.get("double") else 3.0 if groups.get("triple") else 0.5
            found.append(
                Phrase(start, end, Form.CHANGE, Unit.FACTOR, factor, 1 if factor > 1 else -1)
            )
        else:
            found.append(Phrase(start, end, Form.MAINTAIN, Unit.NONE, 0.0, None))
    return found
