"""The fixed answer scales, defined once so no survey repeats (or rewords) them.

Each scale is a tuple of ``(key, label, score)``. Keys are what the form posts and what is
stored; labels are marked for translation with ``_`` and translated when a form is built.
"""

from forms.messages import _

DONT_KNOW = "dont_know"
DONT_KNOW_LABEL = _("Don't know")

ScalePoint = tuple[str, str, float]

# Lowest first, as the satisfaction KPIs read them (1 = very dissatisfied … 5 = very satisfied).
RATING5: tuple[ScalePoint, ...] = (
    ("1", _("Very dissatisfied"), 1.0),
    ("2", _("Dissatisfied"), 2.0),
    ("3", _("Neither satisfied nor dissatisfied"), 3.0),
    ("4", _("Satisfied"), 4.0),
    ("5", _("Very satisfied"), 5.0),
)

AGREE5: tuple[ScalePoint, ...] = (
    ("1", _("Strongly disagree"), 1.0),
    ("2", _("Disagree"), 2.0),
    ("3", _("Neither agree nor disagree"), 3.0),
    ("4", _("Agree"), 4.0),
    ("5", _("Strongly agree"), 5.0),
)

YES_NO: tuple[ScalePoint, ...] = (
    ("yes", _("Yes"), 1.0),
    ("no", _("No"), 0.0),
)
