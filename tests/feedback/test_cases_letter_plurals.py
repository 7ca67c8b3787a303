"""The time a survey takes, on letters and posters, in each language's own plural forms.

The sentence is the start page's plural message, so Ukrainian "1 хвилину", "3 хвилини" and
"5 хвилин", or Romanian "1 minut" and "20 de minute", come from the catalogue's plural rules
rather than one fixed form.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask_babel import force_locale

from feedback.config import Config
from feedback.services.cases.letters import letter_invitation, poster_invitation
from tests.feedback.conftest import dispose, make_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app on its own SQLite file: the wording needs no cases."""
    app = make_app(f"sqlite:///{tmp_path_factory.mktemp('plurals') / 'plurals.db'}")
    yield app
    dispose(app)


def _letter(app: Flask, language: str, minutes: int) -> str:
    with app.test_request_context(), force_locale(language):
        return letter_invitation(minutes)


def _poster(app: Flask, language: str, minutes: int) -> str:
    with app.test_request_context(), force_locale(language):
        return poster_invitation(minutes)


@pytest.mark.parametrize(
    ("language", "minutes", "phrase"),
    [
        ("en", 1, "It takes about 1 minute."),
        ("en", 5, "It takes about 5 minutes."),
        ("pl", 1, "około 1 minuty."),
        ("pl", 5, "około 5 minut."),
        ("uk", 1, "приблизно 1 хвилину."),
        ("uk", 3, "приблизно 3 хвилини."),
        ("uk", 5, "приблизно 5 хвилин."),
        ("ro", 1, "aproximativ 1 minut."),
        ("ro", 20, "aproximativ 20 de minute."),
        ("ar", 2, "دقيقتين"),
    ],
)
def test_letter_says_how_long_in_the_languages_plural_form(
    app: Flask, language: str, minutes: int, phrase: str
) -> None:
    assert phrase in _letter(app, language, minutes)
    assert phrase in _poster(app, language, minutes)


def test_english_letter_reads_as_one_paragraph(app: Flask) -> None:
    assert _letter(app, "en", 5) == (
        "We would like to hear how things went for you. It takes about 5 minutes. Your answers "
        "help us improve support for children and young people with special educational needs "
        "and disabilities."
    )
    assert _poster(app, "en", 1) == (
        "Tell us what you think. It takes about 1 minute. You do not need to give your name."
    )


@pytest.mark.parametrize("language", [code for code in Config.LANGUAGES if code != "en"])
def test_every_offered_language_translates_the_whole_letter(app: Flask, language: str) -> None:
    english = _letter(app, "en", 5), _poster(app, "en", 5)
    translated = _letter(app, language, 5), _poster(app, language, 5)

    for theirs, ours in zip(translated, english, strict=True):
        assert "5" in theirs
        assert not any(sentence in theirs for sentence in ours.split(". ")), language
