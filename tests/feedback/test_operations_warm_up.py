"""A new app server process compiles its templates and builds the redactor before serving."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import Flask

from feedback.services.reviews import redaction
from feedback.warm_up import warm_up

ROOT = Path(__file__).resolve().parents[2]


def test_warm_up_compiles_every_template_and_loads_every_survey(app: Flask) -> None:
    compiled: list[str] = []
    get_template = app.jinja_env.get_template

    def counting(name: str) -> object:
        compiled.append(name)
        return get_template(name)

    app.jinja_env.get_template = counting  # type: ignore[method-assign]
    done = warm_up(app)
    assert done.templates == len(compiled) > 50
    assert {"family/question.html", "base.html", "govuk_frontend_wtf/radios.html"} <= set(compiled)
    assert done.surveys == len(app.extensions["surveys"]) > 0


def test_warm_up_builds_the_comment_redactor(app: Flask) -> None:
    redaction.analyzer.cache_clear()
    warm_up(app)
    assert redaction.analyzer.cache_info().currsize == 1


def test_gunicorn_warms_each_worker_before_it_serves(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The settings file names a metrics folder in the environment; keep that out of this process.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    redaction.analyzer.cache_clear()
    settings["post_worker_init"](SimpleNamespace(wsgi=app))
    assert redaction.analyzer.cache_info().currsize == 1


def test_gunicorn_removes_the_metrics_folder_it_made_itself_when_it_stops(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    made = Path(settings["_metrics_folder"])
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")  # run_path set it for this process
    assert made.is_dir()
    settings["on_exit"](SimpleNamespace())
    assert not made.exists()

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    named = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    named["on_exit"](SimpleNamespace())
    assert tmp_path.is_dir()  # the operator's folder is theirs to keep
