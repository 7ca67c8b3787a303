"""Identifiers with a shape: UK phone numbers, postcodes, NHS numbers, emails, dates of birth,
case references and street addresses.

Each finder takes a comment and returns the spans it would hide. Families write numbers with
spaces, dashes and dots, and in lower case, so every pattern allows for that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from feedback.services.reviews.entities import Entity


@dataclass(frozen=True, slots=True)
class Found:
    """A span of a comment to hide, and what it is."""

    start: int
    end: int
    entity: Entity
    score: float = 0.85


_MAIL_PROVIDER = (
    r"(?:gmail|g\s?mail|googlemail|hotmail|yahoo|ymail|outlook|icloud|btinternet|live|aol|sky"
    r"|msn|me|mail|protonmail|proton|talktalk|virginmedia|ntlworld|blueyonder|tiscali|[a-z]+)"
)
_DOT = r"\s*(?:dot|\.)\s*"
EMAIL = re.compile(
    r"[\w.%+\-]+\s?@\s?[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}"
    # Written out to dodge spam filters: "jo.bloggs at gmail dot com", "kelly dot jones at
    # hotmail dot co dot uk", "sara underscore b 84 at yahoo dot com".
    r"|[\w.\-]+(?:(?:\s+(?:dot|underscore|dash|hyphen)\s+|\s+(?=[a-z]{1,2}\b|\d))[\w.\-]+){0,4}"
    rf"\s+at\s+{_MAIL_PROVIDER}{_DOT}(?:com|net|org|co{_DOT}uk|org{_DOT}uk|ac{_DOT}uk|uk|wales)\b",
    re.IGNORECASE,
)
# 0 or +44, then 9 or 10 more digits with spaces, dashes, dots or brackets between them.
PHONE = re.compile(r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?\d|\(?0\d)(?:[ \-.)]{0,3}\d){8,9}(?![\d])")
# Outward code, optional space, inward code (whose letters never include C, I, K, M, O or V,
# which also keeps "Y6 2nd" and "KS2 3rd" out).
POSTCODE = re.compile(
    r"(?<![a-z0-9])[a-z]{1,2}\d[a-z\d]?\s{0,2}\d(?!st|nd|rd|th)[abd-hjlnp-uw-z]{2}(?![a-z0-9])",
    re.IGNORECASE,
)
# "postcode DY1": the outward code alone, said to be a postcode.
OUTWARD_POSTCODE = re.compile(
    r"post\s?code\s*(?:is\s*)?:?\s*([a-z]{1,2}\d[a-z\d]?)(?![a-z0-9])", re.IGNORECASE
)
NHS_NUMBER = re.compile(r"(?<![\d.])\d{3}[ .\-]?\d{3}[ .\-]?\d{4}(?![\d])")
NHS_CONTEXT = re.compile(r"\bnhs\b", re.IGNORECASE)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATE = re.compile(
    r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?(?:\s+\d{{4}})?\b"
    rf"|\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?\b"
    rf"|\b{_MONTH}\.?\s+\d{{4}}\b",
    re.IGNORECASE,
)
# A date is a date of birth when one of these comes shortly before it.
BIRTH_CUE = re.compile(
    r"\b(?:born|d\.?\s?o\.?\s?b|date\s+of\s+birth|birth\s?day|bday|b'day|urodzon\w*|ganwyd)\b",
    re.IGNORECASE,
)
BIRTH_CUE_WINDOW = 40

# "ref EHC/2023/0456", "case number 123456", "our reference is AB123456".
REFERENCE_AFTER_CUE = re.compile(
    r"\b(?:ref(?:erence)?|case|claim|file|quote)\b\.?\s*(?:no\.?|number|num|nr|#)?\s*"
    r"(?:is\s+)?[:#\-]?\s*([a-z0-9][a-z0-9/\-]*\d[a-z0-9/\-]*)",
    re.IGNORECASE,
)
# Codes that mix letters and at least three digits: "EHC/2023/0456", "SEN-20571", "AB123456".
REFERENCE_SHAPE = re.compile(
    r"(?<![\w/\-])(?=[a-z0-9/\-]*\d[a-z0-9/\-]*\d[a-z0-9/\-]*\d)(?=[a-z0-9/\-]*[a-z])"
    r"[a-z0-9]+(?:[/\-][a-z0-9]+)+(?![\w/\-])"
    r"|(?<![\w/\-])[a-z]{2,5}\d{4,}(?![\w/\-])",
    re.IGNORECASE,
)
# Council prefixes with the number in spaced groups: "ehcp 2023 0871", "SEN 12345", "EHC 2022 1193".
REFERENCE_PREFIXED = re.compile(
    r"(?<![\w/\-])(?:ehc(?:p|na|nar|a)?|send?|sena|snap|ref)[\s:#/\-]*\d{2,}(?:[\s/\-]+\d{2,}){0,3}"
    r"(?![\w/\-])",
    re.IGNORECASE,
)
# A long run of digits that is not a phone or NHS number is most likely a reference.
LONG_NUMBER = re.compile(r"(?<![\d])\d(?:[ \-]?\d){5,}(?![\d])")

_STREET = (
    r"(?:road|rd|street|avenue|ave|lane|close|drive|way|crescent|court|gardens|grove|place|"
    r"terrace|walk|mews|square|rise|row|parade|croft|meadows?|view)"
)
# After a house number, abbreviations and words that are too common to stand alone also count.
_NUMBERED_STREET = (
    rf"(?:{_STREET}|st|ln|cl|dr|ct|pl|sq|cres|gdns|hill|green|park|fold|chase|heights|vale|wharf)"
)
# Words that stand between a number and a street word without being a street's name
# ("year 6 at st marys", "2 of the close"): they stop an address.
_NOT_STREET_NAME = (
    r"(?!(?:at|to|in|on|the|and|of|for|from|with|is|was|by|my|our|his|her|a|an|or|days?|weeks?|"
    r"months?|years?|times?|hours?|mins?|miles?|pm|am|yr|yrs|kids|children|sessions?|long|short|"
    r"big|small|hard|nice|good|bad|lovely|quick|slow)\b)"
)
# "flat 3", "apartment 12b", "unit 4": a flat number before the house number.
_FLAT = r"(?:(?:flat|apartment|apt|unit|room)\s*\d{1,4}[a-z]?,?\s+)?"
ADDRESS = re.compile(
    rf"\b{_FLAT}\d{{1,4}}[a-z]?,?\s+(?:the\s+)?(?:{_NOT_STREET_NAME}[a-z'’\-]+\s+){{0,3}}"
    rf"{_NOT_STREET_NAME}[a-z'’\-]+\s+{_NUMBERED_STREET}\b"
    rf"|\b{_FLAT}\d{{1,4}}[a-z]?,?\s+the\s+{_NUMBERED_STREET}\b"
    rf"|\b(?:[A-Z][a-z'’\-]+\s+){{1,2}}(?i:{_STREET})\b",
    re.IGNORECASE,
)
_CAPITALISED_STREET = re.compile(rf"(?:[A-Z][a-z'’\-]+\s+){{1,2}}(?i:{_STREET})\b")
_FLAT_START = re.compile(r"(?:flat|apartment|apt|unit|room)\s*\d", re.IGNORECASE)


def is_valid_nhs_number(digits: str) -> bool:
    """Return whether ten digits pass the NHS number's modulus 11 check.

    The first nine digits are weighted 10 down to 2; 11 minus the remainder of their sum by 11
    is the check digit (11 becomes 0; 10 means the number is not valid) — NHS Digital, *NHS
    Number* data dictionary entry.
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    return (0 if check == 11 else check) == int(digits[9])


