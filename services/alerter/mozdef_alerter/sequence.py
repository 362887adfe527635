"""Sequence rules, the pure part: steps seen by key within a window, ordered or not.

The progress of one key is a list of ``[step, event id, utctimestamp (µs), event ref]``. Windows are
measured in event time (``utctimestamp``), inclusive: steps exactly ``window`` apart still complete.

* ordered: an event of the next expected step extends the progress; an event of step 0 while only
  step 0 is held replaces it (the newest start gives the longest chance to finish);
* unordered: an event fills the first of its steps not held yet;
* in both, progress older than ``window`` when an event arrives is dropped first, and an event
  already held (a replay) changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mozdef_alerter.alerts import event_ref
from mozdef_common.rules.models import SequenceRule

Progress = list[list[Any]]


def advance(
    rule: SequenceRule, progress: Progress | None, steps: Sequence[int], event: dict[str, Any], micros: int
) -> tuple[Progress | None, Progress | None]:
    """``(new progress, completed)`` after ``event`` (which matched ``steps``) for one key.

    ``completed`` is the full progress when this event finished the sequence (progress is then reset).
    """
    held: Progress = list(progress or [])
    event_id = event.get("id")
    if any(item[1] == event_id for item in held):
        return progress, None
    window_us = int(rule.window.total_seconds() * 1_000_000)
    if held and micros - min(item[2] for item in held) > window_us:
        held = []
    item = [0, event_id, micros, event_ref(event)]
    if rule.ordered:
        expected = len(held)
        if expected in steps and (not held or micros >= held[-1][2]):
            item[0] = expected
            held.append(item)
        elif 0 in steps and len(held) <= 1:
            item[0] = 0
            held = [item]
        else:
            return held or None, None
    else:
        taken = {entry[0] for entry in held}
        free = [step for step in steps if step not in taken]
        if not free:
            return held or None, None
        item[0] = free[0]
        held.append(item)
    if len(held) == len(rule.steps):
        return None, sorted(held, key=lambda entry: (entry[2], entry[0]))
    return held, None


def expires_after(rule: SequenceRule, progress: Progress) -> int:
    """When (µs) this progress can no longer complete: its oldest step plus the window."""
    return int(min(item[2] for item in progress)) + int(rule.window.total_seconds() * 1_000_000)
