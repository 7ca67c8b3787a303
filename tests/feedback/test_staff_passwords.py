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


REPORTED_WEAK = [
    "passwordpassword",
    "123456789012",
    "abcdefghijkl",
    "letmeinletmein",
    "147258369147",
    "zaq12wsxcde3",
    "sendfeedback1",
    "Demo Borough Council",
    "demo-password-123",
]


@pytest.mark.parametrize("password", REPORTED_WEAK)
def test_reported_weak_passwords_are_refused(context: Flask, password: str) -> None:
    problem = password_problem(password, email="sam@example.gov.uk", names=["Demo Borough Council"])
    assert problem is not None


@given(
    st.sampled_from(LISTED + WORDS),
    st.integers(min_value=2, max_value=6),
    st.sampled_from(["", " ", "-"]),
    st.sampled_from(["", "1", "2024", "!"]),
)
def test_anything_short_said_again_and_again_is_refused(
    context: Flask, word: str, times: int, between: str, suffix: str
) -> None:
    password = between.join([word] * times) + suffix
    if len(password) >= MIN_PASSWORD_LENGTH:
        assert password_problem(password) is not None


SEQUENCES = [
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1qaz",
    "2wsx",
    "3edc",
    "4rfv",
    "741852963",
]


@st.composite
def runs(draw: st.DrawFn) -> str:
    """Pieces of three or more along a sequence, either way, joined until long enough."""
    password = ""
    while len(password) < MIN_PASSWORD_LENGTH:
        sequence = draw(st.sampled_from(SEQUENCES))
        if draw(st.booleans()):
            sequence = sequence[::-1]
        start = draw(st.integers(min_value=0, max_value=len(sequence) - 3))
        end = draw(st.integers(min_value=start + 3, max_value=len(sequence)))
        password += sequence[start:end]
    return password


@given(runs(), st.sampled_from(["", "1", "!!"]))
def test_a_run_along_the_alphabet_digits_or_keyboard_is_refused(
    context: Flask, run: str, suffix: str
) -> None:
    assert password_problem(run + suffix) is not None


@given(
    st.sampled_from(["Demo Borough Council", "Northshire County Council", "Eastbrook Council"]),
    st.sampled_from(["", "1", "2024!", " 99"]),
    st.sampled_from(["lower", "title", "upper"]),
)
def test_the_council_or_service_name_with_padding_is_refused(
    context: Flask, council: str, suffix: str, case: str
) -> None:
    for name in (council, "SEND Feedback"):
        password = getattr(name, case)() + suffix
        if len(password) >= MIN_PASSWORD_LENGTH:
            assert password_problem(password, names=[council]) is not None


@given(st.lists(st.sampled_from(WORDS), min_size=3, max_size=4, unique=True).map(" ".join))
def test_three_random_words_pass_with_a_council_name_given(context: Flask, password: str) -> None:
    assert (
        password_problem(password, email="sam@example.gov.uk", names=["Eastbrook Council"]) is None
    )
