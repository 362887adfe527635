"""Reader for NXLog's flat JSON (``im_msvistalog`` + ``to_json()``): System and EventData side by side.

NXLog writes its own fields (``EventID``, ``SourceName``, ``Channel``, ``Hostname``, ``EventTime``,
``Message``, ``Severity``, ``Keywords``, ``ProcessID``, ``ThreadID`` …) and every EventData field at the
same level, so its own fields are told apart by their exact spelling (:data:`NXLOG_FIELDS`): Sysmon's
``ProcessId`` is EventData, NXLog's ``ProcessID`` is not. Normalization already took ``EventTime``,
``Message``, ``Hostname``, ``SourceName``, ``Severity`` and ``ProcessID`` for the event's own fields, and
``Category`` (the task's name) or ``EventType`` (``AUDIT_FAILURE`` …) for ``category``: that one is given
back to details, as the plugin sets ``category`` itself. NXLog feeds ``eventsource`` from none of its
own fields: when it is set, it came from EventData's ``Path``, given back (and so is ``ProcessName``,
see :func:`_give_back`).

An event is NXLog's when details has ``EventID`` (a Windows event id) and ``Channel`` (a string). An
event already in the canonical shape (``eventid``, ``channel``, ``provider_name``, ``computer`` …) reads
the same way, so running the plugin twice changes nothing.
"""

from __future__ import annotations

from typing import Any, Final

from mozdef_common.event import DEFAULTS
from mozdef_common.types import Event
from mozdef_enrich.plugins.windows_values import Reading, event_id, find, text_or_none

#: NXLog's own fields, as im_msvistalog spells them (its documentation lists them).
NXLOG_FIELDS: Final = frozenset(
    (
        "EventTime", "EventReceivedTime", "Hostname", "Keywords", "EventType", "SeverityValue", "Severity",
        "EventID", "SourceName", "ProviderGuid", "Version", "Task", "OpcodeValue", "Opcode", "Category",
        "RecordNumber", "ActivityID", "RelatedActivityID", "ProcessID", "ThreadID", "Channel", "Domain",
        "AccountName", "UserID", "AccountType", "Message", "SourceModuleName", "SourceModuleType",
        "MessageSourceAddress", "ERRORMSG", "Level",
    )
)  # fmt: skip
# The same lower-cased, and the canonical names: for events that already went through the plugin.
_LOWER: Final = frozenset(
    (
        *(name.lower() for name in NXLOG_FIELDS),
        *("eventid", "channel", "provider_name", "computer", "recordid", "level", "task", "opcode"),
    )
)
# NXLog's EventType values: a category holding one of them came from EventType, not Category.
_EVENT_TYPES: Final = frozenset(
    ("AUDIT_SUCCESS", "AUDIT_FAILURE", "INFO", "WARNING", "ERROR", "CRITICAL", "VERBOSE")
)


def read_nxlog(details: dict[str, Any], event: Event) -> Reading | None:
    """The event whose fields are flat in ``details``, ``None`` when it is not one."""
    id_key = find(details, "EventID")
    channel_key = find(details, "Channel")
    if id_key is None or channel_key is None:
        return None
    eventid = event_id(details[id_key])
    channel = text_or_none(details[channel_key])
    if eventid is None or channel is None:
        return None
    reading = Reading("nxlog", eventid, channel=channel)
    used = {id_key, channel_key}
    for name, attribute in (
        ("SourceName", "provider"),
        ("provider_name", "provider"),
        ("computer", "computer"),
        ("RecordNumber", "recordid"),
        ("recordid", "recordid"),
        ("Task", "task"),
        ("OpcodeValue", "opcode"),
        ("Opcode", "opcode"),
        ("level", "level"),
    ):
        key = find(details, name)
        if key is not None and getattr(reading, attribute) is None and _scalar(details[key]):
            setattr(reading, attribute, details[key])
            used.add(key)
    reading.provider = text_or_none(reading.provider)
    reading.computer = text_or_none(reading.computer)
    if reading.provider is None and event["processname"] != DEFAULTS["processname"]:
        reading.provider = event["processname"]  # from SourceName (else SourceName is in details)
    if reading.computer is None and event["hostname"] != DEFAULTS["hostname"]:
        reading.computer = event["hostname"]  # from Hostname
    for key, value in details.items():
        if key in used:
            continue
        if key in NXLOG_FIELDS or (key in _LOWER and key.islower()):
            reading.rest[key] = value
        else:
            reading.data[key] = value
    _give_back(details, event, reading)
    category = event["category"]
    if category not in (DEFAULTS["category"], "windows"):  # "windows": this plugin's, on a second run
        taken = "EventType" if category.upper() in _EVENT_TYPES else "Category"
        if find(details, taken) is None:
            reading.rest[taken] = category
            reading.category_taken = True
    return reading


def _give_back(details: dict[str, Any], event: Event, reading: Reading) -> None:
    """Return to ``data`` the EventData fields normalization made event fields.

    ``eventsource``: NXLog feeds it from none of its own fields, so when it is set it was ``Path``
    (PowerShell's, Defender's). ``processname``: when NXLog's ``SourceName`` lost it (it is still in
    details), a key of higher precedence won: EventData's ``ProcessName`` (4624, 4625, 4656 …).
    """
    if event["eventsource"] and find(details, "Path") is None:
        reading.data["Path"] = event["eventsource"]
        reading.reset.append("eventsource")
    if "SourceName" in details and find(details, "ProcessName") is None:
        reading.data["ProcessName"] = event["processname"]
        reading.reset.append("processname")


def _scalar(value: Any) -> bool:
    return value is not None and type(value) is not dict and type(value) is not list
