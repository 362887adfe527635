"""What the Windows readers share: the :class:`Reading` they return and the value helpers they use.

A reader (:mod:`.windows_evtx`, :mod:`.windows_nxlog`, :mod:`.windows_winlogbeat`) looks at a normalized
event's ``details`` and, when it recognises its rendering, returns a :class:`Reading`: the System
fields, the EventData/UserData fields by their own names, and ``rest``, the details it did not use (new
objects: a reader never changes the event, so a ``None`` answer leaves it exactly as it was).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from mozdef_enrich.jsontext import scalar_text

# Windows event ids are 16-bit; anything else is not an event id, and the event is left alone.
_EVENTID_MAX: Final = 0xFFFF
# XML namespace declarations say nothing about the event: not worth a field.
_NOISE: Final = frozenset(("xmlns", "@xmlns"))


@dataclass(slots=True)
class Reading:
    """One Windows event as a reader found it (``None`` fields: the rendering does not say)."""

    #: Where a shipper key displaced by a Windows field goes, under details (``evtx``, ``nxlog``, ``ecs``).
    namespace: str
    eventid: int
    channel: str | None = None
    provider: str | None = None
    computer: str | None = None
    recordid: Any = None
    level: Any = None
    task: Any = None
    opcode: Any = None
    #: The event's own time, as the rendering wrote it (normalization already used NXLog's and Beats').
    time: Any = None
    #: The rendered message, when normalization did not already make it the summary.
    message: str | None = None
    #: The producer's process id (System/Execution), for ``processid`` when that is unset.
    processid: Any = None
    #: The severity the rendering gives (upper case), when normalization did not map one.
    severity: str | None = None
    #: Whether ``category`` holds a value the rendering put there (NXLog's Category or EventType).
    category_taken: bool = False
    #: Event fields that held an EventData field (NXLog's flat ``Path``, ``ProcessName``), now in
    #: ``data``: they go back to their defaults before the plugin fills them.
    reset: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    rest: dict[str, Any] = field(default_factory=dict)


def event_id(value: Any) -> int | None:
    """An EventID as an int (``4625``, ``"4625"``, ``{"#text": 4625, ...}``); ``None`` if it is not one."""
    if type(value) is dict:
        value = value.get("#text")
    if type(value) is str:
        text = value.strip()
        value = int(text) if text.isascii() and text.isdigit() else None
    if type(value) is int and 0 <= value <= _EVENTID_MAX:
        return value
    return None


def number(value: Any) -> Any:
    """An int for a numeric string, anything else as it is (record ids, logon types)."""
    if type(value) is str:
        text = value.strip()
        if text.isascii() and text.isdigit():
            return int(text)
    return value


def field_value(value: Any) -> Any:
    """An EventData value in the one shape every rendering gives: text, as Windows renders it.

    NXLog, Winlogbeat and XML converters write every value as text; evtx_dump writes typed values
    (``4242``, ``true``, ``null``). Turning those into the same text keeps a field one type whatever
    rendered the event, so a rule and an index mapping see one field.
    """
    kind = type(value)
    if kind is str:
        return value
    if value is None:
        return ""
    if kind is dict:
        if "#text" in value:
            return field_value(value["#text"])
        return plain(value)
    if kind is list:
        return [field_value(item) for item in value]
    return scalar_text(value)


def attributes(node: Any) -> dict[str, Any]:
    """The XML attributes of a converted element: evtx_dump's ``#attributes`` and xmltodict's ``@x``."""
    if type(node) is not dict:
        return {}
    found: dict[str, Any] = {}
    nested = node.get("#attributes")
    if type(nested) is dict:
        found.update(nested)
    for key, value in node.items():
        if key[:1] == "@" and key not in _NOISE:
            found[key[1:]] = value
    return found


def text(node: Any) -> Any:
    """The text of a converted element: the value itself, or its ``#text``."""
    return node.get("#text") if type(node) is dict else node


def plain(node: Any) -> Any:
    """A converted element as plain JSON: attributes become keys, ``#text`` stays, namespaces go."""
    if type(node) is list:
        return [plain(item) for item in node]
    if type(node) is not dict:
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "#attributes" and type(value) is dict:
            out.update((name, sub) for name, sub in value.items() if name not in _NOISE)
        elif key in _NOISE:
            continue
        else:
            out[key[1:] if key[:1] == "@" else key] = plain(value)
    return out


def find(mapping: Mapping[str, Any], name: str) -> str | None:
    """The key of ``mapping`` that is ``name`` in any case (the exact spelling first), or ``None``."""
    if name in mapping:
        return name
    lowered = name.lower()
    for key in mapping:
        if key.lower() == lowered:
            return key
    return None


def pick(mapping: Mapping[str, Any], name: str) -> Any:
    """The value under ``name`` in any case, ``None`` when absent."""
    key = find(mapping, name)
    return None if key is None else mapping[key]


def text_or_none(value: Any) -> str | None:
    """A non-empty string as it is, a number as text, anything else ``None``."""
    if type(value) is str:
        return value or None
    if type(value) is int:
        return str(value)
    return None
