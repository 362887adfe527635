"""A small writer of MaxMind DB files (format 2.0), so tests build the databases they read.

The format, as MaxMind publishes it: a binary search tree over the bits of an address (each node two
records of 24, 28 or 32 bits: a node number, "no data" (= the node count), or a pointer into the data
section (node count + 16 + offset)), 16 zero bytes, the data section (typed fields, each behind a control
byte), then the marker ``\\xab\\xcd\\xefMaxMind.com`` and the metadata map.

In an IPv6 database an IPv4 network ``a.b.c.d/n`` lives at ``::a.b.c.d/(96 + n)``, where readers look
IPv4 addresses up. Networks may nest when the wider one is given first (the narrower one splits it).
Records are stored once each, without pointers: fine for the handful of networks a test needs.
"""

from __future__ import annotations

import ipaddress
import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

METADATA_MARKER: Final = b"\xab\xcd\xefMaxMind.com"
_SEPARATOR: Final = b"\x00" * 16

# Data section types (the numbers the format gives them).
_STRING, _DOUBLE, _BYTES, _UINT16, _UINT32, _MAP = 2, 3, 4, 5, 6, 7
_INT32, _UINT64, _UINT128, _ARRAY, _BOOLEAN = 8, 9, 10, 11, 14

_UINT_TYPES: Final = {16: _UINT16, 32: _UINT32, 64: _UINT64, 128: _UINT128}

# A child in the tree being built: a node index, a data offset, or nothing.
_Child = tuple[str, int] | None


@dataclass(frozen=True, slots=True)
class Uint:
    """An unsigned integer stored with this many bits: readers check the metadata's types (the node
    count is a uint32, the build epoch a uint64), where a plain int gets the smallest type."""

    value: int
    bits: int


def encode(value: Any) -> bytes:
    """One value of the data section: control byte(s), then the payload."""
    if isinstance(value, bool):  # before int: a bool is an int to Python
        return _control(_BOOLEAN, int(value))
    if isinstance(value, Uint):
        return _control(_UINT_TYPES[value.bits], _size(value.value)) + _payload(value.value)
    if isinstance(value, int):
        return _encode_int(value)
    if isinstance(value, float):
        return _control(_DOUBLE, 8) + struct.pack(">d", value)
    if isinstance(value, str):
        data = value.encode()
        return _control(_STRING, len(data)) + data
    if isinstance(value, bytes):
        return _control(_BYTES, len(value)) + value
    if isinstance(value, Mapping):
        parts = [_control(_MAP, len(value))]
        for key, item in value.items():
            parts += [encode(str(key)), encode(item)]
        return b"".join(parts)
    if isinstance(value, list | tuple):
        return _control(_ARRAY, len(value)) + b"".join(encode(item) for item in value)
    raise TypeError(f"no MaxMind DB type for {value!r}")


def _encode_int(value: int) -> bytes:
    if value < 0:
        if value < -(2**31):
            raise ValueError(f"{value} does not fit an int32")
        return _control(_INT32, 4) + struct.pack(">i", value)
    if value >= 2**128:
        raise ValueError(f"{value} does not fit a uint128")
    kind = _UINT16 if value < 2**16 else _UINT32 if value < 2**32 else _UINT64 if value < 2**64 else _UINT128
    return _control(kind, _size(value)) + _payload(value)


def _size(value: int) -> int:
    return (value.bit_length() + 7) // 8  # leading zero bytes are left out: 0 has no payload at all


def _payload(value: int) -> bytes:
    return value.to_bytes(_size(value), "big")


def _control(kind: int, size: int) -> bytes:
    # Sizes under 29 fit the control byte; larger ones follow it in 1, 2 or 3 bytes.
    if size < 29:
        low, extra = size, b""
    elif size < 285:
        low, extra = 29, bytes([size - 29])
    elif size < 65_821:
        low, extra = 30, (size - 285).to_bytes(2, "big")
    else:
        low, extra = 31, (size - 65_821).to_bytes(3, "big")
    if kind <= 7:
        return bytes([kind << 5 | low]) + extra
    # Extended types: type bits 0 in the control byte, the type less 7 in the next byte.
    return bytes([low, kind - 7]) + extra


