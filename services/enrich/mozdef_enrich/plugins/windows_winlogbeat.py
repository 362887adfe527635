"""Reader for Winlogbeat's ECS JSON: the event in ``winlog``, ECS objects around it.

``winlog.event_id`` (a number, or text in 8.x), ``winlog.channel``, ``winlog.provider_name``,
``winlog.computer_name``, ``winlog.record_id``, ``winlog.task`` / ``winlog.opcode`` (names),
``winlog.process.pid``, ``winlog.event_data`` or ``winlog.user_data`` (with its ``xml_name``). The time
(``@timestamp``) and the message (``message``) were already made ``utctimestamp`` and ``summary`` by
normalization; ``log.level`` gives the level. What is left of ``winlog`` stays there; the ECS objects
(``event``, ``host``, ``process``, ``user`` …) stay where they are: they repeat the event (``event.code``,
``process.command_line``) but never replace an EventData field (see the plugin).
"""

from __future__ import annotations

from typing import Any, Final

from mozdef_enrich.plugins.windows_values import Reading, event_id, text_or_none
from mozdef_enrich.severity import map_severity

_SYSTEM: Final = {
    "channel": "channel",
    "provider_name": "provider",
    "computer_name": "computer",
    "record_id": "recordid",
    "task": "task",
    "opcode": "opcode",
    "level": "level",
}


def read_winlogbeat(details: dict[str, Any]) -> Reading | None:
    """The event in ``details.winlog``, ``None`` when it is not one."""
    winlog = details.get("winlog")
    if type(winlog) is not dict:
        return None
    eventid = event_id(winlog.get("event_id"))
    if eventid is None:
        return None
    reading = Reading("ecs", eventid)
    left: dict[str, Any] = {}
    for key, value in winlog.items():
        attribute = _SYSTEM.get(key)
        if key == "event_id":
            continue
        if attribute is not None and value is not None and type(value) not in (dict, list):
            setattr(reading, attribute, value)
        elif key in ("event_data", "user_data"):
            if value is None:
                continue
            if type(value) is not dict:
                return None
            for name, sub in value.items():
                if key == "user_data" and name == "xml_name":
                    left.setdefault("xml_name", sub)
                else:
                    reading.data[name] = sub
        else:
            left[key] = value
    for attribute in ("channel", "provider", "computer"):
        setattr(reading, attribute, text_or_none(getattr(reading, attribute)))
    process = winlog.get("process")
    if type(process) is dict:
        reading.processid = process.get("pid")
    log = details.get("log")
    if reading.level is None and type(log) is dict and type(log.get("level")) is str:
        reading.level = log["level"]
    # Level names are ASCII words; the severity parser's digit test would take "²" and fail on it.
    if type(reading.level) is str and reading.level.isascii():
        reading.severity = map_severity(reading.level, key="level")
    xml_name = left.pop("xml_name", None)
    reading.rest = {key: value for key, value in details.items() if key != "winlog"}
    if left:
        reading.rest["winlog"] = left
    if xml_name is not None:
        reading.rest.setdefault("xml_name", xml_name)
    return reading
