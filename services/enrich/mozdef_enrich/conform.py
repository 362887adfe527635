"""Bring a whole event to the schema's types (the top-level half of the rule in :mod:`.shape`).

Runs after normalization and again after plugins, so nothing a plugin does can make an event unindexable.
Cheap when the event already conforms: one type check per field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from mozdef_common.event import DEFAULTS, SEVERITIES, STRING_FIELDS, TOP_LEVEL_FIELDS, utc_iso
from mozdef_common.types import Event
from mozdef_enrich.jsontext import json_text, scalar_text
from mozdef_enrich.severity import map_severity
from mozdef_enrich.shape import merge, shape_details
from mozdef_enrich.timestamps import parse_time

_SEVERITY_SET: Final = frozenset(SEVERITIES)
_TIME_FIELDS: Final = ("utctimestamp", "receivedtimestamp", "timestamp")
_TEXT_FIELDS: Final = tuple(field for field in STRING_FIELDS if field not in _TIME_FIELDS)
# The length of every utc_iso() string: "2026-11-27T18:30:01.000000+00:00".
_ISO_LENGTH: Final = 32


def conform(event: Event, received: datetime) -> Event:
    """``event`` (changed in place and returned) with every top-level field of its schema type and
    ``details`` shaped; ``received`` replaces times that are missing or cannot be read."""
    details = event.get("details")
    if type(details) is not dict:
        details = {} if details is None else {"_value": details}
    for key in [key for key in event if key not in TOP_LEVEL_FIELDS]:
        merge(details, key, event.pop(key))
    for field in _TEXT_FIELDS:
        value = event.get(field)
        if type(value) is not str:
            event[field] = _text_field(field, value, details)
    severity = event["severity"]
    if severity not in _SEVERITY_SET:
        event["severity"] = map_severity(severity) or DEFAULTS["severity"]
    for field in _TIME_FIELDS:
        value = event.get(field)
        if not (type(value) is str and len(value) == _ISO_LENGTH and value.endswith("+00:00")):
            event[field] = _time_field(field, value, details, received)
    tags = event.get("tags")
    if type(tags) is not list or not all(type(tag) is str for tag in tags):
        event["tags"] = clean_tags(tags)
    if type(event.get("id")) is not str:
        event["id"] = scalar_text(event.get("id", ""))
    if type(event.get("mozdef")) is not dict:
        event["mozdef"] = {}
    event["details"] = shape_details(details)
    return event


def clean_tags(value: Any) -> list[str]:
    """Tags as a list of distinct non-empty strings, first occurrence first."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    tags: list[str] = []
    for item in items:
        if item is None:
            continue
        text = json_text(item) if isinstance(item, dict | list) else scalar_text(item)
        if text:
            tags.append(text)
    return list(dict.fromkeys(tags))


def _text_field(field: str, value: Any, details: dict[str, Any]) -> str:
    if value is None:
        return DEFAULTS.get(field, "")
    if isinstance(value, str | int | float):
        return scalar_text(value)
    # An object or list where a string belongs: keep it in details, give the field its default.
    merge(details, field if field not in details else field + "_object", value)
    return DEFAULTS.get(field, "")


def _time_field(field: str, value: Any, details: dict[str, Any], received: datetime) -> str:
    if isinstance(value, datetime):
        return utc_iso(value if value.tzinfo else value.replace(tzinfo=received.tzinfo))
    parsed = None if value is None else parse_time(value, received)
    if parsed is not None:
        return utc_iso(parsed)
    if value is not None:
        merge(details, field + "_invalid", value if type(value) is str else json_text(value))
    return utc_iso(received)
