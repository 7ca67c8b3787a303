"""Doing a new app server process's one-off work before it serves any family.

A new gunicorn worker (at start, and every ``max_requests`` when it is recycled) would otherwise
compile each template on the first page that uses it and build the comment redactor (Presidio and
spaCy, about 3 s) on the first submission, while the worker's other threads wait: families who
arrive then wait seconds (bench/bench_load.py shows it). ``gunicorn.conf.py`` calls
:func:`warm_up` from ``post_worker_init``, before the worker accepts requests.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from flask import Flask

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WarmUp:
    """What a warm-up did: how many templates it compiled, surveys it loaded, and how long."""

    templates: int
    surveys: int
    seconds: float


def warm_up(app: Flask) -> WarmUp:
    """Compile every template, load the survey definitions and build the comment redactor.

    Returns what was done; nothing is read from or written to the database.
    """
    from feedback.services.reviews.redaction import redact
    from feedback.services.surveys import registry

    started = time.perf_counter()
    names = app.jinja_env.list_templates(extensions=("html",))
    for name in names:
        app.jinja_env.get_template(name)
    with app.app_context():
        surveys = len(registry())
    redact("Warm up.")
    done = WarmUp(templates=len(names), surveys=surveys, seconds=time.perf_counter() - started)
    log.info(
        "worker warmed up: %d templates, %d surveys, %.1f s",
        done.templates,
        done.surveys,
        done.seconds,
    )
    return done
