"""Who may use this area's routes: the accessibility statement and the survey format switch."""

from feedback.models import Role

PUBLIC: set[str] = {"pages.accessibility", "family.survey_format"}
STAFF: dict[str, tuple[str, frozenset[Role]]] = {}
