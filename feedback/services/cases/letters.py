"""Printed invitations: one A4 PDF per family (or one batch PDF) with the link and its QR code.

``letters print`` claims the letter invitations (and letter reminders) that are due exactly as
``send-due`` claims emails, writes the PDFs, and commits the claim only once every file is
written: a failed run leaves the letters due for the next one, a finished run is never repeated.
Letters carry the case reference, not a name or address: the print room or mail-merge service
addresses them from the case system.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from flask_babel import force_locale, format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from feedback.extensions import db
from feedback.models import Channel, Invitation, utcnow
from feedback.models.cases import Poster
from feedback.services.cases.links import opt_out_url, public_url, survey_url, token_for
from feedback.services.cases.pdf import HEADING_SIZE, LetterPDF, missing_font
from feedback.services.cases.sending import claim, claimable
from feedback.services.surveys import survey_for

QR_SIZE_MM = 55

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LetterRun:
    """The letters one run wrote: how many, and the files."""

    letters: int
    files: tuple[Path, ...]


def print_due_letters(
    out_dir: Path, *, now: datetime | None = None, batch: bool = False
) -> LetterRun:
    """Write every due letter (first letters, then reminders) as PDF into ``out_dir`` and return
    what was written.

    One file per letter, named ``<case reference>-<stage>-<audience>[-reminder].pdf``, or with
    ``batch`` a single ``letters-<timestamp>.pdf`` with one letter per page, ready to print.
    """
    now = now or utcnow()
    out_dir.mkdir(parents=True, exist_ok=True)
    letters: list[tuple[Invitation, bool]] = []
    for reminder, stamp in ((False, Invitation.sent_at), (True, Invitation.reminded_at)):
        condition = claimable(now, reminder=reminder, channels=(Channel.LETTER.value,))
        while claimed := claim(condition, stamp, now):
            letters += [(invitation, reminder) for invitation in _load(claimed)]
    try:
        files = _write(letters, out_dir, now=now, batch=batch)
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    return LetterRun(letters=len(letters), files=tuple(files))


def _load(ids: list[int]) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.id.in_(ids))
            .options(selectinload(Invitation.case), selectinload(Invitation.organisation))
            .order_by(Invitation.id)
        )
    )


def _write(
    letters: list[tuple[Invitation, bool]], out_dir: Path, *, now: datetime, batch: bool
) -> list[Path]:
    if not letters:
        return []
    if batch:
        pdf = LetterPDF()
        for invitation, reminder in letters:
            add_letter(pdf, invitation, token_for(invitation), reminder=reminder)
        path = out_dir / f"letters-{now:%Y%m%dT%H%M%S}.pdf"
        pdf.output(str(path))
        return [path]
    paths = []
    for invitation, reminder in letters:
        pdf = LetterPDF()
        add_letter(pdf, invitation, token_for(invitation), reminder=reminder)
        path = out_dir / letter_file_name(invitation, reminder=reminder)
        pdf.output(str(path))
        paths.append(path)
    return paths


def letter_file_name(invitation: Invitation, *, reminder: bool = False) -> str:
    """Return the letter's file name: the case reference made safe for a file system."""
    reference = invitation.case.reference if invitation.case else f"invitation-{invitation.id}"
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in reference)
    suffix = "-reminder" if reminder else ""
    return f"{safe}-{invitation.stage}-{invitation.audience}{suffix}.pdf"


def letter_language(language: str) -> str:
    """Return the language a letter or poster can be printed in: the family's, or English when
    the font of that language's script is not installed (logged, without personal data)."""
    english = str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if language == english:
        return language
    missing = missing_font(language)
    if missing is None:
        return language
    log.warning(
        "Letter font %s is not installed; a letter in %r is printed in English instead",
        missing,
        language,
    )
    return english


def render_letter(invitation: Invitation, token: str, *, reminder: bool = False) -> bytes:
    """Return one family's letter as PDF bytes."""
    pdf = LetterPDF()
    add_letter(pdf, invitation, token, reminder=reminder)
    return bytes(pdf.output())


def letter_invitation(minutes: int) -> str:
    """Return the letter's opening paragraph in the current language.

    The time it takes is its own sentence, the plural message the start page uses, so every
    language gets its own plural forms (Polish "2 minuty" but "5 minut")."""
    return " ".join(
        (
            _("We would like to hear how things went for you."),
            _it_takes_about(minutes),
            _(
                "Your answers help us improve support for children and young people with "
                "special educational needs and disabilities."
            ),
        )
    )


def poster_invitation(minutes: int) -> str:
    """Return the poster's invitation in the current language, the time in its plural form."""
    return " ".join(
        (
            _("Tell us what you think."),
            _it_takes_about(minutes),
            _("You do not need to give your name."),
        )
    )


def _it_takes_about(minutes: int) -> str:
    return ngettext("It takes about %(num)d minute.", "It takes about %(num)d minutes.", minutes)


def add_letter(pdf: LetterPDF, invitation: Invitation, token: str, *, reminder: bool) -> None:
    """Add one page: the invitation in the family's language, its link and the link's QR code."""
    survey = survey_for(invitation.stage, invitation.audience)
    link = survey_url(token)
    language = letter_language(invitation.language)
    with force_locale(language):
        pdf.use_language(language)
        pdf.add_page()
        pdf.text_block(invitation.organisation.name, size=20, bold=True)
        pdf.text_block(format_date(invitation.created_at.date(), "d MMMM y"))
        if invitation.case is not None:
            pdf.text_block(_("Our reference: %(reference)s", reference=invitation.case.reference))
        title = _(survey.title)
        heading = _("Reminder: %(title)s", title=title) if reminder else title
        pdf.text_block(heading, size=HEADING_SIZE, bold=True)
        pdf.text_block(letter_invitation(survey.estimated_minutes))
        pdf.qr_code(
            link,
            size_mm=QR_SIZE_MM,
            caption=_("Point your phone's camera at this code to open the survey."),
        )
        pdf.text_block(_("Or type this address into a web browser:"))
        pdf.text_block(link, size=14, bold=True)
        pdf.text_block(
            _(
                "Please answer by %(date)s.",
                date=format_date(invitation.expires_at.date(), "d MMMM y"),
            )
        )
        pdf.text_block(
            _(
                "Need this letter in another format or language? Email %(email)s.",
                email=current_app.config.get("ACCESSIBILITY_CONTACT_EMAIL", ""),
            ),
            size=14,
        )
        pdf.text_block(
            _("To stop getting these invitations, go to %(link)s", link=opt_out_url(token)),
            size=14,
        )


def render_poster(poster: Poster, *, language: str = "en") -> bytes:
    """Return an A4 poster for an open survey: its title, a large QR code and the short link."""
    survey = survey_for(poster.stage, poster.audience)
    link = public_url("contact.poster", code=poster.code)
    pdf = LetterPDF()
    language = letter_language(language)
    with force_locale(language):
        pdf.use_language(language)
        pdf.add_page()
        pdf.text_block(poster.organisation.name, size=22, bold=True)
        pdf.text_block(_(survey.title), size=HEADING_SIZE + 6, bold=True)
        pdf.text_block(poster_invitation(survey.estimated_minutes), size=20)
        pdf.qr_code(link, size_mm=100, caption=_("Point your phone's camera at this code."))
        pdf.text_block(_("Or type this address into a web browser:"), size=18)
        pdf.text_block(link, size=18, bold=True)
    return bytes(pdf.output())
