"""Who may use the council's settings: admins only."""

from feedback.models import Role

PUBLIC: set[str] = set()
STAFF: dict[str, tuple[str, frozenset[Role]]] = {
    "council_settings.contact": ("/staff/council/contact", frozenset({Role.ADMIN})),
}
