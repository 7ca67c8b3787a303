"""The message catalogues: extraction is current, shipped languages are complete and they compile.

The same checks run from ``scripts/translations.sh check``. ``LANGUAGES`` (the setting) decides
which languages are shipped to families; every other catalogue in ``translations/`` is being
written and only has to be well formed.
"""

from __future__ import annotations

import re
from gettext import GNUTranslations
from io import BytesIO
from pathlib import Path

import pytest
from babel import Locale

from feedback.config import Config
from tests.feedback.catalogues import (
    FAMILY_SOURCES,
    PRINTED_SOURCES,
    REPO_ROOT,
    SURVEY_SOURCES,
    TEMPLATE,
    catalogue_locales,
    catalogue_path,
    compiled,
    extract_template,
    is_from,
    is_translated,
    message_ids,
    placeholder_problems,
    placeholders,
    read_catalogue,
    untranslated,
)

DEFAULT = Config.BABEL_DEFAULT_LOCALE
SHIPPED = [code for code in Config.LANGUAGES if code != DEFAULT]
CATALOGUES = catalogue_locales()


@pytest.fixture(scope="module")
def fresh_template(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str | None]]:
    """The message ids extracted from the sources now, by the project's own workflow."""
    output = tmp_path_factory.mktemp("extract") / "messages.pot"
    return message_ids(extract_template(output))


def test_committed_template_has_every_message_the_sources_use(
    fresh_template: set[tuple[str, str | None]],
) -> None:
    missing = fresh_template - message_ids(read_catalogue(TEMPLATE))

    assert not missing, (
        f"{len(missing)} new message(s) are not in translations/messages.pot; run "
        f"`scripts/translations.sh update`: {sorted(m[0] for m in missing)[:10]}"
    )


def test_committed_template_has_no_message_the_sources_no_longer_use(
    fresh_template: set[tuple[str, str | None]],
) -> None:
    gone = message_ids(read_catalogue(TEMPLATE)) - fresh_template

    assert not gone, f"run `scripts/translations.sh update`: {sorted(m[0] for m in gone)[:10]}"


# A template's ``_("...")`` or ``ngettext("...", ...)`` call whose (first) argument is a plain
# literal, found without Babel.
_TEMPLATE_CALL = re.compile(r"""\b(?:_|ngettext)\(\s*(["'])((?:(?!\1)[^\\\n]|\\.)*)\1\s*[,)]""")


def test_every_literal_template_string_is_extracted(
    fresh_template: set[tuple[str, str | None]],
) -> None:
    # A scan independent of Babel: an unknown tag (such as the fragment cache's) once made the
    # extractor skip whole blocks of base.html, and both extraction checks above agreed.
    ids = {text.split("\x00")[0] for text, _context in fresh_template}  # plural: its singular
    found = {
        (path.relative_to(REPO_ROOT).as_posix(), re.sub(r"\\(.)", r"\1", call.group(2)))
        for path in (REPO_ROOT / "templates").rglob("*.html")
        for call in _TEMPLATE_CALL.finditer(path.read_text(encoding="utf-8"))
    }
    missing = sorted(f"{source}: {text}" for source, text in found if text not in ids)

    assert len(found) > 100
    assert missing == []


def test_survey_yaml_text_is_extracted_with_the_ui_strings(
    fresh_template: set[tuple[str, str | None]],
) -> None:
    ids = {text for text, _context in fresh_template}

    assert "Tell us how your request for an EHC needs assessment was handled" in ids
    assert "Very satisfied" in ids
    assert "Check your answers" in ids


@pytest.mark.parametrize("locale", CATALOGUES)
def test_catalogue_holds_exactly_the_templates_messages(locale: str) -> None:
    catalogue = message_ids(read_catalogue(catalogue_path(locale)))

    assert catalogue == message_ids(read_catalogue(TEMPLATE)), (
        f"{locale} is out of date: run `scripts/translations.sh update`"
    )


@pytest.mark.parametrize("locale", SHIPPED)
def test_shipped_language_has_a_catalogue(locale: str) -> None:
    assert catalogue_path(locale).is_file()


@pytest.mark.parametrize("locale", SHIPPED)
def test_shipped_language_translates_all_survey_text(locale: str) -> None:
    missing = untranslated(read_catalogue(catalogue_path(locale)), SURVEY_SOURCES)

    assert missing == []


