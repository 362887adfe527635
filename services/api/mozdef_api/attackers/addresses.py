"""Where an alert names its attacker, its attacker's country and its targets (pure).

The attacker is the source address the rule grouped on (``group["details.sourceipaddress"]`` and the
other keys of :data:`SOURCE_KEYS`). Only when the group names none are the sample events read
(``details.sourceipaddress`` of each event that carries its details), at most :data:`MAX_SOURCES`
of them, so one noisy alert cannot create a crowd of profiles.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any, Final

#: Keys naming a source address, in an alert's group or (dotted) in an event.
SOURCE_KEYS: Final = (
    "details.sourceipaddress",
    "details.sourceipv4address",
    "details.sourceipv6address",
    "details.srcip",
    "details.src_ip",
    "details.clientip",
    "sourceipaddress",
)
#: Keys naming what was attacked: a destination address or a host name.
TARGET_KEYS: Final = (
    "details.destinationipaddress",
    "details.dstip",
    "details.dst_ip",
    "details.hostname",
    "hostname",
)
COUNTRY_KEY: Final = "details.sourceipgeolocation.country_code"
MAX_SOURCES: Final = 10


def canonical(value: object) -> str | None:
    """The one spelling of an address (``2001:DB8::0:1`` → ``2001:db8::1``; an IPv4-mapped IPv6
    address → its IPv4), or None when ``value`` is not an address. Profiles are keyed by it."""
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    try:
        address = ipaddress.ip_address(value.strip().split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.compressed


def lookup(doc: Mapping[str, Any], path: str) -> Any:
    """``path`` in ``doc``: a flat dotted key (as groups hold) or a walk through nested objects."""
    if path in doc:
        return doc[path]
    current: Any = doc
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


def _first(doc: Mapping[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        found = lookup(doc, key)
        if found is not None:
            return found
    return None


def events_of(alert: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [e for e in alert.get("events") or [] if isinstance(e, Mapping)]


def sources(alert: Mapping[str, Any]) -> list[str]:
    """The attacker addresses of ``alert``, canonical, without repeats, in the order found."""
    group = alert.get("group")
    if isinstance(group, Mapping):
        found = [a for a in (canonical(lookup(group, key)) for key in SOURCE_KEYS) if a]
        if found:
            return list(dict.fromkeys(found))
    addresses = [canonical(_first(event, SOURCE_KEYS)) for event in events_of(alert)]
    return list(dict.fromkeys(a for a in addresses if a))[:MAX_SOURCES]


def _text(value: object, most: int = 255) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()[:most]
    return None


def countries(alert: Mapping[str, Any], address: str) -> set[str]:
    """Country codes the alert's group, or its sample events from ``address``, give (upper case)."""
    found: set[str] = set()
    group = alert.get("group")
    if isinstance(group, Mapping) and (code := _text(lookup(group, COUNTRY_KEY), 8)):
        found.add(code.upper())
    for event in events_of(alert):
        source = canonical(_first(event, SOURCE_KEYS))
        if source in (None, address) and (code := _text(lookup(event, COUNTRY_KEY), 8)):
            found.add(code.upper())
    return found


def targets(alert: Mapping[str, Any], address: str) -> set[str]:
    """Destination addresses and host names in the alert's group and its sample events from ``address``."""
    found: set[str] = set()
    group = alert.get("group")
    docs: list[Mapping[str, Any]] = [group] if isinstance(group, Mapping) else []
    docs += [e for e in events_of(alert) if canonical(_first(e, SOURCE_KEYS)) in (None, address)]
    for doc in docs:
        for key in TARGET_KEYS:
            value = lookup(doc, key)
            text = canonical(value) or _text(value)
            if text and text != address:
                found.add(text.lower())
    return found
