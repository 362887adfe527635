"""MozDef's key mapping: a shipper's JSON object → one normalized event (pure functions).

Keys are matched case-insensitively, a leading ``@`` ignored (``@timestamp``, ``Message``). For each schema
field the sources below are listed highest precedence first; the first one holding a scalar wins.
Every other source key present (losers, and objects or lists where a string belongs) is kept under
``details`` with its own name, so nothing is dropped (``payload`` next to a ``summary`` lands in
``details.payload``, as in MozDef).

============  ==============================================
field         source keys, by precedence
============  ==============================================
summary       summary, message, payload
utctimestamp  utctimestamp, eventtime, timestamp, date (the first that parses)
hostname      hostname, source_host, host
severity      severity, syslogseverity, level, priority
source        source, facility
processid     processid, pid
processname   processname, pname, program, sourcename
eventsource   eventsource, path, logger, file
category      category, eventtype, type
============  ==============================================

``tags`` (a string or a list) are appended to. ``details`` and ``fields`` objects and ``details.x`` /
``fields.x`` keys are merged into ``details``; other top-level keys move there too (a leading ``@`` is
stripped). When two of them set the same path the later in this order wins: other keys, ``fields``,
``fields.x``, ``details``, ``details.x``. An unreadable time is kept as ``details.<key>_invalid`` and the
receive time is used. The custom endpoint skips the mapping: see :func:`normalize_custom`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from mozdef_common.event import DEFAULTS, SEVERITIES, STRING_FIELDS
from mozdef_common.types import Event
from mozdef_enrich.conform import clean_tags, conform
from mozdef_enrich.envelope import Envelope
from mozdef_enrich.jsontext import scalar_text
from mozdef_enrich.severity import map_severity
from mozdef_enrich.shape import merge, merge_path, shape_details
from mozdef_enrich.timestamps import parse_time_iso

FIELD_SOURCES: Final[dict[str, tuple[str, ...]]] = {
    "summary": ("summary", "message", "payload"),
    "utctimestamp": ("utctimestamp", "eventtime", "timestamp", "date"),
    "hostname": ("hostname", "source_host", "host"),
    "severity": ("severity", "syslogseverity", "level", "priority"),
    "source": ("source", "facility"),
    "processid": ("processid", "pid"),
    "processname": ("processname", "pname", "program", "sourcename"),
    "eventsource": ("eventsource", "path", "logger", "file"),
    "category": ("category", "eventtype", "type"),
}
# source key -> (field, rank): one dict lookup per key on the hot path.
_SOURCE_OF: Final = {
    key: (field, rank) for field, keys in FIELD_SOURCES.items() for rank, key in enumerate(keys)
}
# Precedence of the details sources, lowest first (see the module docstring).
_FIELDS_OBJ, _FIELDS_DOT, _DETAILS_OBJ, _DETAILS_DOT = 1, 2, 3, 4
_CONTAINERS: Final = {"fields": _FIELDS_OBJ, "details": _DETAILS_OBJ}
_SEVERITY_SET: Final = frozenset(SEVERITIES)
# Every field in schema order, with its default: each event starts as a copy.
_TEMPLATE: Final[dict[str, Any]] = {
    "id": "",
    "utctimestamp": "",
    "receivedtimestamp": "",
    "timestamp": "",
    **{field: DEFAULTS.get(field, "") for field in STRING_FIELDS if "timestamp" not in field},
    # Placeholders that fix the key order: every event gets its own list and objects.
    "tags": None,
    "details": None,
    "mozdef": None,
}


def normalize(body: dict[str, Any], envelope: Envelope) -> Event:
    """The normalized event for ``body`` as sent to ``/events``, ``/_bulk`` or straight to Kafka."""
    best: dict[str, tuple[int, str, Any]] = {}
    times: list[tuple[int, str, Any]] = []
    details: dict[str, Any] = {}
    layers: list[tuple[int, str, Any]] = []
    tags: list[Any] = []
    seen = _KEYS.get
    for key, value in body.items():
        known = seen(key)
        if known is None:
            known = _learn(key)
        bare, name, hit = known
        if hit is not None:
            field, rank = hit
            kind = type(value)
            if value is None or kind is dict or kind is list:
                _keep(details, bare, value)
            elif field == "utctimestamp":
                times.append((rank, bare, value))
            else:
                current = best.get(field)
                if current is None:
                    best[field] = (rank, bare, value)
                elif rank < current[0]:
                    best[field] = (rank, bare, value)
                    _keep(details, current[1], current[2])
                else:
                    _keep(details, bare, value)
        elif name == "tags":
            tags.extend(value if isinstance(value, list) else (value,))
        elif name in _CONTAINERS:
            if type(value) is dict:
                layers.append((_CONTAINERS[name], "", value))
            else:
                _keep(details, bare, value)
        elif name.startswith(("fields.", "details.")):
            level = _FIELDS_DOT if name.startswith("fields.") else _DETAILS_DOT
            layers.append((level, bare[bare.index(".") + 1 :], value))
        else:
            _keep(details, bare, value)
    if layers:
        _merge_layers(details, layers)

    event = dict(_TEMPLATE)
    event["id"] = envelope.id
    received_iso = envelope.received_iso
    event["receivedtimestamp"] = received_iso
    utctimestamp = None
    if len(times) == 1:  # the common case, without the precedence bookkeeping
        _, key, value = times[0]
        utctimestamp = parse_time_iso(value, envelope.received)
        if utctimestamp is None:
            _keep(details, key + "_invalid", value)
    elif times:
        utctimestamp = _event_time(times, details, envelope.received)
    event["utctimestamp"] = event["timestamp"] = utctimestamp or received_iso
    for field, (_, key, value) in best.items():
        if field == "severity":
            event[field] = value if value in _SEVERITY_SET else map_severity(value, key=key.lower())
        else:
            event[field] = value if type(value) is str else scalar_text(value)
    event["tags"] = clean_tags(tags) if tags else []
    event["details"] = shape_details(details) if details else {}
    event["mozdef"] = _metadata(envelope, received_iso)
    return event


# Shippers send the same few keys again and again: what each means is worked out once.
_KEYS: dict[str, tuple[str, str, tuple[str, int] | None]] = {}
_KEYS_MAX: Final = 10_000


def _learn(key: str) -> tuple[str, str, tuple[str, int] | None]:
    bare = key[1:] if key[:1] == "@" else key
    name = bare.lower()
    known = (bare, name, _SOURCE_OF.get(name))
    if len(_KEYS) >= _KEYS_MAX:
        _KEYS.clear()  # keys come from shippers: bound the memory they can take
    _KEYS[key] = known
    return known


def _keep(details: dict[str, Any], key: str, value: Any) -> None:
    if key in details:
        merge(details, key, value)
    else:
        details[key] = value


def _merge_layers(details: dict[str, Any], layers: list[tuple[int, str, Any]]) -> None:
    layers.sort(key=lambda layer: layer[0])  # stable: the keys of one layer keep their order
    for _, path, value in layers:
        if path:
            merge_path(details, path, value)
        else:
            for sub_key, sub_value in value.items():
                merge(details, sub_key, sub_value)


def _event_time(times: list[tuple[int, str, Any]], details: dict[str, Any], received: datetime) -> str | None:
    """The first time that parses, by precedence; the ones tried before it kept as ``<key>_invalid``."""
    times.sort(key=lambda item: item[0])
    found: str | None = None
    for _, key, value in times:
        if found is not None:
            _keep(details, key, value)
            continue
        found = parse_time_iso(value, received)
        if found is None:
            _keep(details, key + "_invalid", value)
    return found


def normalize_custom(body: dict[str, Any], envelope: Envelope, app: str) -> Event:
    """The event for ``POST /custom/{app}``: no key mapping, the body kept as ``details``.

    ``category`` is the app, ``source`` is ``custom``, ``tags`` hold the app, ``summary`` is the body's
    ``summary`` or ``message`` when it is a string; the time is the body's ``utctimestamp`` or
    ``timestamp`` when it parses (left in details too), else the receive time.
    """
    received_iso = envelope.received_iso
    utctimestamp = received_iso
    for key in ("utctimestamp", "timestamp"):
        parsed = parse_time_iso(body.get(key), envelope.received)
        if parsed is not None:
            utctimestamp = parsed
            break
    summary = body.get("summary")
    if type(summary) is not str:
        summary = body.get("message")
    event: Event = {
        "id": envelope.id,
        "utctimestamp": utctimestamp,
        "receivedtimestamp": received_iso,
        "timestamp": utctimestamp,
        "category": app,
        "source": "custom",
        "summary": summary if type(summary) is str else None,
        "hostname": None,
        "processid": None,
        "processname": None,
        "severity": None,
        "eventsource": None,
        "tags": [app],
        "details": body,
        "mozdef": _metadata(envelope, received_iso),
    }
    return conform(event, envelope.received)


def _metadata(envelope: Envelope, received_iso: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"endpoint": envelope.endpoint, "received": received_iso, "plugins": []}
    if envelope.app is not None:
        meta["app"] = envelope.app
    if envelope.index is not None:
        meta["index"] = envelope.index
    return meta
