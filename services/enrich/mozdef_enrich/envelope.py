"""What travels around a raw event: its id, receive time and endpoint, read from the message (pure).

Ingest sets the ``mozdef-*`` headers. Shippers that produce straight into Kafka set none: their events get
an id derived from topic, partition and offset (so a replay yields the same id and the store keeps one
copy), the message's timestamp as receive time (now when it has none) and the endpoint ``kafka``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mozdef_common import topics
from mozdef_common.bus.base import Message
from mozdef_common.event import utc_iso

KAFKA_ENDPOINT = "kafka"


@dataclass(slots=True, frozen=True)
class Envelope:
    """The metadata of one raw event."""

    id: str
    received: datetime
    endpoint: str
    app: str | None = None
    index: str | None = None
    size: int = 0
    #: ``received`` as stored in events (computed when not given).
    received_iso: str = ""

    def __post_init__(self) -> None:
        if not self.received_iso:
            object.__setattr__(self, "received_iso", utc_iso(self.received))

    def meta(self) -> dict[str, Any]:
        """What plugins receive as ``meta`` (see :class:`mozdef_enrich.plugins.base.EnrichPlugin`)."""
        return {
            "id": self.id,
            "received": self.received,
            "endpoint": self.endpoint,
            "app": self.app,
            "index": self.index,
            "size": self.size,
        }


def stable_id(topic: str, partition: int, offset: int) -> str:
    """The id of an event that arrived without one: the same for the same message, always."""
    return hashlib.blake2b(f"{topic}:{partition}:{offset}".encode(), digest_size=16).hexdigest()


def envelope_of(message: Message) -> Envelope:
    """The envelope of a message read from ``mozdef.raw``."""
    event_id = received = endpoint = app = index = None
    received_iso = ""
    for name, raw in message.headers:
        if name == topics.H_ID:
            event_id = _text(raw)
        elif name == topics.H_RECEIVED:
            received_iso = _text(raw)
            received = _time(received_iso)
        elif name == topics.H_ENDPOINT:
            endpoint = _text(raw)
        elif name == topics.H_APP:
            app = _text(raw)
        elif name == topics.H_INDEX:
            index = _text(raw)
    if received is None or not _canonical(received_iso):
        received_iso = ""  # computed from the datetime by the envelope
    if received is None:
        received = (
            datetime.fromtimestamp(message.timestamp_ms / 1000, UTC)
            if message.timestamp_ms > 0
            else datetime.now(UTC)
        )
    return Envelope(
        id=event_id or stable_id(message.topic, message.partition, message.offset),
        received=received,
        endpoint=endpoint or KAFKA_ENDPOINT,
        app=app or None,
        index=index or None,
        size=len(message.value),
        received_iso=received_iso,
    )


def _canonical(text: str) -> bool:
    # What utc_iso() writes, as ingest does: then the header is used as is.
    return len(text) == 32 and text.endswith("+00:00") and text[10] == "T"


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace").strip()


def _time(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
