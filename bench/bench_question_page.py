"""Server CPU time per request: our survey question page against a bare Flask page that renders
the same GOV.UK radios question with govuk-frontend-jinja (DESIGN.md §8: budget ≤ 1.5×).

Run from the repository root: ``.venv/bin/python bench/bench_question_page.py``
(``--profile`` also writes a pyinstrument profile of our page to test-artifacts/).

Both pages are requested through their WSGI apps in this process, so the figure is the server's
own work (routing, database reads, form building, template rendering), not the network's. CPU
time (``time.process_time``) is used rather than wall time so another program on the machine
does not skew the ratio. Our page reads its invitation and saved answers from an SQLite file,
exactly as a request does; the bare page has no database at all.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask import Flask, render_template
from jinja2 import ChoiceLoader, DictLoader, PackageLoader, PrefixLoader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feedback import create_app  # noqa: E402
from feedback.extensions import db  # noqa: E402
from feedback.services.demo_links import issue_demo_link  # noqa: E402
from feedback.services.surveys import survey_for  # noqa: E402
from forms import SurveyDefinition  # noqa: E402

REQUESTS = 400
ROUNDS = 5
BUDGET = 1.5
BARE = "bare Flask + govuk-frontend-jinja radios"
OURS = "SEND Feedback question page"
# The same page with the widget memo off (WIDGET_RENDER_CACHE_SIZE=0): what each render costs.
UNCACHED = "SEND Feedback question page, widgets not memoised"

BARE_TEMPLATE = """{% extends "govuk_frontend_jinja/template.html" %}
{% from "govuk_frontend_jinja/components/radios/macro.html" import govukRadios %}
{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}
{% from "govuk_frontend_jinja/components/header/macro.html" import govukHeader %}
{% from "govuk_frontend_jinja/components/footer/macro.html" import govukFooter %}
{% block govukHeader %}{{ govukHeader({"productName": "SEND Feedback"}) }}{% endblock %}
{% block govukFooter %}{{ govukFooter({}) }}{% endblock %}
{% block pageTitle %}{{ question.label }}{% endblock %}
{% block content %}
<form method="post" novalidate>
  {{ govukRadios({
    "name": question.key,
    "fieldset": {"legend": {"text": question.label, "isPageHeading": true,
                            "classes": "govuk-fieldset__legend--l"}},
    "items": items
  }) }}
  {{ govukButton({"text": "Save and continue"}) }}
</form>
{% endblock %}
"""


def bare_app(question_page: str) -> tuple[Flask, str]:
    """A minimal Flask app rendering the first question of our week-6 survey as GOV.UK radios."""
    app = Flask("bare")
    # A named template, compiled once and cached as Flask does for files (render_template_string
    # would compile it on every request).
    app.jinja_loader = ChoiceLoader(
        [
            DictLoader({"question.html": BARE_TEMPLATE}),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    survey = survey_for_stage()
    question = next(p for p in survey.pages if p.key == question_page).questions[0]
    items = [{"value": option.key, "text": option.label} for option in question.options]

    @app.get("/question")
    def page() -> str:
        return render_template("question.html", question=question, items=items)

    return app, "/question"


def survey_for_stage() -> SurveyDefinition:
    """The week-6 parent survey, loaded the way the app loads it."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        return survey_for("week6", "parent")


def our_app(folder: Path, **settings: object) -> tuple[Flask, str, str]:
    """Our app on an SQLite file with one family link; returns the app, a question page's URL and
    that page's key. ``settings`` override the app's configuration."""
    folder.mkdir(parents=True, exist_ok=True)
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "WTF_CSRF_ENABLED": True,
            "TESTING": False,
            **settings,
        }
    )
    with app.app_context():
        db.create_all()
        link = issue_demo_link("week6", "parent")
        page_key = survey_for("week6", "parent").pages[0].key
    return app, f"{link}/q/{page_key}", page_key


def cpu_per_request(app: Flask, path: str, requests: int) -> float:
    """Return the CPU seconds per GET of ``path``, over ``requests`` requests."""
    client = app.test_client()
    start = time.process_time()
    for _ in range(requests):
        client.get(path)
    return (time.process_time() - start) / requests


def measure(pages: dict[str, tuple[Flask, str]], requests: int) -> dict[str, list[float]]:
    """Time every page in turn, ``ROUNDS`` times, so a busy moment on the machine hits both."""
    for app, path in pages.values():
        client = app.test_client()
        for _ in range(20):  # warm caches, imports and the template compiler outside the timing
            assert client.get(path).status_code == 200
    rounds: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(ROUNDS):
        for name, (app, path) in pages.items():
            rounds[name].append(cpu_per_request(app, path, requests))
    return rounds


def profile(app: Flask, path: str, out: Path) -> None:
    """Write a pyinstrument HTML profile of ``REQUESTS`` requests to ``out``."""
    from pyinstrument import Profiler

    client = app.test_client()
    client.get(path)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(REQUESTS):
            client.get(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(profiler.output_html(), encoding="utf-8")
    print(profiler.output_text(unicode=False, color=False, show_all=False)[:6000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ours, path, page_key = our_app(Path(folder) / "cached")
        uncached, uncached_path, _ = our_app(Path(folder) / "uncached", WIDGET_RENDER_CACHE_SIZE=0)
        bare, bare_path = bare_app(page_key)
        rounds = measure(
            {
                BARE: (bare, bare_path),
                OURS: (ours, path),
                UNCACHED: (uncached, uncached_path),
            },
            args.requests,
        )
        if args.profile:
            profile(ours, path, ROOT / "test-artifacts" / "question-page-profile.html")
        for app in (ours, uncached):
            with app.app_context():
                db.engine.dispose()
    for name, seconds in rounds.items():
        print(f"{name:52s} {statistics.median(seconds) * 1000:6.2f} ms CPU per request (median)")
    for name in (OURS, UNCACHED):
        ratio = statistics.median(m / b for m, b in zip(rounds[name], rounds[BARE], strict=True))
        verdict = "within" if ratio <= BUDGET else "OVER"
        print(
            f"{name}: ratio {ratio:.2f}x, median of {ROUNDS} interleaved rounds of "
            f"{args.requests} requests ({verdict} the {BUDGET}x budget)"
        )


if __name__ == "__main__":
    main()
