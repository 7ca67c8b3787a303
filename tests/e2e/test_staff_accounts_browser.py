"""Staff account pages in Chromium, checked with axe-core (WCAG 2.2 A and AA): a first sign-in
that sets up the authenticator app, the code step, recovery codes, one's own account, an admin's
page for a colleague, and choosing a password with a one-time link."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser
from sqlalchemy import select

from tests.e2e.axe import axe_violations
from tests.e2e.harness import LiveServer, PageFactory, second_step

pytestmark = pytest.mark.e2e

PASSWORD = "quiet meadow copper"


def _make_admin(live_server: LiveServer, email: str) -> int:
    """Create an admin who is their council's only one (a council of their own on the shared
    server, so other tests' admins do not count)."""
    from feedback.services.organisations import ensure_organisation
    from feedback.services.users import create_user

    with live_server.app.app_context():
        return create_user(
            organisation=ensure_organisation(
                email.split("@")[0].replace(".", "-"), "Browser Test Council"
            ),
            email=email,
            name="Browser Admin",
            role="admin",
            password=PASSWORD,
        ).id


def test_staff_account_pages_have_no_axe_violations(
    live_server: LiveServer, new_page: PageFactory
) -> None:
    email = "browser.accounts@example.gov.uk"
    user_id = _make_admin(live_server, email)
    page = new_page()
    page.goto(live_server.url + "/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/set-up-authenticator")
    violations = {"set-up": axe_violations(page)}
    second_step(page, live_server, email)
    for name, path in {
        "account": "/staff/account/",
        "change-password": "/staff/account/password",
        "new-recovery-codes": "/staff/account/recovery-codes",
        "users": "/staff/users",
        "user": f"/staff/users/{user_id}",
        "deactivate": f"/staff/users/{user_id}/deactivate",
    }.items():
        page.goto(live_server.url + path)
        violations[name] = axe_violations(page)
    page.goto(live_server.url + f"/staff/users/{user_id}/deactivate")
    page.locator("main").get_by_role("button").click()
    violations["last-admin-error"] = axe_violations(page)
    assert "only active admin" in page.locator(".govuk-error-summary").inner_text()
    page.goto(live_server.url + "/staff/users")
    page.fill("#name", "Invited Person")
    page.fill("#email", "browser.invited@example.gov.uk")
    page.get_by_label("Case officer").check()
    page.locator("main").get_by_role("button", name="Send invitation").click()
    page.locator("form.app-sign-out button").click()
    page.goto(live_server.url + "/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/sign-in/code")
    violations["code"] = axe_violations(page)
    second_step(page, live_server, email)

    from feedback.extensions import db
    from feedback.models.messaging import OutboundMessage

    with live_server.app.app_context():
        link = db.session.scalars(
            select(OutboundMessage.personalisation).where(
                OutboundMessage.recipient == "browser.invited@example.gov.uk"
            )
        ).one()["link"]
    newcomer = new_page()
    newcomer.goto(live_server.url + "/account/set-password/" + link.rsplit("/", 1)[1])
    violations["set-password"] = axe_violations(newcomer)
    assert {name: [str(v) for v in found] for name, found in violations.items() if found} == {}


def test_a_cookie_copied_from_the_browser_opens_nothing_after_sign_out(
    live_server: LiveServer, new_page: PageFactory, browser: Browser
) -> None:
    from tests.e2e.harness import signed_in

    email = "browser.replay@example.gov.uk"
    _make_admin(live_server, email)
    page = signed_in(new_page(), live_server, email, PASSWORD)
    stolen = page.context.cookies()
    thief = browser.new_context()
    try:
        thief.add_cookies(stolen)  # type: ignore[arg-type]
        replay = thief.new_page()
        replay.goto(live_server.url + "/staff/users")
        assert "/staff/users" in replay.url
        page.locator("form.app-sign-out button").click()
        page.wait_for_url("**/sign-in")
        replay.goto(live_server.url + "/staff/users")
        assert "/sign-in" in replay.url
    finally:
        thief.close()
