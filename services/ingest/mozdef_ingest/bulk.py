"""The Elasticsearch/OpenSearch bulk format, in and out. Pure functions.

A bulk body is NDJSON where each action line (``{"index"|"create": {"_index"?, "_id"?}}``) is
followed by the document's source line. MozDef keeps the index as metadata (header ``mozdef-index``)
and uses ``_id`` as the event id when given. Events are immutable: ``delete`` (no source line) and
``update`` (whose line is consumed) are answered per item with a 400 and an explanation.

As in Elasticsearch, an action line that cannot be read fails the whole request (400), since the
items after it could no longer be paired with their results; a bad *document* fails only its item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

import orjson

from mozdef_common import topics
from mozdef_common.bus.base import Record
from mozdef_ingest.bodies import line_error, type_name
from mozdef_ingest.errors import BodyError, ItemRejected
from mozdef_ingest.events import Limits, encode_event, new_event_ids

ACTIONS = ("index", "create", "update", "delete")
MAX_ID_BYTES = 512  # Elasticsearch's limit on _id
MAX_SEEN_ACTIONS = 64
#: A read action line: action, index, _id, and why the item is refused already (or None).
Action: TypeAlias = tuple[str, str | None, str | None, ItemRejected | None]


@dataclass(slots=True)
class BulkItem:
    action: str
    index: str | None
    doc_id: str | None
    source: object  # the decoded source line, or why there is no usable one


@dataclass(slots=True)
class BulkBatch:
    records: list[Record] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)  # the response's "items", in order
    rejected: dict[str, int] = field(default_factory=dict)  # counts by error type

    @property
    def errors(self) -> bool:
        return bool(self.rejected)


def parse_bulk(body: bytes, default_index: str | None) -> list[BulkItem]:
    """The actions of a bulk body; :class:`BodyError` (400) when an action line cannot be read."""
    lines = body.split(b"\n")
    items: list[BulkItem] = []
    # Shippers repeat one action line for a whole batch (`{"create":{"_index":"filebeat-8.17.0"}}`):
    # read each distinct line once.
    seen: dict[bytes, Action] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip():
            continue
        parsed = seen.get(line)
        if parsed is None:
            parsed = _read_action(line, i, default_index)
            if len(seen) < MAX_SEEN_ACTIONS:
                seen[line] = parsed
        action, index, doc_id, problem = parsed
        item = BulkItem(action, index, doc_id, problem)
        items.append(item)
        if action == "delete":  # the only action without a source line
            item.source = problem or ItemRejected(
                "illegal_argument_exception", "delete is not supported: MozDef events are immutable"
            )
            continue
        source = lines[i] if i < len(lines) else b""
        number = i + 1
        i += 1
        if problem is not None:
            continue
        if action == "update":
            item.source = ItemRejected(
                "illegal_argument_exception", "update is not supported: MozDef events are immutable"
            )
        elif not source.strip():
            item.source = ItemRejected(
                "action_request_validation_exception", f"the source line after line {number - 1} is missing"
            )
        else:
            try:
                item.source = orjson.loads(source)
            except orjson.JSONDecodeError as exc:
                item.source = line_error(source, exc, number)
    return items


def _read_action(line: bytes, number: int, default_index: str | None) -> Action:
    action, meta = _action(line, number)
    index = meta.get("_index", default_index)
    doc_id = meta.get("_id")
    problem = _check_meta(index, doc_id)
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    return (
        action,
        index if isinstance(index, str) else None,
        doc_id if isinstance(doc_id, str) else None,
        problem,
    )


def _action(line: bytes, number: int) -> tuple[str, dict[str, Any]]:
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise _malformed(number, f"it is not JSON ({exc})") from None
    if not isinstance(value, dict):
        raise _malformed(number, f"expected an object but found a {type_name(value)}")
    if len(value) != 1:
        raise _malformed(number, f"expected exactly one action but found {len(value)}")
    action, meta = next(iter(value.items()))
    if action not in ACTIONS:
        raise _malformed(number, f"expected [create], [delete], [index] or [update] but found [{action}]")
    if not isinstance(meta, dict):
        raise _malformed(number, f"the [{action}] metadata must be an object")
    return action, meta


def _malformed(number: int, detail: str) -> BodyError:
    return BodyError(
        400, "illegal_argument_exception", f"Malformed action/metadata line [{number}], {detail}"
    )


def _check_meta(index: object, doc_id: object) -> ItemRejected | None:
    if not isinstance(index, str) or not index:
        return ItemRejected("action_request_validation_exception", "index is missing")
    if doc_id is None or (isinstance(doc_id, int) and not isinstance(doc_id, bool)):
        return None
    if not isinstance(doc_id, str) or not doc_id:
        return ItemRejected("action_request_validation_exception", "_id must be a non-empty string")
    if len(doc_id.encode()) > MAX_ID_BYTES:
        return ItemRejected("action_request_validation_exception", f"_id is longer than {MAX_ID_BYTES} bytes")
    return None


_SHARDS = {"total": 1, "successful": 1, "failed": 0}  # shared: only ever serialized


def build_bulk(items: list[BulkItem], limits: Limits, received: bytes) -> BulkBatch:
    """Records for the accepted documents and the bulk response items for all of them, in order."""
    batch = BulkBatch()
    received_h = (topics.H_RECEIVED, received)
    endpoint_h = (topics.H_ENDPOINT, b"bulk")
    fresh_ids = iter(new_event_ids(len(items)))
    for item in items:
        try:
            data = encode_event(item.source, limits)
        except ItemRejected as rejected:
            batch.rejected[rejected.kind] = batch.rejected.get(rejected.kind, 0) + 1
            error = {"type": rejected.kind, "reason": rejected.reason}
            batch.items.append(
                {item.action: {"_index": item.index, "_id": item.doc_id, "status": 400, "error": error}}
            )
            continue
        assert item.index is not None  # items without an index were rejected above
        event_id = item.doc_id or next(fresh_ids)
        key = event_id.encode()
        headers = ((topics.H_ID, key), received_h, endpoint_h, (topics.H_INDEX, item.index.encode()))
        batch.records.append(Record(data, key, headers))
        batch.items.append(
            {
                item.action: {
                    "_index": item.index,
                    "_id": event_id,
                    "_version": 1,
                    "result": "created",
                    "_shards": _SHARDS,
                    "status": 201,
                }
            }
        )
    return batch
