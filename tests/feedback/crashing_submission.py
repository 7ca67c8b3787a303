"""A family submitting a survey in a process that stops dead at a chosen point, for the fault tests.

``python -m tests.feedback.crashing_submission DATABASE_URL LINK POINT LEAD_EMAIL TEXT`` answers
the survey at ``LINK`` with ``TEXT`` in its free-text questions and sends it. When the submission
reaches ``POINT`` the process prints ``AT_FAULT_POINT`` and waits to be killed (the test sends
SIGKILL, as the kernel's OOM killer or gunicorn's timeout would):

- ``after_commit``: the response is committed, nothing of the comments' intake has run;
- ``mid_intake``: the comment is claimed and its flag and alert are written but not committed,
  and the redactor is running.
"""

from __future__ import annotations

import sys
import time
from typing import Any

FAULT_POINTS = ("after_commit", "mid_intake")
MARKER = "AT_FAULT_POINT"


def _stop_here(*_args: Any, **_kwargs: Any) -> None:
    print(MARKER, flush=True)
    time.sleep(600)


def main(database_url: str, link: str, point: str, lead_email: str, text: str) -> int:
    """Submit the survey and stop at ``point``; return 3 if the point was never reached."""
    from feedback.services import journey
    from feedback.services.reviews import intake
    from tests.feedback.conftest import make_app
    from tests.feedback.review_fixtures import answer_survey

    app = make_app(database_url, SAFEGUARDING_LEAD_EMAIL=lead_email)
    if point == "after_commit":
        journey.process_new_comments = _stop_here  # type: ignore[assignment]
    elif point == "mid_intake":
        intake.redact_comment = _stop_here  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown fault point {point!r}; choose one of {FAULT_POINTS}")
    answer_survey(app.test_client(), link, text)
    print("SUBMITTED WITHOUT REACHING THE FAULT POINT", flush=True)
    return 3


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
