"""Which language a family page speaks: ``?lang=``, the invitation's language, the switcher (the
page's language and a "Change language" link to the list of languages, which leads back)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import time_machine
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from feedback.config import Config
from feedback.extensions import db
from feedback.models import Response, User
from feedback.services import languages
from tests.feedback.journey_steps import answer_all_pages, start_url
from tests.feedback.language_links import issue_link, stored_invitation
from tests.feedback.pages import CheckingClient, first_form, soup

WELSH_TITLE = "Dywedwch wrthym sut yr ymdriniwyd â'ch cais am asesiad o anghenion EHC"
URDU_TITLE = "ہمیں بتائیں کہ EHC ضروریات کی تشخیص کے لیے آپ کی درخواست کو کیسے نمٹایا گیا"
ENGLISH_TITLE = "Tell us how your request for an EHC needs assessment was handled"


def _checking(app: Flask) -> FlaskClient:
    return CheckingClient(app)


def _h1(client: FlaskClient, url: str) -> str:
    return soup(client.get(url)).h1.get_text(" ", strip=True)


def _html_attributes(client: FlaskClient, url: str) -> dict[str, str]:
    html = soup(client.get(url)).html
    return {name: html.get(name) for name in ("lang", "dir") if html.get(name)}


def test_lang_parameter_shows_the_start_page_in_welsh(app: Flask) -> None:
    link = issue_link(app)

    assert _h1(_checking(app), link + "?lang=cy") == WELSH_TITLE


def test_welsh_page_says_so_on_the_html_element_and_reads_left_to_right(app: Flask) -> None:
    link = issue_link(app)

    assert _html_attributes(_checking(app), link + "?lang=cy") == {"lang": "cy"}


def test_urdu_page_is_marked_right_to_left_on_the_html_element(app: Flask) -> None:
    link = issue_link(app)

    assert _html_attributes(_checking(app), link + "?lang=ur") == {"lang": "ur", "dir": "rtl"}


def test_invitation_language_is_the_default(app: Flask) -> None:
    link = issue_link(app, language="ur")

    assert _h1(_checking(app), link) == URDU_TITLE


def test_invitation_in_a_language_not_offered_falls_back_to_english(app: Flask) -> None:
    link = issue_link(app, language="xx")

    assert _h1(_checking(app), link) == ENGLISH_TITLE


def test_unknown_lang_parameter_changes_nothing(app: Flask) -> None:
    link = issue_link(app, language="cy")

    heading = _h1(_checking(app), link + "?lang=klingon")

    assert heading == WELSH_TITLE
    assert stored_invitation(app, link) == ("cy", "standard")


def test_language_chosen_on_one_device_follows_the_link_to_another(app: Flask) -> None:
    link = issue_link(app, language="en")
    _checking(app).get(link + "?lang=ur")

    other_device = _checking(app)

    assert _h1(other_device, link) == URDU_TITLE
    assert stored_invitation(app, link) == ("ur", "standard")


def test_language_chosen_mid_survey_keeps_the_page_and_its_answers(app: Flask) -> None:
    link = issue_link(app)
    client = _checking(app)
    first_question = start_url(client, link)
    client.post(first_question, data={"decision_explained": "4"})

    page = soup(client.get(first_question + "?lang=cy"))

    assert page.select_one("input[value='4']").has_attr("checked")
    assert page.select_one("label[for='decision_explained-4']").get_text(strip=True) == "Cytuno"


def test_response_records_the_language_the_family_answered_in(app: Flask) -> None:
    link = issue_link(app, language="cy")
    client = _checking(app)
    check_url = answer_all_pages(client, link)

    client.post(check_url)

    with app.app_context():
        assert db.session.scalar(select(Response.language)) == "cy"


def _language_list(client: FlaskClient, url: str) -> tuple[str, BeautifulSoup]:
    """Follow a page's "Change language" link; return its address and the list it leads to."""
    switcher = soup(client.get(url)).select_one("nav.app-language-switcher")
    change = switcher.select_one("a")["href"]
    return change, soup(client.get(change))


def test_switcher_is_the_pages_language_and_one_change_language_link(app: Flask) -> None:
    link = issue_link(app, language="ur")

    switcher = soup(_checking(app).get(link)).select_one("nav.app-language-switcher")

    current = switcher.select_one(".app-language-switcher__current")
    assert (current["lang"], current["dir"], current.get_text(strip=True)) == ("ur", "rtl", "اردو")
    [change] = switcher.select("a")
    assert change.get_text(strip=True) == "زبان تبدیل کریں"
    assert switcher["aria-label"] == "زبان منتخب کریں"


