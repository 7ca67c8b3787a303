"""Validators and filters the survey fields need beyond those WTForms ships."""

from __future__ import annotations

from collections.abc import Collection

from wtforms import Field, Form
from wtforms.validators import ValidationError


class EachOf:
    """Checks that every value a multi-choice field holds is one of ``values``.

    WTForms' ``AnyOf`` compares the whole list to the values, so it cannot check checkboxes.
    """

    def __init__(self, values: Collection[str], message: str) -> None:
        self.values = frozenset(values)
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if any(value not in self.values for value in field.data or ()):
            raise ValidationError(self.message)


def clean_text(value: str | None) -> str | None:
    """Trim a free-text answer and write its line breaks as ``\\n``.

    Browsers post a line break as ``\\r\\n`` but the GOV.UK character count counts it as one
    character, so without this a comment the page accepted could fail the length check.

    Returns
    -------
    str or None
        The cleaned text, or None if there was no text.
    """
    if value is None:
        return None
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()
