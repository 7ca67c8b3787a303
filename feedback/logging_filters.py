"""Keep tokens and personal data out of logs: every line is rewritten before output.

A family link carries its token in the path (``/s/<token>``, ``/stop/<token>``), and so does every
other route with a token-like argument (an account link, a poster's code); an error message may
quote an email address or a phone number (a database constraint's detail, a bounced message).
Log collectors keep lines for a long time and many people read them, so these are replaced by
placeholders. The token routes are read from each app's URL map as its rules are compiled
(``SecretAwareRule``), so a new route that carries a token is redacted without a list to update.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from werkzeug.routing import Rule

if TYPE_CHECKING:
    from flask import Flask

# An argument whose value is a credential: a token, a secret, a poster's or a link's code.
SECRET_ARGUMENT = re.compile(r"token|secret|(?:^|_)code$", re.IGNORECASE)
# One path segment as it can appear in a log line; brackets are left out so a placeholder such as
# "[token]" is never redacted twice.
_SEGMENT = r"[^/\s?#\"'<>\[\]]+"
_RULE_VARIABLE = re.compile(
    r"<(?:(?P<converter>[A-Za-z_]\w*)(?:\((?P<arguments>.*?)\))?:)?(?P<variable>[A-Za-z_]\w*)>"
)
PLACEHOLDER = "[token]"
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# UK numbers as people type them: 07700 900123, +44 7700 900 123, (0121) 496-0000.
_PHONE = re.compile(r"(?<![\w.])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?(?:[\s-]?\d){6,8}(?!\w)")


def is_secret_argument(name: str, converter: object = None) -> bool:
    """Return whether a URL rule's argument carries a credential, by its name or converter."""
    converter_name = type(converter).__name__ if converter is not None else ""
    return bool(SECRET_ARGUMENT.search(name) or SECRET_ARGUMENT.search(converter_name))


def secret_path_pattern(rule: str, secret: set[str]) -> re.Pattern[str] | None:
    """Return a pattern for ``rule`` (``/stop/<token>``) up to its last argument named in
    ``secret``, each such argument a group; ``None`` when it has none."""
    pieces, end, last_secret = [], 0, None
    for match in _RULE_VARIABLE.finditer(rule):
        pieces.append(re.escape(rule[end : match.start()]))
        is_secret = match.group("variable") in secret
        pieces.append(f"({_SEGMENT})" if is_secret else _SEGMENT)
        end = match.end()
        if is_secret:
            last_secret = len(pieces)
    if last_secret is None:
        return None
    return re.compile("".join(pieces[:last_secret]))


class _SecretPaths:
    """The patterns of every token route seen in this process (routes are never removed)."""

    def __init__(self, rules: dict[str, set[str]]) -> None:
        self.patterns: dict[str, re.Pattern[str]] = {}
        for rule, secret in rules.items():
            self.add(rule, secret)

    def add(self, rule: str, secret: set[str]) -> None:
        pattern = secret_path_pattern(rule, secret)
        if pattern is not None:
            self.patterns.setdefault(pattern.pattern, pattern)

    def redact(self, text: str) -> str:
        for pattern in list(self.patterns.values()):
            if "/" in text:
                text = pattern.sub(_blank_groups, text)
        return text


def _blank_groups(match: re.Match[str]) -> str:
    text, start = match.group(0), match.start()
    for group in sorted(range(1, (match.lastindex or 0) + 1), key=match.start, reverse=True):
        text = text[: match.start(group) - start] + PLACEHOLDER + text[match.end(group) - start :]
    return text


# The family routes, known before any app is made (gunicorn's master logs before a worker does).
_SECRET_PATHS = _SecretPaths({"/s/<token>": {"token"}, "/stop/<token>": {"token"}})


class SecretAwareRule(Rule):
    """A URL rule that, once compiled, adds itself to the redacted paths if it carries a token."""

    def compile(self) -> None:
        """Compile the rule as werkzeug does, then register its token arguments, if any."""
        super().compile()
        register_rule(self)


def register_rule(rule: Rule) -> None:
    """Redact, from now on, the token arguments of ``rule`` in every log line."""
    converters: dict[str, Any] = getattr(rule, "_converters", {})
    secret = {name for name in rule.arguments if is_secret_argument(name, converters.get(name))}
    if secret:
        _SECRET_PATHS.add(rule.rule, secret)


# A path segment shaped like a family or account token (secrets.token_urlsafe(32) is 43
# characters): redacted wherever it stands, so a near miss (/S/<token>, /s//<token>) that no
# route matches still leaves no link in the logs.
_TOKEN_SHAPED = re.compile(r"(?<=/)[A-Za-z0-9_-]{32,}(?=[/?#\s\"']|$)")


def redact_tokens(text: str) -> str:
    """Return ``text`` with the token of every token route's path (``/s/<token>``,
    ``/stop/<token>``, …), and any other path segment shaped like a token, replaced by
    ``[token]``."""
    return _TOKEN_SHAPED.sub(PLACEHOLDER, _SECRET_PATHS.redact(text))


def redact_personal_data(text: str) -> str:
    """Return ``text`` with tokens, email addresses and UK phone numbers replaced."""
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


def install_token_filter(app: Flask | None = None) -> None:
    """Attach the filters to the loggers that print request lines (werkzeug, gunicorn), to the
    app's own (Flask's "Exception on <path>") and to Flask-Limiter's, whose breach lines name the
    client; make ``app``'s routes, present and to come, register their token arguments."""
    names = ["werkzeug", "gunicorn.access"]
    if app is not None:
        app.url_rule_class = SecretAwareRule
        for rule in app.url_map.iter_rules():
            register_rule(rule)
        names.append(app.logger.name)
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
    limiter_logger = logging.getLogger("flask-limiter")
    if not any(isinstance(f, HideRateLimitKeys) for f in limiter_logger.filters):
        limiter_logger.addFilter(HideRateLimitKeys())
