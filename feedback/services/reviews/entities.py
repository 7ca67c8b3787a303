"""The kinds of identifier the redactor hides, with the placeholder a reviewer sees for each."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Entity(StrEnum):
    """A kind of identifier, named as Presidio names entities."""

    EMAIL = "EMAIL_ADDRESS"
    NHS_NUMBER = "UK_NHS"
    PHONE = "PHONE_NUMBER"
    POSTCODE = "UK_POSTCODE"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    CASE_REFERENCE = "CASE_REFERENCE"
    SCHOOL = "SCHOOL"
    PLACE = "LOCATION"
    CHILD_NAME = "CHILD_NAME"
    PERSON = "PERSON"

    @property
    def placeholder(self) -> str:
        """Return the labelled placeholder that replaces this kind of identifier."""
        return PLACEHOLDERS[self]

    @property
    def priority(self) -> int:
        """Return the rank used when two finds overlap: the lower wins the merged span."""
        return list(Entity).index(self)


PLACEHOLDERS = {
    Entity.EMAIL: "[email]",
    Entity.NHS_NUMBER: "[NHS number]",
    Entity.PHONE: "[phone number]",
    Entity.POSTCODE: "[postcode]",
    Entity.DATE_OF_BIRTH: "[date of birth]",
    Entity.CASE_REFERENCE: "[case reference]",
    Entity.SCHOOL: "[school]",
    Entity.PLACE: "[place]",
    Entity.CHILD_NAME: "[child's name]",
    Entity.PERSON: "[name]",
}

#: The kinds a reviewer can pick when marking text the redactor missed, by labelled-set name.
MARKABLE = {
    "name": Entity.PERSON,
    "child_name": Entity.CHILD_NAME,
    "school": Entity.SCHOOL,
    "place": Entity.PLACE,
    "phone": Entity.PHONE,
    "email": Entity.EMAIL,
    "postcode": Entity.POSTCODE,
    "dob": Entity.DATE_OF_BIRTH,
    "nhs": Entity.NHS_NUMBER,
    "caseref": Entity.CASE_REFERENCE,
}


@dataclass(frozen=True, slots=True)
class RedactedSpan:
    """A stretch of the original comment that was hidden, and what it was."""

    start: int
    end: int
    entity: Entity
