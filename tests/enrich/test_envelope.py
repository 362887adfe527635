from __future__ import annotations

from datetime import UTC, datetime

from mozdef_common import topics
from mozdef_common.bus.base import Message
from mozdef_enrich.envelope import envelope_of, stable_id


def message(headers: tuple[tuple[str, bytes], ...] = (), **kwargs: object) -> Message:
    return Message(topic="mozdef.raw", partition=0, offset=41, value=b"{}", headers=headers, **kwargs)  # type: ignore[arg-type]


def test_from_ingest_headers() -> None:
    env = envelope_of(
        message(
            (
                (topics.H_ID, b"abc123"),
                (topics.H_RECEIVED, b"2026-11-27T18:30:05.123456+00:00"),
                (topics.H_ENDPOINT, b"custom"),
                (topics.H_APP, b"github"),
                (topics.H_INDEX, b""),
            )
        )
    )
    assert env.id == "abc123"
    assert env.received == datetime(2026, 11, 27, 18, 30, 5, 123456, tzinfo=UTC)
    assert env.received_iso == "2026-11-27T18:30:05.123456+00:00"
    assert (env.endpoint, env.app, env.index, env.size) == ("custom", "github", None, 2)


def test_received_header_in_another_form_is_normalized() -> None:
    env = envelope_of(message(((topics.H_RECEIVED, b"2026-11-27T19:30:05+01:00"),)))
    assert env.received_iso == "2026-11-27T18:30:05.000000+00:00"


def test_straight_from_kafka_without_headers() -> None:
    env = envelope_of(message(timestamp_ms=1795804201123))
    assert env.id == stable_id("mozdef.raw", 0, 41)
    assert env.id == envelope_of(message()).id  # a replay gets the same id
    assert len(env.id) == 32
    assert env.received_iso == "2026-11-27T18:30:01.123000+00:00"
    assert env.endpoint == "kafka"
    assert stable_id("mozdef.raw", 0, 42) != env.id


def test_no_timestamp_means_now() -> None:
    before = datetime.now(UTC)
    env = envelope_of(message(((topics.H_RECEIVED, b"garbage"),)))
    assert before <= env.received <= datetime.now(UTC)


def test_messages_sharing_a_received_header_agree() -> None:
    headers = ((topics.H_RECEIVED, b"2026-11-27T19:30:05+01:00"), (topics.H_ENDPOINT, b" bulk "))
    first, second = envelope_of(message(headers)), envelope_of(message(headers))
    for env in (first, second):
        assert env.received == datetime(2026, 11, 27, 18, 30, 5, tzinfo=UTC)
        assert env.received_iso == "2026-11-27T18:30:05.000000+00:00"
        assert env.endpoint == "bulk"
