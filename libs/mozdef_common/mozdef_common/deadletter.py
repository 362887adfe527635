"""Dead letters: what a stage cannot process goes to ``mozdef.deadletter`` with the reason, never away.

A dead letter is itself an event (category ``deadletter``) so the indexer stores it and analysts can
search it; ``details.raw`` keeps the original bytes as text so nothing is lost.
"""

from __future__ import annotations

import orjson

from mozdef_common import topics
from mozdef_common.bus.base import Message, Record
from mozdef_common.event import new_event_id, utcnow_iso


def deadletter_record(
    *,
    stage: str,
    reason: str,
    raw: bytes,
    event_id: str | None = None,
    origin: Message | None = None,
    received: str | None = None,
) -> Record:
    now = utcnow_iso()
    details: dict[str, object] = {
        "stage": stage,
        "reason": reason,
        "raw": raw.decode("utf-8", errors="replace"),
    }
    if origin is not None:
        details["topic"] = origin.topic
        details["partition"] = origin.partition
        details["offset"] = origin.offset
    event_id = event_id or new_event_id()
    event = {
        "id": event_id,
        "utctimestamp": now,
        "receivedtimestamp": received or now,
        "timestamp": now,
        "category": "deadletter",
        "source": stage,
        "summary": f"{stage} could not process an event: {reason}",
        "hostname": "mozdef",
        "processid": "",
        "processname": f"mozdef-{stage}",
        "severity": "ERROR",
        "eventsource": "",
        "tags": ["deadletter"],
        "details": details,
        "mozdef": {"deadletter": True},
    }
    return Record(
        value=orjson.dumps(event),
        key=event_id.encode(),
        headers=((topics.H_ID, event_id.encode()), (topics.H_REASON, reason.encode()[:512])),
    )
