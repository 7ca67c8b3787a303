"""Read a survey YAML file, validate it and turn it into a :class:`SurveyDefinition`.

Validation runs in three steps, each stopping the load with a :class:`SurveyDefinitionError`
that names the file, the question (or page) and every problem found:

1. YAML syntax, including keys written twice in one mapping (PyYAML would silently keep the
   last one);
2. the shape, against the JSON Schema in ``forms/schema.json``;
3. rules the schema cannot state with a clear message: unique page and question keys, options
   only where the question type takes them, a sane ``max_length`` for text, and so on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from flask_wtf import FlaskForm

from forms.definition import Option, Page, Question, QuestionType, SurveyDefinition

SCHEMA_PATH = Path(__file__).with_name("schema.json")

# Longer comments than this are more than a survey needs and burden redaction and review.
MAX_TEXT_LENGTH = 5000

# A question key becomes an attribute of the FlaskForm, so it must not shadow one of its names.
RESERVED_QUESTION_KEYS = frozenset(
    name for name in dir(FlaskForm) if not name.startswith("_") and name.islower()
) | {"csrf_token", "submit"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a survey file, and where."""

    message: str
    page_key: str | None = None
    question_key: str | None = None

    def __str__(self) -> str:
        if self.question_key is not None:
            return f"question {self.question_key!r}: {self.message}"
        if self.page_key is not None:
            return f"page {self.page_key!r}: {self.message}"
        return self.message


class SurveyDefinitionError(ValueError):
    """A survey file that cannot be used, with every problem found in it.

    Attributes
    ----------
    path : Path
        The file.
    problems : tuple of Problem
        What is wrong, in file order.
    """

    def __init__(self, path: Path | str, problems: Sequence[Problem] | str) -> None:
        self.path = Path(path)
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = tuple(problems)
        super().__init__(self._describe())

    @property
    def question_key(self) -> str | None:
        """The key of the question the first problem is about, if it is about one.

        Returns
        -------
        str or None
            The question key.
        """
        return self.problems[0].question_key if self.problems else None

    def _describe(self) -> str:
        if len(self.problems) == 1:
            return f"{self.path}: {self.problems[0]}"
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        return f"{self.path}: {len(self.problems)} problems:\n{lines}"


class _StrictLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key written twice in the same mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_survey(path: Path) -> SurveyDefinition:
    """Load and validate one survey definition file.

    Parameters
    ----------
    path : Path
        A YAML file laid out as ``forms/schema.json`` describes.

    Returns
    -------
    SurveyDefinition
        The survey; raises :class:`SurveyDefinitionError` naming the file, the question key and
        the problem if the file cannot be read or is not a valid definition.
    """
    path = Path(path)
    data = _read_yaml(path)
    problems = _schema_problems(data)
    if not problems:
        problems = _rule_problems(data)
    if problems:
        raise SurveyDefinitionError(path, problems)
    return _build(data, path)


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SurveyDefinitionError(path, f"cannot read the file ({error})") from error
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass  # nosec B506
    except yaml.YAMLError as error:
        raise SurveyDefinitionError(path, f"not valid YAML: {_yaml_problem(error)}") from error
    if data is None:
        raise SurveyDefinitionError(path, "the file is empty")
    return data


