"""Generic statuses shown on each plan's own scale, with the reason carried along."""

from __future__ import annotations

import pytest
import yaml

from analysis.scales import SCALES, StatusScale, get_scale, map_status
from analysis.status import Status, StatusCode

REASON = "Off track: 35% (95% CI 26% to 45%, n = 100) — the whole interval is below the milestone."


def shown(code: StatusCode, scale: str) -> tuple[str, str, str]:
    mapped = map_status(Status(code, REASON), scale)
    return mapped.code, mapped.label, mapped.colour


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (StatusCode.OFF_TRACK, ("Red", "Not on track, requires intervention", "red")),
        (StatusCode.AT_RISK, ("Amber", "At risk", "amber")),
        (StatusCode.ON_TRACK, ("Amber", "On track", "amber")),
        (StatusCode.COMPLETE, ("Green", "Complete", "green")),
        (StatusCode.EMBEDDED, ("Blue", "Embedded with evidence of impact", "blue")),
        (StatusCode.INSUFFICIENT_DATA, ("Grey", "Not enough data to judge", "grey")),
        (StatusCode.NO_STATUS, ("None", "No status yet", "none")),
    ],
)
def test_dudley_scale(status: StatusCode, expected: tuple[str, str, str]) -> None:
    assert shown(status, "dudley") == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (StatusCode.OFF_TRACK, ("R", "Delayed or low confidence", "red")),
        (StatusCode.AT_RISK, ("A", "At risk but managed", "amber")),
        (StatusCode.ON_TRACK, ("G", "On track", "green")),
        (StatusCode.COMPLETE, ("C", "Completed", "blue")),
        (StatusCode.EMBEDDED, ("C", "Completed", "blue")),
    ],
)
def test_shropshire_scale(status: StatusCode, expected: tuple[str, str, str]) -> None:
    assert shown(status, "shropshire") == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (StatusCode.OFF_TRACK, ("Red", "Off track, concerns", "red")),
        (StatusCode.AT_RISK, ("Amber", "Some concerns", "amber")),
        (StatusCode.ON_TRACK, ("Green", "On track no concerns", "green")),
        (StatusCode.COMPLETE, ("Purple", "Complete", "purple")),
    ],
)
def test_hull_ragp_scale(status: StatusCode, expected: tuple[str, str, str]) -> None:
    assert shown(status, "hull") == expected


def test_generic_rag_scale_shows_at_risk_as_amber() -> None:
    assert shown(StatusCode.AT_RISK, "rag") == ("Amber", "At risk", "amber")


def test_mapped_status_keeps_the_reason_and_the_generic_status() -> None:
    mapped = map_status(Status(StatusCode.OFF_TRACK, REASON), "dudley")
    assert (mapped.reason, mapped.status) == (REASON, StatusCode.OFF_TRACK)


def test_every_built_in_scale_covers_every_status() -> None:
    for key in SCALES:
        assert set(get_scale(key).entries) == set(StatusCode)


def test_scale_survives_a_yaml_round_trip() -> None:
    data = yaml.safe_load(yaml.safe_dump(dict(SCALES["dudley"])))
    assert StatusScale.from_mapping("dudley", data) == get_scale("dudley")


def test_custom_scale_from_plain_data() -> None:
    entry = {"code": "X", "label": "Anything", "colour": "black"}
    data = {"name": "Test", "statuses": {code.value: entry for code in StatusCode}}
    assert map_status(Status(StatusCode.ON_TRACK, "why"), data).code == "X"


def test_custom_scale_missing_a_status_is_refused() -> None:
    data = {"statuses": {"off_track": {"code": "R", "label": "Red", "colour": "red"}}}
    with pytest.raises(ValueError, match="no entry for 'no_status'"):
        StatusScale.from_mapping("partial", data)


def test_custom_scale_with_an_unknown_status_is_refused() -> None:
    data = dict(SCALES["rag"])
    data["statuses"] = {**data["statuses"], "blue_sky": {"code": "B", "label": "B", "colour": "b"}}
    with pytest.raises(ValueError, match="unknown statuses"):
        StatusScale.from_mapping("odd", data)


def test_custom_scale_entry_lacking_a_colour_is_refused() -> None:
    data = dict(SCALES["rag"])
    data["statuses"] = {**data["statuses"], "at_risk": {"code": "A", "label": "At risk"}}
    with pytest.raises(ValueError, match="lacks colour"):
        StatusScale.from_mapping("odd", data)


def test_unknown_scale_key_is_refused() -> None:
    with pytest.raises(ValueError, match="no status scale 'kent'"):
        get_scale("kent")
