"""A second app server for the rate-limit tests: its own process, on the same database.

    python -m tests.feedback.rate_limit_server DATABASE_URL PATH ADDRESS ATTEMPTS SETTINGS_JSON

POSTs ATTEMPTS times to PATH from ADDRESS (as ``X-Forwarded-For``) with the form of a failed
sign-in (other pages ignore it), and prints the status codes as a JSON list. A separate process
shares nothing with the test's app but the database, as two gunicorn servers would.
"""

from __future__ import annotations

import json
import sys

from feedback import create_app
from feedback.extensions import db

FAILED_SIGN_IN = {"email": "nobody@example.gov.uk", "password": "wrong-password-1"}


def main(argv: list[str]) -> int:
    """Make the attempts, print their status codes, and return the exit status (0)."""
    database_url, path, address, attempts, settings = argv
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, **json.loads(settings)})
    client = app.test_client()
    statuses = [
        client.post(path, data=FAILED_SIGN_IN, headers={"X-Forwarded-For": address}).status_code
        for _ in range(int(attempts))
    ]
    with app.app_context():
        db.engine.dispose()
    print(json.dumps(statuses))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
