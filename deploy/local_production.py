"""Run production on loopback, drive families through it, and check nothing is lost or duplicated.

    .venv/bin/python -m deploy.local_production                 # check, print a summary, stop
    .venv/bin/python -m deploy.local_production --keep-running  # then serve until Ctrl-C

It starts PostgreSQL, runs ``flask db upgrade``, starts two gunicorn app servers and two
schedulers (``deploy/local_stack.py``), adds a test council and imports its cases as an operator
would (``flask organisations create``, ``flask cases import``). The schedulers invite the families
(without a GOV.UK Notify key the messages wait in the outbox, which stands in for their inboxes);
the families follow their links and answer at once, each request going to the other app server,
and some submit twice. Then it checks, in the database and through the servers, that every family
was invited once and its survey stored exactly once with every answer, and that both schedulers
ran their commands without a failure.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import func, select

from deploy.families import Journey, answer_survey
from deploy.local_stack import ROOT, LocalStack, executable, running_stack
from feedback import create_app
from feedback.extensions import db
from feedback.models import Answer, Case, Comment, DraftAnswer, Invitation, Response
from feedback.models.messaging import OutboundMessage

COUNCIL_SLUG = "stack-check"
COUNCIL_NAME = "Stack Check Council"
INVITE_TIMEOUT_SECONDS = 30.0
# The schedulers run their commands every few seconds here, so the check does not wait a minute.
STACK_SETTINGS = {
    "FEEDBACK_SCHEDULE": json.dumps(
        {"invitations send-due": 2, "kpis recompute": 5, "retention apply": 5}
    )
}


@dataclass(frozen=True, slots=True)
class StackReport:
    """What the run found; ``problems`` is empty when nothing was lost or duplicated."""

    families: int
    invitations_created: int
    messages_sent: int
    responses_stored: int
    distinct_invitations_answered: int
    answers_stored: int
    answers_given: int
    drafts_left: int
    double_submits: int
    requests: int
    processes_running: dict[str, bool]
    scheduler_runs: dict[str, int]
    metrics_responses: float
    problems: list[str]


def run_flask(stack: LocalStack, *arguments: str) -> str:
    """Run ``flask --app feedback ARGUMENTS`` as an operator would, and return its output."""
    done = subprocess.run(  # noqa: S603 - our own command, no shell
        executable(("flask", "--app", "feedback", *arguments)),
        cwd=ROOT,
        env=stack.environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def import_cases(stack: LocalStack, families: int) -> None:
    """Add the test council and import one case per family whose week-6 survey is due now."""
    run_flask(stack, "organisations", "create", "--slug", COUNCIL_SLUG, "--name", COUNCIL_NAME)
    today = date.today()
    rows = [
        {
            "case_reference": f"STACK-{family:05d}",
            "request_date": (today - timedelta(weeks=7)).isoformat(),
            "decision_date": (today - timedelta(days=5)).isoformat(),
            "parent_channel": "email",
            "parent_email": f"family{family}@example.com",
        }
        for family in range(families)
    ]
    path = stack.log_dir / "cases.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    run_flask(stack, "cases", "import", str(path), "--organisation", COUNCIL_SLUG)


@contextmanager
def _database(database_url: str) -> Iterator[None]:
    """Read the stack's database through the app's models; close every connection after."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        try:
            yield
        finally:
            db.session.remove()
            db.engine.dispose()


def links_sent_by_the_schedulers(database_url: str, families: int) -> list[str]:
    """Wait until the schedulers have invited every family, and return the links they sent (the
    outbox stands in for GOV.UK Notify without a key), in family order."""
    deadline = time.monotonic() + INVITE_TIMEOUT_SECONDS
    with _database(database_url):
        while True:
            rows = db.session.execute(
                select(Case.reference, OutboundMessage.personalisation)
                .join(Invitation, Invitation.id == OutboundMessage.invitation_id)
                .join(Case, Case.id == Invitation.case_id)
                .order_by(Case.reference)
            ).all()
            db.session.rollback()
            if len(rows) >= families or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    return [urlsplit(personalisation["link"]).path for _reference, personalisation in rows]


