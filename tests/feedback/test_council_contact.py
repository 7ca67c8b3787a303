"""A family never meets a dead end: the council's own contact details, set by its admin, on the
confirmation page, the pages for links that do not work and the error pages; general advice where
the page cannot know the council."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from flask import Flask, g
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import AuditEvent, Organisation, utcnow
from feedback.services.organisations import (
    CONTACT_FIELDS,
    ContactDetailsError,
    clean_contact_details,
    ensure_organisation,
    page_contact,
    update_contact_details,
)
from tests.feedback.journey_steps import answer_all_pages
from tests.feedback.language_links import invitation_for, issue_link
from tests.feedback.pages import CheckingClient, first_form, soup

DETAILS = {
    "contact_phone": "01632 960 001",
    "contact_email": "send@demo.example.gov.uk",
    "contact_hours": "Monday to Friday, 9am to 5pm",
    "sendiass_name": "Demo SENDIASS",
    "sendiass_phone": "01632 960 002",
    "sendiass_email": "help@demo-sendiass.example.org.uk",
    "sendiass_website": "https://demo-sendiass.example.org.uk",
}
CONTACT = "div.app-council-contact"


def _set_details(app: Flask, slug: str = "demo", **values: str) -> None:
    with app.app_context():
        organisation = ensure_organisation(slug, slug.title() + " Council")
        update_contact_details(organisation, {**DETAILS, **values})


def _contact_text(page: BeautifulSoup) -> str:
    block = page.select_one(CONTACT)
    assert block is not None, "the page gives no contact details"
    return block.get_text(" ", strip=True)


def _organisation(app: Flask, slug: str = "demo") -> dict[str, str | None]:
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
        return {name: getattr(organisation, name) for name in CONTACT_FIELDS}


def test_admin_saves_contact_details_and_the_change_is_audited_by_field_name(
    app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    client = signed_in("admin")
    page = client.get("/staff/council/contact")
    form = first_form(page)  # the sign-out form: its CSRF token is the session's

    saved = client.post("/staff/council/contact", data={**form.fields, **DETAILS})

    assert saved.status_code == 302
    assert _organisation(app) == DETAILS
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "organisation.contact_details")
        )
        assert event is not None and event.actor_id is not None
        assert sorted(event.details["fields"]) == sorted(DETAILS)
        assert "01632" not in str(event.details)  # names of fields, not what was typed
    preview = soup(client.get("/staff/council/contact"))
    assert "Demo SENDIASS" in _contact_text(preview)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_phone", "call us", "Enter a phone number"),
        ("contact_email", "send at council", "Enter an email address in the correct format"),
        ("sendiass_website", "http://sendiass.example.org", "Enter a web address starting with"),
        ("sendiass_website", "javascript:alert(1)", "Enter a web address starting with"),
        ("contact_hours", "9am\nto 5pm", "Enter this on one line"),
        ("contact_hours", "x" * 201, "Enter 200 characters or fewer"),
    ],
)
def test_bad_contact_details_get_a_clear_message_and_change_nothing(
    app: Flask, signed_in: Callable[..., FlaskClient], field: str, value: str, message: str
) -> None:
    _set_details(app)
    before = _organisation(app)
    client = signed_in("admin")
    form = first_form(client.get("/staff/council/contact"))

    answer = client.post(
        "/staff/council/contact", data={**form.fields, **DETAILS, "contact_phone": "", field: value}
    )

    assert answer.status_code == 200
    page = soup(answer)
    assert page.title.get_text().startswith("Error:")
    summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert message in summary
    assert page.select_one(f".govuk-error-summary a[href='#{field}']") is not None
    assert _organisation(app) == before
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "organisation.contact_details")
        ).all()
        assert len(events) == 1  # the first, good save only


def test_saving_no_way_to_reach_the_send_team_is_refused_and_changes_nothing(
    app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    _set_details(app)
    before = _organisation(app)
    client = signed_in("admin")
    form = first_form(client.get("/staff/council/contact"))
    emptied = dict.fromkeys(CONTACT_FIELDS, "")

    answer = client.post("/staff/council/contact", data={**form.fields, **emptied})

    assert answer.status_code == 200
    page = soup(answer)
    assert page.title.get_text().startswith("Error:")
    summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Enter a phone number or an email address for the SEND team" in summary
    assert page.select_one(".govuk-error-summary a[href='#contact_phone']") is not None
    assert page.select_one("#contact_phone-error") is not None
    hint = page.select_one("#contact_phone-hint").get_text(" ", strip=True)
    assert "Give a phone number, an email address or both" in hint
    assert "Contact details saved" not in answer.get_data(as_text=True)
    assert _organisation(app) == before
    families_see = _contact_text(soup(CheckingClient(app).get("/s/" + "a" * 26)))
    assert "01632 960 001" in families_see


@pytest.mark.parametrize("kept", ["contact_phone", "contact_email"])
def test_a_phone_number_or_an_email_address_alone_is_enough(app: Flask, kept: str) -> None:
    _cleaned, errors = clean_contact_details({kept: DETAILS[kept]})

    assert errors == {}


@settings(max_examples=100)
@given(
    values=st.fixed_dictionaries(
        {name: st.sampled_from(["", " ", "\t"]) for name in CONTACT_FIELDS}
    )
)
def test_details_without_a_phone_number_or_an_email_address_are_refused(
    values: dict[str, str],
) -> None:
    _cleaned, errors = clean_contact_details(values)

    assert set(errors) == {"contact_phone"}


def test_sendiass_details_need_the_services_name(app: Flask) -> None:
    _cleaned, errors = clean_contact_details(
        {"contact_email": DETAILS["contact_email"], "sendiass_phone": "01632 960 002"}
    )

    assert set(errors) == {"sendiass_name"}


_phone = st.from_regex(r"\A(0[1-9][0-9]{2} [0-9]{3} [0-9]{4}|\+44 [0-9]{4} [0-9]{6}|0[0-9]{10})\Z")
_email = st.from_regex(r"\A[a-z][a-z0-9.]{0,20}@[a-z][a-z0-9-]{0,20}\.(gov\.uk|org\.uk|org)\Z")
_control = st.characters(min_codepoint=0, max_codepoint=31).filter(lambda c: c not in "\t\n\r ")


@settings(max_examples=200)
@given(phone=_phone, email=_email)
def test_phone_numbers_and_addresses_as_councils_write_them_are_accepted(
    phone: str, email: str
) -> None:
    values = {"contact_phone": phone, "contact_email": f"  {email} ", "sendiass_phone": phone}
    cleaned, errors = clean_contact_details({**values, "sendiass_name": "SENDIASS"})

    assert errors == {}
    assert (cleaned["contact_phone"], cleaned["contact_email"]) == (phone, email)


@settings(max_examples=200)
@given(
    field=st.sampled_from(sorted(CONTACT_FIELDS)),
    before=st.text(max_size=10),
    control=_control,
    after=st.text(max_size=10),
)
def test_text_with_control_characters_is_refused_in_every_field(
    field: str, before: str, control: str, after: str
) -> None:
    _cleaned, errors = clean_contact_details(
        {"sendiass_name": "SENDIASS", field: f"x{before}{control}{after}x"}
    )

    assert field in errors


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    values=st.fixed_dictionaries(
        {name: st.one_of(st.just(""), st.text(max_size=40)) for name in CONTACT_FIELDS}
    )
)
def test_a_refused_change_leaves_every_detail_as_it_was(app: Flask, values: dict[str, str]) -> None:
    with app.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        update_contact_details(organisation, DETAILS)
        try:
            update_contact_details(organisation, values)
        except ContactDetailsError:
            db.session.expire_all()
            assert {name: getattr(organisation, name) for name in CONTACT_FIELDS} == DETAILS
        else:
            db.session.expire_all()
            expected = {name: (values[name].strip() or None) for name in CONTACT_FIELDS}
            assert {name: getattr(organisation, name) for name in CONTACT_FIELDS} == expected


def test_confirmation_page_gives_the_councils_and_sendiass_contact_details(app: Flask) -> None:
    _set_details(app)
    link = issue_link(app)
    client = CheckingClient(app)
    client.post(answer_all_pages(client, link))

    done = soup(client.get(link + "/done"))

    text = _contact_text(done)
    for value in DETAILS.values():
        assert value in text or value.startswith("https://")
    assert done.select_one(f"{CONTACT} a[href='tel:01632960001']") is not None
    assert done.select_one(f"{CONTACT} a[href='mailto:send@demo.example.gov.uk']") is not None
    assert done.select_one(f"{CONTACT} a[href='{DETAILS['sendiass_website']}']") is not None


def test_confirmation_page_gives_the_details_in_the_familys_language(app: Flask) -> None:
    _set_details(app)
    link = issue_link(app, language="cy")
    client = CheckingClient(app)
    client.post(answer_all_pages(client, link))

    done = soup(client.get(link + "/done"))

    heading = done.select_one(f"{CONTACT} h2").get_text(strip=True)
    assert heading == "Pwy i gysylltu â nhw"
    assert "01632 960 001" in _contact_text(done)


def test_expired_link_names_its_own_council_to_ask_for_a_new_one(app: Flask) -> None:
    _set_details(app, "other", contact_phone="01632 960 999")
    _set_details(app)
    link = issue_link(app)
    with app.app_context():
        invitation_for(link).expires_at = utcnow() - timedelta(days=1)
        db.session.commit()

    response = CheckingClient(app).get(link)

    assert response.status_code == 404
    assert "01632 960 001" in _contact_text(soup(response))


def test_unknown_link_gives_general_advice_when_the_council_cannot_be_known(
    app: Flask,
) -> None:
    _set_details(app, "other", contact_phone="01632 960 999")
    _set_details(app)

    response = CheckingClient(app).get("/s/" + "a" * 26)

    text = _contact_text(soup(response))
    assert response.status_code == 404
    assert "01632" not in text
    assert "your local council" in text
    assert soup(response).select_one(f"{CONTACT} a[href='https://www.gov.uk/find-local-council']")


def test_one_council_installation_gives_its_details_even_for_an_unknown_link(
    app: Flask,
) -> None:
    _set_details(app)

    for path in ("/s/" + "a" * 26, "/stop/" + "a" * 26, "/p/unknown", "/no-such-page"):
        response = CheckingClient(app).get(path)
        assert response.status_code == 404, path
        assert "01632 960 001" in _contact_text(soup(response)), path


def test_council_without_details_still_says_whom_to_contact(app: Flask) -> None:
    link = issue_link(app)
    client = CheckingClient(app)
    client.post(answer_all_pages(client, link))

    text = _contact_text(soup(client.get(link + "/done")))

    assert "Demo Borough Council" in text
    assert "SENDIASS" in text


def test_staff_error_pages_do_not_offer_the_familys_contacts(
    app: Flask, signed_in: Callable[..., FlaskClient]
) -> None:
    _set_details(app)
    client = signed_in("admin")

    page = soup(client.get("/staff/no-such-page"))

    assert page.select_one(CONTACT) is None


def test_contact_details_fall_back_to_general_advice_when_the_database_failed(
    app: Flask,
) -> None:
    _set_details(app)
    with app.test_request_context("/"):
        g.database_unavailable = True

        assert page_contact().council_name is None


def test_front_page_tells_a_family_who_to_ask_for_a_lost_link(app: Flask) -> None:
    _set_details(app)

    page = soup(CheckingClient(app).get("/"))

    text = _contact_text(page)
    assert "01632 960 001" in text
    assert "Demo SENDIASS" in text
    assert page.select_one(f"{CONTACT} a[href='tel:01632960001']") is not None
    assert page.select_one(f"{CONTACT} h3") is not None  # under the page's "Families" heading


def test_front_page_gives_general_advice_when_several_councils_share_it(app: Flask) -> None:
    _set_details(app, "other", contact_phone="01632 960 999")
    _set_details(app)

    text = _contact_text(soup(CheckingClient(app).get("/")))

    assert "01632" not in text
    assert "your local council" in text


def test_front_page_gives_the_contact_details_in_the_chosen_language(app: Flask) -> None:
    _set_details(app)

    page = soup(CheckingClient(app).get("/?lang=cy"))

    assert page.select_one(f"{CONTACT} h3").get_text(strip=True) == "Pwy i gysylltu â nhw"
    assert "01632 960 001" in _contact_text(page)
