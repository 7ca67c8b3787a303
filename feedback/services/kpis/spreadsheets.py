"""Spreadsheet cells in and out: reading a cell as the text a lead sees, writing it formula-safe."""

from __future__ import annotations

from datetime import date, datetime

# A cell starting with one of these is run as a formula by Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> str:
    """Return ``value`` as text that no spreadsheet will run as a formula.

    Returns
    -------
    str
        The text, with a leading apostrophe when it starts with ``=``, ``+``, ``-``, ``@``, a
        tab or a carriage return (OWASP, "CSV Injection").
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value: object) -> object:
    """Return a value to write into a spreadsheet: numbers as they are, text made safe."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, int | float):
        return value
    return safe_text(value)


def cell_text(value: object, number_format: str = "General") -> str:
    """Return an XLSX cell's value as the text the lead typed or sees.

    A number formatted as a percentage (0.47 shown as 47%) becomes "47%"; whole numbers lose
    their ".0"; dates become ISO dates; everything is stripped of surrounding spaces.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            return f"{round(value * 100, 6):g}%"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return f"{value:.12g}" if isinstance(value, float) else str(value)
    return str(value).strip()
