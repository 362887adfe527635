"""Bulk writes to OpenSearch: the request bodies, the per-item verdicts, and the bounded retry loop.

* Each event becomes an ``index`` action with ``_id`` = the event's id on the daily index of its
  ``utctimestamp``: ``index`` replaces a stored document of that id, so a replayed batch never
  duplicates an event. Two events of one batch with the same id are folded, the last wins (as on
  the embedded store), so no retry can ever put an older copy back over a newer one.
* Items answered 429 or 5xx, and whole requests that failed in transport or with 429/5xx, are sent
  again after an exponential, jittered backoff, up to ``attempts`` rounds. Any other item error
  (``mapper_parsing_exception``, ``illegal_argument_exception`` …) is the event's own problem and is
  reported with OpenSearch's reason, to be dead-lettered.
* When rounds run out with items still failing transiently, :class:`StoreUnavailableError` is
  raised even if others were written: the caller retries the whole batch, which the ids make
  idempotent, rather than dead-lettering events that did nothing wrong.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date
from typing import Any, Final

import orjson

from mozdef_common.errors import EventError, StoreUnavailableError
from mozdef_common.store.common import parse_utc
from mozdef_common.store.opensearch_template import index_name
from mozdef_common.types import Event

#: Concurrent _bulk requests of one write (a batch larger than one chunk).
CONCURRENCY: Final = 4


class TransientError(Exception):
    """A whole request failed in a way worth retrying (transport error, 429, 5xx)."""


class TooLargeError(Exception):
    """The cluster refused the request body as too large (HTTP 413)."""


#: Sends one NDJSON body to _bulk and returns the parsed answer; raises TransientError,
#: TooLargeError or StoreUnavailableError.
Send = Callable[[bytes], Awaitable[Mapping[str, Any]]]


@dataclass(slots=True)
class Item:
    """One document to index; ``positions`` are the batch positions it stands for (folded duplicates)."""

    positions: list[int]
    lines: bytes


@dataclass(slots=True)
class Outcome:
    written: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)


def prepare(prefix: str, family: str, events: Sequence[Event]) -> tuple[list[Item], list[tuple[int, str]]]:
    """The items of a batch, and the events refused before sending (no id, no time, not JSON)."""
    by_id: dict[str, Item] = {}
    refused: list[tuple[int, str]] = []
    for position, event in enumerate(events):
        try:
            event_id, lines = _lines(prefix, family, event)
        except EventError as exc:
            refused.append((position, str(exc)))
            continue
        earlier = by_id.pop(event_id, None)
        # Re-inserted so dict order follows the last occurrence, like the body of the batch.
        by_id[event_id] = Item([*(earlier.positions if earlier else []), position], lines)
    return list(by_id.values()), refused


def _lines(prefix: str, family: str, event: Event) -> tuple[str, bytes]:
    event_id = event.get("id")
    if not isinstance(event_id, str) or not event_id:
        raise EventError("no id: every event gets an id at ingest")
    day = utc_day(event.get("utctimestamp"))
    if day is None:
        raise EventError(f"utctimestamp {event.get('utctimestamp')!r} is missing or not ISO-8601")
    try:
        source = orjson.dumps(event)
    except TypeError as exc:  # orjson.JSONEncodeError: e.g. an integer wider than 64 bits
        raise EventError(f"not serializable as JSON: {exc}") from None
    action = orjson.dumps({"index": {"_index": index_name(prefix, family, day), "_id": event_id}})
    return event_id, action + b"\n" + source + b"\n"


def utc_day(value: object) -> date | None:
    """The UTC day of an ISO-8601 time (naive = UTC), which picks the daily index; None if not one."""
    parsed = parse_utc(value)
    return None if parsed is None else parsed.astimezone(UTC).date()


def chunks(items: Sequence[Item], max_bytes: int) -> list[list[Item]]:
    """Items grouped into bodies of at most ``max_bytes`` (an item larger than that goes alone)."""
    out: list[list[Item]] = []
    current: list[Item] = []
    size = 0
    for item in items:
        if current and size + len(item.lines) > max_bytes:
            out.append(current)
            current, size = [], 0
        current.append(item)
        size += len(item.lines)
    if current:
        out.append(current)
    return out


def body(items: Sequence[Item]) -> bytes:
    return b"".join(item.lines for item in items)


def classify(
    items: Sequence[Item], response: Mapping[str, Any]
) -> tuple[list[Item], list[tuple[Item, str]], list[tuple[Item, str]]]:
    """``(written, to retry with reason, rejected with reason)`` from a _bulk answer."""
    answers = response.get("items")
    if not isinstance(answers, list) or len(answers) != len(items):
        raise StoreUnavailableError(
            f"_bulk answered {len(answers) if isinstance(answers, list) else 'no'} items "
            f"for {len(items)} sent"
        )
    written: list[Item] = []
    retry: list[tuple[Item, str]] = []
    rejected: list[tuple[Item, str]] = []
    for item, answer in zip(items, answers, strict=True):
        result: Mapping[str, Any] = next(iter(answer.values()), {}) if isinstance(answer, Mapping) else {}
        status = int(result.get("status", 0))
        if 200 <= status < 300:
            written.append(item)
        elif status == 429 or status >= 500 or status == 0:
            retry.append((item, f"HTTP {status}: {reason(result.get('error'))}"))
        else:
            rejected.append((item, reason(result.get("error"))))
    return written, retry, rejected


def reason(error: Any) -> str:
    """OpenSearch's error object as one line: ``type: reason (caused by type: reason)``."""
    if not isinstance(error, Mapping):
        return str(error) if error else "no reason given"
    text = f"{error.get('type', 'error')}: {error.get('reason', '')}".rstrip(": ")
    cause = error.get("caused_by")
    if isinstance(cause, Mapping):
        text += f" (caused by {cause.get('type', 'error')}: {cause.get('reason', '')})"
    return text


