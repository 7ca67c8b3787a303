"""Personal-link tokens: unguessable, shown once, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

# 32 random bytes = 256 bits, well over the 128 bits DESIGN.md §7 asks for.
TOKEN_BYTES = 32


def new_token() -> str:
    """Return a fresh URL-safe token with 256 bits of randomness."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest of ``token``: what the database stores and looks up.

    A plain hash is enough: the token has 256 bits of entropy, so it cannot be found by guessing,
    and looking rows up by hash means no token is ever compared character by character.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
