"""Which language a page speaks, the language switcher, and right-to-left pages.

Families choose from the ``LANGUAGES`` setting. On a family's own pages the invitation's language
is the default and a new choice is stored on the invitation, so it follows the link to another
device; other public pages remember the choice in the session. Staff pages and sign-in stay in
English: the catalogues translate what families read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from flask import current_app, g, has_request_context, request, session, url_for
from flask_babel import get_locale, refresh
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from feedback.authz import PUBLIC, access_of
from feedback.extensions import db
from feedback.models import Invitation
from feedback.safe_redirect import safe_next

SESSION_KEY = "language"
QUERY_PARAMETER = "lang"
# Public pages that are for staff, not families, and so stay in English.
STAFF_BLUEPRINTS = frozenset({"auth"})
# A family link's pages: the token, then the page within the link.
_FAMILY_LINK_PATH = re.compile(r"^/s/(?P<token>[^/]+)(?P<rest>/.*)?$")


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


@dataclass(frozen=True, slots=True)
class LanguageSwitch:
    """The one-line language switch on a family page: the page's language, and the address of
    the page listing the choices, which leads back to this page."""

    current: Language
    change_url: str


def language_switch() -> LanguageSwitch | None:
    """The language switch for the current page.

    Returns
    -------
    LanguageSwitch or None
        None on staff pages, on the list of languages itself, or when only one language is
        offered.
    """
    if not has_request_context() or not is_family_page() or len(offered_languages()) < 2:
        return None
    if request.blueprint == "languages":
        return None
    return LanguageSwitch(current_language(), change_language_url(request.path, request.args))


def change_language_url(path: str, args: MultiDict[str, str]) -> str:
    """The address of the list of languages that leads back to ``path`` with ``args``.

    A family link's own pages go to the list under the link (``/s/<token>/language``), so the
    token stays in the path, where logs rewrite it, and never in a query string.
    """
    query = urlencode(
        [(key, value) for key, value in args.items(multi=True) if key != QUERY_PARAMETER]
    )
    match = _FAMILY_LINK_PATH.match(path)
    if match:
        rest = (match["rest"] or "") + (f"?{query}" if query else "")
        extra = {"next": rest} if rest else {}
        return url_for("languages.choose_for_link", token=match["token"], **extra)
    return url_for("languages.choose", next=path + (f"?{query}" if query else ""))


def return_path(value: str | None, *, token: str | None = None) -> str:
    """The page to go back to from the list of languages: ``value`` when it is a path on this
    site (``safe_redirect.safe_next``; under the family link ``/s/<token>`` when ``token`` is
    given, where ``value`` is the rest of the path or a query), else the home page or the
    link's start page."""
    if token is None:
        return safe_next(value, "/")
    base = f"/s/{token}"
    rest = value or ""
    if rest and (not rest.startswith(("/", "?")) or rest.startswith("//")):
        return base
    return safe_next(base + rest, base)


def language_choices(target: str) -> tuple[LanguageLink, ...]:
    """Links to ``target`` (a path on this site, with its query) in each offered language.

    Returns
    -------
    tuple of LanguageLink
        One per offered language, each with ``?lang=`` set and the other query parameters
        kept; the page's own language is marked current.
    """
    parts = urlsplit(target)
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key != QUERY_PARAMETER
    ]
    path = quote(request.script_root + parts.path)
    current = current_language().code
    return tuple(
        LanguageLink(
            language,
            f"{path}?{urlencode([*query, (QUERY_PARAMETER, language.code)])}",
            language.code == current,
        )
        for language in offered_languages()
    )


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
