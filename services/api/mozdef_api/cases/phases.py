"""Case phases and the dates a phase change fills in.

A case moves through :data:`PHASES` in order, and may move back (a contained incident found to be
spreading again returns to Containment). Entering a phase sets the date that phase stands for, when
that date is still unset; dates the client sends in the same change win, and moving back never clears
a date: the timeline records the move either way.

=================  =================================================================
entering           sets (when unset)
=================  =================================================================
Identification     nothing (``opened`` and ``reported`` are set when the case is created)
Containment        ``verified``: the incident is confirmed real, containment starts
Eradication        ``contained``: containment is done
Recovery           ``mitigated``: the cause is removed, systems are being restored
Lessons Learned    nothing
Closed             ``closed``
=================  =================================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final, Literal


class Phase(StrEnum):
    IDENTIFICATION = "Identification"
    CONTAINMENT = "Containment"
    ERADICATION = "Eradication"
    RECOVERY = "Recovery"
    LESSONS_LEARNED = "Lessons Learned"
    CLOSED = "Closed"


PHASES: Final = tuple(Phase)
DATE_NAMES: Final = ("opened", "reported", "verified", "mitigated", "contained", "closed")
PHASE_DATES: Final[dict[Phase, str]] = {
    Phase.CONTAINMENT: "verified",
    Phase.ERADICATION: "contained",
    Phase.RECOVERY: "mitigated",
    Phase.CLOSED: "closed",
}
_BY_LOWER: Final = {phase.value.lower(): phase for phase in Phase}


def parse_phase(value: object) -> Phase:
    """The phase ``value`` names, ignoring case and ``_``/``-`` for spaces; ValueError lists them."""
    if isinstance(value, str):
        found = _BY_LOWER.get(value.strip().lower().replace("_", " ").replace("-", " "))
        if found is not None:
            return found
    raise ValueError(f"{value!r} is not a phase: one of {', '.join(PHASES)}")


def direction(before: Phase | str, after: Phase | str) -> Literal["forward", "backward", "same"]:
    start, end = PHASES.index(Phase(before)), PHASES.index(Phase(after))
    return "forward" if end > start else "backward" if end < start else "same"


def dates_for_phase(
    before: Phase | str, after: Phase | str, dates: Mapping[str, Any], now: str
) -> dict[str, Any]:
    """``dates`` with the date of entering ``after`` set to ``now`` if the move sets one still unset."""
    result = dict(dates)
    name = PHASE_DATES.get(Phase(after))
    if Phase(after) != Phase(before) and name is not None and not result.get(name):
        result[name] = now
    return result
