"""Rendering GOV.UK macro templates once per distinct set of parameters.

A GOV.UK Frontend macro is a pure function of its parameters: the same parameters give the same
HTML. A survey question's parameters vary only with the language, the saved answer and the error
shown, so most requests for a question page ask for HTML that was already made. The radios macro
alone costs about 2 ms of CPU per call, which is most of a question page (bench/README.md).

The cache key is the template name and a frozen copy of the parameters that keeps each value's
type: ``Markup`` apart from ``str`` (the macros escape one and not the other), ``True`` apart
from ``1``. Parameters that cannot be frozen (any other kind of object) are rendered every time.
Each Jinja environment (each app) has its own bounded least-recently-used cache.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from threading import Lock
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

DEFAULT_SIZE = 512
_CACHE_ATTRIBUTE = "_send_feedback_rendered_widgets"
_SCALARS = (str, int, float, bool, type(None))


class _UnfreezableError(Exception):
    """A parameter value whose rendering may depend on more than its value."""


class RenderedWidgets:
    """A bounded, thread-safe map from (template, frozen parameters) to rendered HTML."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._html: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = Lock()

    def __len__(self) -> int:
        return len(self._html)

    def render(self, environment: Environment, template: str, params: dict[str, Any]) -> Markup:
        """Return ``template`` rendered with ``params``, from the cache when it was made before."""
        try:
            key = (template, freeze(params))
        except _UnfreezableError:
            return _render(environment, template, params)
        with self._lock:
            html = self._html.get(key)
            if html is not None:
                self._html.move_to_end(key)
                return html
        html = _render(environment, template, params)
        with self._lock:
            self._html[key] = html
            if len(self._html) > self.size:
                self._html.popitem(last=False)
        return html


def render_widget(
    environment: Environment, template: str, params: dict[str, Any], *, size: int = DEFAULT_SIZE
) -> Markup:
    """Return the HTML of a widget template rendered with ``params`` alone.

    With ``size`` 0 nothing is cached; otherwise the environment's cache holds at most ``size``
    renderings (the first call fixes the size for that environment).
    """
    if size <= 0:
        return _render(environment, template, params)
    cache = environment.__dict__.get(_CACHE_ATTRIBUTE)
    if cache is None:
        cache = environment.__dict__.setdefault(_CACHE_ATTRIBUTE, RenderedWidgets(size))
    return cache.render(environment, template, params)


def freeze(value: Any) -> Hashable:
    """Return a hashable copy of ``value``, equal only to copies of equal values of the same types.

    Raises ``_UnfreezableError`` for values other than dicts, lists, tuples, Markup and scalars.
    """
    if isinstance(value, Markup):
        return ("markup", str(value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), freeze(v)) for k, v in value.items())))
    if isinstance(value, list | tuple):
        return ("list", tuple(freeze(item) for item in value))
    if type(value) in _SCALARS:
        return (type(value).__name__, value)
    raise _UnfreezableError(type(value).__name__)


def _render(environment: Environment, template: str, params: dict[str, Any]) -> Markup:
    # The output of an autoescaping template: its parameters' text was escaped as it was rendered.
    html = environment.get_template(template).render(params=params)
    return Markup(html)  # noqa: S704 - escaped by the template  # nosec B704