@dataclass(frozen=True, slots=True)
class Backoff:
    attempts: int = 6
    base: float = 0.1
    cap: float = 5.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait before round ``attempt + 1``; jittered so writers do not retry in step."""
        return float(min(self.cap, self.base * 2**attempt) * random.uniform(0.5, 1.0))


async def write_items(send: Send, items: Sequence[Item], *, max_bytes: int, backoff: Backoff) -> Outcome:
    """Send ``items`` until each is written or rejected; see the module docstring for retries."""
    outcome = Outcome()
    pending = list(items)
    gate = asyncio.Semaphore(CONCURRENCY)
    last_reason = ""
    for attempt in range(backoff.attempts):
        if attempt:
            await asyncio.sleep(backoff.delay(attempt - 1))
        rounds = await asyncio.gather(*(_send_chunk(send, c, gate) for c in chunks(pending, max_bytes)))
        pending = []
        for written, retry, rejected in rounds:
            outcome.written += sum(len(item.positions) for item in written)
            for item, why in rejected:
                outcome.failed.extend((position, why) for position in item.positions)
            pending.extend(item for item, _ in retry)
            if retry:
                last_reason = retry[-1][1]
        if not pending:
            outcome.failed.sort()
            return outcome
    raise StoreUnavailableError(
        f"{len(pending)} of {len(items)} events still refused after {backoff.attempts} tries "
        f"({outcome.written} written, the batch can be retried safely): {last_reason}"
    )


async def _send_chunk(
    send: Send, chunk: list[Item], gate: asyncio.Semaphore
) -> tuple[list[Item], list[tuple[Item, str]], list[tuple[Item, str]]]:
    async with gate:
        try:
            return classify(chunk, await send(body(chunk)))
        except TransientError as exc:
            return [], [(item, str(exc)) for item in chunk], []
        except TooLargeError as exc:
            if len(chunk) == 1:
                return [], [], [(chunk[0], f"the event is too large for the cluster: {exc}")]
    # Halve and send again at once: the limit is the cluster's http.max_content_length, not load.
    half = len(chunk) // 2
    first, second = await asyncio.gather(
        _send_chunk(send, chunk[:half], gate), _send_chunk(send, chunk[half:], gate)
    )
    return first[0] + second[0], first[1] + second[1], first[2] + second[2]
