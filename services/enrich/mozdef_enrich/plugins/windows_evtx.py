"""Reader for EVTX records converted to JSON: ``{"Event": {"System": {...}, "EventData": {...}}}``.

Two converters are common and both are read:

* evtx_dump (and tools built like it): attributes under ``#attributes``, typed values,
  ``"EventID": 4625`` or ``{"#attributes": {"Qualifiers": 0}, "#text": 7036}``, named Data flattened
  into ``EventData`` (``{"SubjectUserName": "alice"}``), unnamed Data as ``{"Data": {"#text": [...]}}``;
* XML-to-JSON (python-evtx with xmltodict): attributes as ``@Name``, every value text, EventData as
  ``{"Data": [{"@Name": "SubjectUserName", "#text": "alice"}, ...]}`` (one Data item: an object).

The ``Event`` wrapper may be missing (``{"System": ..., "EventData": ...}``). Unnamed Data values are
named ``param1``, ``param2``… as Winlogbeat names them. UserData holds one element whose children are
the fields; its name is kept as ``xml_name`` (Winlogbeat's name for it). ``RenderingInfo.Message``
(forwarded events) is the rendered message. What is not mapped stays where it was, in plain JSON.
"""

from __future__ import annotations

from typing import Any, Final

from mozdef_enrich.plugins.windows_values import (
    Reading,
    attributes,
    event_id,
    find,
    number,
    pick,
    plain,
    text,
    text_or_none,
)

# System children that become canonical fields; the others stay, as plain JSON.
_MAPPED: Final = frozenset(
    ("eventid", "channel", "computer", "eventrecordid", "level", "task", "opcode", "timecreated")
)
# Windows levels (winmeta.xml): 0 is LogAlways, which the Security log uses for every audit event.
_LEVELS: Final = {0: "INFO", 1: "CRITICAL", 2: "ERROR", 3: "WARNING", 4: "INFO", 5: "DEBUG"}


def read_evtx(details: dict[str, Any]) -> Reading | None:
    """The event in ``details.Event`` (or in ``details`` itself), ``None`` when it is not one."""
    wrapper = find(details, "Event")
    root = details[wrapper] if wrapper is not None else None
    if type(root) is not dict or find(root, "System") is None:
        wrapper, root = None, details
    system_key = find(root, "System")
    if system_key is None or type(root[system_key]) is not dict:
        return None
    system = root[system_key]
    eventid = event_id(pick(system, "EventID"))
    if eventid is None:
        return None
    reading = Reading("evtx", eventid)
    leftover = _read_system(system, reading)
    if leftover is None:
        return None
    rest_root: dict[str, Any] = {system_key: leftover} if leftover else {}
    xml_name: str | None = None
    for key, value in root.items():
        lowered = key.lower()
        if key == system_key or key == "#attributes" or key[:1] == "@":
            continue  # the element's attributes: only namespace declarations on Event
        if lowered == "eventdata":
            if not _read_event_data(value, reading.data):
                return None
        elif lowered == "userdata":
            found = _read_user_data(value, reading.data)
            if found is None:
                return None
            xml_name = found or xml_name
        elif lowered == "renderinginfo" and type(value) is dict:
            message = find(value, "Message")
            if message is not None and type(value[message]) is str:
                reading.message = value[message]
            others = {k: v for k, v in value.items() if k != message}
            if others:
                rest_root[key] = plain(others)
        else:
            rest_root[key] = plain(value)
    if wrapper is None:
        reading.rest = rest_root
    else:
        reading.rest = {k: v for k, v in details.items() if k != wrapper}
        if rest_root:
            reading.rest[wrapper] = rest_root
    if xml_name:
        reading.rest["xml_name"] = xml_name
    return reading


def _read_system(system: dict[str, Any], reading: Reading) -> dict[str, Any] | None:
    """Fill ``reading`` from System; the children left, or ``None`` when System is malformed."""
    left: dict[str, Any] = {}
    for key, value in system.items():
        lowered = key.lower()
        if lowered == "provider":
            found = attributes(value)
            name = found.pop("Name", None)
            if name is not None and type(name) is not str:
                return None
            reading.provider = name or None
            if found:
                left[key] = found
            continue
        if lowered == "execution":
            found = attributes(value)
            reading.processid = found.get("ProcessID")
        if lowered not in _MAPPED:
            left[key] = plain(value)
            continue
        if lowered == "eventid":
            qualifiers = {k: v for k, v in attributes(value).items() if v not in ("", None)}
            if qualifiers:
                left[key] = qualifiers  # Qualifiers: part of the id for classic providers
        elif lowered == "timecreated":
            reading.time = attributes(value).get("SystemTime") or text(value)
        elif lowered == "channel":
            reading.channel = text_or_none(text(value))
        elif lowered == "computer":
            reading.computer = text_or_none(text(value))
        elif lowered == "eventrecordid":
            reading.recordid = text(value)
        else:
            setattr(reading, lowered, text(value))
    level = number(reading.level)
    if type(level) is int:
        reading.severity = _LEVELS.get(level)
    return left


def _read_event_data(node: Any, data: dict[str, Any]) -> bool:
    """Add EventData's fields to ``data``; ``False`` when it is not EventData as converters write it."""
    if node is None:
        return True
    if type(node) is not dict:
        return False
    unnamed: list[Any] = []
    for key, value in node.items():
        if key == "#attributes" or key[:1] == "@":
            continue  # the element's own attributes (a Name for templates): not event fields
        if key == "Data":
            items = value if type(value) is list else [value]
            for item in items:
                name = attributes(item).get("Name")
                if type(name) is str and name:
                    data[name] = text(item)
                elif type(item) is dict and type(item.get("#text")) is list:
                    unnamed.extend(item["#text"])  # evtx_dump: every unnamed value in one list
                elif type(item) is not dict or "#text" in item:
                    unnamed.append(text(item))
        else:
            data[key] = value
    for index, value in enumerate(unnamed, 1):
        data.setdefault(f"param{index}", value)
    return True


def _read_user_data(node: Any, data: dict[str, Any]) -> str | None:
    """Add UserData's fields to ``data``: the name of its element (``""`` if none), ``None`` if malformed."""
    if node is None:
        return ""
    if type(node) is not dict:
        return None
    name = ""
    for key, value in node.items():
        if key == "#attributes" or key[:1] == "@":
            continue
        if type(value) is dict:
            name = name or key
            for field, sub in value.items():
                if field != "#attributes" and field[:1] != "@":
                    data[field] = sub
        else:
            data[key] = value
    return name
