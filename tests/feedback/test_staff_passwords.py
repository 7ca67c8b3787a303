"""The password policy follows the NCSC's guidance: a minimum length, no composition rules, and a
check against common and breached passwords shipped with the app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st

from feedback import create_app
from feedback.services.passwords import (
    MIN_PASSWORD_LENGTH,
    common_passwords,
    password_problem,
)

LISTED = sorted(p for p in common_passwords() if p.isalpha() and 4 <= len(p) <= 11)
WORDS = ["plum", "orchard", "lantern", "copper", "meadow", "quiet", "harbour", "violet", "tundra"]


@pytest.fixture(scope="module")
def context() -> Iterator[Flask]:
    app = create_app({"TESTING": True})
    with app.test_request_context():
        yield app


def test_the_shipped_list_holds_tens_of_thousands_of_passwords() -> None:
    assert len(common_passwords()) > 40_000
    assert {"password", "123456", "qwerty", "iloveyou"} <= common_passwords()


@given(
    st.sampled_from(LISTED),
    st.sampled_from(["", "1", "!", "2024", "123!", "!!", "#1"]),
    st.sampled_from(["lower", "upper", "title"]),
)
def test_a_common_password_with_padding_or_capitals_is_refused(
    context: Flask, word: str, suffix: str, case: str
) -> None:
    password = getattr(word, case)() + suffix
    password += "1" * max(0, MIN_PASSWORD_LENGTH - len(password))
    assert password_problem(password) is not None


@given(st.lists(st.sampled_from(WORDS), min_size=3, max_size=4, unique=True).map(" ".join))
def test_three_random_words_need_no_capitals_digits_or_symbols(
    context: Flask, password: str
) -> None:
    assert password_problem(password) is None


@given(st.text(min_size=1, max_size=MIN_PASSWORD_LENGTH - 1))
def test_anything_shorter_than_the_minimum_is_refused(context: Flask, password: str) -> None:
    assert str(password_problem(password)).startswith("Password must be 12 characters")


def test_a_repeated_pattern_and_the_email_address_are_refused(context: Flask) -> None:
    assert password_problem("abababababababab") is not None
    assert password_problem("sam.jones-on-monday", email="sam.jones@example.gov.uk") is not None
