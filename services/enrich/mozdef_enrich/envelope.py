"""What travels around a raw event: its id, receive time and endpoint, read from the message (pure).

Ingest sets the ``mozdef-*`` headers. Shippers that produce straight into Kafka set none: their events get
an id derived from topic, partition and offset (so a replay yields the same id and the store keeps one
copy), the message's timestamp as receive time (now when it has none) and the endpoint ``kafka``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from mozdef_common.bus.base import Message
from mozdef_common.event import utc_iso
from mozdef_common.topics import H_APP, H_ENDPOINT, H_ID, H_INDEX, H_RECEIVED

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
    event_id = endpoint = app = index = received = None
    received_iso = ""
    for name, raw in message.headers:
        if name == H_ID:
            event_id = _text(raw)
        elif name == H_RECEIVED:
            received, received_iso = _received(raw)
        elif name == H_ENDPOINT:
            endpoint = _label(raw)
        elif name == H_APP:
            app = _label(raw)
        elif name == H_INDEX:
            index = _label(raw)
    if received is None:
        received = (
            datetime.fromtimestamp(message.timestamp_ms / 1000, UTC)
            if message.timestamp_ms > 0
            else datetime.now(UTC)
        )
    # Positional: a quarter cheaper than keywords, once per event.
    return Envelope(
        event_id or stable_id(message.topic, message.partition, message.offset),
        received,
        endpoint or KAFKA_ENDPOINT,
        app or None,
        index or None,
        len(message.value),
        received_iso,
    )


# Header values that repeat are read once: every message of one ingest request carries the same receive
# time, and endpoints, apps and indexes are a handful of names. Bounded: headers come from producers.
_SEEN_MAX: Final = 1_000
_RECEIVED_SEEN: dict[bytes, tuple[datetime | None, str]] = {}
_LABELS_SEEN: dict[bytes, str] = {}


def _received(raw: bytes) -> tuple[datetime | None, str]:
    """The receive time a header gives (``None`` when it cannot be read) and its stored form."""
    known = _RECEIVED_SEEN.get(raw)
    if known is None:
        text = _text(raw)
        received = _time(text)
        if received is None:
            known = (None, "")
        else:
            known = (received, text if _canonical(text) else utc_iso(received))
        if len(_RECEIVED_SEEN) >= _SEEN_MAX:
            _RECEIVED_SEEN.clear()
        _RECEIVED_SEEN[raw] = known
    return known


def _label(raw: bytes) -> str:
    known = _LABELS_SEEN.get(raw)
    if known is None:
        known = _text(raw)
        if len(_LABELS_SEEN) >= _SEEN_MAX:
            _LABELS_SEEN.clear()
        _LABELS_SEEN[raw] = known
    return known


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
