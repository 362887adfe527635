"""Which addresses have no place on a map: private, loopback, link-local, multicast and reserved ranges.

The ranges are listed here rather than taken from ``ipaddress``'s ``is_private`` / ``is_global``, whose
answers changed between Python releases (3.11.10 and 3.12.4 moved several ranges): an address must get
the same scope, and so the same tag, whichever interpreter enrich runs on.

========== ===================================================================================
scope      ranges
========== ===================================================================================
loopback   127.0.0.0/8, ::1/128
link-local 169.254.0.0/16, fe80::/10
multicast  224.0.0.0/4, ff00::/8
private    10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 (carrier-grade NAT, private to
           a carrier), fc00::/7 (unique local)
reserved   0.0.0.0/8, 192.0.0.0/24, 192.0.2.0/24, 198.18.0.0/15, 198.51.100.0/24, 203.0.113.0/24,
           240.0.0.0/4 (with 255.255.255.255), ::/128, 100::/64, 2001:2::/48, 2001:db8::/32,
           3fff::/20, 5f00::/16 (unspecified, documentation, benchmarking, discard, future use)
========== ===================================================================================
"""

from __future__ import annotations

import ipaddress
from typing import Final

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_RANGES: Final[dict[str, tuple[str, ...]]] = {
    "loopback": ("127.0.0.0/8", "::1/128"),
    "link-local": ("169.254.0.0/16", "fe80::/10"),
    "multicast": ("224.0.0.0/4", "ff00::/8"),
    "private": ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"),
    "reserved": (
        "0.0.0.0/8",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "240.0.0.0/4",
        "::/128",
        "100::/64",
        "2001:2::/48",
        "2001:db8::/32",
        "3fff::/20",
        "5f00::/16",
    ),
}
#: Every scope :func:`address_scope` can answer.
SCOPES: Final = tuple(_RANGES)

_BY_VERSION: Final[dict[int, tuple[tuple[_Network, str], ...]]] = {
    version: tuple(
        (network, scope)
        for scope, texts in _RANGES.items()
        for network in map(ipaddress.ip_network, texts)
        if network.version == version
    )
    for version in (4, 6)
}


def address_scope(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """The scope of an address that is not publicly routed (the table above), ``None`` for the others."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1 (ipfixup writes it so already)
    for network, scope in _BY_VERSION[address.version]:
        if address in network:
            return scope
    return None
