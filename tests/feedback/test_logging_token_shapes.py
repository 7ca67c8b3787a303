"""A token in a path that no token route matches (a mistyped letter's link) never reaches a log."""

from __future__ import annotations

import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback.logging_filters import PLACEHOLDER, redact_tokens

NEAR_MISSES = ("/S/{t}", "/s//{t}", "/you-said-we-did/{t}", "/staff/{t}", "/s/{t}/q/x?lang=cy")


@pytest.mark.parametrize("shape", NEAR_MISSES)
def test_a_token_in_a_path_no_route_matches_is_redacted(shape: str) -> None:
    token = secrets.token_urlsafe(32)
    line = f'127.0.0.1 - - "GET {shape.format(t=token)} HTTP/1.1" 404 -'
    redacted = redact_tokens(line)
    assert token not in redacted
    assert PLACEHOLDER in redacted


@given(st.binary(min_size=24, max_size=64))
def test_every_token_the_service_could_issue_is_redacted_after_any_prefix(raw: bytes) -> None:
    token = secrets.token_urlsafe(len(raw))
    assert token not in redact_tokens(f"GET /anything/{token} 404")


@pytest.mark.parametrize(
    "path",
    [
        "/static/app.3f9a8c0d2b1e4f5a6b7c8d9e0f1a2b3c.css",
        "/staff/plans/12/kpis/3",
        "/staff/cases/?reference=EHC-2024-000123",
    ],
)
def test_ordinary_paths_are_left_as_they_are(path: str) -> None:
    assert redact_tokens(f"GET {path} 200") == f"GET {path} 200"
