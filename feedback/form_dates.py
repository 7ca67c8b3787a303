"""The GOV.UK date input as a WTForms field that never breaks on what a browser did not send.

GOV.UK's date input is three boxes with one name (day, month, year). A browser always sends all
three; a script, a saved request or a broken extension may send one, two or four, and
``govuk_frontend_wtf``'s widget then fails to redraw the form. This field keeps exactly three
parts for redrawing and says the date is incomplete.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import DateField

DATE_PARTS = 3


class DayMonthYearField(DateField):
    """A ``DateField`` for ``GovDateInput``: anything but three parts is an incomplete date."""

    def process_formdata(self, valuelist: Sequence[str]) -> None:
        """Read the date; with other than three parts keep three for the widget and refuse."""
        if valuelist and len(valuelist) != DATE_PARTS:
            self.raw_data = [*valuelist, "", "", ""][:DATE_PARTS]
            self.data = None
            raise ValueError(str(_l("Enter a date with a day, month and year")))
        super().process_formdata(valuelist)