def find_emails(text: str) -> Iterator[Found]:
    """Yield email addresses, including ones written "name at gmail dot com"."""
    for match in EMAIL.finditer(text):
        yield Found(match.start(), match.end(), Entity.EMAIL, 0.95)


def find_phone_numbers(text: str) -> Iterator[Found]:
    """Yield UK phone numbers: mobiles and landlines, 0 or +44, any spacing."""
    for match in PHONE.finditer(text):
        yield Found(match.start(), match.end(), Entity.PHONE, 0.9)


def find_postcodes(text: str) -> Iterator[Found]:
    """Yield UK postcodes in any case and spacing, and outward codes said to be postcodes."""
    for match in POSTCODE.finditer(text):
        yield Found(match.start(), match.end(), Entity.POSTCODE, 0.9)
    for match in OUTWARD_POSTCODE.finditer(text):
        yield Found(match.start(1), match.end(1), Entity.POSTCODE, 0.8)


def find_nhs_numbers(text: str) -> Iterator[Found]:
    """Yield ten-digit numbers that pass the NHS check, or follow the word "NHS"."""
    for match in NHS_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        cue = NHS_CONTEXT.search(text[max(0, match.start() - 30) : match.start()])
        if digits[0] != "0" and (is_valid_nhs_number(digits) or cue):
            yield Found(match.start(), match.end(), Entity.NHS_NUMBER, 0.95 if cue else 0.85)


