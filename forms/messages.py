"""Every user-facing message the survey forms show, in one place.

Strings are marked with ``_`` so ``pybabel extract`` finds them (``_`` is one of Babel's default
keywords); they are translated later, when a form is built, by the ``translate`` callable the
app passes in. Messages with ``{placeholders}`` are formatted with :meth:`str.format` *after*
translation, so translators keep the placeholders as they are.
"""

from collections.abc import Callable

# What the app passes to translate a message, e.g. Flask-Babel's `gettext`.
Translate = Callable[[str], str]


def identity(message: str) -> str:
    """Leave a message untranslated (the default ``translate``).

    Returns
    -------
    str
        ``message`` itself.
    """
    return message


def _(message: str) -> str:
    """Mark ``message`` for extraction; return it unchanged (translation happens at build time).

    Returns
    -------
    str
        ``message`` itself.
    """
    return message


# Shown for a value that is not one of the question's options (a tampered or stale request).
INVALID_CHOICE = _("Select one of the answers shown")

# `label` is the question's short label, `max` the limit in characters.
TEXT_TOO_LONG = _("{label} must be {max:,} characters or fewer")

# Visually hidden prefix GOV.UK Frontend reads out before each error message.
ERROR_PREFIX = _("Error")

# Separates "Don't know" from the scale, as in the GOV.UK radios "or" divider pattern.
DIVIDER_OR = _("or")

# Shown on "Check your answers" for a question the family skipped.
NOT_ANSWERED = _("Not answered")

# GOV.UK character count texts; `%{count}` is filled in by GOV.UK Frontend, not by Python.
CHARACTER_COUNT_DESCRIPTION = _("You can enter up to %{count} characters")
CHARACTERS_UNDER_LIMIT_ONE = _("You have %{count} character remaining")
CHARACTERS_UNDER_LIMIT_OTHER = _("You have %{count} characters remaining")
CHARACTERS_AT_LIMIT = _("You have 0 characters remaining")
CHARACTERS_OVER_LIMIT_ONE = _("You have %{count} character too many")
CHARACTERS_OVER_LIMIT_OTHER = _("You have %{count} characters too many")
