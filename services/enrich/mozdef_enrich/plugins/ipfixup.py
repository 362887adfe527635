"""IPFixup: make the IP addresses in ``details`` valid, canonical and searchable.

IP-ish keys are the direct keys of ``details`` named ``ip``, ending in ``ipaddress`` or ``_ip``, or one of
:data:`mozdef_common.query.fields.IP_KEYS` (``srcip``, ``clientip``, ``remote_addr``,
``x_forwarded_for`` …), any case: the rule the query language applies CIDR with. A string value:

* is split on commas (X-Forwarded-For: ``"1.2.3.4, 10.0.0.1"``) and the first valid address is kept;
* loses ports and brackets (``1.2.3.4:8080``, ``[2001:db8::1]:443``, BIND's ``1.2.3.4#53``); a port from
  ``sourceipaddress`` / ``destinationipaddress`` fills ``sourceport`` / ``destinationport`` when unset;
* is written in canonical form (IPv6 compressed, lower case; IPv4-mapped IPv6 as IPv4);
* when that changed more than case and spaces, the given text stays in ``<key>_original``;
* when it holds no valid address (``"-"``, ``"unknown"``, ``"999.1.1.1"``), it moves to
  ``<key>_invalid``: the key then holds only valid addresses, so an IP-typed index accepts it.

An address found in an X-Forwarded-For key also fills ``sourceipaddress`` when that is unset: the
client is the first address of the chain.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping
from typing import Any, Final

from mozdef_common.query.fields import is_address_key
from mozdef_common.types import Event

_FORWARDED: Final = frozenset(("x-forwarded-for", "x_forwarded_for", "xforwardedfor", "forwarded_for"))
_PORT_KEYS: Final = {"sourceipaddress": "sourceport", "destinationipaddress": "destinationport"}

# The same few keys come back in every event: remember the answer rather than lower-case each time.
_IP_KEY_CACHE: dict[str, bool] = {}
_IP_KEY_CACHE_MAX: Final = 10_000
_V4_MAPPED: Final = b"\x00" * 10 + b"\xff\xff"


class IPFixup:
    name = "ipfixup"
    # After the parsers (sshd is 20) so that the addresses they find are checked too.
    priority = 30
    keeps_schema = True
    registration = ("*",)

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        details = event["details"]
        seen = _IP_KEY_CACHE.get
        # Listed first, as fixing a key adds others. A fix never changes the value of another IP key
        # (it adds "_original"/"_invalid" keys and fills unset ones), so values are read while listing.
        # A plain loop: most events have no IP key, and a comprehension costs a function call.
        found: list[tuple[str, str]] = []
        for key, value in details.items():
            if type(value) is str and ((known := seen(key)) or (known is None and is_ip_key(key))):
                found.append((key, value))
        for key, value in found:
            if not _is_plain_ipv4(value):
                _fix(details, key, value)
        return event


def is_ip_key(key: str) -> bool:
    """Whether a details key names an IP address (see the module docstring)."""
    known = _IP_KEY_CACHE.get(key)
    if known is None:
        known = is_address_key(key)
        if len(_IP_KEY_CACHE) >= _IP_KEY_CACHE_MAX:
            _IP_KEY_CACHE.clear()  # keys come from shippers: bound the memory they can take
        _IP_KEY_CACHE[key] = known
    return known


def _is_plain_ipv4(text: str) -> bool:
    # The common case, settled in one C call: inet_pton takes only canonical dotted quads.
    try:
        socket.inet_pton(socket.AF_INET, text)
    except OSError:
        return False
    return True


def _fix(details: dict[str, Any], key: str, value: str) -> None:
    found = first_address(value)
    if found is None:
        del details[key]
        details[key + "_invalid"] = value
        return
    text, port = found
    details[key] = text
    if text != value.strip().lower():
        details[key + "_original"] = value
    lowered = key.lower()
    port_key = _PORT_KEYS.get(lowered)
    if port is not None and port_key is not None:
        details.setdefault(port_key, port)
    if lowered in _FORWARDED:
        details.setdefault("sourceipaddress", text)


def first_address(text: str) -> tuple[str, int | None] | None:
    """The first valid address in a comma-separated list (canonical text), with its port, if any."""
    for candidate in text.split(","):
        found = parse_address(candidate)
        if found is not None:
            return found
    return None


def parse_address(text: str) -> tuple[str, int | None] | None:
    """One address (canonical text), possibly given with a port or in brackets; ``None`` if invalid."""
    text = text.strip().strip("\"'")
    port: str | None = None
    if text.startswith("["):  # [v6]:port
        host, _, rest = text[1:].partition("]")
        if rest.startswith(":"):
            port = rest[1:]
        text = host
    elif text.count(":") == 1:  # v4:port (a v6 address has at least two colons)
        text, port = text.split(":")
    elif "#" in text:  # BIND's query log writes address#port, for v4 and v6 alike
        text, _, port = text.partition("#")
    address = canonical_address(text)
    if address is None:
        return None
    number = int(port) if port is not None and port.isdigit() and int(port) <= 65535 else None
    return address, number


def canonical_address(text: str) -> str | None:
    """``text`` as a canonical IPv4 or IPv6 address (IPv4-mapped IPv6 as IPv4), or ``None``."""
    # inet_pton is strict (no leading zeros, no shorthand) and far faster than the ipaddress module.
    try:
        return socket.inet_ntop(socket.AF_INET, socket.inet_pton(socket.AF_INET, text))
    except OSError:
        pass
    try:
        packed = socket.inet_pton(socket.AF_INET6, text)
    except OSError:
        return _scoped(text) if "%" in text else None
    if packed.startswith(_V4_MAPPED):
        return socket.inet_ntop(socket.AF_INET, packed[12:])
    return socket.inet_ntop(socket.AF_INET6, packed)


def _scoped(text: str) -> str | None:
    # fe80::1%eth0: a zone that inet_pton does not take
    try:
        return str(ipaddress.IPv6Address(text))
    except ValueError:
        return None
