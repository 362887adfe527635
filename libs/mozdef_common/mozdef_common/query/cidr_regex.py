"""A network (CIDR) as a regex over the canonical text of the addresses inside it.

The embedded store keeps addresses as strings (enrich's ipfixup writes them canonical: IPv4 dotted
quads without leading zeros, IPv6 compressed in lower case), so ``details.sourceipaddress:10.0.0.0/8``
runs as a regex anchored to the whole value. The regex is exact for canonical text:

* IPv4: four decimal octets, each limited to the values the prefix allows (``10.0.0.0/9`` ->
  ``10\\.(?:[0-9]|[1-9][0-9]|1[01][0-9]|12[0-7])\\.<any>\\.<any>``).
* IPv6: each of the eight groups limited likewise (hex, no leading zeros), written in full or with
  ``::`` standing for any run of groups that may all be zero, plus the ``::a.b.c.d`` form glibc prints
  for addresses whose first 96 bits are zero. Any text that reads as an address of the network
  matches, which includes the one canonical form.

Limits, documented for analysts: text that is not canonical (leading zeros, upper case, IPv4-mapped
``::ffff:1.2.3.4``, zone ids ``fe80::1%eth0``) is not matched; ipfixup never stores such text.
"""

from __future__ import annotations

import ipaddress
from typing import Final

_DEC: Final = "0123456789"
_HEX: Final = "0123456789abcdef"


def network_regex(network: str) -> str:
    """The regex matching the canonical text of every address in ``network`` (CIDR text)."""
    net = ipaddress.ip_network(network, strict=False)
    if isinstance(net, ipaddress.IPv4Network):
        return _ipv4(int(net.network_address), net.prefixlen)
    return _ipv6(int(net.network_address), net.prefixlen)


def _ipv4(address: int, prefix: int) -> str:
    return "\\.".join(_number(lo, hi, _DEC) for lo, hi in _parts(address, prefix, 32, 8))


def _ipv6(address: int, prefix: int) -> str:
    ranges = _parts(address, prefix, 128, 16)
    groups = [_number(lo, hi, _HEX) for lo, hi in ranges]
    can_be_zero = [lo == 0 for lo, _ in ranges]
    forms = [":".join(groups)]
    for start in range(8):
        for end in range(start + 1, 9):
            if not can_be_zero[end - 1]:
                break  # every longer run from ``start`` holds this group too
            forms.append(":".join(groups[:start]) + "::" + ":".join(groups[end:]))
    if all(can_be_zero[:6]):
        low_prefix = max(prefix - 96, 0)
        forms.append("::" + _ipv4(address & 0xFFFFFFFF, low_prefix))
    return "(?:" + "|".join(forms) + ")"


def _parts(address: int, prefix: int, bits: int, width: int) -> list[tuple[int, int]]:
    """The range of each ``width``-bit part of the addresses in the network, most significant first."""
    ranges = []
    top = (1 << width) - 1
    for shift in range(bits - width, -1, -width):
        value = (address >> shift) & top
        fixed = min(max(prefix - (bits - width - shift), 0), width)  # prefix bits inside this part
        free = (1 << (width - fixed)) - 1
        ranges.append((value & ~free & top, (value & ~free & top) | free))
    return ranges


def _number(lo: int, hi: int, digits: str) -> str:
    """Numbers from ``lo`` to ``hi`` written in ``digits``' base without leading zeros."""
    base = len(digits)
    alternatives = []
    length = 1
    while length == 1 or base ** (length - 1) <= hi:
        first = 0 if length == 1 else base ** (length - 1)
        last = base**length - 1
        if lo <= last and hi >= first:
            low, high = max(lo, first), min(hi, last)
            alternatives.append(_fixed(_digits(low, length, digits), _digits(high, length, digits), digits))
        length += 1
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _fixed(lo: str, hi: str, digits: str) -> str:
    """Digit strings of one length from ``lo`` to ``hi`` (leading zeros allowed past the first)."""
    if lo == hi:
        return lo
    rest = len(lo) - 1
    low_first, high_first = digits.index(lo[0]), digits.index(hi[0])
    if rest == 0 or (lo[1:] == digits[0] * rest and hi[1:] == digits[-1] * rest):
        return _class(low_first, high_first, digits) + _any(rest, digits)
    if low_first == high_first:
        return lo[0] + _fixed(lo[1:], hi[1:], digits)
    parts = [lo[0] + _fixed(lo[1:], digits[-1] * rest, digits)]
    if high_first - low_first > 1:
        parts.append(_class(low_first + 1, high_first - 1, digits) + _any(rest, digits))
    parts.append(hi[0] + _fixed(digits[0] * rest, hi[1:], digits))
    return "(?:" + "|".join(parts) + ")"


def _class(low: int, high: int, digits: str) -> str:
    if low == high:
        return digits[low]
    # Runs of consecutive characters as ranges: "0123456789ab" -> "[0-9ab]", short and readable.
    chars = digits[low : high + 1]
    runs: list[str] = []
    start = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or ord(chars[i]) != ord(chars[i - 1]) + 1:
            run = chars[start:i]
            runs.append(f"{run[0]}-{run[-1]}" if len(run) > 2 else run)
            start = i
    return "[" + "".join(runs) + "]"


def _any(count: int, digits: str) -> str:
    if count == 0:
        return ""
    every = _class(0, len(digits) - 1, digits)
    return every if count == 1 else f"{every}{{{count}}}"


def _digits(value: int, length: int, digits: str) -> str:
    base = len(digits)
    out = []
    for _ in range(length):
        value, digit = divmod(value, base)
        out.append(digits[digit])
    return "".join(reversed(out))
