"""Commands for reviewing comments: try the redactor, measure its recall, redact leftovers.

``flask --app feedback comments redact`` reads lines on standard input and prints each one
redacted, so a council can test the redactor on its own samples.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from feedback import ROOT

DEFAULT_LABELLED_SET = ROOT / "tests" / "data" / "redaction_labelled.txt"


@click.group("comments")
def comments() -> None:
    """Redact comments and measure the redactor."""


@comments.command("redact")
def redact_lines() -> None:
    """Print each line of standard input with its identifiers replaced by placeholders."""
    from feedback.services.reviews.redaction import redact

    for line in sys.stdin:
        click.echo(redact(line.rstrip("\n")).text)


@comments.command("redaction-recall")
@click.option(
    "--labelled",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEFAULT_LABELLED_SET,
    show_default=True,
    help="Labelled comments, one a line, identifiers marked [[kind:text]].",
)
@click.option("--show-missed", is_flag=True, help="List the identifiers that survived.")
def redaction_recall(labelled: Path, show_missed: bool) -> None:
    """Print the share of labelled identifiers the redactor removes, by split and by kind."""
    from feedback.services.reviews.recall import by_split, load_labelled, measure_recall
    from feedback.services.reviews.redaction import redact

    examples = load_labelled(labelled)
    groups = {"all": examples, **by_split(examples)}
    for name, group in groups.items():
        recall = measure_recall(group, redact)
        click.echo(
            f"{name}: recall {recall.value:.1%} ({recall.removed} of {recall.present} "
            f"identifiers removed, {recall.comments} comments)"
        )
        if name == "all":
            for kind, (removed, present) in recall.by_kind.items():
                click.echo(f"  {kind}: {removed}/{present}")
        if show_missed and name != "all":
            for line, kind, _text in recall.missed:
                click.echo(f"  missed {kind} on line {line}")


@comments.command("redact-pending")
@with_appcontext
def redact_pending_command() -> None:
    """Redact and safeguarding-check comments that have no redacted copy yet."""
    from flask_babel import ngettext

    from feedback.services.reviews.intake import redact_pending

    count = redact_pending()
    click.echo(ngettext("%(num)s comment redacted", "%(num)s comments redacted", count))


COMMANDS: list[click.Command] = [comments]