@pytest.mark.parametrize("locale", SHIPPED)
def test_shipped_language_translates_every_string_families_read(locale: str) -> None:
    missing = untranslated(read_catalogue(catalogue_path(locale)), FAMILY_SOURCES)

    assert missing == []


def test_printed_letters_and_posters_are_among_the_strings_families_read() -> None:
    template = read_catalogue(TEMPLATE)
    printed = {m.id for m in template if m.id and is_from(m, PRINTED_SOURCES)}
    family = {m.id for m in template if m.id and is_from(m, FAMILY_SOURCES)}

    # The letter's opt-out wording and the posters' QR caption: a moved source would drop them.
    assert "To stop getting these invitations, go to %(link)s" in printed
    assert "Point your phone's camera at this code." in printed
    assert printed <= family


def test_an_untranslated_letter_sentence_is_reported(tmp_path: Path) -> None:
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: bn\\n"\n\n'
        "#: feedback/services/cases/letters.py\n"
        'msgid "Please answer by %(date)s."\n'
        'msgstr ""\n',
        encoding="utf-8",
    )

    assert untranslated(read_catalogue(po), FAMILY_SOURCES) == ["Please answer by %(date)s."]


@pytest.mark.parametrize("locale", CATALOGUES)
def test_translations_keep_their_placeholders(locale: str) -> None:
    problems = list(placeholder_problems(read_catalogue(catalogue_path(locale))))

    assert problems == []


@pytest.mark.parametrize("locale", CATALOGUES)
def test_no_translation_is_left_fuzzy(locale: str) -> None:
    # A fuzzy translation is never compiled, so the page would silently fall back to English.
    fuzzy = [m.id for m in read_catalogue(catalogue_path(locale)) if m.id and m.fuzzy]

    assert fuzzy == []


@pytest.mark.parametrize("locale", CATALOGUES)
def test_catalogue_compiles_and_reads_back_every_translation(locale: str) -> None:
    catalogue = read_catalogue(catalogue_path(locale))

    translations = GNUTranslations(BytesIO(compiled(catalogue)))

    for message in catalogue:
        if message.id and is_translated(message) and not isinstance(message.id, tuple):
            assert translations.gettext(message.id) == message.string


@pytest.mark.parametrize("locale", SHIPPED)
def test_compiled_catalogue_the_app_reads_is_up_to_date(locale: str) -> None:
    mo_file = catalogue_path(locale).with_suffix(".mo")
    if not mo_file.is_file():
        pytest.fail(f"{mo_file} is missing: run `scripts/translations.sh compile`", pytrace=False)
    catalogue = read_catalogue(catalogue_path(locale))

    with mo_file.open("rb") as file:
        served = GNUTranslations(file)

    stale = [
        m.id
        for m in catalogue
        if m.id and is_translated(m) and not isinstance(m.id, tuple)
        if served.gettext(m.id) != m.string
    ]
    assert stale == [], f"{mo_file} is stale: run `scripts/translations.sh compile`"


@pytest.mark.parametrize("code", list(Config.LANGUAGES))
def test_language_setting_names_each_language_in_itself_with_its_direction(code: str) -> None:
    name, direction = Config.LANGUAGES[code]
    locale = Locale.parse(code)

    assert name.casefold() == str(locale.get_display_name(code)).casefold()
    assert direction == ("rtl" if locale.character_order == "right-to-left" else "ltr")


def test_welsh_and_urdu_are_shipped_and_complete() -> None:
    assert {"cy", "ur"} <= set(SHIPPED)


def test_every_catalogue_says_it_needs_review_by_a_native_speaker() -> None:
    missing_note = [
        locale
        for locale in CATALOGUES
        if "needs review by a native speaker" not in catalogue_path(locale).read_text("utf-8")
    ]

    assert missing_note == []


def test_placeholders_are_found_in_every_style_the_service_uses() -> None:
    found = placeholders("%(council)s {label} must be {max:,} %{count} 400%%")

    assert sorted(found) == ["%%", "%(council)s", "%{count}", "{label}", "{max:,}"]


def test_a_dropped_placeholder_is_reported(tmp_path: Path) -> None:
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: cy\\n"\n\n'
        'msgid "{label} must be {max:,} characters or fewer"\n'
        'msgstr "Rhaid i {label} fod yn fyr"\n',
        encoding="utf-8",
    )

    problems = list(placeholder_problems(read_catalogue(po)))

    assert len(problems) == 1
    assert "{max:,}" in problems[0]
