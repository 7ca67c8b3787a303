"""The redactor hides each kind of identifier families write, and keeps the rest of the comment."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback.services.reviews.entities import Entity
from feedback.services.reviews.recall import by_split, load_labelled, measure_recall, parse_labelled
from feedback.services.reviews.redaction import redact
from feedback.services.reviews.uk_patterns import is_valid_nhs_number

LABELLED_SET = Path(__file__).resolve().parents[1] / "data" / "redaction_labelled.txt"
RECALL_FLOOR = 0.95


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My son Jake has waited 22 weeks.", "My son [child's name] has waited 22 weeks."),
        ("my son jaydn is 7", "my son [child's name] is 7"),
        ("Thank you to Lowri from SENDIASS.", "Thank you to [name] from SENDIASS."),
        ("The senco mrs begum chased it.", "The senco [name] chased it."),
        ("Micheal needs a 1:1.", "[name] needs a 1:1."),
        ("Kuba and Zosia both have plans.", "[name] and [name] both have plans."),
    ],
)
def test_names_are_replaced_even_in_lower_case_and_misspelt(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my son will need support", "my son will need support"),
        ("I hope the panel will listen.", "I hope the panel will listen."),
        ("SATs are in May.", "SATs are in May."),
        ("My daughter may need a residential place.", "My daughter may need a residential place."),
    ],
)
def test_everyday_words_that_are_also_names_are_kept(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please call 07700 900 123 today", "Please call [phone number] today"),
        ("ring 07700900456", "ring [phone number]"),
        ("landline 0121 496 0321.", "landline [phone number]."),
        ("or +44 7700 900111", "or [phone number]"),
    ],
)
def test_uk_phone_numbers_with_any_spacing_are_replaced(text: str, expected: str) -> None:
    assert redact(text).text == expected


def test_email_addresses_are_replaced() -> None:
    assert redact("email kelly.m.jones84@gmail.com thanks").text == "email [email] thanks"


@pytest.mark.parametrize("postcode", ["B15 2TT", "dy1 4rn", "WV100QP"])
def test_postcodes_in_any_case_are_replaced(postcode: str) -> None:
    assert redact(f"we live in {postcode} now").text == "we live in [postcode] now"


def test_nhs_numbers_are_replaced() -> None:
    assert redact("NHS number 486 091 3903.").text == "NHS number [NHS number]."


def test_nhs_check_digit_follows_the_modulus_11_rule() -> None:
    # 943 476 5919 is NHS Digital's published example of a valid number.
    assert is_valid_nhs_number("9434765919")
    assert not is_valid_nhs_number("9434765918")


def test_dates_of_birth_are_replaced_but_other_dates_are_kept() -> None:
    text = "He was born on 14/03/2016 and the meeting was on 12/03/2024."
    assert redact(text).text == "He was born on [date of birth] and the meeting was on 12/03/2024."


def test_case_references_are_replaced() -> None:
    assert redact("Our reference is EHC/2023/0456.").text == "Our reference is [case reference]."


def test_schools_and_places_are_replaced() -> None:
    text = "he goes to st marys c of e primary in Walsall"
    assert redact(text).text == "he goes to [school] in [place]"


def test_a_kind_of_school_is_not_taken_for_a_named_school() -> None:
    assert redact("He needs a special school.").text == "He needs a special school."


def test_welsh_and_polish_school_names_are_replaced() -> None:
    assert redact("Mae hi yn Ysgol y Graig").text == "Mae hi yn [school]"


def test_redaction_reports_where_it_hid_things_not_what() -> None:
    result = redact("Call Sarah on 07700 900 123")
    assert [(span.start, span.end) for span in result.spans] == [(5, 10), (14, 27)]


def test_labelled_set_parses_marks_into_spans() -> None:
    (comment,) = parse_labelled(["## split: tune", "my son [[name:jake]] is 7"])
    assert comment.text == "my son jake is 7"
    assert [(i.start, i.end, i.kind) for i in comment.identifiers] == [(7, 11, "name")]
    assert comment.split == "tune"


def test_recall_on_the_labelled_set_is_at_least_95_percent_in_each_split() -> None:
    comments = load_labelled(LABELLED_SET)
    assert len(comments) >= 300
    for name, group in by_split(comments).items():
        recall = measure_recall(group, redact)
        assert recall.value >= RECALL_FLOOR, f"{name}: {recall.value:.3f} {recall.missed}"


def test_redact_command_prints_each_line_redacted(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["comments", "redact"], input="my son jake is 7\nemail jo@example.com\n"
    )
    assert result.exit_code == 0
    assert result.output == "my son [child's name] is 7\nemail [email]\n"


def test_recall_command_prints_the_figure_for_each_split(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["comments", "redaction-recall"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("all: recall ")
    assert any(line.startswith("held_out: recall ") for line in lines)


_PARTS = st.sampled_from(
    ["plan", "late", "the", "jo.bloggs@example.com", "07700 900 123", "kuba", "zosia", "SW1A 1AA"]
)


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(_PARTS, min_size=1, max_size=10))
def test_each_hidden_span_is_one_placeholder_in_the_redacted_text(parts: list[str]) -> None:
    # Presidio joins finds of one kind with only spaces between; the spans must match the text.
    result = redact(" ".join(parts))
    placeholders = sum(result.text.count(entity.placeholder) for entity in Entity)
    assert placeholders == len(result.spans)
