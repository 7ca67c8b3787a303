"""Who may use the foundation's routes."""

from feedback.models import Role

ALL_STAFF = frozenset({Role.ADMIN, Role.LEAD, Role.REVIEWER, Role.CASE_OFFICER})
ADMIN = frozenset({Role.ADMIN})

PUBLIC = {
    "static",
    "pages.home",
    "pages.privacy",
    "health.healthz",
    "auth.sign_in",
    "auth.sign_out",
    "family.start",
    "family.question",
    "family.check",
    "family.done",
}
# endpoint -> (a path to GET it, the roles it admits)
STAFF = {
    "staff.home": ("/staff/", ALL_STAFF),
    "staff.users": ("/staff/users", ADMIN),
}
