"""How the embedded bus packs a produced batch into one blob, Kafka's record batch in miniature.

One row per batch rather than per message keeps appends to one insert and makes trimming delete a
few rows instead of tens of thousands. The blob is laid out by column, not by record, so that both
directions run as a handful of C-level passes (``b"".join``, ``array``, ``map``/``zip`` over slices)
instead of a Python loop per message: the bus is crossed three times per event, and a per-record loop
cost more CPU than the SQLite write and fsync it feeds. All integers are little-endian uint32::

    head            records n, header pairs h, length of the names table
    names           JSON list of the distinct header names of the batch (a name is stored once)
    no_key          n bytes, 1 where the record has no key (None, as opposed to b"")
    key_lens        n uint32 (0 when there is no key)
    value_lens      n uint32
    header_counts   n uint32: how many header pairs each record has
    header_names    h uint32: index of each pair's name in ``names``
    header_lens     h uint32: length of each pair's value
    keys, values, header values: the bytes, concatenated in record order

Format 1 (a row per record with JSON headers) is not readable by this code; see ``SCHEMA_VERSION`` in
:mod:`.embedded_log`.
"""

from __future__ import annotations

import struct
import sys
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from itertools import accumulate, chain, islice, repeat
from operator import attrgetter, itemgetter
from types import MemberDescriptorType

import orjson

from mozdef_common.bus.base import Message, Record
from mozdef_common.types import Headers

_HEAD = struct.Struct("<III")
_U32 = "I"
_SWAP = sys.byteorder == "big"  # the blob is little-endian whatever the host
if array(_U32).itemsize != 4:  # pragma: no cover - every supported platform has 32-bit C ints
    raise ImportError("the embedded bus codec needs 4-byte unsigned ints")

_keys = attrgetter("key")
_values = attrgetter("value")
_headers = attrgetter("headers")
_names = itemgetter(0)
_header_values = itemgetter(1)


def pack(records: Sequence[Record]) -> bytes:
    keys = list(map(_keys, records))
    values = list(map(_values, records))
    headers = list(map(_headers, records))
    pairs = list(chain.from_iterable(headers))
    names = list(map(_names, pairs))
    table = list(dict.fromkeys(names))
    index = {name: i for i, name in enumerate(table)}
    header_values = list(map(_header_values, pairs))
    table_blob = orjson.dumps(table)

    if None in keys:
        no_key = bytes([key is None for key in keys])
        key_lens = _u32(0 if key is None else len(key) for key in keys)
        key_blob = b"".join(filter(None, keys))  # drops None (and b"", which adds nothing)
    else:
        no_key = bytes(len(keys))
        key_lens = _u32(map(len, keys))
        key_blob = b"".join(keys)
    return b"".join(
        (
            _HEAD.pack(len(records), len(pairs), len(table_blob)),
            table_blob,
            no_key,
            key_lens,
            _u32(map(len, values)),
            _u32(map(len, headers)),
            _u32(map(index.__getitem__, names)),
            _u32(map(len, header_values)),
            key_blob,
            b"".join(values),
            b"".join(header_values),
        )
    )


