"""Who may use the reviewers' workspace and the public "You said, we did" page.

Reviewers and leads read and code comments; leads close safeguarding flags and publish entries;
admins change the codebook, set the designated lead and alone may open a comment's original.
The paths name comment 1, flag 1, theme 1 and entry 1, which :func:`seed` creates in the
organisation the ``sign_in`` fixture uses.
"""

from datetime import date

from flask import Flask

from feedback.extensions import db
from feedback.models import Comment, Response, Role
from feedback.models.reviews import SafeguardingFlag, YouSaidEntry
from feedback.services.organisations import ensure_organisation
from feedback.services.reviews.codebook import current_version

REVIEWERS = frozenset({Role.ADMIN, Role.LEAD, Role.REVIEWER})
LEADS = frozenset({Role.ADMIN, Role.LEAD})
ADMIN = frozenset({Role.ADMIN})

PUBLIC = {"you_said.page"}
STAFF = {
    "reviews.queue": ("/staff/comments/", REVIEWERS),
    "reviews.code": ("/staff/comments/1", REVIEWERS),
    "reviews.code_page": ("/staff/comments/code", REVIEWERS),
    "reviews.missed": ("/staff/comments/1/missed", REVIEWERS),
    "reviews.original": ("/staff/comments/1/original", ADMIN),
    "reviews.trends": ("/staff/comments/trends", REVIEWERS),
    "reviews.agreement": ("/staff/comments/agreement", REVIEWERS),
    "reviews.export_csv": ("/staff/comments/export.csv", REVIEWERS),
    "reviews.export_xlsx": ("/staff/comments/export.xlsx", REVIEWERS),
    "reviews.codebook_page": ("/staff/comments/codebook", REVIEWERS),
    "reviews.new_theme": ("/staff/comments/codebook/new", ADMIN),
    "reviews.edit_theme": ("/staff/comments/codebook/1", ADMIN),
    "reviews.safeguarding": ("/staff/comments/safeguarding", REVIEWERS),
    "reviews.safeguarding_lead": ("/staff/comments/safeguarding/lead", ADMIN),
    "reviews.safeguarding_flag": ("/staff/comments/safeguarding/1", REVIEWERS),
    "reviews.close_flag": ("/staff/comments/safeguarding/1/close", LEADS),
    "reviews.entries": ("/staff/comments/you-said", REVIEWERS),
    "reviews.new_entry": ("/staff/comments/you-said/new", REVIEWERS),
    "reviews.edit_entry": ("/staff/comments/you-said/1", REVIEWERS),
    "reviews.publish_entry": ("/staff/comments/you-said/1/publish", LEADS),
}


def seed(app: Flask) -> None:
    """Create comment 1 (redacted, flagged), the codebook (theme 1) and entry 1 in ``demo``."""
    with app.app_context():
        organisation = ensure_organisation("demo", "Demo Council")
        response = Response(
            organisation_id=organisation.id,
            reference="SF-SEED-0001",
            survey_key="week6_parent",
            survey_version=1,
            stage="week6",
            audience="parent",
            language="en",
            source="poster",
        )
        response.comments.append(
            Comment(
                question_key="improve", text="Jake felt unsafe", redacted_text="[name] felt unsafe"
            )
        )
        db.session.add(response)
        db.session.flush()
        db.session.add(
            SafeguardingFlag(
                organisation_id=organisation.id,
                comment_id=response.comments[0].id,
                categories=["danger"],
            )
        )
        db.session.add(
            YouSaidEntry(
                organisation_id=organisation.id,
                you_said="Letters were hard to follow.",
                we_did="We rewrote them with families.",
                changed_on=date(2026, 1, 5),
            )
        )
        db.session.commit()
        current_version(organisation.id)
