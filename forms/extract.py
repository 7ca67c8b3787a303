"""Find the strings a survey shows, so they go through the same Babel workflow as the UI.

``extract_survey_yaml`` is a Babel extraction method; use it in ``babel.cfg`` as::

    [forms.extract:extract_survey_yaml: forms/surveys/**.yaml]

``translatable_strings`` lists the strings of a loaded survey, e.g. to check a catalogue has
them all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

from forms.definition import SurveyDefinition

# The YAML fields whose values families read; keys, types and numbers are never translated.
TRANSLATABLE_FIELDS = frozenset({"title", "intro", "label", "short_label", "hint"})

Extracted = tuple[int, None, str, list[str]]


def extract_survey_yaml(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Babel extraction method for survey YAML files.

    Parameters
    ----------
    fileobj : file
        The YAML file, opened in binary mode by Babel.
    keywords, comment_tags : collection of str
        Unused: a YAML file has no function calls or comments to tag.
    options : mapping
        Babel's options for this file; ``encoding`` defaults to UTF-8.

    Returns
    -------
    iterator of tuple
        ``(line number, None, message, [translator comment])`` for every translatable value,
        the comment saying which survey, question or option it belongs to.
    """
    text = fileobj.read().decode(options.get("encoding", "utf-8"))
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        yield from _walk(root, owner=None)


def _walk(node: yaml.Node, owner: str | None) -> Iterator[Extracted]:
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, owner)
    elif isinstance(node, yaml.MappingNode):
        owner = _mapping_key(node) or owner
        for key_node, value_node in node.value:
            field = key_node.value
            if field in TRANSLATABLE_FIELDS and isinstance(value_node, yaml.ScalarNode):
                comment = f"{owner}: {field}" if owner else field
                yield value_node.start_mark.line + 1, None, value_node.value.strip(), [comment]
            else:
                yield from _walk(value_node, owner)


def _mapping_key(node: yaml.MappingNode) -> str | None:
    for key_node, value_node in node.value:
        if key_node.value == "key" and isinstance(value_node, yaml.ScalarNode):
            return str(value_node.value)
    return None


def translatable_strings(survey: SurveyDefinition) -> list[str]:
    """List every string the survey shows a family, in the order they appear.

    Returns
    -------
    list of str
        Title, intro, page titles, question labels, short labels, hints and option labels
        (including the fixed scale labels), without repeats.
    """
    strings = [survey.title, survey.intro]
    for page in survey.pages:
        strings.append(page.title)
        for question in page.questions:
            strings += [question.label, question.short_label, question.hint]
            strings += [option.label for option in question.options]
    return list(dict.fromkeys(string for string in strings if string))
