"""Personal links for scheduled invitations, re-created when a reminder or a letter needs them.

The token is ``HMAC-SHA256(link key, salt)`` cut to 128 bits and written in lower-case base32
(26 characters, no 0/1/8/9, so a link typed from a letter is rarely mistyped). The database holds
the salt and the SHA-256 hash of the token, never the token: the database alone cannot open a
family's survey, and the server can send the same link again in a reminder or a reprinted letter.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from flask import current_app

from feedback.models import Invitation
from feedback.services.tokens import hash_token

# 16 bytes = 128 bits, the minimum DESIGN.md §7 asks for.
TOKEN_BYTES = 16


def new_salt() -> str:
    """Return a fresh random salt for an invitation (128 bits, hex)."""
    return secrets.token_hex(16)


def token_from_salt(salt: str) -> str:
    """Return the link token that ``salt`` makes with this server's link key."""
    key = current_app.config.get("INVITATION_LINK_KEY") or current_app.config["SECRET_KEY"]
    digest = hmac.new(str(key).encode(), salt.encode(), hashlib.sha256).digest()[:TOKEN_BYTES]
    return base64.b32encode(digest).decode("ascii").rstrip("=").lower()


def seal(invitation: Invitation) -> str:
    """Give ``invitation`` a new salt and the matching token hash, and return the token."""
    invitation.token_salt = new_salt()
    token = token_from_salt(invitation.token_salt)
    invitation.token_hash = hash_token(token)
    return token


def token_for(invitation: Invitation) -> str:
    """Return the token of a scheduled invitation (``LookupError`` for one with no salt)."""
    if not invitation.token_salt:
        raise LookupError("this invitation's link was shown once and cannot be made again")
    return token_from_salt(invitation.token_salt)


def public_url(endpoint: str, **values: str) -> str:
    """Return an absolute URL on the public site (``PUBLIC_BASE_URL``), for messages and letters."""
    base = str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/")
    # Built from the URL map, so it works in a cron command as well as in a request.
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base + path


def survey_url(token: str) -> str:
    """Return the family's survey link for ``token``."""
    return public_url("family.start", token=token)


def opt_out_url(token: str) -> str:
    """Return the link that stops further invitations, for ``token``."""
    return public_url("contact.opt_out", token=token)
