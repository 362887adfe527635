"""The data routes' flow: read and decode the body, split it into items, check each, write the valid
ones to ``mozdef.raw`` in one durable batch, and answer only then.

Answers of ``/events`` and ``/custom/{app}``: 202 with ``{"accepted", "rejected", "ids", "errors"}``
once the accepted events are durable (``ids`` has one entry per item, ``null`` where rejected; each
error names its ``item`` position, its ``line`` for NDJSON, a ``type`` and a ``reason``); 400 when no
item is valid. ``_bulk`` answers like Elasticsearch: 200 with ``took``, ``errors``, ``items``.
Whole-request failures are ``{"error": {"type", "reason"}}`` with 400, 413, 415, or 503 plus
Retry-After when the bus is full or down.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from fastapi import Request
from fastapi.responses import Response

from mozdef_common import topics
from mozdef_common.bus.base import Producer, Record
from mozdef_common.errors import BusError, BusFullError
from mozdef_common.event import utcnow_iso
from mozdef_common.telemetry import StageMetrics
from mozdef_common.types import Headers
from mozdef_ingest.bodies import split_items
from mozdef_ingest.bulk import build_bulk, parse_bulk
from mozdef_ingest.decoding import body_mode, decode, read_capped
from mozdef_ingest.errors import BodyError
from mozdef_ingest.events import Batch, Limits, build_batch
from mozdef_ingest.settings import IngestSettings

log = logging.getLogger(__name__)

BUS_WARNING_INTERVAL_S = 10.0
MAX_LISTED_ERRORS = 1000  # a body of 100,000 bad lines should not answer with 100,000 errors


@dataclass(slots=True)
class Counts:
    """Totals since start, for ``/status`` (Prometheus has the same by reason at ``/metrics``)."""

    requests: int = 0
    accepted: int = 0
    rejected: int = 0
    refused_requests: int = 0


def json_response(content: object, status: int, headers: Mapping[str, str] | None = None) -> Response:
    return Response(orjson.dumps(content), status, headers, media_type="application/json")


class Ingestor:
    def __init__(self, settings: IngestSettings, producer: Producer, metrics: StageMetrics) -> None:
        self.producer = producer
        self.metrics = metrics
        self.max_body = settings.ingest_max_body_bytes
        self.limits = Limits(
            settings.ingest_max_event_bytes, settings.ingest_max_depth, settings.ingest_max_keys
        )
        self.retry_after = str(settings.ingest_retry_after_s)
        self.counts = Counts()
        self._last_bus_warning = -BUS_WARNING_INTERVAL_S

    async def events(self, request: Request, endpoint: bytes, extra: Headers = ()) -> Response:
        """``/events`` and ``/custom/{app}``."""
        self.counts.requests += 1
        try:
            mode = body_mode(request.headers.get("content-type"))
            items = split_items(await self._body(request), mode)
            if not items:
                raise BodyError(400, "empty_body", "the body holds no events")
        except BodyError as exc:
            return self._refuse(exc.kind, exc.status, _error(exc.kind, exc.reason))
        batch = build_batch(items, self.limits, utcnow_iso().encode(), endpoint, extra)
        failure = await self._send(batch.records) if batch.records else None
        if failure is not None:
            return failure  # counted once the client's retry gets through
        self._count_items(len(items), batch.rejected_by_kind())
        outcome = _outcome(batch)
        if not batch.records:
            reason = f"all {len(items)} items were rejected"
            return json_response({**_error("no_valid_events", reason), **outcome}, 400)
        return json_response(outcome, 202)

    async def bulk(self, request: Request, default_index: str | None) -> Response:
        """``/_bulk`` and ``/{index}/_bulk``, answered in Elasticsearch's shape."""
        started = time.perf_counter()
        self.counts.requests += 1
        try:
            body_mode(request.headers.get("content-type"))  # any JSON type; the framing is bulk's
            items = parse_bulk(await self._body(request), default_index)
            if not items:
                raise BodyError(400, "action_request_validation_exception", "no requests added")
        except BodyError as exc:
            return self._refuse(exc.kind, exc.status, es_error(exc.status, exc.kind, exc.reason))
        batch = build_bulk(items, self.limits, utcnow_iso().encode())
        failure = await self._send(batch.records, es_shape=True) if batch.records else None
        if failure is not None:
            return failure
        self._count_items(len(items), batch.rejected)
        took = int((time.perf_counter() - started) * 1000)
        return json_response({"took": took, "errors": batch.errors, "items": batch.items}, 200)

    async def _body(self, request: Request) -> bytes:
        headers = request.headers
        raw = await read_capped(request.stream(), headers.get("content-length"), self.max_body)
        return decode(raw, headers.get("content-encoding"), self.max_body)

    async def _send(self, records: list[Record], *, es_shape: bool = False) -> Response | None:
        """Write one durable batch; on a bus failure, the 503 to answer (nothing may be assumed written)."""
        started = time.perf_counter()
        try:
            await self.producer.send_batch(topics.RAW, records)
        except BusError as exc:
            kind = "bus_full" if isinstance(exc, BusFullError) else "bus_unavailable"
            now = time.monotonic()
            if now - self._last_bus_warning > BUS_WARNING_INTERVAL_S:  # once in a while, not per request
                self._last_bus_warning = now
                log.warning("the bus refused a batch of %d events (answering 503): %s", len(records), exc)
            reason = f"events not accepted, retry later: {exc}"
            body = es_error(503, kind, reason) if es_shape else _error(kind, reason)
            return self._refuse(kind, 503, body, {"Retry-After": self.retry_after})
        self.metrics.batch_seconds.observe(time.perf_counter() - started)
        self.metrics.batch_size.observe(len(records))
        self.metrics.sent.inc(len(records))
        self.counts.accepted += len(records)
        return None

    def _count_items(self, received: int, rejected: dict[str, int]) -> None:
        self.metrics.received.inc(received)
        for kind, n in rejected.items():
            self.metrics.dropped(kind, n)
            self.counts.rejected += n

    def _refuse(
        self, kind: str, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> Response:
        self.counts.refused_requests += 1
        self.metrics.error(kind)
        return json_response(body, status, headers)


def _error(kind: str, reason: str) -> dict[str, Any]:
    return {"error": {"type": kind, "reason": reason}}


def es_error(status: int, kind: str, reason: str) -> dict[str, Any]:
    """A whole-request error as Elasticsearch words it (what bulk clients log and parse)."""
    cause = {"type": kind, "reason": reason}
    return {"error": {"root_cause": [cause], **cause}, "status": status}


def _outcome(batch: Batch) -> dict[str, Any]:
    errors: list[dict[str, Any]] = []
    for position, rejected in batch.errors[:MAX_LISTED_ERRORS]:
        error: dict[str, Any] = {"item": position, "type": rejected.kind, "reason": rejected.reason}
        if rejected.line is not None:
            error["line"] = rejected.line
        errors.append(error)
    outcome: dict[str, Any] = {
        "accepted": len(batch.records),
        "rejected": len(batch.errors),
        "ids": batch.ids,
        "errors": errors,
    }
    if len(batch.errors) > MAX_LISTED_ERRORS:
        outcome["errors_truncated"] = True
    return outcome
