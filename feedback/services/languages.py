"""Which language a page speaks, the language switcher, and right-to-left pages.

Families choose from the ``LANGUAGES`` setting. On a family's own pages the invitation's language
is the default and a new choice is stored on the invitation, so it follows the link to another
device; other public pages remember the choice in the session. Staff pages and sign-in stay in
English: the catalogues translate what families read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote, urlencode

from flask import current_app, g, has_request_context, request, session
from flask_babel import format_date, format_decimal, get_locale, refresh
from markupsafe import Markup

from feedback.authz import PUBLIC, access_of
from feedback.extensions import db
from feedback.models import Invitation

SESSION_KEY = "language"
QUERY_PARAMETER = "lang"
# Public pages that are for staff, not families, and so stay in English.
STAFF_BLUEPRINTS = frozenset({"auth"})
# GOV.UK style for dates ("24 December 2026"), written the way each language writes it.
LONG_DATE = "d MMMM y"


@dataclass(frozen=True, slots=True)
class Language:
    """A language families can choose: its code, its name in itself, and its direction."""

    code: str
    name: str
    direction: str

    @property
    def is_right_to_left(self) -> bool:
        """Whether the language is written right to left.

        Returns
        -------
        bool
            True for ``direction == "rtl"`` (Arabic, Urdu).
        """
        return self.direction == "rtl"


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """One entry of the language switcher: the language, where it leads, and whether it is on."""

    language: Language
    href: str
    current: bool


def offered_languages() -> tuple[Language, ...]:
    """The languages families can choose, in the order the ``LANGUAGES`` setting lists them.

    Returns
    -------
    tuple of Language
        English first by convention, then the other shipped languages.
    """
    return tuple(
        Language(code, name, direction)
        for code, (name, direction) in current_app.config["LANGUAGES"].items()
    )


def current_language() -> Language:
    """The language of the current page.

    Returns
    -------
    Language
        The offered language matching Flask-Babel's locale, else the default (English).
    """
    code = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    languages = {language.code: language for language in offered_languages()}
    return languages.get(code) or languages[current_app.config["BABEL_DEFAULT_LOCALE"]]


def is_family_page() -> bool:
    """Whether the current request's page speaks the family's language.

    Returns
    -------
    bool
        True for public pages (and unknown addresses, whose 404 page a family may meet) except
        the staff sign-in pages; False for every page behind a role check.
    """
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None:
        return True
    return access_of(view) == PUBLIC and request.blueprint not in STAFF_BLUEPRINTS


def select_locale() -> str:
    """Flask-Babel's locale selector: the language this request's page is written in.

    Returns
    -------
    str
        On family pages, ``?lang=`` when it names an offered language (remembered in the
        session), else the invitation's language on the invitation's own pages, else the
        language chosen earlier in this session, else English. Staff pages: English.
    """
    default = str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if not has_request_context() or not is_family_page():
        return default
    offered = current_app.config["LANGUAGES"]
    asked = request.args.get(QUERY_PARAMETER)
    if asked in offered:
        _remember(asked)
        return str(asked)
    for candidate in (g.get("invitation_language"), session.get(SESSION_KEY)):
        if candidate in offered:
            return str(candidate)
    return default


def use_invitation_language(invitation: Invitation, asked: str | None) -> None:
    """Speak the invitation's language on its pages, storing a new choice on the invitation.

    Parameters
    ----------
    invitation : Invitation
        The family's invitation, found from the link.
    asked : str or None
        The ``lang`` query parameter; a language not offered is ignored and changes nothing.
    """
    offered = current_app.config["LANGUAGES"]
    if asked in offered and asked != invitation.language:
        # Stored on the invitation, not only in this browser, so it survives another device.
        invitation.language = asked
        db.session.commit()
    if invitation.language in offered:
        g.invitation_language = invitation.language
        # Pages outside the survey (privacy, accessibility) then follow the family's language.
        _remember(invitation.language)
    # The locale may already have been chosen for this request before the invitation was known.
    refresh()


def _remember(code: str) -> None:
    # Writing an unchanged value would still send a new session cookie with every page.
    if session.get(SESSION_KEY) != code:
        session[SESSION_KEY] = code


def switcher_links() -> tuple[LanguageLink, ...]:
    """The language switcher's entries for the current page.

    Returns
    -------
    tuple of LanguageLink
        One per offered language, each linking to this page with ``?lang=`` set and the other
        query parameters kept; empty on staff pages or when only one language is offered.
    """
    languages = offered_languages()
    if not has_request_context() or not is_family_page() or len(languages) < 2:
        return ()
    current = current_language().code
    path = quote(request.script_root + request.path)
    return tuple(
        LanguageLink(language, _with_language(path, language.code), language.code == current)
        for language in languages
    )


def _with_language(path: str, code: str) -> str:
    query = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return f"{path}?{urlencode([*query, (QUERY_PARAMETER, code)])}"


def html_lang_attribute() -> Markup:
    """The value for GOV.UK Frontend's ``htmlLang``, with ``dir="rtl"`` for right-to-left pages.

    govuk-frontend-jinja's page template writes ``<html lang="{{ htmlLang }}" …>`` and has no
    hook for ``dir``; closing the quoted value and adding the attribute keeps that template
    unforked (``tests/feedback/test_languages_selection.py`` checks the markup it produces).

    Returns
    -------
    Markup
        ``en`` or, for a right-to-left language, ``ur" dir="rtl``.
    """
    language = current_language()
    if language.is_right_to_left:
        return Markup('{}" dir="rtl').format(language.code)
    return Markup("{}").format(language.code)


def long_date(value: date | datetime) -> str:
    """A date as GOV.UK writes it ("24 December 2026"), in the page's language.

    Returns
    -------
    str
        e.g. "24 Rhagfyr 2026" in Welsh, "24 دسمبر 2026" in Urdu.
    """
    return str(format_date(value, LONG_DATE))


def number(value: float) -> str:
    """A number with the page language's digits and separators ("1,200", "1 200").

    Returns
    -------
    str
        The formatted number.
    """
    return str(format_decimal(value))
