"""Keep tokens and personal data out of logs: every line is rewritten before output.

A family link carries its token in the path (``/s/<token>``); an error message may quote an email
address or a phone number (a database constraint's detail, a bounced message). Log collectors keep
lines for a long time and many people read them, so these are replaced by placeholders.
"""

from __future__ import annotations

import logging
import re

_FAMILY_LINK = re.compile(r"/s/[A-Za-z0-9_-]{8,}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# UK numbers as people type them: 07700 900123, +44 7700 900 123, (0121) 496-0000.
_PHONE = re.compile(r"(?<![\w.])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?(?:[\s-]?\d){6,8}(?!\w)")


def redact_tokens(text: str) -> str:
    """Return ``text`` with the token in every ``/s/<token>`` path replaced by ``[token]``."""
    return _FAMILY_LINK.sub("/s/[token]", text)


def redact_personal_data(text: str) -> str:
    """Return ``text`` with family-link tokens, email addresses and UK phone numbers replaced."""
    text = redact_tokens(text)
    text = _EMAIL.sub("[email]", text)
    return _PHONE.sub("[phone]", text)


class RedactTokens(logging.Filter):
    """A logging filter that replaces the token in ``/s/<token>`` paths with ``/s/[token]``."""

    redact = staticmethod(redact_tokens)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message and arguments in place; always keep the record."""
        if isinstance(record.msg, str):
            record.msg = self.redact(record.msg)
        if record.args:
            if isinstance(record.args, dict):
                record.args = {
                    key: self.redact(value) if isinstance(value, str) else value
                    for key, value in record.args.items()
                }
            else:
                args = record.args if isinstance(record.args, tuple) else (record.args,)
                record.args = tuple(self.redact(a) if isinstance(a, str) else a for a in args)
        return True


class RedactPersonalData(RedactTokens):
    """A logging filter that also replaces email addresses and phone numbers (see
    ``redact_personal_data``); handlers that write production logs carry it."""

    redact = staticmethod(redact_personal_data)


class HideRateLimitKeys(logging.Filter):
    """A logging filter for Flask-Limiter's "ratelimit … (key) exceeded" line: the key holds the
    client's address, so it is replaced by ``[client]``; the limit and endpoint are kept, which
    is what an operator watching for password guessing needs."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the key argument of a breach record in place; always keep the record."""
        if (
            isinstance(record.msg, str)
            and record.msg.startswith("ratelimit ")
            and isinstance(record.args, tuple)
            and len(record.args) == 3
        ):
            record.args = (record.args[0], "[client]", record.args[2])
        return True


def install_token_filter() -> None:
    """Attach the filters to the loggers that print request lines (werkzeug, gunicorn) and to
    Flask-Limiter's, whose breach lines name the client."""
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
    limiter_logger = logging.getLogger("flask-limiter")
    if not any(isinstance(f, HideRateLimitKeys) for f in limiter_logger.filters):
        limiter_logger.addFilter(HideRateLimitKeys())