def unpack(
    topic: str, base: int, count: int, ts: int, data: bytes, *, skip: int, limit: int
) -> list[Message]:
    """Messages ``base + skip`` … of a packed batch of ``count``, at most ``limit`` of them."""
    n, h, table_len = _HEAD.unpack_from(data)
    if n != count:
        raise ValueError(f"batch at offset {base} holds {n} records, its row says {count}")
    view = memoryview(data)
    pos = _HEAD.size
    table: list[str] = [sys.intern(name) for name in orjson.loads(view[pos : pos + table_len])]
    pos += table_len
    no_key = view[pos : pos + n]
    pos += n
    key_lens, pos = _read_u32(view, pos, n)
    value_lens, pos = _read_u32(view, pos, n)
    header_counts, pos = _read_u32(view, pos, n)
    header_names, pos = _read_u32(view, pos, h)
    header_lens, pos = _read_u32(view, pos, h)
    keys_at = pos
    values_at = keys_at + sum(key_lens)
    header_values_at = values_at + sum(value_lens)

    lo, hi = skip, min(n, skip + limit)
    if lo >= hi:
        return []
    h_lo = sum(header_counts[:lo])
    h_hi = h_lo + sum(header_counts[lo:hi])

    keys: Iterable[bytes | None] = _slices(data, keys_at + sum(key_lens[:lo]), key_lens[lo:hi])
    if b"\x01" in no_key[lo:hi].tobytes():  # some record has no key: rare, so a Python pass
        keys = [None if absent else key for absent, key in zip(no_key[lo:hi], keys, strict=True)]
    values = _slices(data, values_at + sum(value_lens[:lo]), value_lens[lo:hi])
    pairs = zip(
        map(table.__getitem__, header_names[h_lo:h_hi]),
        _slices(data, header_values_at + sum(header_lens[:h_lo]), header_lens[h_lo:h_hi]),
        strict=True,
    )
    return _messages(
        hi - lo,
        (
            repeat(topic),
            repeat(0),
            range(base + lo, base + hi),
            values,
            keys,
            _group(pairs, header_counts[lo:hi]),
            repeat(ts),
        ),
    )


def _u32(numbers: Iterable[int]) -> bytes:
    out = array(_U32, numbers)
    if _SWAP:  # pragma: no cover - big-endian hosts only
        out.byteswap()
    return out.tobytes()


def _read_u32(view: memoryview, pos: int, count: int) -> tuple[array[int], int]:
    end = pos + 4 * count
    out = array(_U32)
    out.frombytes(view[pos:end])
    if _SWAP:  # pragma: no cover - big-endian hosts only
        out.byteswap()
    return out, end


def _slices(data: bytes, start: int, lengths: array[int]) -> Iterator[bytes]:
    """``data`` cut into consecutive pieces of ``lengths`` from ``start``, without a Python loop."""
    bounds = list(accumulate(lengths, initial=start))
    return map(data.__getitem__, map(slice, bounds, islice(bounds, 1, None)))


def _group(pairs: Iterator[tuple[str, bytes]], counts: array[int]) -> Iterator[Headers]:
    """``pairs`` cut into one headers tuple per record, ``counts[i]`` pairs for record ``i``."""
    if not counts:
        return iter(())
    first = counts[0]
    if counts.count(first) == len(counts):  # the usual case: every record has the same headers
        if first == 0:
            return repeat((), len(counts))
        # zip over the same iterator ``first`` times takes ``first`` pairs per tuple, in C.
        return zip(*([pairs] * first), strict=True)
    return map(tuple, map(islice, repeat(pairs), counts))


# Message is a frozen dataclass: its generated __init__ makes seven object.__setattr__ calls in Python
# bytecode, which cost more than the rest of decoding. Setting each slot through its descriptor, column
# by column in C (map over the new objects), builds the very same objects in half the time. Should
# Message change shape (a field, a __post_init__), its own constructor is used instead.
_FIELDS = ("topic", "partition", "offset", "value", "key", "headers", "timestamp_ms")
_FAST_MESSAGES = (
    tuple(field.name for field in fields(Message)) == _FIELDS
    and not hasattr(Message, "__post_init__")
    and all(isinstance(Message.__dict__.get(name), MemberDescriptorType) for name in _FIELDS)
)
_SETTERS = [Message.__dict__[name].__set__ for name in _FIELDS] if _FAST_MESSAGES else []


def _messages(count: int, columns: tuple[Iterable[object], ...]) -> list[Message]:
    if not _FAST_MESSAGES:
        return list(map(Message, *columns))
    out: list[Message] = list(map(object.__new__, repeat(Message, count)))
    for setter, column in zip(_SETTERS, columns, strict=True):
        deque(map(setter, out, column), maxlen=0)  # consume in C, keep nothing
    return out
