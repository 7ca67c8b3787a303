"""All the surveys the service offers, found by stage and audience or by key."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from forms.definition import SurveyDefinition
from forms.loader import SurveyDefinitionError, load_survey

SURVEYS_DIRECTORY = Path(__file__).with_name("surveys")


class SurveyRegistry:
    """The current version of each survey, one per (stage, audience, format)."""

    def __init__(self, surveys: Iterable[SurveyDefinition]) -> None:
        self._by_key: dict[str, SurveyDefinition] = {}
        self._by_slot: dict[tuple[str, str, str], SurveyDefinition] = {}
        for survey in surveys:
            self._add(survey)

    def _add(self, survey: SurveyDefinition) -> None:
        path = survey.source or Path(survey.key)
        if survey.key in self._by_key:
            other = self._by_key[survey.key]
            raise SurveyDefinitionError(
                path, f"survey key {survey.key!r} is already used by {other.source}"
            )
        slot = (survey.stage, survey.audience, survey.format)
        if slot in self._by_slot:
            other = self._by_slot[slot]
            raise SurveyDefinitionError(
                path,
                f"{other.source} already defines the {survey.format} survey for stage "
                f"{survey.stage!r} and audience {survey.audience!r}",
            )
        self._by_key[survey.key] = survey
        self._by_slot[slot] = survey

    def get(self, stage: str, audience: str, format: str = "standard") -> SurveyDefinition:
        """Find the survey for a stage and audience.

        Returns
        -------
        SurveyDefinition
            The survey; raises ``KeyError`` if none is defined for that stage, audience and
            format.
        """
        try:
            return self._by_slot[(stage, audience, format)]
        except KeyError:
            raise KeyError(
                f"no {format} survey for stage {stage!r} and audience {audience!r}"
            ) from None

    def by_key(self, key: str) -> SurveyDefinition:
        """Find a survey by its key (as stored on each response).

        Returns
        -------
        SurveyDefinition
            The survey; raises ``KeyError`` if no survey has that key.
        """
        try:
            return self._by_key[key]
        except KeyError:
            raise KeyError(f"no survey with key {key!r}") from None

    def __iter__(self) -> Iterator[SurveyDefinition]:
        return iter(self._by_key.values())

    def __len__(self) -> int:
        return len(self._by_key)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key


def load_surveys(directory: Path | None = None) -> SurveyRegistry:
    """Load and validate every ``*.yaml`` survey in a directory.

    Parameters
    ----------
    directory : Path, optional
        Where the files are; by default the surveys shipped in ``forms/surveys``.

    Returns
    -------
    SurveyRegistry
        The surveys, in file-name order; raises :class:`SurveyDefinitionError` if any file is
        invalid, if two files share a key or a (stage, audience, format), or if there are none.
    """
    directory = SURVEYS_DIRECTORY if directory is None else Path(directory)
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise SurveyDefinitionError(directory, "no survey definitions (*.yaml) found")
    return SurveyRegistry(load_survey(path) for path in paths)
