"""GOV.UK widget templates are rendered once per distinct parameters, never wrongly reused."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment
from markupsafe import Markup

from forms.rendered_widgets import RenderedWidgets, freeze, render_widget

TEMPLATE = (
    "{% if params.html %}{{ params.html }}{% else %}{{ params.text }}{% endif %}|{{ params.n }}"
)


class CountingEnvironment(Environment):
    """A Jinja environment that counts how often a template is really rendered."""

    def __init__(self) -> None:
        super().__init__(loader=DictLoader({"widget.html": TEMPLATE}), autoescape=True)
        self.renders = 0
        self.globals["count"] = self._count

    def _count(self) -> str:
        self.renders += 1
        return ""


@pytest.fixture
def environment() -> CountingEnvironment:
    env = CountingEnvironment()
    env.loader = DictLoader({"widget.html": "{{ count() }}" + TEMPLATE})
    return env


def test_equal_parameters_are_rendered_once(environment: CountingEnvironment) -> None:
    first = render_widget(environment, "widget.html", {"text": "Agree", "n": 1})
    second = render_widget(environment, "widget.html", {"n": 1, "text": "Agree"})
    assert first == second == Markup("Agree|1")
    assert environment.renders == 1


def test_different_parameters_are_rendered_apart(environment: CountingEnvironment) -> None:
    agree = render_widget(environment, "widget.html", {"text": "Agree", "n": 1})
    disagree = render_widget(environment, "widget.html", {"text": "Disagree", "n": 1})
    assert (agree, disagree) == (Markup("Agree|1"), Markup("Disagree|1"))
    assert environment.renders == 2


def test_markup_and_plain_text_are_never_confused(environment: CountingEnvironment) -> None:
    escaped = render_widget(environment, "widget.html", {"text": "<b>x</b>", "n": 1})
    trusted = render_widget(environment, "widget.html", {"text": Markup("<b>x</b>"), "n": 1})
    assert escaped == Markup("&lt;b&gt;x&lt;/b&gt;|1")
    assert trusted == Markup("<b>x</b>|1")


def test_true_and_one_are_different_parameters() -> None:
    assert freeze({"checked": True}) != freeze({"checked": 1})
    assert freeze([1, 2]) != freeze([2, 1])


def test_objects_of_other_kinds_are_rendered_every_time(
    environment: CountingEnvironment,
) -> None:
    class Label:
        def __str__(self) -> str:
            return "Agree"

    for _ in range(3):
        html = render_widget(environment, "widget.html", {"text": Label(), "n": 1})
    assert html == Markup("Agree|1")
    assert environment.renders == 3


def test_size_zero_turns_the_cache_off(environment: CountingEnvironment) -> None:
    for _ in range(3):
        render_widget(environment, "widget.html", {"text": "Agree", "n": 1}, size=0)
    assert environment.renders == 3


def test_the_least_recently_used_rendering_is_dropped_beyond_the_size(
    environment: CountingEnvironment,
) -> None:
    cache = RenderedWidgets(size=2)
    cache.render(environment, "widget.html", {"text": "a", "n": 1})
    cache.render(environment, "widget.html", {"text": "b", "n": 1})
    cache.render(environment, "widget.html", {"text": "a", "n": 1})  # "a" is now the newest
    cache.render(environment, "widget.html", {"text": "c", "n": 1})  # drops "b"
    assert len(cache) == 2
    renders = environment.renders
    cache.render(environment, "widget.html", {"text": "a", "n": 1})
    assert environment.renders == renders
    cache.render(environment, "widget.html", {"text": "b", "n": 1})
    assert environment.renders == renders + 1


def test_each_environment_has_its_own_cache() -> None:
    first, second = CountingEnvironment(), CountingEnvironment()
    first.loader = DictLoader({"widget.html": "one {{ params.text }}"})
    second.loader = DictLoader({"widget.html": "two {{ params.text }}"})
    assert render_widget(first, "widget.html", {"text": "x"}) == Markup("one x")
    assert render_widget(second, "widget.html", {"text": "x"}) == Markup("two x")
