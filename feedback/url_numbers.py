"""Numbers read from addresses: ids in paths and page numbers in query strings.

Every id column is a 32-bit ``INTEGER`` on PostgreSQL and SQLite refuses integers past 2^63, so a
number the database cannot hold could only ever end in a database error. Such numbers never reach
a query: a path with one matches no route (404), and a page number past it is refused with a 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, abort
from werkzeug.routing import IntegerConverter, Map, ValidationError

# The largest value of a PostgreSQL INTEGER (and of every id the service hands out).
MAX_DATABASE_INTEGER = 2**31 - 1
_MAX_DIGITS = len(str(MAX_DATABASE_INTEGER))


class DatabaseIntegerConverter(IntegerConverter):
    """Werkzeug's ``int`` converter, matching only numbers the database's integer columns hold."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = MAX_DATABASE_INTEGER,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)

    def to_python(self, value: str) -> Any:
        """Return the number, refusing (404) one too long to hold before converting it."""
        if len(value.lstrip("-0")) > _MAX_DIGITS:
            raise ValidationError()
        return super().to_python(value)


def register_converters(app: Flask) -> None:
    """Make ``<int:…>`` in every route (registered after this call) a database integer."""
    app.url_map.converters["int"] = DatabaseIntegerConverter


def page_argument(args: Mapping[str, str], name: str = "page") -> int:
    """Return the page number in ``args`` (1 when absent or not a number); 404 past the largest
    page number the database could skip to."""
    value = args.get(name, "1").strip()
    if not value.isdigit() or not value.isascii():
        return 1
    if len(value.lstrip("0")) > _MAX_DIGITS or int(value) > MAX_DATABASE_INTEGER:
        abort(404)
    return max(int(value), 1)
