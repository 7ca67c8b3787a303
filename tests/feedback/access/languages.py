"""Who may use this area's routes: the accessibility statement, the survey format switch and the
list of languages."""

from feedback.models import Role

PUBLIC: set[str] = {
    "pages.accessibility",
    "family.survey_format",
    "languages.choose",
    "languages.choose_for_link",
}
STAFF: dict[str, tuple[str, frozenset[Role]]] = {}
