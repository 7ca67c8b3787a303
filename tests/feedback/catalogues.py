"""Reading the Babel catalogues: which messages families read, how much is translated, placeholders.

``python -m tests.feedback.catalogues`` (or ``scripts/translations.sh status``) prints how much
of each catalogue is translated, so whoever fills one can see what is left.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

REPO_ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO_ROOT / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
WORKFLOW = REPO_ROOT / "scripts" / "translations.sh"

# Survey text: the YAML surveys and the scales and messages of the forms package.
SURVEY_SOURCES = ("forms/",)
# Everything a family reads: survey text, the public pages' templates and code, and the printed
# letters and open-survey posters (their sentences, the QR caption, the opt-out wording). Staff
# pages (and sign-in) are in English only. An area that adds a family page adds its sources here.
PRINTED_SOURCES = ("feedback/services/cases/letters.py", "feedback/services/cases/pdf.py")
FAMILY_SOURCES = (
    *SURVEY_SOURCES,
    *PRINTED_SOURCES,
    "templates/base.html",
    "templates/family/",
    "templates/pages/",
    "templates/errors/",
    "templates/languages/",
    "templates/contact/",
    "templates/you_said/",
    "feedback/blueprints/family.py",
    "feedback/blueprints/pages.py",
    "feedback/blueprints/contact.py",
    "feedback/blueprints/you_said.py",
    "feedback/services/languages.py",
    "feedback/services/survey_formats.py",
)

# Python %-format (named or not), a literal %%, GOV.UK Frontend's %{count}, str.format {name:spec}.
_PLACEHOLDER = re.compile(
    r"%\{\w+\}|%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%%|%[sd]|\{\w*(?:[:!][^{}]*)?\}"
)

MessageId = tuple[str, str | None]


def read_catalogue(path: Path) -> Catalog:
    """Read a ``.po`` or ``.pot`` file.

    Returns
    -------
    Catalog
        The catalogue, with its locale when the file names one.
    """
    with path.open("rb") as file:
        return read_po(file)


def catalogue_path(locale: str) -> Path:
    """Where a locale's catalogue lives: ``translations/<locale>/LC_MESSAGES/messages.po``.

    Returns
    -------
    Path
        The ``.po`` file (it may not exist).
    """
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


def catalogue_locales() -> list[str]:
    """Every locale with a catalogue in ``translations/``.

    Returns
    -------
    list of str
        Locale codes, sorted.
    """
    return sorted(path.parent.parent.name for path in TRANSLATIONS.glob("*/LC_MESSAGES/*.po"))


def message_id(message: Message) -> MessageId:
    """A message's identity: its singular id and its context (plural id included in the text).

    Returns
    -------
    tuple
        ``(msgid, msgctxt)``, with ``msgid_plural`` joined on for plural messages.
    """
    if isinstance(message.id, tuple):
        return ("\x00".join(message.id), message.context)
    return (message.id, message.context)


def message_ids(catalogue: Catalog) -> set[MessageId]:
    """The ids of every message in a catalogue, without the header.

    Returns
    -------
    set of MessageId
        One entry per message.
    """
    return {message_id(message) for message in catalogue if message.id}


def is_from(message: Message, sources: Iterable[str]) -> bool:
    """Whether a message is used in any of ``sources`` (path prefixes, relative to the repo).

    Returns
    -------
    bool
        True if one of its locations starts with one of the prefixes.
    """
    prefixes = tuple(sources)
    return any(filename.startswith(prefixes) for filename, _line in message.locations)


def is_translated(message: Message) -> bool:
    """Whether every form of a message has a translation that is not fuzzy.

    Returns
    -------
    bool
        False for a fuzzy message or an empty ``msgstr`` (any plural form).
    """
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(strings)


def untranslated(catalogue: Catalog, sources: Iterable[str]) -> list[str]:
    """The messages from ``sources`` that have no usable translation.

    Returns
    -------
    list of str
        Their ids (the singular id for plurals), in catalogue order.
    """
    sources = tuple(sources)
    return [
        message_id(message)[0]
        for message in catalogue
        if message.id and is_from(message, sources) and not is_translated(message)
    ]


def coverage(catalogue: Catalog, sources: Iterable[str]) -> tuple[int, int]:
    """How many messages from ``sources`` are translated.

    Returns
    -------
    tuple of int
        ``(translated, total)``.
    """
    sources = tuple(sources)
    used = [message for message in catalogue if message.id and is_from(message, sources)]
    return sum(is_translated(message) for message in used), len(used)


def placeholders(text: str) -> Counter[str]:
    """The placeholders in a message, each with how often it occurs.

    Returns
    -------
    Counter
        e.g. ``Counter({"%(council)s": 1})`` or ``Counter({"{max:,}": 1, "{label}": 1})``.
    """
    return Counter(_PLACEHOLDER.findall(text))


def placeholder_problems(catalogue: Catalog) -> Iterator[str]:
    """Translations whose placeholders differ from their message's.

    A translation must keep every placeholder exactly (``{max:,}`` stays ``{max:,}``); a plural
    form may leave out the count (``%(num)d``) where the language says "one" in words.

    Returns
    -------
    iterator of str
        One line per problem, naming the message.
    """
    for message in catalogue:
        if not message.id or not is_translated(message):
            continue
        if isinstance(message.id, tuple):
            expected = placeholders(message.id[1])
            optional = {token for token in expected if token.startswith("%(num)")}
            for form in message.string:
                found = placeholders(form)
                if set(found) - set(expected) or set(expected) - set(found) - optional:
                    yield f"{message.id[0]!r}: {dict(found)} instead of {dict(expected)}"
        else:
            expected, found = placeholders(message.id), placeholders(message.string)
            if found != expected:
                yield f"{message.id!r}: {dict(found)} instead of {dict(expected)}"
    for message, errors in catalogue.check():
        for error in errors:
            yield f"{message_id(message)[0]!r}: {error}"


def compiled(catalogue: Catalog) -> bytes:
    """Compile a catalogue as ``pybabel compile`` does (fuzzy translations left out).

    Returns
    -------
    bytes
        The ``.mo`` file's contents.
    """
    buffer = BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def extract_template(output: Path) -> Catalog:
    """Extract a fresh template with the project's own workflow, into ``output``.

    Returns
    -------
    Catalog
        What ``scripts/translations.sh extract`` writes from the sources as they are now.
    """
    bin_dir = Path(sys.executable).parent
    environment = {**os.environ, "POT": str(output), "PYBABEL": str(bin_dir / "pybabel")}
    subprocess.run([str(WORKFLOW), "extract"], check=True, env=environment, cwd=REPO_ROOT)
    return read_catalogue(output)


@dataclass(frozen=True, slots=True)
class Status:
    """How much of one catalogue is translated, by who reads the strings."""

    locale: str
    family: tuple[int, int]
    survey: tuple[int, int]
    everything: tuple[int, int]


def status(locale: str) -> Status:
    """Count the translated messages of a locale's catalogue.

    Returns
    -------
    Status
        Translated and total for family-facing strings, survey text and the whole catalogue.
    """
    catalogue = read_catalogue(catalogue_path(locale))
    return Status(
        locale=locale,
        family=coverage(catalogue, FAMILY_SOURCES),
        survey=coverage(catalogue, SURVEY_SOURCES),
        everything=coverage(catalogue, ("",)),
    )


def main() -> None:
    """Print each catalogue's translated counts as a table."""
    print(f"{'locale':8}{'family pages':>16}{'survey text':>16}{'everything':>16}")
    for locale in catalogue_locales():
        row = status(locale)
        cells = [f"{done}/{total}" for done, total in (row.family, row.survey, row.everything)]
        print(f"{locale:8}" + "".join(f"{cell:>16}" for cell in cells))


if __name__ == "__main__":
    main()
