"""Keep tokens out of logs: request lines that carry a family link are rewritten before output."""

from __future__ import annotations

import logging
import re

_FAMILY_LINK = re.compile(r"/s/[A-Za-z0-9_-]{8,}")


class RedactTokens(logging.Filter):
    """A logging filter that replaces the token in ``/s/<token>`` paths with ``/s/[token]``."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message and arguments in place; always keep the record."""
        if isinstance(record.msg, str):
            record.msg = _FAMILY_LINK.sub("/s/[token]", record.msg)
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(
                _FAMILY_LINK.sub("/s/[token]", a) if isinstance(a, str) else a for a in args
            )
        return True


def install_token_filter() -> None:
    """Attach the filter to the loggers that print request lines (werkzeug, gunicorn)."""
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
