"""Truncate: cut strings longer than ``settings.max_string_length`` characters, anywhere in the event.

MozDef cut long summaries; one huge value (a pasted file, a base64 blob) makes every index and every
browser that shows the event slow. Each cut is listed by its dotted path in ``mozdef.truncated``
(list items share their list's path). Runs last, after every other plugin.

An event whose raw JSON is no longer than the limit cannot hold a longer string (a character takes at
least one byte), so it is skipped without a look: the common case costs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from mozdef_common.types import Event
from mozdef_enrich.settings import EnrichSettings

DEFAULT_MAX: Final = 65_536


class Truncate:
    name = "truncate"
    priority = 1000
    keeps_schema = True
    registration = ("*",)

    def __init__(self, settings: EnrichSettings | None = None) -> None:
        self.max_length = settings.max_string_length if settings is not None else DEFAULT_MAX

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        size = meta.get("size")
        if isinstance(size, int) and 0 < size <= self.max_length:
            return event
        cut: list[str] = []
        for key, value in event.items():
            if key != "mozdef":
                event[key] = self._cut(value, key, cut)
        if cut:
            mozdef = event.setdefault("mozdef", {})
            mozdef["truncated"] = list(dict.fromkeys(cut))
        return event

    def _cut(self, value: Any, path: str, cut: list[str]) -> Any:
        kind = type(value)
        if kind is str:
            if len(value) > self.max_length:
                cut.append(path)
                return value[: self.max_length]
            return value
        if kind is dict:
            for key, sub in value.items():
                value[key] = self._cut(sub, f"{path}.{key}", cut)
        elif kind is list:
            for index, item in enumerate(value):
                value[index] = self._cut(item, path, cut)
        return value
