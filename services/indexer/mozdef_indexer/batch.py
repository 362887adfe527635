"""The pure part of the indexer: sort one bus batch into what the store writes and what is dead-lettered."""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson

from mozdef_common import topics
from mozdef_common.bus.base import Message, Record
from mozdef_common.deadletter import deadletter_record
from mozdef_common.types import Event

STAGE = "indexer"


@dataclass(slots=True)
class SortedBatch:
    events: list[Event] = field(default_factory=list)
    #: The bus message each entry of ``events`` came from (same positions).
    event_messages: list[Message] = field(default_factory=list)
    deadletters: list[Event] = field(default_factory=list)
    #: Dead letters to publish: what this stage itself could not decode.
    rejected: list[Record] = field(default_factory=list)


def sort_batch(messages: list[Message]) -> SortedBatch:
    """Decode every message; what is not a JSON object with an id becomes a dead letter, never lost."""
    out = SortedBatch()
    for message in messages:
        try:
            event = orjson.loads(message.value)
        except orjson.JSONDecodeError as exc:
            event, reason = None, f"not JSON: {exc}"
        else:
            reason = "not a JSON object with a string id"
        if isinstance(event, dict) and isinstance(event.get("id"), str):
            if message.topic == topics.DEADLETTER:
                out.deadletters.append(event)
            else:
                out.events.append(event)
                out.event_messages.append(message)
            continue
        record = deadletter_record(stage=STAGE, reason=reason, raw=message.value, origin=message)
        if message.topic == topics.DEADLETTER:
            # A broken dead letter is stored as a fresh one rather than sent round again.
            out.deadletters.append(orjson.loads(record.value))
        else:
            out.rejected.append(record)
    return out
