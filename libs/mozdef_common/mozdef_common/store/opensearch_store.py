"""The distributed event store: OpenSearch through opensearch-py's async client.

Implements :class:`mozdef_common.store.base.EventStore` (read its docstring for the contract); the
pieces live beside it: names and mappings in :mod:`.opensearch_template`, bulk writes and retries in
:mod:`.opensearch_bulk`, request bodies and answers in :mod:`.opensearch_search`, aggregations in
:mod:`.opensearch_aggs`, configuration in :mod:`.opensearch_settings`.

A writing store (the indexer) sets the cluster up before its first write, and again on the first
write of each new UTC day: it puts the index templates (idempotent), creates today's and yesterday's
``events`` and today's ``alerts`` index so the aliases resolve, and moves ``events-previous`` to
yesterday's index. Readers only read, through the family pattern ``<prefix><family>-*``.

Every failure to reach or use the cluster is a :class:`StoreUnavailableError` naming the cluster by
:attr:`~.opensearch_settings.OpenSearchConfig.safe_url`, never with the password; a query the cluster
refuses (HTTP 400) is a :class:`QueryError` with its reason.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import ConnectionError as TransportConnectionError
from opensearchpy.exceptions import ImproperlyConfigured, NotFoundError, TransportError

from mozdef_common.errors import QueryError, StoreError, StoreUnavailableError
from mozdef_common.query.ast import Node
from mozdef_common.query.opensearch_compile import compile_query as compile_dsl
from mozdef_common.store.base import Hit, SearchRequest, SearchResult, WriteResult
from mozdef_common.store.opensearch_bulk import (
    Backoff,
    TooLargeError,
    TransientError,
    prepare,
    reason,
    write_items,
)
from mozdef_common.store.opensearch_search import (
    Compile,
    field_catalog,
    get_body,
    sample_body,
    search_body,
    search_result,
    to_hit,
)
from mozdef_common.store.opensearch_settings import OpenSearchConfig
from mozdef_common.store.opensearch_template import (
    FAMILIES,
    PREVIOUS_ALIAS,
    check_family,
    family_pattern,
    index_name,
    index_template,
    previous_alias_actions,
    template_name,
)
from mozdef_common.types import Event

log = logging.getLogger(__name__)

#: Only what the per-item verdicts need: a 2,000-event answer shrinks to a tenth.
BULK_FILTER: Final = "errors,items.*.status,items.*.error"
_WILDCARDS: Final = {"ignore_unavailable": "true", "allow_no_indices": "true"}


def compile_with_now(node: Node, now: datetime) -> dict[str, Any]:
    """The query compiler, with the clock of the store (tests fix it)."""
    return compile_dsl(node, now=now)


class OpenSearchEventStore:
    """The event store on an OpenSearch cluster; ``writer=True`` for the process that writes."""

    def __init__(
        self,
        config: OpenSearchConfig,
        *,
        writer: bool = False,
        compile_query: Compile | None = None,
        clock: Callable[[], datetime] | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.config = config
        self.writer = writer
        self._compile = compile_query or compile_with_now
        self._clock = clock or (lambda: datetime.now(UTC))
        self._backoff = backoff or Backoff(attempts=config.retry_attempts)
        self._ready_day: date | None = None
        self._setup_lock = asyncio.Lock()
        if config.use_tls and not config.verify_tls:
            log.warning(
                "TLS certificates of %s are not verified (MOZDEF_OPENSEARCH_VERIFY_TLS)", config.safe_url
            )
        try:
            self._client = AsyncOpenSearch(**config.client_kwargs())
        except ImproperlyConfigured as exc:
            raise StoreUnavailableError(
                f"cannot set up the OpenSearch client for {config.safe_url}: {exc}"
            ) from None

    # -- EventStore ----------------------------------------------------------------------------

    async def write(self, family: str, events: Sequence[Event]) -> WriteResult:
        check_family(family)
        if not events:
            return WriteResult(written=0)
        if self.writer:
            await self.setup()
        items, refused = prepare(self.config.index_prefix, family, events)
        outcome = await write_items(
            self._send_bulk, items, max_bytes=self.config.bulk_chunk_bytes, backoff=self._backoff
        )
        return WriteResult(written=outcome.written, failed=sorted(refused + outcome.failed))

    async def search(self, request: SearchRequest) -> SearchResult:
        check_family(request.family)
        body = search_body(request, self._compile, self._clock())
        response = await self._call(
            "searching",
            self._client.search,
            query=True,
            index=self._pattern(request.family),
            body=body,
            params=_WILDCARDS,
        )
        return search_result(request, response)

    async def get(self, event_id: str, family: str = "events") -> Hit | None:
        check_family(family)
        response = await self._call(
            "reading an event",
            self._client.search,
            index=self._pattern(family),
            body=get_body(event_id),
            params=_WILDCARDS,
        )
        hits = (response.get("hits") or {}).get("hits") or []
        return to_hit(hits[0]) if hits else None

    async def indices(self) -> list[tuple[str, int]]:
        rows = await self._call(
            "listing indices",
            self._client.cat.indices,
            index=f"{self.config.index_prefix}*",
            params={"format": "json", "h": "index,docs.count", **_WILDCARDS},
        )
        found = []
        for row in rows or []:
            name = str(row.get("index", ""))
            family, _, day = name.removeprefix(self.config.index_prefix).rpartition("-")
            if family in FAMILIES and len(day) == 8 and day.isdigit():
                found.append((name, int(row.get("docs.count") or 0)))
        return sorted(found)

    async def fields(self, family: str = "events") -> list[tuple[str, str]]:
        """The field catalog (see :func:`.opensearch_search.field_catalog`)."""
        check_family(family)
        pattern = self._pattern(family)
        mappings = await self._call(
            "reading the mappings", self._client.indices.get_mapping, index=pattern, params=_WILDCARDS
        )
        sample = await self._call(
            "sampling events", self._client.search, index=pattern, body=sample_body(), params=_WILDCARDS
        )
        details = [
            (h.get("_source") or {}).get("details") for h in (sample.get("hits") or {}).get("hits") or []
        ]
        return field_catalog(mappings or {}, details)

    async def drop_day(self, family: str, day: date) -> int:
        """Delete the daily index (the distributed archive is a snapshot: :mod:`mozdef_common.archive`)."""
        check_family(family)
        name = index_name(self.config.index_prefix, family, day)
        count = await self._day_count(name)
        if count is None:
            return 0
        try:
            await self._client.indices.delete(index=name)
        except NotFoundError:
            return 0  # deleted concurrently (retention on another replica): the same outcome
        except TransportError as exc:
            raise self._store_error(exc, f"deleting {name}") from None
        return count

    async def load_day(
        self,
        family: str,
        day: date,
        batches: Iterable[Sequence[Event]],
        expected: int,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Bulk-write the events back by id, then count. Unlike the embedded store, the day is
        searchable while it loads; a snapshot restore is the distributed path that is checked first."""
        check_family(family)
        name = index_name(self.config.index_prefix, family, day)
        if await self._day_count(name):
            raise StoreError(f"{name} already holds events: prune it before restoring it")
        loaded = 0
        iterator = iter(batches)
        # The batches come from a file being decompressed: read them off the event loop.
        while (batch := await asyncio.to_thread(next, iterator, None)) is not None:
            result = await self.write(family, batch)
            if result.failed:
                position, why = result.failed[0]
                raise StoreError(f"{name}: {len(result.failed)} events refused, first at {position}: {why}")
            loaded += len(batch)
            if progress is not None:
                progress(loaded)
        await self._call(f"refreshing {name}", self._client.indices.refresh, index=name)
        count = await self._day_count(name) or 0
        if count != expected:
            raise StoreError(f"{name}: {count} events after restoring where {expected} were expected")
        return count

    async def _day_count(self, name: str) -> int | None:
        try:
            counted = await self._client.count(index=name)
        except NotFoundError:
            return None
        except TransportError as exc:
            raise self._store_error(exc, f"counting {name}") from None
        return int(counted.get("count", 0))

    async def close(self) -> None:
        await self._client.close()

    # -- set-up --------------------------------------------------------------------------------

    async def setup(self) -> None:
        """Templates, today's indices and the events-previous alias; cheap once done for the day."""
        today = self._clock().astimezone(UTC).date()
        if self._ready_day == today:
            return
        async with self._setup_lock:
            if self._ready_day == today:
                return
            prefix = self.config.index_prefix
            if self._ready_day is None:
                for family in FAMILIES:
                    body = index_template(
                        prefix, family, shards=self.config.shards, replicas=self.config.replicas
                    )
                    await self._call(
                        "putting the index templates",
                        self._client.indices.put_index_template,
                        name=template_name(prefix, family),
                        body=body,
                    )
            yesterday = today - timedelta(days=1)
            for name in (
                index_name(prefix, "events", yesterday),
                index_name(prefix, "events", today),
                index_name(prefix, "alerts", today),
            ):
                await self._create_index(name)
            await self._move_previous(yesterday)
            self._ready_day = today

    async def _create_index(self, name: str) -> None:
        try:
            await self._client.indices.create(index=name)
        except TransportError as exc:
            if _error_type(exc) != "resource_already_exists_exception":
                raise self._store_error(exc, f"creating index {name}") from None

    async def _move_previous(self, yesterday: date) -> None:
        alias = self.config.index_prefix + PREVIOUS_ALIAS
        try:
            current = list(await self._client.indices.get_alias(name=alias))
        except NotFoundError:
            current = []
        except TransportError as exc:
            raise self._store_error(exc, f"reading alias {alias}") from None
        actions = previous_alias_actions(self.config.index_prefix, yesterday, current)
        if actions is None:
            return
        try:
            await self._client.indices.update_aliases(body=actions)
        except NotFoundError:
            # Another writer moved it between our read and our update: its move is the same one.
            log.info("alias %s was moved concurrently", alias)
        except TransportError as exc:
            raise self._store_error(exc, f"moving alias {alias}") from None

    # -- plumbing ------------------------------------------------------------------------------

    def _pattern(self, family: str) -> str:
        return family_pattern(self.config.index_prefix, family)

    async def _send_bulk(self, body: bytes) -> Mapping[str, Any]:
        params = {
            "filter_path": BULK_FILTER,
            "refresh": "wait_for" if self.config.refresh_on_write else "false",
        }
        try:
            response: Mapping[str, Any] = await self._client.bulk(body=body, params=params)
        except TransportConnectionError as exc:
            raise TransientError(self._store_error(exc, "writing").args[0]) from None
        except TransportError as exc:
            status = exc.status_code
            if status == 413:
                raise TooLargeError(f"HTTP 413 from {self.config.safe_url}") from None
            if isinstance(status, int) and (status == 429 or status >= 500):
                raise TransientError(f"HTTP {status}: {reason(_error_of(exc))}") from None
            raise self._store_error(exc, "writing") from None
        return response

    async def _call(
        self, doing: str, method: Callable[..., Any], *, query: bool = False, **kwargs: Any
    ) -> Any:
        try:
            return await method(**kwargs)
        except TransportError as exc:
            raise self._store_error(exc, doing, query=query) from None

    def _store_error(
        self, exc: TransportError, doing: str, *, query: bool = False
    ) -> StoreError | QueryError:
        where = self.config.safe_url
        if isinstance(exc, TransportConnectionError):
            cause = exc.info
            detail = f"{type(cause).__name__}: {cause}" if isinstance(cause, Exception) else str(exc.error)
            return StoreUnavailableError(f"cannot reach OpenSearch at {where} ({doing}): {detail}")
        status = exc.status_code
        if status == 401:
            return StoreUnavailableError(f"OpenSearch at {where} refused the credentials ({doing}): HTTP 401")
        if status == 403:
            return StoreUnavailableError(
                f"OpenSearch at {where} does not allow {doing} to this user: HTTP 403"
            )
        error = _error_of(exc)
        if status == 400 or _error_type(exc) == "too_many_buckets_exception":
            refused = f"OpenSearch refused the request ({doing}): {reason(_root_cause(error))}"
            # A query is the user's to fix; a refused template or bulk body is MozDef's, and retrying
            # it would never succeed.
            return QueryError(refused) if query else StoreError(refused)
        return StoreUnavailableError(
            f"OpenSearch at {where} failed ({doing}): HTTP {status}: {reason(error)}"
        )


def _error_of(exc: TransportError) -> Any:
    info = exc.info
    return info.get("error", exc.error) if isinstance(info, Mapping) else exc.error


def _error_type(exc: TransportError) -> str | None:
    error = _error_of(exc)
    return str(error.get("type")) if isinstance(error, Mapping) else None


def _root_cause(error: Any) -> Any:
    if isinstance(error, Mapping):
        causes = error.get("root_cause")
        if isinstance(causes, list) and causes and error.get("type") == "search_phase_execution_exception":
            return causes[0]
    return error