def test_change_language_lists_every_language_named_in_itself(app: Flask) -> None:
    link = issue_link(app, language="ur")

    _change, page = _language_list(_checking(app), link)

    items = page.select("ul.app-language-choices li")
    names = [item.get_text(strip=True) for item in items]
    assert names == [native for native, _direction in app.config["LANGUAGES"].values()]
    current = page.select_one("ul.app-language-choices [aria-current='true']")
    assert (current.name, current["lang"], current.get_text(strip=True)) == ("span", "ur", "اردو")
    assert page.h1.get_text(strip=True) == "زبان منتخب کریں"


def test_each_language_leads_back_to_the_same_question_with_its_query(app: Flask) -> None:
    link = issue_link(app)
    client = _checking(app)
    question = start_url(client, link)

    change, page = _language_list(client, question + "?change=1&lang=cy")

    assert change.startswith(link + "/language?")  # the token stays in the path, not a query
    others = set(app.config["LANGUAGES"]) - {"cy"}
    choices = page.select("ul.app-language-choices a")
    assert {a["lang"]: a["href"] for a in choices} == {
        code: f"{question}?change=1&lang={code}" for code in others
    }
    assert {a["hreflang"] for a in choices} == others
    assert page.select_one("a.govuk-back-link")["href"] == question + "?change=1"


def test_choosing_from_the_list_keeps_the_place_and_the_answers(app: Flask) -> None:
    link = issue_link(app)
    client = _checking(app)
    check_url = answer_all_pages(client, link)

    _change, page = _language_list(client, check_url)
    welsh = page.select_one("ul.app-language-choices a[lang='cy']")["href"]
    shown = client.get(welsh)

    assert shown.status_code == 200
    assert welsh.split("?")[0] == check_url
    assert soup(shown).html["lang"] == "cy"
    assert stored_invitation(app, link) == ("cy", "standard")


def test_language_list_leads_back_to_a_public_page(app: Flask) -> None:
    client = _checking(app)

    change, page = _language_list(client, "/privacy?lang=pl")

    assert change == "/language?next=/privacy"
    welsh = page.select_one("ul.app-language-choices a[lang='cy']")["href"]
    assert welsh == "/privacy?lang=cy"
    assert soup(client.get(welsh)).html["lang"] == "cy"


@pytest.mark.parametrize(
    "next_page",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
    ],
)
def test_language_list_never_leads_off_the_site(app: Flask, next_page: str) -> None:
    page = soup(_checking(app).get("/language", query_string={"next": next_page}))

    hrefs = [a["href"] for a in page.select("ul.app-language-choices a")]
    assert hrefs and all(href.startswith("/?lang=") for href in hrefs)
    assert page.select_one("a.govuk-back-link")["href"] == "/"


@settings(max_examples=300)
@given(value=st.text(), token=st.one_of(st.none(), st.from_regex(r"\A[a-z0-9]{26}\Z")))
def test_return_path_never_leaves_the_site_whatever_is_asked(value: str, token: str | None) -> None:
    result = languages.return_path(value, token=token)

    assert result.startswith("/") and not result.startswith(("//", "/\\"))
    assert not urlsplit(result).scheme and not urlsplit(result).netloc
    assert token is None or result.startswith(f"/s/{token}")


@pytest.mark.parametrize(
    ("asked", "token", "expected"),
    [
        ("/privacy?x=1", None, "/privacy?x=1"),
        ("/a\x00b", None, "/"),
        ("/a\nb", None, "/"),
        ("", None, "/"),
        ("/q/page?change=1", "tok", "/s/tok/q/page?change=1"),
        ("?lang=cy", "tok", "/s/tok?lang=cy"),
        ("", "tok", "/s/tok"),
        ("//evil.example/", "tok", "/s/tok"),
        ("x" * 2001, None, "/"),
    ],
)
def test_return_path_is_a_page_of_this_site(
    app: Flask, asked: str, token: str | None, expected: str
) -> None:
    assert languages.return_path(asked, token=token) == expected


def test_public_pages_follow_the_language_of_the_familys_link(app: Flask) -> None:
    link = issue_link(app, language="cy")
    client = _checking(app)
    client.get(link)

    assert _h1(client, "/privacy") == "Sut rydym yn defnyddio eich atebion"


def test_lang_parameter_works_when_typed_on_any_public_page(app: Flask) -> None:
    assert _h1(_checking(app), "/?lang=ur") == "اپنی EHC ضروریات کی تشخیص کے بارے میں ہمیں بتائیں"


