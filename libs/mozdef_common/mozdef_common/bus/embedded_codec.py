"""How the embedded bus packs a produced batch into one blob, Kafka's record batch in miniature.

One row per batch rather than per message keeps appends to one insert and makes trimming delete a
few rows instead of tens of thousands. Each record is ``<key length, value length, headers length>``
(little-endian int32/uint32/uint32; key length -1 means no key), then the key, value and headers bytes.
Headers are JSON pairs whose values went through latin-1, which maps every byte to one code point, so
any bytes round-trip exactly.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

import orjson

from mozdef_common.bus.base import Message, Record
from mozdef_common.types import Headers

_HEAD = struct.Struct("<iII")


def encode_headers(headers: Headers) -> bytes:
    if not headers:
        return b""
    return orjson.dumps([(name, value.decode("latin-1")) for name, value in headers])


def decode_headers(blob: bytes) -> Headers:
    if not blob:
        return ()
    return tuple([(name, value.encode("latin-1")) for name, value in orjson.loads(blob)])


def pack(records: Sequence[Record]) -> bytes:
    head = _HEAD.pack
    parts: list[bytes] = []
    append = parts.append
    for record in records:
        key = record.key
        headers = encode_headers(record.headers) if record.headers else b""
        append(head(-1 if key is None else len(key), len(record.value), len(headers)))
        if key:
            append(key)
        append(record.value)
        if headers:
            append(headers)
    return b"".join(parts)


def unpack(
    topic: str, base: int, count: int, ts: int, data: bytes, *, skip: int, limit: int
) -> list[Message]:
    """Messages ``base + skip`` … of a packed batch of ``count``, at most ``limit`` of them."""
    unpack_head = _HEAD.unpack_from
    size = _HEAD.size
    out: list[Message] = []
    pos = 0
    for index in range(min(count, skip + limit)):
        key_len, value_len, headers_len = unpack_head(data, pos)
        pos += size
        if index < skip:
            pos += max(key_len, 0) + value_len + headers_len
            continue
        key = None
        if key_len >= 0:
            key = data[pos : pos + key_len]
            pos += key_len
        value = data[pos : pos + value_len]
        pos += value_len
        headers: Headers = ()
        if headers_len:
            headers = decode_headers(data[pos : pos + headers_len])
            pos += headers_len
        out.append(Message(topic, 0, base + index, value, key, headers, ts))
    return out
