"""The embedded bus's batch format: every record comes back exactly as it was sent, whatever the window."""

from __future__ import annotations

import dataclasses

import pytest

from mozdef_common.bus import embedded_codec
from mozdef_common.bus.base import Message, Record
from mozdef_common.bus.embedded_codec import pack, unpack

MIXED = [
    Record(b"v0", b"k0", (("a", b"\x00\xff\x80 \xc3"), ("a", b""), ("naïve", b"ok"))),
    Record(b"", None),  # no key and no headers
    Record(b"v2", b"", (("b", b"2"),)),  # an empty key is not a missing one
    Record(b"\x00" * 1000, None, (("a", b"x"), ("c", b"y"))),
    Record(b"v4", b"k4"),
]


def messages_of(records: list[Record], *, base: int = 7, ts: int = 123) -> list[Message]:
    return [
        Message("t", 0, base + i, record.value, record.key, record.headers, ts)
        for i, record in enumerate(records)
    ]


def test_round_trips_keys_values_and_headers_of_any_bytes() -> None:
    got = unpack("t", 7, len(MIXED), 123, pack(MIXED), skip=0, limit=len(MIXED))
    assert got == messages_of(MIXED)


@pytest.mark.parametrize("skip", range(len(MIXED) + 1))
@pytest.mark.parametrize("limit", range(len(MIXED) + 2))
def test_any_window_of_a_batch_decodes_alone(skip: int, limit: int) -> None:
    got = unpack("t", 7, len(MIXED), 123, pack(MIXED), skip=skip, limit=limit)
    assert got == messages_of(MIXED)[skip : skip + limit]


@pytest.mark.parametrize("count", [0, 1, 3])
def test_records_with_the_same_number_of_headers(count: int) -> None:
    records = [
        Record(
            f"v{i}".encode(), f"k{i}".encode(), tuple((f"h{j}", f"{i}.{j}".encode()) for j in range(count))
        )
        for i in range(50)
    ]
    assert unpack("t", 7, 50, 123, pack(records), skip=10, limit=5) == messages_of(records)[10:15]


def test_decoded_messages_behave_like_constructed_ones() -> None:
    got = unpack("t", 7, len(MIXED), 123, pack(MIXED), skip=0, limit=1)[0]
    expected = messages_of(MIXED)[0]
    assert type(got) is Message
    assert (got, hash(got), repr(got)) == (expected, hash(expected), repr(expected))
    assert got.header("naïve") == b"ok"
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.value = b"changed"  # type: ignore[misc]


def test_a_blob_that_disagrees_with_its_row_is_refused() -> None:
    with pytest.raises(ValueError, match="holds 5 records, its row says 6"):
        unpack("t", 0, 6, 0, pack(MIXED), skip=0, limit=6)


def test_messages_come_from_their_constructor_if_it_changes_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded_codec, "_FAST_MESSAGES", False)
    assert unpack("t", 7, len(MIXED), 123, pack(MIXED), skip=1, limit=3) == messages_of(MIXED)[1:4]