def test_staff_pages_stay_in_english_without_a_switcher(
    client: FlaskClient, sign_in: Callable[..., User]
) -> None:
    client.get("/?lang=cy")
    sign_in("admin")

    page = soup(client.get("/staff/"))

    assert page.html["lang"] == "en"
    assert page.select_one("nav.app-language-switcher") is None


def test_sign_in_page_stays_in_english(client: FlaskClient) -> None:
    page = soup(client.get("/sign-in?lang=ur"))

    assert page.h1.get_text(strip=True) == "Sign in"
    assert page.html["lang"] == "en"


def test_error_messages_and_summary_are_in_the_familys_language(app: Flask) -> None:
    link = issue_link(app, language="cy")
    client = _checking(app)
    question = start_url(client, link)
    form = first_form(client.get(question))

    page = soup(client.post(question, data={**_hidden(form), "decision_explained": "9"}))

    assert page.title.get_text().startswith("Gwall:")
    assert page.select_one(".govuk-error-summary__title").get_text(strip=True) == (
        "Mae problem wedi codi"
    )
    assert page.select_one(".govuk-error-message").get_text(" ", strip=True) == (
        "Gwall: Dewiswch un o'r atebion a ddangosir"
    )


def test_too_long_message_keeps_its_number_and_question_in_urdu(app: Flask) -> None:
    link = issue_link(app, language="ur")
    client = _checking(app)
    url = link + "/q/went_well"

    page = soup(client.post(url, data={"went_well": "a" * 1201}))

    assert page.select_one(".govuk-error-summary__list a").get_text(strip=True) == (
        "«کیا اچھا رہا» کا جواب 1,200 حروف یا اس سے کم ہونا چاہیے"
    )


def test_every_survey_string_on_a_question_page_is_translated(app: Flask) -> None:
    link = issue_link(app, language="cy")
    client = _checking(app)

    page = soup(client.get(link + "/q/overall_satisfaction"))

    assert page.title.get_text().startswith("At ei gilydd, pa mor fodlon ydych chi")
    assert page.select_one(".govuk-caption-l").get_text(strip=True) == WELSH_TITLE
    labels = [label.get_text(strip=True) for label in page.select(".govuk-radios__label")]
    assert labels == [
        "Anfodlon iawn",
        "Anfodlon",
        "Ddim yn fodlon nac yn anfodlon",
        "Bodlon",
        "Bodlon iawn",
        "Ddim yn gwybod",
    ]
    assert page.select_one(".govuk-radios__divider").get_text(strip=True) == "neu"
    assert page.select_one(".govuk-button").get_text(strip=True) == "Cadw a pharhau"


def test_link_expiry_date_is_written_the_welsh_way(app: Flask) -> None:
    with time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False):
        link = issue_link(app, language="cy")
        text = soup(_checking(app).get(link)).get_text(" ", strip=True)

    # The link lasts LINK_EXPIRY_DAYS (28): 10 January + 28 days = 7 February.
    assert "Gallwch ddefnyddio'r ddolen hon tan 7 Chwefror 2026." in text


def test_link_expiry_date_is_written_the_urdu_way(app: Flask) -> None:
    with time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False):
        link = issue_link(app, language="ur")
        text = soup(_checking(app).get(link)).get_text(" ", strip=True)

    assert "آپ یہ لنک 7 فروری 2026 تک استعمال کر سکتے ہیں۔" in text


def test_link_expiry_date_is_written_the_gov_uk_way_in_english(app: Flask) -> None:
    with time_machine.travel(datetime(2026, 1, 10, 12, tzinfo=UTC), tick=False):
        link = issue_link(app)
        text = soup(_checking(app).get(link)).get_text(" ", strip=True)

    assert "You can use this link until 7 February 2026." in text


def _hidden(form: object) -> dict[str, str]:
    return {name: values[0] for name, values in form.fields.items()}  # type: ignore[attr-defined]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    asked=st.one_of(
        st.just("zz"),
        st.from_regex(r"\A[a-zA-Z]{2,3}([_-][a-zA-Z0-9]{2,4})?\Z"),
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), min_codepoint=32), max_size=12
        ),
    ).filter(lambda code: code not in Config.LANGUAGES)
)
def test_an_unknown_language_code_is_ignored_on_every_family_page(app: Flask, asked: str) -> None:
    link = issue_link(app, language="cy")
    client = _checking(app)
    question = start_url(client, link)

    for url in (link, question, link + "/language", "/", "/privacy"):
        response = client.get(url, query_string={"lang": asked})
        assert response.status_code == 200, (url, asked)
        assert soup(response).html.get("lang") == "cy", (url, asked)
    assert stored_invitation(app, link) == ("cy", "standard")
