"""Who may use the cases area's routes."""

from feedback.models import Role

CASE_OFFICERS = frozenset({Role.ADMIN, Role.CASE_OFFICER})

PUBLIC: set[str] = {
    "contact.opt_out_page",
    "contact.opt_out",
    "contact.poster",
    "contact.poster_start",
    # GOV.UK Notify posts delivery receipts with the NOTIFY_CALLBACK_TOKEN setting as a bearer
    # token (tested in tests/feedback/test_delivery_receipts.py).
    "receipts.delivery_receipt",
}
# endpoint -> (a path to GET it, the roles it admits)
STAFF: dict[str, tuple[str, frozenset[Role]]] = {
    "cases.index": ("/staff/cases/", CASE_OFFICERS),
    "cases.import_page": ("/staff/cases/import", CASE_OFFICERS),
    "cases.rates": ("/staff/response-rates", frozenset({Role.ADMIN, Role.CASE_OFFICER, Role.LEAD})),
    "cases.posters": ("/staff/posters", CASE_OFFICERS),
    "cases.poster_download": ("/staff/posters/download", CASE_OFFICERS),
    "cases.outbox": ("/staff/outbox", frozenset({Role.ADMIN})),
}