def _yaml_problem(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark = error.problem_mark
        problem = error.problem or "syntax error"
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return str(error)


@cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _schema_problems(data: Any) -> list[Problem]:
    errors = sorted(
        _schema_validator().iter_errors(data),
        key=lambda error: [
            f"{part:08d}" if isinstance(part, int) else part for part in error.absolute_path
        ],
    )
    return [_schema_problem(data, error) for error in errors]


def _schema_problem(data: Any, error: jsonschema.ValidationError) -> Problem:
    path = list(error.absolute_path)
    page_key = question_key = None
    # Where a page or question has no usable key, say its position instead.
    position = ""
    if path[:1] == ["pages"] and len(path) >= 2 and isinstance(path[1], int):
        page = _item(data.get("pages"), path[1])
        page_key = _key_of(page)
        if path[2:3] == ["questions"] and len(path) >= 4 and isinstance(path[3], int):
            question = _item(page.get("questions") if isinstance(page, dict) else None, path[3])
            question_key = _key_of(question)
            if question_key is None:
                position = f"question {path[3] + 1} on page {page_key or path[1] + 1}: "
            path = path[4:]
        else:
            if page_key is None:
                position = f"page {path[1] + 1}: "
            path = path[2:]
    field = ".".join(str(part) for part in path)
    return Problem(position + _schema_message(field, error), page_key, question_key)


def _item(items: Any, index: int) -> Any:
    return items[index] if isinstance(items, list) and index < len(items) else None


def _key_of(item: Any) -> str | None:
    key = item.get("key") if isinstance(item, dict) else None
    return key if isinstance(key, str) else None


def _schema_message(field: str, error: jsonschema.ValidationError) -> str:
    name = field.rsplit(".", 1)[-1] or "value"
    if error.validator == "enum":
        expected = ", ".join(str(value) for value in error.validator_value)
        return f"unknown {name} {error.instance!r} (expected one of: {expected})"
    if error.validator == "pattern" and name == "key":
        return f"key {error.instance!r} must be snake_case (lowercase letters, digits, underscores)"
    if error.validator == "pattern":
        return f"{field} must not be empty"
    if error.validator == "type" and isinstance(error.instance, bool):
        # YAML reads an unquoted yes, no, on or off as true or false.
        return f"{field} is {error.instance}, not text: put yes, no, on or off in quotes"
    return f"{field}: {error.message}" if field else error.message


def _rule_problems(data: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    page_keys: set[str] = set()
    question_keys: set[str] = set()
    for page in data["pages"]:
        page_key = page["key"]
        if page_key in page_keys:
            problems.append(Problem(f"duplicate page key {page_key!r}", page_key))
        page_keys.add(page_key)
        if len(page["questions"]) > 1 and "title" not in page:
            problems.append(Problem("a page with several questions needs a title", page_key))
        for question in page["questions"]:
            question_key = question["key"]
            if question_key in question_keys:
                message = f"duplicate question key {question_key!r}"
                problems.append(Problem(message, page_key, question_key))
            question_keys.add(question_key)
            problems.extend(
                Problem(message, page_key, question_key) for message in _question_problems(question)
            )
    return problems


def _question_problems(question: Mapping[str, Any]) -> Iterator[str]:
    question_type = QuestionType(question["type"])
    options = question.get("options")
    if question["key"] in RESERVED_QUESTION_KEYS:
        yield f"key {question['key']!r} is reserved by the form; choose another"
    if question_type in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
        if not options or len(options) < 2:
            yield f"a {question_type} question needs at least two options"
        else:
            yield from _option_problems(question_type, options)
    elif options is not None:
        yield f"a {question_type} question takes no options (its answers are fixed)"
    max_length = question.get("max_length")
    if question_type is QuestionType.TEXT:
        if max_length is None:
            yield f"a text question needs a max_length (1 to {MAX_TEXT_LENGTH:,} characters)"
        elif not 1 <= max_length <= MAX_TEXT_LENGTH:
            yield f"max_length {max_length} is not between 1 and {MAX_TEXT_LENGTH:,}"
    elif max_length is not None:
        yield "only a text question takes a max_length"
    if "dont_know" in question and not question_type.is_scale:
        yield "only rating5 and agree5 questions take dont_know"


def _option_problems(
    question_type: QuestionType, options: Sequence[Mapping[str, Any]]
) -> Iterator[str]:
    seen: set[str] = set()
    for option in options:
        if option["key"] in seen:
            yield f"duplicate option key {option['key']!r}"
        seen.add(option["key"])
        if question_type is QuestionType.MULTI_CHOICE and "score" in option:
            yield f"option {option['key']!r}: a multi_choice option takes no score"


def _build(data: Mapping[str, Any], path: Path) -> SurveyDefinition:
    return SurveyDefinition(
        key=data["key"],
        version=data["version"],
        stage=data["stage"],
        audience=data["audience"],
        format=data["format"],
        title=data["title"].strip(),
        intro=data["intro"].strip(),
        estimated_minutes=data["estimated_minutes"],
        pages=tuple(_build_page(page) for page in data["pages"]),
        source=path,
    )


def _build_page(page: Mapping[str, Any]) -> Page:
    return Page(
        key=page["key"],
        questions=tuple(_build_question(question) for question in page["questions"]),
        title=_optional_text(page, "title"),
    )


def _build_question(question: Mapping[str, Any]) -> Question:
    options = tuple(
        Option(
            key=option["key"],
            label=option["label"].strip(),
            score=float(option["score"]) if "score" in option else None,
        )
        for option in question.get("options", ())
    )
    return Question(
        key=question["key"],
        type=QuestionType(question["type"]),
        label=question["label"].strip(),
        hint=_optional_text(question, "hint"),
        options=options,
        dont_know=question.get("dont_know", True),
        max_length=question.get("max_length"),
        short_label=_optional_text(question, "short_label"),
    )


def _optional_text(mapping: Mapping[str, Any], name: str) -> str | None:
    value = mapping.get(name)
    return value.strip() if value is not None else None