def build(
    networks: Iterable[tuple[str, Mapping[str, Any]]],
    *,
    ip_version: int = 6,
    record_size: int = 24,
    database_type: str = "MozDef-Test-City",
    languages: Iterable[str] = ("en",),
    build_epoch: int = 1_700_000_000,
) -> bytes:
    """The bytes of a database holding ``networks`` (``("81.2.69.0/24", {...record...})``)."""
    if record_size not in (24, 28, 32):
        raise ValueError("record_size is 24, 28 or 32")
    if ip_version not in (4, 6):
        raise ValueError("ip_version is 4 or 6")
    depth = 32 if ip_version == 4 else 128
    nodes: list[list[_Child]] = [[None, None]]
    data = bytearray()
    for text, record in networks:
        offset = len(data)
        data += encode(record)
        bits, length = _network_bits(text, ip_version)
        if length == 0:
            raise ValueError("a network of prefix length 0 has no node to hang from")
        _insert(nodes, bits, length, depth, ("data", offset))
    count = len(nodes)

    def number(child: _Child) -> int:
        if child is None:
            return count
        kind, value = child
        return value if kind == "node" else count + 16 + value

    tree = b"".join(_node(number(left), number(right), record_size) for left, right in nodes)
    metadata = {
        "node_count": Uint(count, 32),
        "record_size": Uint(record_size, 16),
        "ip_version": Uint(ip_version, 16),
        "database_type": database_type,
        "languages": list(languages),
        "binary_format_major_version": Uint(2, 16),
        "binary_format_minor_version": Uint(0, 16),
        "build_epoch": Uint(build_epoch, 64),
        "description": {"en": "Built by the MozDef tests"},
    }
    return tree + _SEPARATOR + bytes(data) + METADATA_MARKER + encode(metadata)


def write(path: Path, networks: Iterable[tuple[str, Mapping[str, Any]]], **options: Any) -> Path:
    """:func:`build` into ``path``; returns ``path``."""
    path.write_bytes(build(networks, **options))
    return path


def _network_bits(text: str, ip_version: int) -> tuple[int, int]:
    network = ipaddress.ip_network(text)
    if network.version == 4 and ip_version == 6:
        return int(network.network_address), network.prefixlen + 96
    if network.version != ip_version:
        raise ValueError(f"{text}: an IPv{network.version} network in an IPv{ip_version} database")
    return int(network.network_address), network.prefixlen


def _insert(nodes: list[list[_Child]], bits: int, length: int, depth: int, leaf: _Child) -> None:
    index = 0
    for position in range(length - 1):
        bit = bits >> (depth - 1 - position) & 1
        child = nodes[index][bit]
        if child is None or child[0] == "data":
            # A new node; under a wider network's record, both halves keep that record until split.
            nodes.append([child, child])
            nodes[index][bit] = ("node", len(nodes) - 1)
            index = len(nodes) - 1
        else:
            index = child[1]
    last = bits >> (depth - length) & 1
    if nodes[index][last] is not None and nodes[index][last][0] == "node":  # type: ignore[index]
        raise ValueError("a network given after a narrower one inside it")
    nodes[index][last] = leaf


def _node(left: int, right: int, record_size: int) -> bytes:
    if record_size == 24:
        return left.to_bytes(3, "big") + right.to_bytes(3, "big")
    if record_size == 32:
        return left.to_bytes(4, "big") + right.to_bytes(4, "big")
    # 28 bits: the low 24 bits of each record on the outside, their high nibbles share the middle byte.
    middle = (left >> 24 & 0x0F) << 4 | right >> 24 & 0x0F
    return (left & 0xFFFFFF).to_bytes(3, "big") + bytes([middle]) + (right & 0xFFFFFF).to_bytes(3, "big")
