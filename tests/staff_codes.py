"""Codes from a member of staff's authenticator app, as their phone would show them, for tests
that sign in (Flask test clients and the browser alike)."""

from __future__ import annotations

import time

import pyotp
from flask import Flask
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import User
from feedback.services.two_factor import TOTP_STEP_SECONDS, current_step


def fresh_code(app: Flask, email: str) -> str:
    """Return a code the service will accept now for the enrolled user ``email``.

    The service takes a step's code once, so a user signed in twice within 30 seconds needs the
    next step's code (still inside the drift window); past that this waits for the clock.
    """
    with app.app_context():
        secret, last = db.session.execute(
            select(User.totp_secret, User.totp_last_step).where(
                func.lower(User.email) == email.lower()
            )
        ).one()
    assert secret, f"{email} has no authenticator app set up"
    return code_after(secret, last)


def code_after(secret: str, last_step: int | None) -> str:
    """Return the code of the earliest acceptable step after ``last_step``."""
    while True:
        now = current_step()
        early_in_step = time.time() % TOTP_STEP_SECONDS < TOTP_STEP_SECONDS - 5
        for step in (now, now + 1) if early_in_step else (now + 1,):
            if last_step is None or step > last_step:
                return pyotp.TOTP(secret).generate_otp(step)
        time.sleep(1)
