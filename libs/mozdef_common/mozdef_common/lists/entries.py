"""Blocklist and watchlist entries: the document shape both lists share, and its validation.

This module is pure (no web framework, no store) because two processes write the lists: the api's
REST routes and the alerter's ``block_ip`` / ``block_domain`` actions. Both build documents here, so
a value means the same thing wherever it came from.

A stored entry (collections ``blocklist`` and ``watchlist``)::

    {"id", "version", "created", "updated",          # the state store's own keys
     "type": "ip" | "cidr" | "domain" | "user" | "hash",
     "value": "203.0.113.7",                         # canonical form (see canonical_value)
     "reason": "ssh brute force", "source": "alert:ssh-bruteforce",
     "expires": "2026-11-28T10:00:00.000000+00:00" | None,   # None: never
     "actor": "ann" | "apikey:fw" | "alerter"}

One entry per (type, value) and list: adding a value again refreshes its reason, source and expiry.
``expires`` is written in the one ISO form events use, so string order is time order.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal

from mozdef_common.event import utc_iso
from mozdef_common.state import Where

EntryType = Literal["ip", "cidr", "domain", "user", "hash"]
TYPES: Final[tuple[EntryType, ...]] = ("ip", "cidr", "domain", "user", "hash")
LISTS: Final = ("blocklist", "watchlist")

_DURATION = re.compile(r"^\s*(\d{1,9})\s*([smhdw])\s*$")
_UNITS: Final = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
#: Further than any sensible expiry; past it, leave ``expires`` out for "never".
MAX_TTL: Final = timedelta(days=3650)
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_HASH_LENGTHS: Final = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}
_HEX = re.compile(r"^[0-9a-f]+$")


class InvalidEntry(ValueError):
    """A value, type or expiry that cannot be listed; the message says which and why."""


def canonical_value(kind: str, value: str) -> str:
    """``value`` in the one form the list keeps for ``kind``; InvalidEntry when it is not one.

    ip: any IPv4/IPv6 address, compressed; cidr: a network (host bits are cleared); domain: a DNS
    name, lower case, IDNA-encoded, without the trailing dot; user: a name without spaces or control
    characters; hash: an MD5, SHA-1, SHA-256 or SHA-512 in hex, lower case.
    """
    text = value.strip()
    if not text:
        raise InvalidEntry(f"{kind}: empty value")
    if kind == "ip":
        try:
            return str(ipaddress.ip_address(text))
        except ValueError:
            raise InvalidEntry(f"ip: {value!r} is not an IPv4 or IPv6 address") from None
    if kind == "cidr":
        try:
            return str(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise InvalidEntry(f"cidr: {value!r} is not a network like 198.51.100.0/24") from None
    if kind == "domain":
        return _domain(text)
    if kind == "user":
        if len(text) > 256 or any(c.isspace() or not c.isprintable() for c in text):
            raise InvalidEntry("user: at most 256 characters, without spaces or control characters")
        return text
    if kind == "hash":
        lowered = text.lower()
        if len(lowered) not in _HASH_LENGTHS or not _HEX.match(lowered):
            raise InvalidEntry("hash: an MD5, SHA-1, SHA-256 or SHA-512 in hexadecimal")
        return lowered
    raise InvalidEntry(f"unknown type {kind!r}: use one of {', '.join(TYPES)}")


def _domain(text: str) -> str:
    name = text.lower().rstrip(".")
    if name.startswith("*."):  # a wildcard is how proxies say "and every subdomain"
        return "*." + _domain(name[2:])
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidEntry(f"domain: {text!r} is not a valid host name") from None
    labels = name.split(".")
    if len(name) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise InvalidEntry(f"domain: {text!r} is not a valid host name like example.org")
    return name


def expiry(value: str | None, now: datetime) -> str | None:
    """The ISO expiry of ``value``: a duration from ``now`` (``30m``, ``24h``, ``7d``, ``2w``), an
    ISO-8601 time (with an offset, or UTC), or None for never. Past times are refused."""
    if value is None or not value.strip():
        return None
    match = _DURATION.match(value)
    if match:
        ttl = timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])
        if ttl <= timedelta(0) or ttl > MAX_TTL:
            raise InvalidEntry(f"expires: {value!r} must be more than 0 and at most 3650d")
        return utc_iso(now + ttl)
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidEntry(f"expires: {value!r} is neither a duration like 24h nor an ISO time") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if when <= now:
        raise InvalidEntry(f"expires: {value!r} is already past")
    if when - now > MAX_TTL:
        raise InvalidEntry(f"expires: {value!r} is more than 3650 days away")
    return utc_iso(when)


def active(now: datetime) -> Where:
    """The filter of entries that have not expired at ``now``."""
    return {"$or": [{"expires": None}, {"expires": {"$gt": utc_iso(now)}}]}


def expired(now: datetime) -> Where:
    """The filter of entries whose expiry is past at ``now`` (what the purge deletes)."""
    return {"expires": {"$lte": utc_iso(now)}}


def is_active(entry: dict[str, Any], now_iso: str) -> bool:
    expires = entry.get("expires")
    return expires is None or str(expires) > now_iso


def later(a: str | None, b: str | None) -> str | None:
    """The later of two expiries (None, never, is the latest)."""
    if a is None or b is None:
        return None
    return max(a, b)
