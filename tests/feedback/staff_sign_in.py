"""Signing a Flask test client in as staff, both steps: the password, then the code from the
authenticator app (setting the app up first, as at a first sign-in, when the user has none)."""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.feedback.pages import soup
from tests.staff_codes import code_after, fresh_code

STAFF_PASSWORD = "correct-horse-battery"


def sign_in_client(
    client: FlaskClient, email: str, password: str = STAFF_PASSWORD, next_path: str = ""
) -> TestResponse:
    """Sign ``client`` in and return the last response; fail the test if it did not work."""
    query = f"?next={next_path}" if next_path else ""
    first = client.post("/sign-in" + query, data={"email": email, "password": password})
    assert first.status_code == 302, first.get_data(as_text=True)
    step = first.headers["Location"]
    if step.endswith("/sign-in/code"):
        done = client.post(step, data={"code": fresh_code(client.application, email)})
        assert done.status_code == 302, done.get_data(as_text=True)
        return done
    assert step.endswith("/sign-in/set-up-authenticator"), step
    page = soup(client.get(step))
    secret = page.select_one("#two-factor-secret").get_text().replace(" ", "")
    done = client.post(step, data={"code": code_after(secret, None)})
    assert done.status_code == 200 and soup(done).select("#recovery-codes li"), done.get_data(
        as_text=True
    )
    return done
