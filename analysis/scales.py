"""Plans' own status scales, as data, and the mapping of a generic status onto them.

Each scale is a plain mapping (it can live in YAML or a database row): for every generic
:class:`~analysis.status.StatusCode` value it gives the plan's ``code``, ``label`` and
``colour``. ``embedded`` may be left out, in which case ``complete`` is used. Scales whose
words are not ours keep the plan's own words, with two exceptions made so the board is never
told more than the data show:

- Dudley has no "at risk" state (its Amber means "on track"): at risk shows Dudley's Amber
  colour labelled "At risk", the colour DESIGN.md gives at risk, without claiming on track.
- No plan has a state for too few answers or a baseline still to be measured, so every
  scale adds "Grey: not enough data" and "No status yet".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from analysis._checks import check_instance, check_mapping, check_text
from analysis.status import Status, StatusCode

_GREY = {"code": "Grey", "label": "Not enough data to judge", "colour": "grey"}
_NONE = {"code": "None", "label": "No status yet", "colour": "none"}

SCALES: Mapping[str, Mapping[str, object]] = MappingProxyType(
    {
        "rag": {
            "name": "Red, amber, green",
            "statuses": {
                "off_track": {"code": "Red", "label": "Off track", "colour": "red"},
                "at_risk": {"code": "Amber", "label": "At risk", "colour": "amber"},
                "on_track": {"code": "Green", "label": "On track", "colour": "green"},
                "complete": {"code": "Blue", "label": "Complete", "colour": "blue"},
                "embedded": {"code": "Blue", "label": "Complete and sustained", "colour": "blue"},
                "insufficient_data": _GREY,
                "no_status": _NONE,
            },
        },
        "dudley": {
            "name": "Dudley Accelerated Progress Plan",
            "statuses": {
                "off_track": {
                    "code": "Red",
                    "label": "Not on track, requires intervention",
                    "colour": "red",
                },
                "at_risk": {"code": "Amber", "label": "At risk", "colour": "amber"},
                "on_track": {"code": "Amber", "label": "On track", "colour": "amber"},
                "complete": {"code": "Green", "label": "Complete", "colour": "green"},
                "embedded": {
                    "code": "Blue",
                    "label": "Embedded with evidence of impact",
                    "colour": "blue",
                },
                "insufficient_data": _GREY,
                "no_status": _NONE,
            },
        },
        "shropshire": {
            "name": "Shropshire SEND improvement plan",
            "statuses": {
                "off_track": {"code": "R", "label": "Delayed or low confidence", "colour": "red"},
                "at_risk": {"code": "A", "label": "At risk but managed", "colour": "amber"},
                "on_track": {"code": "G", "label": "On track", "colour": "green"},
                "complete": {"code": "C", "label": "Completed", "colour": "blue"},
                "insufficient_data": _GREY,
                "no_status": _NONE,
            },
        },
        "hull": {
            "name": "Hull RAGP",
            "statuses": {
                "off_track": {"code": "Red", "label": "Off track, concerns", "colour": "red"},
                "at_risk": {"code": "Amber", "label": "Some concerns", "colour": "amber"},
                "on_track": {"code": "Green", "label": "On track no concerns", "colour": "green"},
                "complete": {"code": "Purple", "label": "Complete", "colour": "purple"},
                "insufficient_data": _GREY,
                "no_status": _NONE,
            },
        },
    }
)


@dataclass(frozen=True, slots=True)
class ScaleEntry:
    """One state of a plan's scale."""

    code: str
    label: str
    colour: str


@dataclass(frozen=True, slots=True)
class StatusScale:
    """A plan's status scale: the state shown for each generic status."""

    key: str
    name: str
    entries: Mapping[StatusCode, ScaleEntry]

    @classmethod
    def from_mapping(cls, key: str, data: Mapping[str, object]) -> StatusScale:
        """Build a scale from plain data (as in :data:`SCALES`, or loaded from YAML).

        Parameters
        ----------
        key : str
            The scale's key, e.g. ``"dudley"``.
        data : mapping
            ``{"name": str, "statuses": {status: {"code", "label", "colour"}}}`` with a
            status for every :class:`StatusCode` value; ``embedded`` may be left out.

        Returns
        -------
        StatusScale

        Raises
        ------
        ValueError
            If a status is missing or unknown, or an entry lacks code, label or colour.
        TypeError
            If ``key`` is not a str or ``data`` not a mapping (also a ``ValueError``).
        """
        check_text("key", key, "dudley")
        check_mapping("data", data, "a mapping such as {'name': ..., 'statuses': {...}}")
        statuses = data.get("statuses")
        if not isinstance(statuses, Mapping):
            raise ValueError(f"scale {key!r} needs a 'statuses' mapping")
        unknown = set(statuses) - {code.value for code in StatusCode}
        if unknown:
            raise ValueError(f"scale {key!r} has unknown statuses: {sorted(unknown)}")
        entries: dict[StatusCode, ScaleEntry] = {}
        for code in StatusCode:
            raw = statuses.get(code.value)
            if raw is None and code is StatusCode.EMBEDDED:
                raw = statuses.get(StatusCode.COMPLETE.value)
            if not isinstance(raw, Mapping):
                raise ValueError(f"scale {key!r} has no entry for {code.value!r}")
            missing = [part for part in ("code", "label", "colour") if not raw.get(part)]
            if missing:
                raise ValueError(f"scale {key!r} entry {code.value!r} lacks {', '.join(missing)}")
            entries[code] = ScaleEntry(str(raw["code"]), str(raw["label"]), str(raw["colour"]))
        return cls(key, str(data.get("name", key)), MappingProxyType(entries))


@dataclass(frozen=True, slots=True)
class MappedStatus:
    """A status in a plan's own words, with the reason behind it."""

    code: str
    label: str
    colour: str
    reason: str
    status: StatusCode


def get_scale(key: str) -> StatusScale:
    """Return a built-in scale: ``"rag"``, ``"dudley"``, ``"shropshire"`` or ``"hull"``.

    Raises
    ------
    ValueError
        If there is no built-in scale with that key.
    TypeError
        If ``key`` is not a str (also a ``ValueError``).
    """
    check_text("key", key, "rag")
    if key not in SCALES:
        raise ValueError(f"no status scale {key!r}; known scales: {', '.join(sorted(SCALES))}")
    return StatusScale.from_mapping(key, SCALES[key])


def map_status(status: Status, scale: StatusScale | str | Mapping[str, object]) -> MappedStatus:
    """Show a generic status on a plan's own scale.

    Parameters
    ----------
    status : Status
        From :func:`analysis.status.plan_status`.
    scale : StatusScale, str or mapping
        A scale, the key of a built-in one, or plain data for
        :meth:`StatusScale.from_mapping`.

    Returns
    -------
    MappedStatus
        The plan's code, label and colour, with the status's reason.

    Raises
    ------
    ValueError
        If ``scale`` names no built-in scale or its data are incomplete.
    TypeError
        If ``status`` is not a :class:`Status` or ``scale`` none of the above (also a
        ``ValueError``).
    """
    check_instance("status", status, Status, "a Status from analysis.plan_status")
    if isinstance(scale, str):
        scale = get_scale(scale)
    elif not isinstance(scale, StatusScale):
        wants = "a StatusScale, a built-in scale's key (e.g. 'rag') or its data as a mapping"
        data = check_mapping("scale", scale, wants)
        scale = StatusScale.from_mapping(str(data.get("name", "custom")), data)
    entry = scale.entries[status.code]
    return MappedStatus(entry.code, entry.label, entry.colour, status.reason, status.code)
