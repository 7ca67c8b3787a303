"""Who may use this area's routes (filled in by its issue)."""

from feedback.models import Role

PUBLIC: set[str] = set()
STAFF: dict[str, tuple[str, frozenset[Role]]] = {}
