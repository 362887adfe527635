"""Rule durations: ``<n>s``, ``<n>m``, ``<n>h`` or ``<n>d``, as docs/rules.md defines them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Final

from pydantic import BeforeValidator, PlainSerializer

_DURATION: Final = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNIT_SECONDS: Final = {"s": 1, "m": 60, "h": 3600, "d": 86400}
#: Longer than any sensible window; keeps timedelta arithmetic far from overflow.
MAX_SECONDS: Final = 3650 * 86400


def parse_duration(value: object) -> timedelta:
    """``"2m"`` → 2 minutes; a timedelta passes through. Zero and negative durations are refused."""
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, str) and (match := _DURATION.match(value)):
        seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    else:
        raise ValueError(f"{value!r} is not a duration: write <n>s, <n>m, <n>h or <n>d (e.g. 5m)")
    if not 0 < seconds <= MAX_SECONDS:
        raise ValueError(f"duration {value!r} must be more than 0 and at most 3650d")
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    """The shortest exact ``<n><unit>`` text of ``value`` (whole seconds)."""
    seconds = int(value.total_seconds())
    for unit in ("d", "h", "m"):
        size = _UNIT_SECONDS[unit]
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


#: A duration field of a rule model: parsed from text, written back as text.
Duration = Annotated[timedelta, BeforeValidator(parse_duration), PlainSerializer(format_duration)]
