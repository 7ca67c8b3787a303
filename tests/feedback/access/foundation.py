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
    "auth.enter_code",
    "auth.set_up_app",
    "auth.set_password",
    "family.start",
    "family.question",
    "family.check",
    "family.done",
}
# endpoint -> (a path to GET it, the roles it admits)
STAFF = {
    "staff.home": ("/staff/", ALL_STAFF),
    "staff.users": ("/staff/users", ADMIN),
    "staff.user": ("/staff/users/1", ADMIN),
    "staff.account_action": ("/staff/users/1/deactivate", ADMIN),
    "account.page": ("/staff/account/", ALL_STAFF),
    "account.password": ("/staff/account/password", ALL_STAFF),
    "account.recovery_codes": ("/staff/account/recovery-codes", ALL_STAFF),
}
