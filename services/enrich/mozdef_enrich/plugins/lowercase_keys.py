"""LowercaseKeys: lower-case every ``details`` key of events from the sources named in settings.

Some sources (Windows event logs through nxlog, some cloud audit feeds) spell the same key in several
cases; lower-casing them makes one field to search. The trigger is built from
``settings.lowercase_key_sources``: an event matches when its ``source`` or ``processname`` equals one of
them (case-insensitive). Keys that collide once lower-cased are merged by the type-conflict rule (and
the event is checked against it again afterwards: lower-casing can make list members disagree).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mozdef_common.types import Event
from mozdef_enrich.settings import EnrichSettings
from mozdef_enrich.shape import merge


class LowercaseKeys:
    name = "lowercase_keys"
    # First, so that every other plugin sees the lower-cased keys.
    priority = 5

    def __init__(self, settings: EnrichSettings | None = None) -> None:
        sources = settings.lowercase_key_sources if settings is not None else []
        self.registration = [f"{field}={source}" for source in sources for field in ("source", "processname")]

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        event["details"] = lower_keys(event["details"])
        return event


def lower_keys(value: Any) -> Any:
    """``value`` with the keys of every object in it lower-cased."""
    if type(value) is dict:
        out: dict[str, Any] = {}
        for key, sub in value.items():
            merge(out, key.lower(), lower_keys(sub))
        return out
    if type(value) is list:
        return [lower_keys(item) for item in value]
    return value