def find_dates_of_birth(text: str) -> Iterator[Found]:
    """Yield dates written shortly after "born", "DOB", "date of birth" or "birthday"."""
    for match in DATE.finditer(text):
        before = text[max(0, match.start() - BIRTH_CUE_WINDOW) : match.start()]
        if BIRTH_CUE.search(before):
            yield Found(match.start(), match.end(), Entity.DATE_OF_BIRTH, 0.85)


def find_case_references(text: str) -> Iterator[Found]:
    """Yield case and file references: after "ref"/"case number", or by their mixed shape."""
    for match in REFERENCE_AFTER_CUE.finditer(text):
        if sum(char.isdigit() for char in match.group(1)) >= 3:
            yield Found(match.start(1), match.end(1), Entity.CASE_REFERENCE, 0.85)
    for match in REFERENCE_SHAPE.finditer(text):
        if not _is_year_or_measure(match.group()):
            yield Found(match.start(), match.end(), Entity.CASE_REFERENCE, 0.7)
    for match in REFERENCE_PREFIXED.finditer(text):
        # Five digits or more, so "send 2024 figures" and "ehc 2023" stay words and a year.
        if sum(char.isdigit() for char in match.group()) >= 5:
            yield Found(match.start(), match.end(), Entity.CASE_REFERENCE, 0.75)
    for match in LONG_NUMBER.finditer(text):
        yield Found(match.start(), match.end(), Entity.CASE_REFERENCE, 0.5)


def find_addresses(text: str) -> Iterator[Found]:
    """Yield street addresses ("14 Elm Road", "Hawthorn Avenue") as places."""
    for match in ADDRESS.finditer(text):
        span = match.group()
        # Without a house number, only a capitalised street name is an address.
        if span[0].isdigit() or _FLAT_START.match(span) or _CAPITALISED_STREET.fullmatch(span):
            yield Found(match.start(), match.end(), Entity.PLACE, 0.8)


_YEAR_OR_MEASURE = re.compile(
    r"\d{4}[/\-]\d{2,4}|\d+(?:am|pm|mins?|hrs?|weeks?|days?|yrs?|st|nd|rd|th|kg|cm|mm|ml|mg)",
    re.IGNORECASE,
)


def _is_year_or_measure(span: str) -> bool:
    return bool(_YEAR_OR_MEASURE.fullmatch(span))


FINDERS = (
    find_emails,
    find_phone_numbers,
    find_postcodes,
    find_nhs_numbers,
    find_dates_of_birth,
    find_case_references,
    find_addresses,
)