def _stored(database_url: str, journeys: list[Journey]) -> dict[str, int]:
    with _database(database_url):
        council = select(Case.organisation_id).where(Case.reference.like("STACK-%")).limit(1)
        responses = select(Response.id).where(Response.organisation_id.in_(council))
        by_reference = dict(
            db.session.execute(
                select(Response.reference, Case.reference)
                .join(Invitation, Invitation.id == Response.invitation_id)
                .join(Case, Case.id == Invitation.case_id)
            ).all()
        )
        counts = {
            "responses": db.session.scalar(select(func.count()).select_from(responses.subquery())),
            "invitations": db.session.scalar(
                select(func.count(func.distinct(Response.invitation_id))).where(
                    Response.id.in_(responses)
                )
            ),
            "answers": db.session.scalar(
                select(func.count(Answer.id)).where(Answer.response_id.in_(responses))
            )
            + db.session.scalar(
                select(func.count(Comment.id)).where(Comment.response_id.in_(responses))
            ),
            "drafts": db.session.scalar(select(func.count(DraftAnswer.id))),
            "invitations_created": db.session.scalar(select(func.count(Invitation.id))),
            "messages_sent": db.session.scalar(
                select(func.count(OutboundMessage.id)).where(
                    OutboundMessage.invitation_id.is_not(None)
                )
            ),
            "mismatched": sum(
                by_reference.get(j.reference) != f"STACK-{j.family:05d}" for j in journeys
            ),
        }
    return {key: int(value or 0) for key, value in counts.items()}


def _metrics_responses(stack: LocalStack) -> float:
    request = urllib.request.Request(  # noqa: S310 - loopback URL built by the stack
        f"{stack.app_urls[-1]}/metrics",
        headers={"Authorization": f"Bearer {stack.metrics_token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        text = response.read().decode("utf-8")
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith(f'send_feedback_responses{{organisation="{COUNCIL_SLUG}"')
    )


def _scheduler_runs(stack: LocalStack) -> tuple[dict[str, int], list[str]]:
    runs, problems = {}, []
    for name in stack.processes:
        if name.startswith("scheduler"):
            log = stack.log(name)
            runs[name] = log.count("scheduled command finished")
            if "scheduled command failed" in log:
                problems.append(f"{name} logged a failed command")
    return runs, problems


def check_stack(
    stack: LocalStack,
    families: int,
    *,
    concurrency: int = 8,
    progress: Callable[[str], None] = lambda message: None,
) -> StackReport:
    """Drive ``families`` through ``stack`` at once and return what was stored."""
    import_cases(stack, families)
    links = links_sent_by_the_schedulers(stack.database_url, families)
    progress(f"Schedulers sent {len(links)} links; families answer through {stack.app_urls}")
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        journeys = list(
            pool.map(
                lambda item: answer_survey(
                    item[1], stack.app_urls, item[0], submit_twice=item[0] % 5 == 0
                ),
                enumerate(links),
            )
        )
    stored = _stored(stack.database_url, journeys)
    given = sum(j.questions_answered for j in journeys)
    runs, problems = _scheduler_runs(stack)
    running = stack.running()
    metrics = _metrics_responses(stack)
    expectations = {
        "invitations created by the schedulers": (stored["invitations_created"], families),
        "invitation messages sent": (stored["messages_sent"], families),
        "responses stored": (stored["responses"], families),
        "distinct invitations answered": (stored["invitations"], families),
        "answers stored": (stored["answers"], given),
        "drafts left behind": (stored["drafts"], 0),
        "confirmations not matching their family": (stored["mismatched"], 0),
        "responses counted by /metrics": (metrics, families),
    }
    problems += [
        f"{what}: {got}, expected {want}"
        for what, (got, want) in expectations.items()
        if got != want
    ]
    problems += [f"{name} stopped" for name, alive in running.items() if not alive]
    problems += [f"{name} ran nothing" for name, count in runs.items() if count == 0]
    return StackReport(
        families=families,
        invitations_created=stored["invitations_created"],
        messages_sent=stored["messages_sent"],
        responses_stored=stored["responses"],
        distinct_invitations_answered=stored["invitations"],
        answers_stored=stored["answers"],
        answers_given=given,
        drafts_left=stored["drafts"],
        double_submits=len(range(0, families, 5)),
        requests=sum(j.requests for j in journeys),
        processes_running=running,
        scheduler_runs=runs,
        metrics_responses=metrics,
        problems=problems,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the check; return 0 when nothing was lost or duplicated."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=40)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--log-dir", type=Path, default=None)
    parser.add_argument("--keep-running", action="store_true", help="serve until Ctrl-C")
    args = parser.parse_args(argv)

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    with running_stack(log_dir=args.log_dir, extra_env=STACK_SETTINGS) as stack:
        progress(f"Stack ready: app servers {stack.app_urls}, logs in {stack.log_dir}")
        report = check_stack(stack, args.families, concurrency=args.concurrency, progress=progress)
        print(json.dumps(asdict(report), indent=2))
        if args.keep_running:
            progress("Serving until Ctrl-C")
            try:
                while all(stack.running().values()):
                    time.sleep(1)
            except KeyboardInterrupt:
                pass
    return 0 if not report.problems else 1


if __name__ == "__main__":
    sys.exit(main())
