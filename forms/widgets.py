"""GOV.UK Frontend widgets for survey questions, from ``govuk_frontend_wtf``.

Each widget is given, when the form is built, the GOV.UK macro parameters that depend on the
question and the language (heading, "or" divider, character count texts, the hidden "Error"
prefix). Parameters a template passes with ``form.field(params={...})`` still win.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from flask import current_app
from govuk_frontend_wtf.main import merger
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
)
from markupsafe import Markup
from wtforms import Field

from forms.rendered_widgets import DEFAULT_SIZE, render_widget


class _QuestionWidgetMixin:
    """Merges build-time defaults under the template's params and labels the error message."""

    def __init__(self, defaults: Mapping[str, Any], error_prefix: str) -> None:
        self.defaults = defaults
        self.error_prefix = error_prefix

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        # The merger mutates its first argument: merge into a fresh copy on every render.
        kwargs["params"] = merger.merge(
            copy.deepcopy(dict(self.defaults)), kwargs.get("params", {})
        )
        return super().__call__(field, **kwargs)  # type: ignore[misc]

    def render(self, params: dict[str, Any]) -> Markup:
        """Return the widget's HTML: its GOV.UK macro template rendered with ``params`` alone.

        govuk-frontend-wtf renders through Flask's ``render_template``, which runs every context
        processor (language links, council name, CSP nonce) again for each question; the macro
        needs none of them. The same parameters give the same HTML, so it is made once
        (``forms.rendered_widgets``; the ``WIDGET_RENDER_CACHE_SIZE`` setting, 0 to turn off).
        """
        return render_widget(
            current_app.jinja_env,
            self.template,  # type: ignore[attr-defined]
            params,
            size=current_app.config.get("WIDGET_RENDER_CACHE_SIZE", DEFAULT_SIZE),
        )

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)  # type: ignore[misc]
        hint = params.get("hint")
        if hint is not None and not (hint.get("text") or hint.get("html")):
            # An empty hint would still render an empty element that aria-describedby names.
            del params["hint"]
        if "errorMessage" in params:
            params["errorMessage"]["visuallyHiddenText"] = self.error_prefix
        return params


class QuestionRadios(_QuestionWidgetMixin, GovRadioInput):
    """Radios in a fieldset whose legend is the question, with an "or" divider before the
    option ``divider_before`` (the scales' "Don't know")."""

    def __init__(
        self,
        defaults: Mapping[str, Any],
        error_prefix: str,
        *,
        divider_before: str | None = None,
        divider_text: str = "or",
    ) -> None:
        super().__init__(defaults, error_prefix)
        self.divider_before = divider_before
        self.divider_text = divider_text

    def map_gov_params(self, field: Field, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        items = params["items"]
        for index, item in enumerate(items):
            if index > 0 and item.get("value") == self.divider_before:
                items.insert(index, {"divider": self.divider_text})
                break
        return params


class QuestionCheckboxes(_QuestionWidgetMixin, GovCheckboxesInput):
    """Checkboxes in a fieldset whose legend is the question."""


class QuestionCharacterCount(_QuestionWidgetMixin, GovCharacterCount):
    """A textarea labelled by the question, with the GOV.UK character count."""
