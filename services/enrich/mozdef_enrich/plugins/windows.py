"""WindowsEvents: one shape for Windows events, whatever rendered them, with the field names Sigma uses.

Three renderings are recognised (after normalization the shipper's JSON sits in ``details``):

* EVTX converted to JSON, ``details.Event.System`` / ``details.Event.EventData`` (:mod:`.windows_evtx`);
* Winlogbeat's ECS JSON, ``details.winlog`` (:mod:`.windows_winlogbeat`);
* NXLog's flat JSON, ``details.EventID`` next to the EventData fields (:mod:`.windows_nxlog`).

Each becomes, in ``details`` (every key lower-case):

* ``eventid`` (int), ``channel``, ``provider_name``, ``computer``, ``recordid``, and ``level``,
  ``task``, ``opcode`` when the rendering gives them (ints when numeric: EVTX and NXLog give numbers,
  Winlogbeat names such as ``Logon`` and ``information``);
* every EventData/UserData field under its own name: ``image``, ``commandline``, ``targetusername`` …
  Values are text as Windows renders them (evtx_dump's typed numbers and booleans become text, so a
  field has one type whatever rendered it), except ``logontype``, an int when numeric. A field named
  like one of the System fields above is kept as ``eventdata_<name>``;
* the keys the rendering had that map to none of these, where they were (lower-cased, XML attributes
  made plain keys), without the parts that were lifted: no EventData or message is kept twice. A key
  that a Windows field displaces (Winlogbeat's ECS ``user`` object meeting EventData's ``User``) moves
  under ``details.<rendering>.<key>``: ``ecs``, ``nxlog`` or ``evtx``.

And on the event: ``hostname`` = the computer, ``source`` = the channel, ``category`` = ``windows``
(unless the shipper set a category of its own), ``utctimestamp`` from the event's own time,
``summary`` = the rendered message or ``"<provider> <eventid>"``, ``processname`` = the provider and
``processid`` = the producing process when unknown, ``severity`` from the event's level. A shipper's
``hostname`` or ``source`` that differs is kept under ``details.<rendering>``.

An event that looks like one of these but is not well formed (an EventID that is not a number, System
or EventData that is not an object …) is left exactly as it was.

Priority 4: before ``lowercase_keys`` (5), because NXLog's own fields are told from EventData by their
exact spelling; every key this plugin writes is already lower-case, so ``lowercase_keys`` running after
it (its trigger may match the channel now in ``source``) changes nothing here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from mozdef_common.event import DEFAULTS
from mozdef_common.types import Event
from mozdef_enrich.plugins.lowercase_keys import lower_keys
from mozdef_enrich.plugins.windows_evtx import read_evtx
from mozdef_enrich.plugins.windows_nxlog import read_nxlog
from mozdef_enrich.plugins.windows_values import Reading, field_value, number
from mozdef_enrich.plugins.windows_winlogbeat import read_winlogbeat
from mozdef_enrich.shape import merge
from mozdef_enrich.timestamps import parse_time_iso

CATEGORY: Final = "windows"
#: The canonical System fields, in the order they are written.
SYSTEM_FIELDS: Final = (
    "eventid", "channel", "provider_name", "computer", "recordid", "level", "task", "opcode",
)  # fmt: skip
# EventData fields that are numbers for every rule that uses them.
_NUMERIC_FIELDS: Final = frozenset(("logontype",))


class WindowsEvents:
    name = "windows"
    priority = 4
    # Each rendering's mark, as shippers spell it and lower-cased (in case keys were lower-cased first).
    registration = (
        "details.Event.System",
        "details.event.system",
        "details.System.EventID",
        "details.system.eventid",
        "details.winlog.event_id",
        "details.EventID",
        "details.eventid",
    )

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        details = event["details"]
        reading = read_winlogbeat(details) or read_evtx(details) or read_nxlog(details, event)
        if reading is None:
            return event  # Windows-looking, but not a form we can read: leave it exactly as it was
        received = meta.get("received")
        apply(event, reading, received if isinstance(received, datetime) else None)
        return event


def apply(event: Event, reading: Reading, received: datetime | None) -> None:
    """Rewrite ``event`` in the canonical shape from what a reader found."""
    namespace = reading.namespace
    system = zip(SYSTEM_FIELDS, _system_values(reading), strict=True)
    details: dict[str, Any] = {key: value for key, value in system if value is not None}
    for name, value in reading.data.items():
        key = name.lower()
        value = field_value(value)
        if key in _NUMERIC_FIELDS:
            value = number(value)
        if key in SYSTEM_FIELDS:
            key = "eventdata_" + key  # the System field is the one rules mean
        merge(details, key, value)
    displaced: dict[str, Any] = {}
    for key, value in lower_keys(reading.rest).items():
        if key in details:
            displaced[key] = value
        else:
            details[key] = value
    _event_fields(event, reading, received, displaced)
    if displaced:
        merge(details, namespace, displaced)
    event["details"] = details


def _system_values(reading: Reading) -> tuple[Any, ...]:
    return (
        reading.eventid,
        reading.channel,
        reading.provider,
        reading.computer,
        number(reading.recordid),
        number(reading.level),
        number(reading.task),
        number(reading.opcode),
    )


def _event_fields(
    event: Event, reading: Reading, received: datetime | None, displaced: dict[str, Any]
) -> None:
    """The event's own fields from the reading; a shipper's value that differs goes to ``displaced``."""
    for field, value in (("hostname", reading.computer), ("source", reading.channel)):
        if value is None:
            continue
        old = event[field]
        if old not in (DEFAULTS[field], value):
            displaced.setdefault(field, old)
        event[field] = value
    if reading.category_taken or event["category"] == DEFAULTS["category"]:
        event["category"] = CATEGORY
    for field in reading.reset:
        event[field] = DEFAULTS[field]
    if reading.provider is not None and event["processname"] in (DEFAULTS["processname"], ""):
        event["processname"] = reading.provider
    if reading.processid is not None and not event["processid"] and type(reading.processid) in (int, str):
        event["processid"] = str(reading.processid)
    if reading.severity is not None:
        event["severity"] = reading.severity
    if reading.time is not None and received is not None:
        # SystemTime is ASCII text; other text is not a time, and the time parser's digit test reads
        # Unicode digits ("²") that int() then refuses.
        readable = type(reading.time) is str and reading.time.isascii()
        when = parse_time_iso(reading.time, received) if readable else None
        if when is None:
            displaced["time_invalid"] = reading.time
        else:
            event["utctimestamp"] = event["timestamp"] = when
    if reading.message:
        event["summary"] = reading.message
    elif not event["summary"]:
        event["summary"] = f"{reading.provider or reading.channel or 'Windows'} {reading.eventid}"
