"""Indicators and the lookup tables the intel plugin matches events against (pure, no I/O).

An :class:`Indicator` is one listed value, already canonical (the list entries' rules,
:func:`mozdef_common.lists.entries.canonical_value`), with where it came from. :class:`IntelIndex` is built
once per reload from every indicator and is never changed afterwards, so the plugin reads it from the
event loop while the loader builds the next one in its thread. Lookups cost one dict access per
address prefix length in use, per domain label, or per user or hash.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final, TypeVar

_FAMILY_BITS: Final = {4: 32, 16: 128}
K = TypeVar("K")


@dataclass(slots=True, frozen=True)
class Indicator:
    """One listed value. ``origin`` is ``{"list": "watchlist"}`` or ``{"feed": "tor.txt"}``; ``extra``
    holds the optional text fields a match carries (``source``, ``reason``, ``confidence``,
    ``description``); ``expires`` is an ISO time (list entries only), ``None`` for never."""

    type: str
    value: str
    origin: Mapping[str, str]
    extra: Mapping[str, str] = field(default_factory=dict)
    expires: str | None = None

    def tag(self) -> str:
        """The event tag a match adds: the list's name, or ``intel`` for a feed."""
        return self.origin.get("list", "intel")

    def match(self, field_name: str, value: str) -> dict[str, str]:
        """The ``details.intel_matches`` item of this indicator matching ``value`` at ``field_name``."""
        return {
            "field": field_name,
            "value": value,
            "indicator": self.value,
            "type": self.type,
            **self.origin,
            **self.extra,
        }


Hits = tuple[Indicator, ...]
_NONE: Final[Hits] = ()


class IntelIndex:
    """Every indicator, arranged for lookups by what an event holds."""

    __slots__ = ("_domains", "_hashes", "_nets", "_users", "_wildcards", "size")

    def __init__(self, indicators: Iterable[Indicator] = ()) -> None:
        nets: dict[int, dict[int, dict[int, list[Indicator]]]] = {32: {}, 128: {}}
        domains: dict[str, list[Indicator]] = {}
        wildcards: dict[str, list[Indicator]] = {}
        users: dict[str, list[Indicator]] = {}
        hashes: dict[str, list[Indicator]] = {}
        size = 0
        for indicator in indicators:
            kind, value = indicator.type, indicator.value
            if kind in ("ip", "cidr"):
                try:
                    bits, prefix, key = _network_key(value)
                except (OSError, ValueError):  # a scoped IPv6 (fe80::1%eth0) never leaves its link
                    continue
                nets[bits].setdefault(prefix, {}).setdefault(key, []).append(indicator)
            elif kind == "domain":
                if value.startswith("*."):  # every subdomain, not the name itself
                    wildcards.setdefault(value[2:], []).append(indicator)
                else:
                    domains.setdefault(value, []).append(indicator)
            elif kind == "user":
                users.setdefault(value.casefold(), []).append(indicator)
            elif kind == "hash":
                hashes.setdefault(value.lower(), []).append(indicator)
            else:
                continue
            size += 1
        # Per family: (prefix length, shift, table) longest first. An address is looked up once per
        # prefix length in use, so a feed of a million /32s and /24s still costs two dict reads.
        self._nets = {
            bits: tuple((prefix, bits - prefix, _freeze(table)) for prefix, table in sorted(by.items())[::-1])
            for bits, by in nets.items()
        }
        self._domains = _freeze(domains)
        self._wildcards = _freeze(wildcards)
        self._users = _freeze(users)
        self._hashes = _freeze(hashes)
        self.size = size

    def __bool__(self) -> bool:
        return self.size > 0

    def address(self, packed: bytes) -> Hits:
        """Indicators (``ip`` and ``cidr``) holding the address ``packed`` (4 or 16 bytes)."""
        tables = self._nets[len(packed) * 8]
        if not tables:
            return _NONE
        number = int.from_bytes(packed, "big")
        found: Hits = _NONE
        for _prefix, shift, table in tables:
            hits = table.get(number >> shift)
            if hits:
                found = found + hits if found else hits
        return found

    def domain(self, name: str) -> Hits:
        """Indicators for ``name`` (lower case, no trailing dot) or any of its parent domains."""
        found: Hits = _NONE
        rest = name
        first = True
        while True:
            hits = self._domains.get(rest)
            if hits:
                found = found + hits if found else hits
            if not first:
                hits = self._wildcards.get(rest)
                if hits:
                    found = found + hits if found else hits
            dot = rest.find(".")
            if dot < 0:
                return found
            rest = rest[dot + 1 :]
            first = False

    def user(self, name: str) -> Hits:
        """Indicators for the user ``name`` (case-insensitive; ``DOMAIN\\name`` also as ``name``)."""
        folded = name.casefold()
        found = self._users.get(folded, _NONE)
        slash = folded.rfind("\\")
        if slash >= 0:
            found = found + self._users.get(folded[slash + 1 :], _NONE)
        return found

    def digest(self, hexdigest: str) -> Hits:
        """Indicators for a hash in hex (any case)."""
        return self._hashes.get(hexdigest.lower(), _NONE)


def _freeze(table: Mapping[K, list[Indicator]]) -> dict[K, Hits]:
    return {key: tuple(hits) for key, hits in table.items()}


def _network_key(value: str) -> tuple[int, int, int]:
    """``(family bits, prefix length, network number >> host bits)`` of an ip or cidr value."""
    text, _, prefix_text = value.partition("/")
    family = socket.AF_INET6 if ":" in text else socket.AF_INET
    packed = socket.inet_pton(family, text)
    bits = _FAMILY_BITS[len(packed)]
    prefix = int(prefix_text) if prefix_text else bits
    return bits, prefix, int.from_bytes(packed, "big") >> (bits - prefix)
